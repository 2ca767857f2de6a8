"""What the public may see of publishable documents, and the registry's
review queue over every kind of them.

The queue knows no model by name: it lists every concrete subclass of
Publishable (documents.CaseDocument, decisions.RenderedDocument, and any
public document model added later), each through its hooks
(publication_documents, publication_municipality_lookup,
publication_date_field, publication_title, ...)."""

import datetime
import heapq
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from publication.models import (
    Kind,
    PublicationDecision,
    PublicationRule,
    PublicationState,
    Publishable,
    ReviewCause,
)


def published(queryset):
    """Only the published documents of `queryset` (a Publishable model's)."""
    return queryset.filter(publication_state=PublicationState.PUBLISHED)


def decisions_for(document: Publishable):
    """The document's publication history, oldest first."""
    return PublicationDecision.objects.filter(
        content_type=ContentType.objects.get_for_model(document), object_id=document.pk,
    ).select_related("decided_by")


# --- Every kind of publishable document -------------------------------------------

def publishable_models() -> list[type[Publishable]]:
    """Every concrete model of a document that is published after review, in a fixed order."""
    models = [model for model in apps.get_models() if issubclass(model, Publishable) and not model._meta.proxy]
    return sorted(models, key=lambda model: model._meta.label_lower)


def model_key(model: type[Publishable]) -> str:
    """The model as the review page's address names it: "documents-casedocument"."""
    return f"{model._meta.app_label}-{model._meta.model_name}"


def model_of_key(key: str) -> type[Publishable] | None:
    return next((model for model in publishable_models() if model_key(model) == key), None)


def review_url(document: Publishable) -> str:
    """The registry's review page of the document."""
    return reverse("publication:document", kwargs={"model": model_key(type(document)), "document_id": document.pk})


def unpublished_note(state: str) -> str:
    """What the public reads beside a document that is not on the site."""
    if state == PublicationState.WITHHELD:
        return _("Publiceras inte på webben")
    return _("Publiceras efter granskning; kan begäras ut från registraturen")


@dataclass(frozen=True)
class Shown:
    """How a page lists a publishable document for its reader: the public read
    a note where it is not published; the registry a badge with its state, a
    link to its review page."""

    published: bool
    note: str  # for those not in the registry, when it is not published
    state: str  # PublicationState, for the registry's badge ("" for others)
    state_label: str
    review_url: str  # the review page, for the registry ("" for others)


def shown(document: Publishable, *, registry: bool) -> Shown:
    published = document.is_published
    if registry:
        return Shown(published, "", document.publication_state, document.get_publication_state_display(),
                     review_url(document))
    return Shown(published, "" if published else unpublished_note(document.publication_state), "", "", "")


# --- The review queue ---------------------------------------------------------------

# The lists' length: the oldest waiting, the latest published or withheld.
QUEUE_LENGTH = 100


@dataclass(frozen=True)
class QueueRow:
    document: Publishable
    kind: str  # "Justerat protokoll", "Remissvar": the kind the organisation's rules name
    title: str
    dated: object  # the datetime that dates it (publication_date_field)
    url: str  # its review page
    place_url: str
    cause: str  # why it waits (review_cause's label)
    hits: list  # where the scan found personal identity numbers


def _documents(model: type[Publishable], state: str, municipality_id: int | None):
    documents = model.publication_documents().filter(publication_state=state)
    if municipality_id is not None:
        documents = documents.filter(**{f"{model.publication_municipality_lookup}_id": municipality_id})
    return documents


def _order(model: type[Publishable], state: str):
    """Awaiting review: the oldest first; published: the latest published first; withheld: the latest first."""
    if state == PublicationState.REVIEW:
        return [model.publication_date_field, "pk"]
    if state == PublicationState.PUBLISHED:
        return [F("published_at").desc(nulls_last=True), "-pk"]
    return [f"-{model.publication_date_field}", "-pk"]


def _moment(value) -> float:
    """A date or a moment as a number to order by (a model may date its documents by day)."""
    if value is None:
        return 0.0
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min, tzinfo=datetime.UTC)
    return value.timestamp()


def _sort_key(state: str):
    """The order of _order, across the kinds of document."""
    if state == PublicationState.REVIEW:
        return lambda row: (_moment(row.dated), row.document.pk)
    if state == PublicationState.PUBLISHED:
        return lambda row: (-_moment(row.document.published_at), -row.document.pk)
    return lambda row: (-_moment(row.dated), -row.document.pk)


def queue(state: str, *, municipality_id: int | None, length: int = QUEUE_LENGTH,
          count: bool = True) -> tuple[list[QueueRow], int | None]:
    """The documents in `state` of every kind, the organisation's (None: every
    organisation's), in the list's order (_order), at most `length` of them;
    and how many there are in all (None, not counted, without `count`). A
    query for each kind, and one for its count."""
    rows, total = [], 0 if count else None
    for model in publishable_models():
        documents = _documents(model, state, municipality_id)
        if count:
            total += documents.count()
        listed = [QueueRow(
            document=document, kind=Kind(document.publication_kind()).label, title=document.publication_title(),
            dated=getattr(document, model.publication_date_field), url=review_url(document),
            place_url=document.publication_place_url(),
            cause=ReviewCause(document.review_cause).label if document.review_cause else "",
            hits=document.identity_number_hits,
        ) for document in documents.order_by(*_order(model, state))[:length]]
        rows.append(listed)
    # Each kind's list is in order: merged, the first `length` of them all.
    merged = list(heapq.merge(*rows, key=_sort_key(state)))
    return merged[:length], total


def waiting_count(*, municipality_id: int | None = None) -> int:
    """How many documents wait for the registry's review (the menu's number)."""
    return sum(_documents(model, PublicationState.REVIEW, municipality_id).count() for model in publishable_models())


def document_for_review(key: str, document_id: int) -> Publishable | None:
    """The document the review page is about (None: no such document in the review)."""
    model = model_of_key(key)
    if model is None:
        return None
    return model.publication_documents().filter(pk=document_id).first()


# --- The organisation's rules -------------------------------------------------------

def rules_of(municipality_id: int) -> dict[str, PublicationRule]:
    """The organisation's rules, by kind of document (a kind without one is published at once)."""
    return {rule.kind: rule for rule in
            PublicationRule.objects.filter(municipality_id=municipality_id).select_related("changed_by")}
