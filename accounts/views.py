from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import EmailSettingsForm
from accounts.roles import email_settings_of
from accounts.services import update_email_settings
from lib.errors import DomainError


class LoginView(auth.LoginView):
    """Django's login page, except that signing in never leads back to the login page itself
    (a `next` pointing there goes to the front page instead)."""

    def get_redirect_url(self):
        url = super().get_redirect_url()
        return "" if url and urlsplit(url).path == resolve_url(settings.LOGIN_URL) else url


@login_required
@require_http_methods(["GET", "POST"])
def my_settings(request):
    """The signed-in user's own settings: how and in which language they get e-mail."""
    current = email_settings_of(request.user)
    form = EmailSettingsForm(request.POST or None,
                             initial={"delivery": current.delivery, "language": current.language})
    if request.method == "POST" and form.is_valid():
        try:
            update_email_settings(request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Dina inställningar är sparade."))
            return redirect("my_settings")
    return render(request, "accounts/settings.html", {"form": form})
