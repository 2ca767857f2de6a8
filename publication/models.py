"""The publication review: whether a document that would be public is shown
on the public pages, feeds and API (published), waits for the registry's
review, or is withheld with its ground and reason.

Publishing on the web is a choice of its own: a public document
(allmän handling) is still handed out on request after the secrecy review
the law asks for, but personal data is not put on the web without a reason
(GDPR), and a document covered by a secrecy provision (OSL) never."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisation.models import Municipality


class PublicationState(models.TextChoices):
    REVIEW = "review", _("Väntar på granskning")
    PUBLISHED = "published", _("Publicerad")
    WITHHELD = "withheld", _("Publiceras inte")


class WithholdingGround(models.TextChoices):
    PERSONAL_DATA = "personal_data", _("Personuppgifter (dataskyddsförordningen)")
    SECRECY = "secrecy", _("Sekretess (offentlighets- och sekretesslagen)")


class ReviewCause(models.TextChoices):
    IDENTITY_NUMBERS = "identity_numbers", _("Personnummer eller samordningsnummer hittades i texten")
    NO_TEXT = "no_text", _("Handlingen har ingen text att söka i (en bild eller en skannad sida)")
    RULE = "rule", _("Organisationen granskar den här sortens handlingar före publicering")


class Kind(models.TextChoices):
    """The kinds of document the organisation sets a rule for."""

    PROTOCOL = "protocol", _("Justerat protokoll")
    EXTRACT = "extract", _("Protokollsutdrag")
    SIGNING_NOTICE = "signing_notice", _("Anslag om justering")
    ANNOUNCEMENT = "announcement", _("Kungörelse")
    SUMMONS = "summons", _("Kallelse med föredragningslista")
    POSTED_NOTICE = "posted_notice", _("Övrigt anslag")
    CASE_DOCUMENT = "case_document", _("Handling i ärende")
    REFERRAL_ANSWER = "referral_answer", _("Remissvar")


class Publishable(models.Model):
    """A document that is shown to the public once published
    (publication.services: assess, publish, withhold)."""

    publication_state = models.CharField(_("publicering"), max_length=10, choices=PublicationState.choices,
                                         default=PublicationState.REVIEW)
    withheld_ground = models.CharField(_("skäl"), max_length=20, choices=WithholdingGround.choices, blank=True)
    # As "Innehåller personnummer" or the provision, "21 kap. 7 § OSL".
    withheld_reason = models.CharField(_("motivering"), max_length=300, blank=True)
    # Why it waited (or waits) for review.
    review_cause = models.CharField(_("granskas därför att"), max_length=20, choices=ReviewCause.choices, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("granskad av"))
    reviewed_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    # Where the scan found personal identity numbers: [{"page", "masked", "excerpt", "coordination"}].
    identity_number_hits = models.JSONField(_("funna personnummer"), default=list, blank=True)

    # The review queue (publication.selectors) lists every concrete Publishable model through these hooks,
    # and each model answers the methods below: the field path from a document to its organisation, so that
    # the queue filters by organisation in the database, and the field that dates it (the queue's order).
    publication_municipality_lookup: str = ""  # "motion__municipality", "meeting__body__municipality"
    publication_date_field: str = ""  # "registered_at"

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.publication_state == PublicationState.PUBLISHED

    @classmethod
    def publication_documents(cls):
        """The model's documents that take part in the review (say, only the
        signed ones), with what publication_title and publication_place_url read."""
        return cls.objects.all()

    def publication_title(self) -> str:
        """What the reviewer sees: "KS-2021/1 aktbilaga 3, Skrivelse från Polisen"."""
        raise NotImplementedError

    def publication_file(self):
        """The stored file (a FieldFile) the reviewer opens."""
        raise NotImplementedError

    def publication_place_url(self) -> str:
        """Where the document is listed for the public: its case page, its meeting page."""
        raise NotImplementedError

    def publication_kind(self) -> str:
        """The document's Kind, for the organisation's rule."""
        raise NotImplementedError

    def publication_municipality_id(self) -> int:
        raise NotImplementedError

    def publication_refusal(self) -> str | None:
        """Why the document may never be published (a confidential one), or None."""
        return None


class PublicationRule(models.Model):
    """The organisation's choice for a kind of document: published at once
    (unless the scan finds personal identity numbers), or only after review."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organisation"))
    kind = models.CharField(_("slag av handling"), max_length=20, choices=Kind.choices)
    review_first = models.BooleanField(_("granskas före publicering"), default=False)
    # Who chose last, and when (the rules page, publication.services.set_publication_rules).
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("ändrad av"))
    changed_at = models.DateTimeField(_("ändrad"), null=True, blank=True)

    class Meta:
        verbose_name = _("publiceringsregel")
        verbose_name_plural = _("publiceringsregler")
        constraints = [models.UniqueConstraint(fields=["municipality", "kind"], name="publication_rule_once")]

    def __str__(self):
        return f"{self.municipality}: {self.get_kind_display()}"


class PublicationDecision(models.Model):
    """Every change of a document's publication state, by whom and when:
    the document keeps its present state, this its history."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    state = models.CharField(_("publicering"), max_length=10, choices=PublicationState.choices)
    ground = models.CharField(_("skäl"), max_length=20, choices=WithholdingGround.choices, blank=True)
    reason = models.CharField(_("motivering"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("beslutad av"))
    decided_at = models.DateTimeField(_("beslutad"), auto_now_add=True)

    class Meta:
        verbose_name = _("publiceringsbeslut")
        verbose_name_plural = _("publiceringsbeslut")
        ordering = ["decided_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="publication_decision_document")]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id}: {self.state}"
