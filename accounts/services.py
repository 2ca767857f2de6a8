"""Changes to a user's own account."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Delivery, EmailSettings, Language
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
