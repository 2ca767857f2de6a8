from django.contrib.auth import views as auth
from django.urls import path

from accounts import views
from accounts.views import LoginView

urlpatterns = [
    path("konto/logga-in/", LoginView.as_view(), name="login"),
    path("konto/logga-in/kod/", views.verify_code, name="verify_code"),
    path("konto/logga-ut/", auth.LogoutView.as_view(), name="logout"),
    path("konto/losenord/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("konto/losenord/klart/", auth.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("konto/installningar/", views.my_settings, name="my_settings"),
    path("konto/tvastegsverifiering/", views.two_factor, name="two_factor"),
    path("konton/<int:user_id>/tvastegsverifiering/", views.enrol_for, name="enrol_for"),
]
