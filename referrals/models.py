"""Referrals (remisser) of a motion to bodies, and the bodies' answers."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce, ExtractWeekDay
from django.utils.translation import gettext_lazy as _

from documents.models import CaseDocument
from motions.models import Motion, MotionEvent
from organisation.models import Body


class Referral(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("Skickad")
        ANSWERED = "answered", _("Besvarad")
        DECLINED = "declined", _("Avstår från att yttra sig")
        WITHDRAWN = "withdrawn", _("Återkallad")

    motion = models.ForeignKey(
        Motion, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("motion")
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("remissinstans")
    )
    sent_on = models.DateField(_("skickad"))
    due_on = models.DateField(_("svar senast"))
    extended_due_on = models.DateField(_("förlängd svarstid"), null=True, blank=True)
    extended_on = models.DateField(_("förlängd den"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SENT
    )
    withdrawn_on = models.DateField(_("återkallad"), null=True, blank=True)
    # The body's answer while its secretary writes it; seen only by the
    # body's secretaries and the registry, until it is submitted.
    draft_text = models.TextField(_("utkast till yttrande"), blank=True)
    draft_saved_at = models.DateTimeField(_("utkast sparat"), null=True, blank=True)
    draft_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("utkast sparat av"),
    )
    # The step that sent it (one step may send several referrals): what an
    # undo or a correction of the referral changes in the case's timeline.
    sent_event = models.ForeignKey(MotionEvent, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", editable=False)

    class Meta:
        verbose_name = _("remiss")
        verbose_name_plural = _("remisser")
        ordering = ["sent_on", "id"]
        constraints = [
            # One open referral per body and motion; once it is answered or
            # withdrawn, the body may be asked again (after a send-back, say).
            models.UniqueConstraint(
                fields=["motion", "body"], condition=models.Q(status="sent"),
                name="referral_unique_open_per_body",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["sent", "answered", "declined", "withdrawn"]),
                name="referral_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("sent_on")), name="referral_due_after_sent"
            ),
            models.CheckConstraint(
                condition=models.Q(extended_due_on__isnull=True)
                | models.Q(extended_due_on__gt=models.F("due_on")),
                name="referral_extension_after_due",
            ),
            models.CheckConstraint(
                condition=models.Q(extended_due_on__isnull=True, extended_on__isnull=True)
                | models.Q(extended_due_on__isnull=False, extended_on__gte=models.F("sent_on")),
                name="referral_extension_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(status="withdrawn", withdrawn_on__isnull=False)
                | (~models.Q(status="withdrawn") & models.Q(withdrawn_on__isnull=True)),
                name="referral_withdrawn_has_date",
            ),
        ]
        indexes = [
            # The referral list in each state, oldest due first (referrals.selectors.referral_list:
            # WHERE status = %s [AND the due date in a range] ORDER BY the due date, id), the
            # reminders due soon, the overdue ones and the registry's digest's oldest
            # (referrals.rules.overdue and due_within on the due date, reminders.services).
            # The due date is referrals.rules.current_due_on(), written out: rules imports models.
            models.Index(F("status"), Coalesce("extended_due_on", "due_on"), F("id"),
                         name="referral_status_due_idx"),
            # The registry's list of every referral whatever its state, in the same order (no status filter).
            models.Index(Coalesce("extended_due_on", "due_on"), F("id"), name="referral_due_idx"),
            # A board secretary's list of their bodies' referrals (WHERE body_id IN (...) AND
            # status = %s ORDER BY the due date, id) and the body's next referral to answer.
            models.Index(F("body"), F("status"), Coalesce("extended_due_on", "due_on"), F("id"),
                         name="referral_body_status_due_idx"),
            # The weekly reminder of an overdue answer, sent on the due date's weekday
            # (reminders.services: WHERE status = 'sent' AND weekday IN (...) AND the due date < today).
            models.Index(ExtractWeekDay(Coalesce("extended_due_on", "due_on")), Coalesce("extended_due_on", "due_on"),
                         condition=models.Q(status="sent"), name="referral_overdue_weekday_idx"),
            # The case list filtered by a body's open referral:
            # EXISTS (... WHERE body_id = %s AND status = 'sent' AND motion_id = motion.id).
            models.Index(fields=["body", "status", "motion"], name="referral_body_status_idx"),
        ]

    def __str__(self):
        return f"{self.motion.case_number} → {self.body}"

    @property
    def current_due_on(self) -> datetime.date:
        return self.extended_due_on or self.due_on

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.SENT


class ReferralResponse(models.Model):
    """The body's decision on a referral: an answer, or that it declines to comment."""

    referral = models.OneToOneField(
        Referral, on_delete=models.CASCADE, related_name="response", verbose_name=_("remiss")
    )
    decided_on = models.DateField(_("beslutsdatum"))
    # The body's own paragraph and case number, as "§ 45" and "SN-2021/123".
    paragraph = models.CharField(_("paragraf"), max_length=20, blank=True)
    body_case_number = models.CharField(_("organets diarienummer"), max_length=30, blank=True)
    text = models.TextField(_("yttrande"), blank=True)
    # What the administration's report says of this answer, if anything.
    summary = models.TextField(_("återgivning i tjänsteskrivelsen"), blank=True)
    # The step that recorded it: what a correction of the answer re-dates.
    event = models.ForeignKey(MotionEvent, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", editable=False)
    # The documents that came with the answer (remissvar), numbered with the case's other documents;
    # with their later versions, referrals.selectors.answer_documents.
    documents = models.ManyToManyField(
        CaseDocument, through="AnswerDocument", related_name="+", blank=True, verbose_name=_("handlingar"),
    )

    class Meta:
        verbose_name = _("remissvar")
        verbose_name_plural = _("remissvar")

    def __str__(self):
        return f"{self.referral} {self.decided_on}"


class AnswerDocument(models.Model):
    """A case document that came with a body's answer: the body's secretary
    may replace it, or add another, until the case moves on."""

    response = models.ForeignKey(
        ReferralResponse, on_delete=models.CASCADE, related_name="answer_documents", verbose_name=_("remissvar")
    )
    # A document belongs to one answer at most.
    document = models.OneToOneField(
        CaseDocument, on_delete=models.PROTECT, related_name="answer", verbose_name=_("handling")
    )

    class Meta:
        verbose_name = _("handling i remissvar")
        verbose_name_plural = _("handlingar i remissvar")

    def __str__(self):
        return f"{self.response}: {self.document}"
