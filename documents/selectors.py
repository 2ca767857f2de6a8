"""The case's documents as the case page lists them."""

from documents import access
from documents.models import CaseDocument
from publication.access import can_review
from publication.selectors import shown


def documents_of(motion, *, user) -> list[CaseDocument]:
    """The case's documents in number order, each with `readable` (whether
    `user` may open it) and `publication` (publication.selectors.Shown: for
    the public a note where it is not on the site, for the registry its
    state and review page); a confidential one's title and sender are for
    those who may read it, so `shown_title` and `shown_sender` are empty for
    the others."""
    reviewer = can_review(user)
    documents = list(CaseDocument.objects.filter(motion=motion).select_related("replaced_by").order_by("number"))
    for document in documents:
        document.motion = motion  # one case: its links need no query each
        document.readable = access.can_read(user, document)
        secret = document.confidential and not document.readable
        document.shown_title = "" if secret else document.title
        document.shown_sender = "" if secret else document.sender
        document.publication = shown(document, registry=reviewer)
    return documents
