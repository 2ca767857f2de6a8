"""What the cases app keeps of its own: the record of cases removed from the register."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RemovedCase(models.Model):
    """A case removed from the register (by `cases.services.remove_case`), kept
    after the motion and its steps are gone: who removed it, when and why, and
    the whole case as a case file, so that importing `case_file` with its
    `files` undoes it (`restore_case`)."""

    case_number = models.CharField(_("diarienummer"), max_length=30)
    title = models.CharField(_("rubrik"), max_length=300)
    removed_at = models.DateTimeField(_("borttaget"), auto_now_add=True)
    # Who acted stays named, as in every event row: a user who did is deactivated, not deleted.
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("borttaget av"),
    )
    reason = models.TextField(_("anledning"))
    # cases.casefile.exporter.export_case() of the motion just before it was removed.
    case_file = models.JSONField(_("ärendefil"))
    # Its documents' files, kept in the storage: the case file's name of each → the stored
    # name (cases.casefile.documents.RemovedCaseFiles opens exactly these when it is imported again).
    files = models.JSONField(_("filer"), default=dict, blank=True)

    class Meta:
        verbose_name = _("borttaget ärende")
        verbose_name_plural = _("borttagna ärenden")
        ordering = ["-removed_at", "-id"]
        indexes = [
            # The admin looks up what became of a case number.
            models.Index(fields=["case_number"], name="removed_case_number_idx"),
        ]

    def __str__(self):
        return f"{self.case_number} {self.title}"
