"""Files in the open data: the case documents the public may read, and the minutes' documents as
kept at signing (the protocol, the notice of its signing, the extracts)."""

import datetime

from django.db.models import Q

from decisions.access import public_minute_documents
from decisions.models import RenderedDocument
from documents.access import is_public_document, public_document, public_documents
from documents.models import CaseDocument


def case_documents():
    """The public case documents, each with its case and the document that replaced it, if any."""
    return public_documents(CaseDocument.objects.select_related("motion", "replaced_by"))


def case_document_changed_since(moment: datetime.datetime) -> Q:
    """A document changes when it is registered and when a public one replaces it (its replacedBy)."""
    return Q(registered_at__gte=moment) | (public_document("replaced_by__") & Q(replaced_by__registered_at__gte=moment))


def public_replacement(document: CaseDocument) -> CaseDocument | None:
    """The document that replaced `document`, if the public may read it."""
    replacement = document.replaced_by if document.replaced_by_id else None
    return replacement if replacement is not None and is_public_document(replacement) else None


def case_document_modified(document: CaseDocument) -> datetime.datetime:
    replacement = public_replacement(document)
    return max(document.registered_at, replacement.registered_at) if replacement else document.registered_at


def minute_documents():
    """The minutes' documents the public may read, each with its meeting and, for an extract, its
    paragraph."""
    return public_minute_documents(RenderedDocument.objects.select_related("meeting__body", "item"))


def minute_document_changed_since(moment: datetime.datetime) -> Q:
    return Q(rendered_at__gte=moment)
