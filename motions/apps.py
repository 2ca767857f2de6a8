from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class MotionsConfig(AppConfig):
    name = "motions"
    verbose_name = _("Motioner")

    def ready(self):
        from django.db.backends.signals import connection_created

        from motions.converters import CaseNumberConverter
        from motions.search import register_sqlite_functions

        register_converter(CaseNumberConverter, "case_number")
        # The search's snippet on SQLite is built in Python (motions.search.headline).
        connection_created.connect(register_sqlite_functions, dispatch_uid="motions_search_functions")
