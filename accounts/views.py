from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth
from django.shortcuts import resolve_url


class LoginView(auth.LoginView):
    """Django's login page, except that signing in never leads back to the login page itself
    (a `next` pointing there goes to the front page instead)."""

    def get_redirect_url(self):
        url = super().get_redirect_url()
        return "" if url and urlsplit(url).path == resolve_url(settings.LOGIN_URL) else url
