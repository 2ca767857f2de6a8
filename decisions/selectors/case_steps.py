"""Which paragraphs a case can get now, and at which meetings."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from decisions.models import AgendaItem, DraftDecision, Outcome
from motions import rules
from motions.models import Motion
from organisation.models import Body, Meeting

# The paragraphs a case can get at a meeting.
STEP_HANDLE = "handle"


STEP_DEFER = "defer"


STEP_SEND_BACK = "send_back"


STEP_STRIKE_OFF = "strike_off"


@dataclass(frozen=True)
class MinuteStep:
    """A paragraph the case can get now: which step, at which body."""

    key: str  # handle, defer, send_back, strike_off
    label: str
    body: Body
    outcomes: list[tuple[str, str]]
    outcome_required: bool
    # The body's place on the path (a Body.Kind of PATH_KINDS): what its outcome is, a proposal or the decision.
    place: str = ""


def can_be_handled_at(motion: Motion, meeting: Meeting) -> bool:
    """Whether the case can get a paragraph of its own at the meeting now."""
    return rules.can_be_handled_by(motion.status, meeting.body)


def minute_steps(motion: Motion) -> list[MinuteStep]:
    """The paragraphs the lifecycle allows on the case now, at the bodies of
    the organisation's path of preparation."""
    steps = []
    path = rules.path_of(motion.municipality)
    body = path.handler(motion.status)
    # Partial approval approves some clauses and rejects others: a motion needs two for it.
    partial = motion.clauses.count() >= 2
    outcomes = [(value, str(label)) for value, label in Outcome.choices
                if partial or value != Outcome.PARTLY_APPROVE]
    if body is not None:
        place = path.place_of(body)
        verb = {
            Body.Kind.WORKING_COMMITTEE: _("Bereds i %(body)s"),
            Body.Kind.EXECUTIVE_BOARD: _("Förslag från %(body)s"),
            Body.Kind.COUNCIL: _("Beslut i %(body)s"),
        }[place]
        steps.append(MinuteStep(STEP_HANDLE, verb % {"body": body.name}, body, outcomes,
                                outcome_required=place != Body.Kind.WORKING_COMMITTEE, place=place))
        steps.append(MinuteStep(STEP_DEFER, _("Bordläggs i %(body)s") % {"body": body.name}, body, [], False))
        steps.append(MinuteStep(STEP_SEND_BACK, _("Återremitteras av %(body)s") % {"body": body.name}, body,
                                [], False))
    council = path.council
    # A case waiting for the council is struck off by its decision (the handle step), not by a step of its own.
    if council is not None and body != council and rules.can_be_struck_off(motion.status):
        steps.append(MinuteStep(STEP_STRIKE_OFF, _("Avskrivs av %(body)s") % {"body": council.name}, council,
                                [], False))
    return steps


def step_bodies(steps: list[MinuteStep]) -> list[Body]:
    """The bodies of the steps, each once, in the steps' order."""
    return list({step.body.pk: step.body for step in steps}.values())


# The meetings offered are those whose minutes are open and that are not
# dated before the case's current status was set (no step on the case may be:
# motions.services.check_date); a step refuses any other date with its reason.

def meetings_to_put_on(motion: Motion, bodies: list[Body]):
    """The planned meetings whose agenda a case can be put on: the bodies'
    meetings whose minutes are open, in date order."""
    return Meeting.objects.filter(body__in=bodies, signed_on__isnull=True, date__gte=motion.status_since
                                  ).order_by("date", "body__name")


def meetings_to_minute_at(motion: Motion, bodies: list[Body]):
    """The planned meetings that can record a paragraph on a case: the
    bodies' meetings held by today whose minutes are open, latest first."""
    return Meeting.objects.filter(body__in=bodies, signed_on__isnull=True, date__gte=motion.status_since,
                                  date__lte=timezone.localdate()).order_by("-date", "body__name")


def upcoming_agenda(motion: Motion) -> list[AgendaItem]:
    """The agendas the case is on, for meetings not yet held or not yet recorded."""
    handled = set(motion.minute_items.values_list("meeting_id", flat=True))
    return [item for item in motion.agenda_items.select_related("meeting__body").order_by("meeting__date")
            if item.meeting_id not in handled]


def latest_draft(motion: Motion) -> DraftDecision | None:
    return motion.drafts.order_by("-drafted_on", "-id").first()


def cases_for_agenda(meeting: Meeting) -> list[Motion]:
    """The cases waiting for a meeting of this body, not yet on its agenda."""
    statuses = rules.statuses_handled_by(meeting.body)
    if not statuses:
        return []
    return list(
        Motion.objects.filter(municipality_id=meeting.body.municipality_id, status__in=statuses,
                              last_step_on__lte=meeting.date)
        .exclude(agenda_items__meeting=meeting).order_by("case_number")
    )
