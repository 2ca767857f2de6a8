from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class MotionsConfig(AppConfig):
    name = "motions"
    verbose_name = _("Motioner")

    def ready(self):
        from motions.converters import CaseNumberConverter

        register_converter(CaseNumberConverter, "case_number")
