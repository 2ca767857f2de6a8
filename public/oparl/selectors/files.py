"""Files in the open data: the case documents the public may read, and the minutes' documents as
kept at signing (the protocol, the notice of its signing, the extracts), once published.

A document changes when it is made, and when its publication changes (published, withheld, put back
for review: publication.services writes `published_at` or `reviewed_at`). The objects that show a
document (a paper, a meeting) change with it, also when it is taken off the web: they count every
document of theirs, published or not."""

import datetime

from django.db.models import F, Q
from django.db.models.functions import Coalesce, Greatest

from decisions.access import public_minute_documents
from decisions.models import RenderedDocument
from documents.access import is_public_document, public_document, public_documents
from documents.models import CaseDocument
from public.oparl.common import latest


def case_documents():
    """The public case documents, each with its case and the document that replaced it, if any."""
    return public_documents(CaseDocument.objects.select_related("motion", "replaced_by"))


def changed(made: str):
    """When a document (Publishable) last changed, as an expression: made (`made`: its field), or its
    publication decided since."""
    return Greatest(F(made), Coalesce("published_at", made), Coalesce("reviewed_at", made))


def changed_since(moment: datetime.datetime, made: str, prefix: str = "") -> Q:
    """changed() at `moment` or later, as a filter (on a relation to the document, with `prefix`)."""
    return (Q(**{f"{prefix}{made}__gte": moment}) | Q(**{f"{prefix}published_at__gte": moment})
            | Q(**{f"{prefix}reviewed_at__gte": moment}))


def changed_at(document, made: str) -> datetime.datetime:
    return latest(getattr(document, made), document.published_at, document.reviewed_at)


def case_document_changed_since(moment: datetime.datetime) -> Q:
    """A document changes with itself (changed()) and when a public one replaces it (its replacedBy)."""
    return changed_since(moment, "registered_at") | (
        public_document("replaced_by__") & changed_since(moment, "registered_at", "replaced_by__"))


def public_replacement(document: CaseDocument) -> CaseDocument | None:
    """The document that replaced `document`, if the public may read it."""
    replacement = document.replaced_by if document.replaced_by_id else None
    return replacement if replacement is not None and is_public_document(replacement) else None


def case_document_modified(document: CaseDocument) -> datetime.datetime:
    replacement = public_replacement(document)
    return latest(changed_at(document, "registered_at"),
                  changed_at(replacement, "registered_at") if replacement else None)


def minute_documents():
    """The minutes' documents the public may read, each with its meeting and, for an extract, its
    paragraph."""
    return public_minute_documents(RenderedDocument.objects.select_related("meeting__body", "item"))


def minute_document_changed_since(moment: datetime.datetime) -> Q:
    return changed_since(moment, "rendered_at")
