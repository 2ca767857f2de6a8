"""A document's publication state: set when the document is made
(`assess`), changed by the registry's review (`publish`, `withhold`). Each
change locks the document's row, writes its state and a PublicationDecision
in one transaction."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.errors import DomainError
from lib.jsonfile import max_length
from organisation.models import Municipality
from publication.identity import find_in_pages
from publication.models import (
    Kind,
    PublicationDecision,
    PublicationRule,
    PublicationState,
    Publishable,
    ReviewCause,
    WithholdingGround,
)
from publication.signals import state_changed


def review_first(municipality_id: int, kind: str) -> bool:
    return PublicationRule.objects.filter(municipality_id=municipality_id, kind=kind, review_first=True).exists()


def assess(document: Publishable, *, pages: list[str] | None) -> Publishable:
    """The state of a document just made, from its text (`pages`; None when
    it has none to read): withheld if it can never be published (a
    confidential one, on its provision); awaiting review if the text holds a
    personal identity number, cannot be read, or the organisation reviews
    its kind first; else published now."""
    refusal = document.publication_refusal()
    hits = find_in_pages(pages) if pages is not None and refusal is None else []
    fields = {"identity_number_hits": [hit.as_json() for hit in hits], "withheld_ground": "", "withheld_reason": "",
              "review_cause": "", "published_at": None}
    if refusal is not None:
        fields.update(publication_state=PublicationState.WITHHELD, withheld_ground=WithholdingGround.SECRECY,
                      withheld_reason=refusal[:300])
    elif hits:
        fields.update(publication_state=PublicationState.REVIEW, review_cause=ReviewCause.IDENTITY_NUMBERS)
    elif pages is None:
        fields.update(publication_state=PublicationState.REVIEW, review_cause=ReviewCause.NO_TEXT)
    elif review_first(document.publication_municipality_id(), document.publication_kind()):
        fields.update(publication_state=PublicationState.REVIEW, review_cause=ReviewCause.RULE)
    else:
        fields.update(publication_state=PublicationState.PUBLISHED, published_at=timezone.now())
    return _write(document, fields, by=None)


@transaction.atomic
def publish(document: Publishable, *, by) -> Publishable:
    """Publish a document after review (or again, after it was withheld)."""
    document = _lock(document)
    refusal = document.publication_refusal()
    if refusal is not None:
        raise DomainError(refusal)
    if document.publication_state == PublicationState.PUBLISHED:
        raise DomainError(_("Handlingen är redan publicerad."))
    return _write(document, {"publication_state": PublicationState.PUBLISHED, "withheld_ground": "",
                             "withheld_reason": "", "published_at": timezone.now()}, by=by)


@transaction.atomic
def withhold(document: Publishable, *, ground: str, reason: str, by) -> Publishable:
    """Keep a document off the public pages, feeds and API, naming the
    ground and the reason (a published one is taken down)."""
    reason = " ".join(reason.split())
    if ground not in WithholdingGround.values:
        raise DomainError(_("Välj skälet till att handlingen inte publiceras."), field="ground")
    if not reason:
        raise DomainError(_("Skriv en motivering, till exempel vilka personuppgifter det gäller eller "
                            "sekretessbestämmelsen (21 kap. 7 § OSL)."), field="reason")
    limit = max_length(type(document), "withheld_reason")
    if len(reason) > limit:
        raise DomainError(_("Motiveringen är för lång (högst %(max)s tecken).") % {"max": limit}, field="reason")
    document = _lock(document)
    if (document.publication_state == PublicationState.WITHHELD and document.withheld_ground == ground
            and document.withheld_reason == reason):
        raise DomainError(_("Handlingen publiceras redan inte, med samma skäl."))
    return _write(document, {"publication_state": PublicationState.WITHHELD, "withheld_ground": ground,
                             "withheld_reason": reason, "published_at": None}, by=by)


@transaction.atomic
def set_publication_rules(municipality: Municipality, *, review_first: dict[str, bool], by) -> list[str]:
    """The organisation's choice for each kind of document named in
    `review_first`: True, reviewed before it is published; False, published
    at once (unless the scan finds personal identity numbers, or it has no
    text to scan). A choice applies to the documents made from now on; those
    already waiting stay in the queue. Returns the kinds whose rule changed."""
    unknown = [kind for kind in review_first if kind not in Kind.values]
    if unknown:
        raise DomainError(_("Okänt slag av handling: %(kind)s.") % {"kind": unknown[0][:40]}, field=None)
    Municipality.objects.select_for_update().get(pk=municipality.pk)  # one change of the rules at a time
    rules = {rule.kind: rule for rule in PublicationRule.objects.filter(municipality=municipality)}
    changed = []
    now = timezone.now()
    for kind, first in review_first.items():
        rule = rules.get(kind)
        if (rule.review_first if rule else False) == first:
            continue
        if rule is None:
            PublicationRule.objects.create(municipality=municipality, kind=kind, review_first=first,
                                           changed_by=by, changed_at=now)
        else:
            PublicationRule.objects.filter(pk=rule.pk).update(review_first=first, changed_by=by, changed_at=now)
        changed.append(kind)
    return changed


def _lock(document: Publishable) -> Publishable:
    return type(document).objects.select_for_update().get(pk=document.pk)


@transaction.atomic
def _write(document: Publishable, fields: dict, *, by) -> Publishable:
    if by is not None:
        fields.update(reviewed_by=by, reviewed_at=timezone.now())
    for name, value in fields.items():
        setattr(document, name, value)
    type(document).objects.filter(pk=document.pk).update(**fields)
    PublicationDecision.objects.create(
        content_type=ContentType.objects.get_for_model(document), object_id=document.pk,
        state=document.publication_state, ground=document.withheld_ground, reason=document.withheld_reason,
        decided_by=by)
    model = type(document)
    transaction.on_commit(lambda: state_changed.send(sender=model, document=document))
    return document
