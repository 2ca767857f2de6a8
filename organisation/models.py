"""Reference data every case refers to: the municipality, its bodies, parties,
councillors and the meetings the bodies hold."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.swedish import lower_first


class Municipality(models.Model):
    name = models.CharField(_("namn"), max_length=100, unique=True)
    # Prefix of the registry's case numbers, as in "KS-2021/345".
    case_prefix = models.CharField(_("diarieprefix"), max_length=10, default="KS")
    # Where the public reaches the registry (the accessibility statement names it).
    contact_email = models.EmailField(_("registraturens e-post"), blank=True)
    contact_phone = models.CharField(_("registraturens telefon"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self):
        return self.name


class Body(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Fullmäktige")
        EXECUTIVE_BOARD = "executive_board", _("Kommunstyrelse")
        WORKING_COMMITTEE = "working_committee", _("Arbetsutskott")
        SERVICE_BOARD = "service_board", _("Nämnd")
        PREPARATORY_COMMITTEE = "preparatory_committee", _("Beredning")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="bodies",
        verbose_name=_("kommun"),
    )
    name = models.CharField(_("namn"), max_length=120)
    short_name = models.CharField(_("förkortning"), max_length=20, blank=True)
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    # A working committee belongs to its board.
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True,
        related_name="committees", verbose_name=_("överordnat organ"),
    )
    genitive = models.CharField(
        _("genitiv"), max_length=130,
        help_text=_("Som i rubriken ”Kommunstyrelsens arbetsutskotts beslut”."),
    )
    # How the body names itself as the subject of its own decisions:
    # "Arbetsutskottet överlämnar ärendet ..."
    decision_subject = models.CharField(_("namn i beslutsmening"), max_length=120)

    class Meta:
        verbose_name = _("organ")
        verbose_name_plural = _("organ")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="body_unique_name_per_municipality"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="working_committee") | models.Q(parent__isnull=False),
                name="working_committee_has_parent",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name_in_sentence(self) -> str:
        """ "grundskolenämnden" in "Motionen har gått på remiss till grundskolenämnden". """
        return lower_first(self.name)


class Party(models.Model):
    abbreviation = models.CharField(_("förkortning"), max_length=10, unique=True)
    name = models.CharField(_("namn"), max_length=100)

    class Meta:
        verbose_name = _("parti")
        verbose_name_plural = _("partier")
        ordering = ["abbreviation"]

    def __str__(self):
        return self.abbreviation


class Person(models.Model):
    """A councillor or official, by name in their public role only: no
    personal identity numbers are kept."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="people",
        verbose_name=_("kommun"),
    )
    name = models.CharField(_("namn"), max_length=120)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True,
        related_name="members", verbose_name=_("parti"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]
        constraints = [
            # Case files name people; the name must identify one person.
            models.UniqueConstraint(
                fields=["municipality", "name"], name="person_unique_name_per_municipality"
            ),
        ]

    def __str__(self):
        return self.name


class Meeting(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("organ")
    )
    date = models.DateField(_("datum"))
    place = models.CharField(_("plats"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["date", "body__name"]
        constraints = [
            # A case file refers to a meeting by its body and date.
            models.UniqueConstraint(fields=["body", "date"], name="meeting_unique_per_body_and_date"),
        ]

    def __str__(self):
        return f"{self.body} {self.date:%Y-%m-%d}"
