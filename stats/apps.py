from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    # Not "statistics": a package of that name would hide Python's own statistics module, which
    # Django's SQLite backend imports.
    name = "stats"
    verbose_name = _("Statistik")
