from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import EmailSettingsForm
from accounts.roles import email_settings_of
from accounts.services import update_email_settings
from lib.errors import DomainError


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
