from django.contrib import admin
from django.urls import include, path, register_converter

from lib.converters import IdConverter

# Before the apps' addresses, which use it.
register_converter(IdConverter, "id")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("accounts.urls")),
    path("", include("motions.urls")),
    path("", include("documents.urls")),
    path("", include("referrals.urls")),
    path("", include("decisions.urls")),
    path("", include("archive.urls")),
    path("", include("reminders.urls")),
    path("", include("publication.urls")),
    path("", include("cases.urls")),
    path("", include("noticeboard.urls")),
    path("", include("feeds.urls")),
    # The open data: an OParl API (public/oparl/).
    path("oparl/", include("public.oparl.urls")),
    path("", include("stats.urls")),
]
