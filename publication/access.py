"""Who may review what is published: the registry. Every view asks here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import is_registry
from publication.models import Publishable
from publication.selectors import document_for_review


def can_review(user) -> bool:
    return is_registry(user)


def check_reviewer(user) -> None:
    if not can_review(user):
        raise PermissionDenied


def document_for(user, key: str, document_id: int) -> Publishable:
    """The document under review, for the registry (404 for a kind or document the review does not hold)."""
    check_reviewer(user)
    document = document_for_review(key, document_id)
    if document is None:
        raise Http404
    return document
