"""The paragraphs of signed minutes in the case list's search (motions.search).

A paragraph's text is public once its minutes are signed (decisions.access),
so it is indexed at signing; from then on it changes only by a correction
note (rättelse), which is indexed with it. Before signing the minutes are
the registry's draft, and a search open to anyone does not read them.
"""

from decisions.models import MinuteItem
from motions.search import index_text
from organisation.models import Meeting


def paragraph_text(item: MinuteItem) -> str:
    """What the minutes say of the case at the paragraph: heading, summary,
    reasons, decision, proposals, reservations, statements, notes and
    correction notes."""
    parts = [item.heading, item.summary, item.reason, item.decision_text, *item.decision_clauses]
    for rows in (item.proposals, item.reservations, item.separatestatements, item.notes, item.rectifications):
        parts += rows.order_by("pk").values_list("text", flat=True)
    return "\n".join(part for part in parts if part)


def index_paragraph(item: MinuteItem) -> None:
    """Index a paragraph of signed minutes. Call in the signing's (or the correction note's) transaction."""
    if item.motion_id is not None and item.meeting.is_signed:
        index_text(item.motion_id, source="paragraph", key=item.pk, text=paragraph_text(item))


def index_signed_minutes(meeting: Meeting) -> None:
    """Index the paragraphs of minutes just signed, one case after another in order."""
    for item in meeting.items.filter(motion__isnull=False).select_related("meeting").order_by("motion_id", "pk"):
        index_paragraph(item)
