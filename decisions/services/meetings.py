"""Running a meeting: its details, attendance and agenda, and the § numbers.

Every change to a meeting goes through `lock_meeting`: once the minutes are
signed, the meeting, its items and their decisions are the official record."""


from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from decisions.models import AgendaItem, Decision, MinuteItem
from decisions.selectors.case_steps import can_be_handled_at
from lib.errors import DomainError
from lib.sentences import Sentence
from lib.swedish import in_swedish, paragraph_span
from organisation.models import Body, Meeting, MeetingEvent
from organisation.services import lock_meeting, record_meeting_event

# --- The agenda and the § numbers ---------------------------------------

def _last_number(body: Body, year: int) -> int:
    """The body's highest § number this year, recorded or reserved on an agenda."""
    recorded = MinuteItem.objects.filter(body=body, year=year).aggregate(last=Max("number"))["last"]
    reserved = AgendaItem.objects.filter(
        meeting__body=body, meeting__date__year=year, number__isnull=False,
    ).aggregate(last=Max("number"))["last"]
    return max(recorded or 0, reserved or 0)


def lock_numbering(body: Body) -> Body:
    """Numbers are handed out one body at a time: the body's row is the lock."""
    return Body.objects.select_for_update().get(pk=body.pk)


def append_to_agenda(meeting: Meeting, *, motion=None, title: str = "", by) -> AgendaItem:
    """Add an item at the end of the agenda. The caller holds the meeting's lock."""
    last = meeting.agenda.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(meeting=meeting, motion=motion, title=title.strip(), position=last + 1)
    record_meeting_event(meeting, kind=MeetingEvent.Kind.AGENDA_ITEM_ADDED, by=by, description=item.label,
                         to_value=_item(item.position))
    return item


@transaction.atomic
def add_other_matter(meeting: Meeting, *, title: str, by) -> AgendaItem:
    """Put a matter that is not a motion on the agenda ("Val av justerare", "Information")."""
    meeting = lock_meeting(meeting)
    if not title.strip():
        raise DomainError(_("Ange punktens rubrik."), field="title")
    return append_to_agenda(meeting, title=title, by=by)


