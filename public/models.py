"""What the public side keeps of its own: the open data's bulk dumps."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from organisation.models import Municipality


class BulkDump(models.Model):
    """An organisation's open data as one file (public.oparl.dump): every public object of its
    OParl API, one JSON object a line, gzipped, in Django's storage. The latest is served at a
    stable address; an older one is deleted once a newer is stored."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organisation"))
    file = models.FileField(_("fil"), upload_to="oparl/", max_length=200)
    size = models.PositiveBigIntegerField(_("storlek"))
    sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    objects_written = models.PositiveBigIntegerField(_("objekt"))
    written_at = models.DateTimeField(_("skriven"))

    class Meta:
        verbose_name = _("export av öppna data")
        verbose_name_plural = _("exporter av öppna data")
        ordering = ["-written_at", "-id"]
        indexes = [
            # The latest of an organisation (WHERE municipality_id = %s ORDER BY written_at DESC, id DESC LIMIT 1).
            models.Index(fields=["municipality", "written_at", "id"], name="bulk_dump_latest_idx"),
        ]

    def __str__(self):
        return f"{self.municipality} {self.written_at:%Y-%m-%d %H:%M}"
