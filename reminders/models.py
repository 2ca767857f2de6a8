"""Deadlines watched: every reminder, notice of a deadline and status e-mail is a Mailing row,
planned once under a unique key and marked when sent, so that a repeated or
retried run sends nothing twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motions.models import Motion, MotionEvent
from organisation.models import Municipality
from referrals.models import Referral


class Mailing(models.Model):
    class Kind(models.TextChoices):
        REFERRAL_DUE = "referral_due", _("Påminnelse om remissvar")
        REFERRAL_OVERDUE = "referral_overdue", _("Försenat remissvar")
        REGISTRY_DIGEST = "registry_digest", _("Daglig sammanställning till registraturen")
        ONE_YEAR = "one_year", _("Ettårsgränsen närmar sig")
        STATUS_CHANGED = "status_changed", _("Ny status i bevakat ärende")
        # A person's mailings of the day together, for everyone who has not chosen e-mail at once.
        DIGEST = "digest", _("Dagens sammanställning")

    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    # What makes the mailing unique within its kind: "referral 12, 14 days",
    # "referral 12, week 2026-W48", "digest 2026-11-26", "event 77", "day 2026-11-26"
    # (a person's digest: one a day).
    key = models.CharField(_("nyckel"), max_length=100)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mailings",
        verbose_name=_("mottagare"),
    )
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    event = models.ForeignKey(MotionEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # The digest that carried this mailing, once it is sent in one.
    digest = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="items",
                               verbose_name=_("skickad i sammanställningen"))
    # The registry's overview, fixed when it was planned; a digest's day.
    payload = models.JSONField(default=dict, blank=True)
    planned_at = models.DateTimeField(_("planerad"), auto_now_add=True)
    # Set by the one sender that claims the mailing; cleared again if sending fails.
    claimed_at = models.DateTimeField(_("tagen"), null=True, blank=True)
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)
    # Not sent, for good: no longer relevant (the referral was answered, the
    # follow stopped) or refused by the mail server; `problem` says which.
    closed_at = models.DateTimeField(_("avslutad utan utskick"), null=True, blank=True)
    problem = models.CharField(_("problem"), max_length=300, blank=True)
    # Closed because the mail server refused it: the registry's digest tells.
    refused = models.BooleanField(_("nekad av e-postservern"), default=False)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")
        ordering = ["-planned_at"]
        constraints = [
            # The exactly-once guarantee: a mailing is planned once per recipient.
            models.UniqueConstraint(fields=["kind", "key", "recipient"], name="mailing_once_per_recipient"),
        ]
        indexes = [
            # The sender looks for mailings not yet sent.
            models.Index(fields=["sent_at", "claimed_at"], name="mailing_unsent_idx"),
            # The mailings waiting for each person's digest (reminders.services.plan_digests and
            # _claim_items: WHERE sent_at IS NULL AND closed_at IS NULL [AND recipient_id = %s]):
            # the waiting few among every mailing ever sent.
            models.Index(fields=["recipient"], condition=models.Q(sent_at__isnull=True, closed_at__isnull=True),
                         name="mailing_waiting_idx"),
            # The registry's digest tells of the refusals since the previous run
            # (WHERE refused AND closed_at > %s).
            models.Index(fields=["closed_at"], condition=models.Q(refused=True), name="mailing_refused_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key} → {self.recipient}"


class WatchRun(models.Model):
    """A day the daily watch has planned for: the next run plans the deadlines
    reached after that day (and so catches up a day it missed), and looks again
    at the cases with a step recorded since `planned_at`."""

    day = models.DateField(_("dag"), unique=True)
    planned_at = models.DateTimeField(_("planerad"))

    class Meta:
        verbose_name = _("bevakningskörning")
        verbose_name_plural = _("bevakningskörningar")

    def __str__(self):
        return f"{self.day}"


class Follow(models.Model):
    """A user who wants an e-mail at each change of a motion's status."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="followers")
    # Events before this one are not news to the follower.
    since_event_id = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bevakning")
        verbose_name_plural = _("bevakningar")
        constraints = [
            models.UniqueConstraint(fields=["user", "motion"], name="follow_once"),
        ]

    def __str__(self):
        return f"{self.user} → {self.motion.case_number}"


class Report(models.Model):
    """An organisation's report of motions not yet fully prepared, as produced for a day."""

    # PROTECT: a report sent to the council is kept with the organisation it was about.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation"),
    )
    as_of = models.DateField(_("per datum"))
    pdf = models.FileField(_("PDF"), upload_to="rapporter/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("redovisning av ej färdigberedda motioner")
        verbose_name_plural = _("redovisningar av ej färdigberedda motioner")
        ordering = ["-as_of", "municipality_id"]
        constraints = [
            # The monthly task's claim: one report per organisation and day, however often it runs.
            models.UniqueConstraint(fields=["municipality", "as_of"], name="report_once_per_organisation_and_day"),
        ]

    def __str__(self):
        return f"{self.municipality} {self.as_of}"


class ReportComment(models.Model):
    """The registry's word, kept with a report, on why a motion was not yet
    prepared: shown on the report's page and printed in its PDF."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments",
                               verbose_name=_("redovisning"))
    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="+", verbose_name=_("motion"))
    text = models.TextField(_("kommentar"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("skriven av"),
    )
    written_at = models.DateTimeField(_("skriven"))

    class Meta:
        verbose_name = _("kommentar i redovisning")
        verbose_name_plural = _("kommentarer i redovisningar")
        ordering = ["report", "motion__filed_on", "motion_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "motion"], name="report_comment_once_per_motion"),
        ]

    def __str__(self):
        return f"{self.report}: {self.motion.case_number}"
