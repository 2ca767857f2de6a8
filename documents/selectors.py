"""The case's documents as the case page lists them."""

from documents import access
from documents.models import CaseDocument


def documents_of(motion, *, user) -> list[CaseDocument]:
    """The case's documents in number order, each with `readable` (whether
    `user` may open it); a confidential one's title and sender are for
    those who may read it, so `shown_title` and `shown_sender` are empty for
    the others."""
    documents = list(CaseDocument.objects.filter(motion=motion).select_related("replaced_by").order_by("number"))
    for document in documents:
        document.motion = motion  # one case: its links need no query each
        document.readable = access.can_read(user, document)
        document.shown_title = document.title if document.readable else ""
        document.shown_sender = document.sender if document.readable else ""
    return documents
