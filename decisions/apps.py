from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = _("Beslut och protokoll")

    def ready(self):
        from decisions import guards
        from decisions.models import RenderedDocument
        from decisions.selectors.documents import forget_document
        from publication.signals import state_changed

        guards.connect()
        state_changed.connect(lambda document, **kwargs: forget_document(document), sender=RenderedDocument,
                              weak=False, dispatch_uid="decisions.forget_document")
