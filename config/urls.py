from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("accounts.urls")),
    path("", include("motions.urls")),
    path("", include("documents.urls")),
    path("", include("referrals.urls")),
    path("", include("decisions.urls")),
    path("", include("reminders.urls")),
    path("", include("cases.urls")),
]