@transaction.atomic
def move_agenda_item(item: AgendaItem, *, up: bool, by) -> None:
    """Swap the item with its neighbour above (`up`) or below. Numbered items stay where they are."""
    meeting = lock_meeting(item.meeting)
    items = list(meeting.agenda.order_by("position"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(items):
        return
    item, other = items[index], items[other_index]
    if item.number or other.number:
        raise DomainError(_("Punkter som fått paragrafnummer kan inte flyttas."), field="agenda")
    # The positions are unique: park one while the other moves.
    a, b = item.position, other.position
    AgendaItem.objects.filter(pk=item.pk).update(position=0)
    AgendaItem.objects.filter(pk=other.pk).update(position=a)
    AgendaItem.objects.filter(pk=item.pk).update(position=b)
    record_meeting_event(meeting, kind=MeetingEvent.Kind.AGENDA_ITEM_MOVED, by=by, description=item.label,
                         from_value=_item(a), to_value=_item(b))


@transaction.atomic
def remove_agenda_item(item: AgendaItem, *, by) -> None:
    """Take an item off the agenda, before it has a § number."""
    meeting = lock_meeting(item.meeting)
    item = AgendaItem.objects.select_related("motion").get(pk=item.pk)
    if item.number:
        raise DomainError(
            _("Punkten har fått § %(number)s och ska protokollföras, till exempel som bordlagd.")
            % {"number": item.number}, field="agenda")
    item.delete()
    record_meeting_event(meeting, kind=MeetingEvent.Kind.AGENDA_ITEM_REMOVED, by=by,
                         description=item.label, from_value=_item(item.position))


def numbers_to_give(meeting: Meeting) -> list[AgendaItem]:
    """The agenda items that numbering would number now, each with the §
    number it would get (set on the item, not saved), in agenda order; a
    DomainError when the agenda cannot be numbered. Changes nothing: the
    numbering's confirmation page shows it, and _number_agenda (holding the
    body's numbering lock) writes it."""
    year = meeting.date.year
    unnumbered = list(meeting.agenda.select_related("motion").filter(number__isnull=True).order_by("position"))
    if not unnumbered:
        return []
    later = (
        Meeting.objects.filter(body=meeting.body, date__year=year, date__gt=meeting.date)
        .filter(Q(agenda__number__isnull=False) | Q(items__isnull=False)).order_by("date").first()
    )
    if later is not None:
        raise DomainError(
            _("Paragraferna numreras i sammanträdenas ordning, och sammanträdet %(later)s har redan "
              "numrerats. Ange paragrafnumret för hand.") % {"later": later},
            field="number",
        )
    numbered = list(meeting.agenda.filter(number__isnull=False).order_by("position"))
    if numbered and numbered[-1].position > unnumbered[0].position:
        raise DomainError(_("Nya punkter läggs efter de numrerade."), field="agenda")
    start = _last_number(meeting.body, year)
    for offset, item in enumerate(unnumbered, start=1):
        item.number = start + offset
    return unnumbered


def _number_agenda(meeting: Meeting, *, by) -> list[AgendaItem]:
    lock_numbering(meeting.body)
    unnumbered = numbers_to_give(meeting)
    if not unnumbered:
        return []
    AgendaItem.objects.bulk_update(unnumbered, ["number"])
    numbers = [item.number for item in unnumbered]
    record_meeting_event(meeting, kind=MeetingEvent.Kind.NUMBERED, by=by,
                         description=Sentence(gettext_noop("%(n)s punkter"), {"n": len(numbers)}),
                         to_value=paragraph_span(numbers))
    return unnumbered


@transaction.atomic
def number_agenda(meeting: Meeting, *, by) -> list[AgendaItem]:
    """Give every item on the agenda without a § number the body's next
    numbers for the year, in agenda order.

    Precondition: no later meeting of the body this year is numbered (the
    numbers follow the meetings' order). Returns the items numbered now.
    """
    meeting = lock_meeting(meeting)
    return _number_agenda(meeting, by=by)


# No body numbers this many paragraphs in a year; a larger number is a typing error.
MAX_NUMBER = 9999


def reserve_number(meeting: Meeting, agenda_item: AgendaItem, number: int | None, *, by) -> int:
    """The § number for the minute item of `agenda_item`: its reserved
    number, `number` if given (a paragraph recorded from older minutes), or the
    numbering of the agenda now. The caller holds the meeting's lock."""
    body = lock_numbering(meeting.body)
    year = meeting.date.year
    agenda_item.refresh_from_db()
    if number is None:
        if agenda_item.number is None:
            _number_agenda(meeting, by=by)
            agenda_item.refresh_from_db()
        return agenda_item.number
    if not 1 <= number <= MAX_NUMBER:
        raise DomainError(_("Paragrafnumret ska vara mellan 1 och %(max)s.") % {"max": MAX_NUMBER}, field="number")
    if agenda_item.number not in (None, number):
        raise DomainError(_("Punkten har redan § %(number)s; § %(asked)s kan den inte få.")
                          % {"number": agenda_item.number, "asked": number}, field="number")
    taken = (
        MinuteItem.objects.filter(body=body, year=year, number=number).exists()
        or AgendaItem.objects.filter(meeting__body=body, meeting__date__year=year, number=number)
        .exclude(pk=agenda_item.pk).exists()
    )
    if taken:
        raise DomainError(_("%(body)s har redan en § %(number)s år %(year)s.")
                          % {"body": body, "number": number, "year": year}, field="number")
    agenda_item.number = number
    agenda_item.save(update_fields=["number"])
    record_meeting_event(meeting, kind=MeetingEvent.Kind.NUMBERED, by=by, description=agenda_item.label,
                         to_value=Sentence(gettext_noop("§ %(number)s (angivet för hand)"), {"number": number}))
    return number


@transaction.atomic
def record_other_matter(agenda_item: AgendaItem, *, decision_text: str, summary: str = "",
                        number: int | None = None, by) -> MinuteItem:
    """The paragraph of an agenda item that is not a motion's step: another
    matter, or a case that can no longer be handled here (withdrawn, or
    decided elsewhere since it was put on the agenda), recorded as, say,
    "Ärendet utgår" so that its reserved § number is not left empty."""
    meeting = lock_meeting(agenda_item.meeting)
    agenda_item = AgendaItem.objects.select_related("motion").get(pk=agenda_item.pk)
    heading = agenda_item.title
    if agenda_item.motion_id:
        if can_be_handled_at(agenda_item.motion, meeting):
            raise DomainError(_("Ärenden protokollförs från ärendets sida."), field="agenda")
        heading = f"{agenda_item.motion.title} ({agenda_item.motion.case_number})"
    if not decision_text.strip():
        raise DomainError(_("Skriv beslutet."), field="decision_text")
    if agenda_item.number and meeting.items.filter(number=agenda_item.number).exists():
        raise DomainError(_("Punkten är redan protokollförd."), field="agenda")
    number = reserve_number(meeting, agenda_item, number, by=by)
    item = MinuteItem.objects.create(
        meeting=meeting, body=meeting.body, year=meeting.date.year, number=number,
        heading=heading, decision=Decision.OTHER, decision_text=decision_text.strip(),
        summary=summary.strip(),
    )
    record_paragraph(item, by=by)
    return item


def record_paragraph(item: MinuteItem, *, by) -> None:
    """The meeting's record of a paragraph recorded at it."""
    what = item.motion.case_number if item.motion_id else item.heading
    record_meeting_event(item.meeting, kind=MeetingEvent.Kind.PARAGRAPH_RECORDED, by=by,
                         description=Sentence("§ %(number)s %(what)s", {"number": paragraph_number(item.number),
                                                                         "what": what}),
                         to_value=Sentence(in_swedish(Decision(item.decision).label)), reason=item.reason)


# The meeting's history of its agenda and paragraphs, in the reader's language.
def _item(position: int) -> Sentence:
    return Sentence(gettext_noop("punkt %(n)s"), {"n": position})


def paragraph_number(number: int | None):
    """A paragraph's number in the history: the number, or that it has none yet (a sentence's data)."""
    return number if number else Sentence(gettext_noop("(okänt nummer)")).as_data()
