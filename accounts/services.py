"""Changes to a user's own account."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Delivery, EmailSettings, Language
from accounts.roles import enrolled_by_registry, is_registry
from lib.errors import DomainError


@transaction.atomic
def update_email_settings(user, *, delivery: str, language: str) -> EmailSettings:
    """Set how `user` gets the product's e-mail. Mailings already planned follow
    the new settings from their next sending on (a digest user switching to
    at once gets what waits at the next run)."""
    if delivery not in Delivery.values:
        raise DomainError(_("Välj hur du vill få e-post."), field="delivery")
    if language not in Language.values:
        raise DomainError(_("Välj ett språk för e-posten."), field="language")
    email_settings, _created = EmailSettings.objects.update_or_create(
        user=user, defaults={"delivery": delivery, "language": language})
    return email_settings


# The second factor: a TOTP device (django-otp) per user, confirmed by a code from the app.

def confirmed_device(user):
    """The user's second factor: their confirmed TOTP device, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def start_totp_enrolment(user):
    """The user's device being enrolled: the unconfirmed one already started, else a new one with
    a new secret. Refused when the user already has a confirmed device."""
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=user.pk)
        if has_second_factor(user):
            raise DomainError(_("Du har redan tvåstegsverifiering."))
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
        return device or TOTPDevice.objects.create(user=user, name=_("Autentiseringsapp"), confirmed=False)


def confirm_totp_device(device, *, token: str, by):
    """Confirm `device` with a code from the user's app: from then on the user gives a code after
    the password. The user confirms their own device; the registry confirms one it enrols for
    someone with them (a signatory's, enrol_for). Refused, with nothing changed, when the code is
    not the device's current one."""
    if device.user_id != by.pk and not (is_registry(by) and enrolled_by_registry(device.user)):
        raise DomainError(_("Enheten är inte din."))
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if device.confirmed:
            raise DomainError(_("Du har redan tvåstegsverifiering."))
    check_code(device, token)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        device.confirmed = True
        if device.user_id != by.pk:  # who enrolled it with its owner, and when, kept with the device
            device.name = Truncator(_("Autentiseringsapp, registrerad av %(by)s %(on)s")
                                    % {"by": by.get_username(), "on": timezone.localdate().isoformat()}).chars(64)
        device.save(update_fields=["confirmed", "name"])
        TOTPDevice.objects.filter(user=device.user_id, confirmed=False).delete()
    return device


def check_code(device, token: str) -> None:
    """Refuse `token` unless it is `device`'s code now. Each wrong code makes the next try wait
    longer (django-otp's throttling: 1, 2, 4 … seconds), which the refusal names."""
    allowed, why = device.verify_is_allowed()
    if not allowed:
        until = (why or {}).get("locked_until")
        if until is None:
            raise DomainError(_("För många felaktiga koder. Vänta en stund och försök igen."), field="token")
        raise DomainError(_("För många felaktiga koder. Vänta till %(time)s och försök igen.")
                          % {"time": f"{timezone.localtime(until):%H:%M:%S}"}, field="token")
    if not device.verify_token("".join(char for char in token if char not in " -")):
        raise DomainError(_("Koden stämmer inte. Skriv de sex siffror som appen visar just nu."), field="token")
