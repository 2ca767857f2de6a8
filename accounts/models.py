"""Who someone is in the process: registry secretary, board secretary of one
or more bodies, or councillor. Administrators are Django staff users."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisation.models import Body, Person


class Role(models.TextChoices):
    REGISTRY = "registry", _("Registrator")
    BOARD_SECRETARY = "board_secretary", _("Nämndsekreterare")
    COUNCILLOR = "councillor", _("Ledamot")
    CASE_OFFICER = "case_officer", _("Handläggare")


class UserRole(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role",
        verbose_name=_("användare"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    # The bodies whose referrals a board secretary answers.
    bodies = models.ManyToManyField(Body, blank=True, related_name="secretaries", verbose_name=_("organ"))
    # The councillor the user is: their own motions are "mina motioner".
    person = models.OneToOneField(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="user_role",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class Delivery(models.TextChoices):
    DIGEST = "digest", _("En sammanställning om dagen")
    IMMEDIATE = "immediate", _("Genast, ett e-brev för varje händelse")


class Language(models.TextChoices):
    # Each language named in itself, as a choice of language is offered.
    SWEDISH = "sv", "Svenska"
    ENGLISH = "en", "English"


class EmailSettings(models.Model):
    """How a user wants the product's e-mail: by default one digest a day, in
    Swedish. A user without a row has the defaults (`email_settings_of`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_settings",
        verbose_name=_("användare"),
    )
    delivery = models.CharField(_("e-post"), max_length=10, choices=Delivery.choices, default=Delivery.DIGEST)
    language = models.CharField(_("språk i e-posten"), max_length=2, choices=Language.choices,
                                default=Language.SWEDISH)

    class Meta:
        verbose_name = _("e-postinställningar")
        verbose_name_plural = _("e-postinställningar")
        constraints = [
            models.CheckConstraint(condition=models.Q(delivery__in=Delivery.values), name="email_delivery_valid"),
            models.CheckConstraint(condition=models.Q(language__in=Language.values), name="email_language_valid"),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_delivery_display()}, {self.get_language_display()}"
