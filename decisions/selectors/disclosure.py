"""What the public may see of a case's paragraphs before their minutes are
signed (decisions.access.minutes_public): the council's decisions at
once, a board's or committee's once its minutes are signed. Until then the
case page does not show the paragraph's outcome, the events that record it
(or its correction or undoing), or the status it moved the case to; the
case search never reads an unsigned paragraph (decisions/services/search.py)."""

from decisions.access import public_minutes_meetings
from motions.models import Motion, MotionEvent
from organisation.models import Meeting

# The case's events that record a paragraph (decisions.services.case_steps._handle writes them,
# described "<body> § <number>" and dated with the meeting).
PARAGRAPH_KINDS = (MotionEvent.Kind.HANDLED, MotionEvent.Kind.DEFERRED, MotionEvent.Kind.SENT_BACK,
                   MotionEvent.Kind.DECIDED)
# The events that correct or undo a paragraph before signing (decisions.services.corrections),
# described "<body> <date> § <number>".
CORRECTION_KINDS = (MotionEvent.Kind.CORRECTED, MotionEvent.Kind.UNDONE)


def undisclosed_meetings(motion: Motion) -> list[Meeting]:
    """The meetings of the case's organisation whose paragraphs are not yet
    public (a board's or committee's, not signed), from the case's filing on."""
    return list(Meeting.objects.filter(body__municipality_id=motion.municipality_id, date__gte=motion.filed_on)
                .exclude(public_minutes_meetings()).select_related("body"))


def undisclosed_events(motion: Motion, events: list[MotionEvent]) -> set[int]:
    """The ids of the case's events that record, correct or undo a paragraph
    of minutes not yet public."""
    if not any(event.kind in PARAGRAPH_KINDS or event.kind in CORRECTION_KINDS for event in events):
        return set()
    meetings = undisclosed_meetings(motion)
    paragraphs = {(meeting.date, f"{meeting.body.name} § ") for meeting in meetings}
    corrections = tuple(f"{meeting.body.name} {meeting.date.isoformat()} § " for meeting in meetings)
    hidden = set()
    for event in events:
        if event.kind in PARAGRAPH_KINDS:
            prefix = event.description.split("§", 1)[0] + "§ " if "§" in event.description else None
            if (event.occurred_on, prefix) in paragraphs:
                hidden.add(event.pk)
        elif event.kind in CORRECTION_KINDS and corrections and event.description.startswith(corrections):
            hidden.add(event.pk)
    return hidden


def public_status(motion: Motion, events: list[MotionEvent], hidden: set[int]) -> str:
    """The case's status as the public may know it: the one the latest change
    of status it may see led to, when changes it may not see came after (a
    paragraph, its correction or its undoing, in minutes not yet signed);
    otherwise the case's own."""
    hidden_after = False
    for event in reversed(events):  # the timeline's order (occurred_on, id), latest first
        if event.from_status == event.to_status:
            continue
        if event.pk not in hidden:
            return event.to_status if hidden_after else motion.status
        hidden_after = True
    return motion.status
