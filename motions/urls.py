from django.urls import path

from motions import views

app_name = "motions"
urlpatterns = [
    path("arenden/ny/", views.register, name="register"),
    path("arenden/<case_number:case_number>/ratta/", views.correct, name="correct"),
    path("arenden/<case_number:case_number>/handlaggare/", views.case_officer, name="case_officer"),
]
