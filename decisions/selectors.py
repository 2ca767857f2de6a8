"""Reads for the minute text. The selector builds a plain context of ready
sentences; the template only lays them out."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from decisions.models import AgendaItem, Decision, DraftDecision, MinuteItem, Outcome
from lib.swedish import join_list, lower_first, month_year, paragraphs
from motions.models import Motion, Status, TRANSITIONS
from organisation.models import Body
from organisation.selectors import body_of_kind
from referrals.models import Referral


def _person(participation) -> str:
    party = participation.party
    return f"{participation.person.name} ({party.abbreviation})" if party else participation.person.name


def movers_text(motion: Motion) -> str:
    """ "Nujin Alacabek (V)", "A (V) och B (S)" """
    return join_list([_person(mover) for mover in motion.movers.all()])


def title_line(motion: Motion, decision: str) -> str:
    """ "<title> - svar på motion väckt av <movers>" """
    what = "avskrivning av motion" if decision == Decision.STRIKE_OFF else "svar på motion"
    return f"{motion.title} - {what} väckt av {movers_text(motion)}"


def _council(municipality_id: int) -> Body | None:
    return body_of_kind(municipality_id, Body.Kind.COUNCIL)


_OUTCOME_SENTENCE = {
    Outcome.APPROVE: "Motionen bifalls.",
    Outcome.PARTLY_APPROVE: "Motionen bifalls delvis.",
    Outcome.REJECT: "Motionen avslås.",
    Outcome.DEEM_ANSWERED: "Motionen anses besvarad.",
    Outcome.STRIKE_OFF: "Motionen avskrivs.",
}


def _clause_sentences(item: MinuteItem) -> list[str]:
    return [
        f"Att-sats {cd.clause.number} ({cd.clause.text}) {'bifalls' if cd.approved else 'avslås'}."
        for cd in item.clause_decisions.all()
    ]


def decision_paragraphs(item: MinuteItem) -> list[str]:
    """The decision as the minutes state it, generated from the decision data."""
    body = item.body
    subject = body.decision_subject
    council = _council(body.municipality_id)
    if item.decision == Decision.HAND_OVER:
        receiver = body.parent or council
        return [f"{subject} överlämnar ärendet till {receiver.name} utan eget ställningstagande."]
    if item.decision == Decision.DEFER:
        return ["Ärendet bordläggs."]
    if item.decision == Decision.SEND_BACK:
        return [f"Ärendet återremitteras med följande motivering: {' '.join(item.reason.split())}"]
    if item.decision == Decision.PROPOSE:
        if body.kind == Body.Kind.WORKING_COMMITTEE and body.parent:
            lead = (
                f"{subject} föreslår {lower_first(body.parent.name)} att föreslå "
                f"{lower_first(council.name)} besluta följande:"
            )
        else:
            lead = f"{subject} föreslår {lower_first(council.name)} besluta följande:"
        return [lead, _OUTCOME_SENTENCE[item.proposal], *_clause_sentences(item)]
    result = [_OUTCOME_SENTENCE[item.decision], *_clause_sentences(item)]
    if item.reason:
        result.append(" ".join(item.reason.split()))
    return result


def filing_sentence(motion: Motion) -> str:
    council = motion.filed_meeting.body if motion.filed_meeting else _council(motion.municipality_id)
    where = f" i {lower_first(council.name)}" if council else ""
    return f"I {month_year(motion.filed_on)} väcktes{where} motionen ”{motion.title}” av {movers_text(motion)}."


def referral_sentence(referrals: list[Referral]) -> str:
    """ "Motionen har gått på remiss till a, b och c." """
    names = []
    for referral in referrals:
        if referral.body.name_in_sentence not in names:  # asked again after a send-back
            names.append(referral.body.name_in_sentence)
    return f"Motionen har gått på remiss till {join_list(names)}."


def _referrals_as_of(motion: Motion, day) -> list[Referral]:
    """The referrals as they stood on `day`: a paragraph's text does not
    change when the case moves on (a send-back, a new referral)."""
    return [
        r for r in motion.referrals.all()
        if r.sent_on <= day and not (r.withdrawn_on and r.withdrawn_on <= day)
    ]


def _answered_by(referral: Referral, day) -> bool:
    response = getattr(referral, "response", None)
    return response is not None and response.decided_on <= day


def summary_paragraphs(item: MinuteItem) -> list[str]:
    """The generated opening (filing, referrals and what the answers said),
    then the administration's own paragraphs."""
    result = []
    motion = item.motion
    if motion is not None:
        own = paragraphs(motion.summary)
        result.append(" ".join([filing_sentence(motion), *own[:1]]))
        result.extend(own[1:])
        day = item.meeting.date
        referrals = _referrals_as_of(motion, day)
        if referrals:
            said = [
                " ".join(r.response.summary.split())
                for r in referrals
                if _answered_by(r, day) and r.response.summary
            ]
            result.append(" ".join([referral_sentence(referrals), *said]))
    result.extend(paragraphs(item.summary))
    return result


def vote_sentence(vote) -> str:
    """ "Votering begärs och verkställs: <proposition> Med 35 ja-röster mot 26 nej-röster och
    2 som avstår <result>" """
    counts = f"Med {vote.yes} ja-röster mot {vote.no} nej-röster"
    if vote.abstained:
        counts += f" och {vote.abstained} som avstår"
    question = " ".join(vote.question.split()).rstrip(".")
    result = " ".join(vote.result.split()).rstrip(".")
    return f"Votering begärs och verkställs med följande proposition: {question}. {counts} {result}."


def deliberation_sentence(item: MinuteItem) -> str:
    speakers = [_person(speaker) for speaker in item.speakers.all()]
    return f"Under överläggningen yttrar sig {join_list(speakers)}." if speakers else ""


def minute_items_for_render():
    """Minute items with everything the minute text reads, in few queries."""
    return MinuteItem.objects.select_related(
        "meeting", "body__parent", "body__municipality", "motion__filed_meeting__body",
    ).prefetch_related(
        "motion__movers__person", "motion__movers__party",
        Prefetch("motion__referrals", queryset=Referral.objects.select_related("body", "response")),
        "clause_decisions__clause",
        "speakers__person", "speakers__party",
        "proposals__person", "proposals__party",
        "reservations__person", "reservations__party",
        "questions", "votes", "notes",
    )


def extract_context(item: MinuteItem) -> dict:
    """Everything the extract (protokollsutdrag) of one item shows, as plain values."""
    meeting = item.meeting
    body = item.body
    heading = item.heading or (title_line(item.motion, item.decision) if item.motion else "")
    reservations = [
        f"{_person(r)} reserverar sig mot beslutet." + (f" {r.text}" if r.text else "")
        for r in item.reservations.all()
    ]
    return {
        "language": "sv",
        "document_title": f"Protokollsutdrag {body.name} {meeting.date:%Y-%m-%d} § {item.number}",
        "municipality": body.municipality.name,
        "body": body.name,
        "meeting_date": f"{meeting.date:%Y-%m-%d}",
        "paragraph": f"§ {item.number}",
        "case_number": item.motion.case_number if item.motion else "",
        "heading": heading,
        "decision_heading": f"{body.genitive} beslut",
        "decision": decision_paragraphs(item),
        "summary": summary_paragraphs(item),
        "deliberation": deliberation_sentence(item),
        "proposals": [f"{_person(p)} yrkar {p.text.strip().rstrip('.')}." for p in item.proposals.all()],
        "questions": [q.text for q in item.questions.all()],
        "votes": [vote_sentence(v) for v in item.votes.all()],
        "reservations": reservations,
        "notes": [n.text for n in item.notes.all()],
    }


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


# The kind of body that handles a case waiting in each status.
_HANDLED_BY = {
    Status.PREPARED: Body.Kind.WORKING_COMMITTEE,
    Status.WORKING_COMMITTEE: Body.Kind.EXECUTIVE_BOARD,
    Status.BOARD: Body.Kind.COUNCIL,
}


def minute_steps(motion: Motion) -> list[MinuteStep]:
    """The paragraphs the lifecycle allows on the case now."""
    steps = []
    kind = _HANDLED_BY.get(motion.status)
    body = body_of_kind(motion.municipality_id, kind) if kind else None
    outcomes = [(value, str(label)) for value, label in Outcome.choices]
    if body is not None:
        verb = {
            Body.Kind.WORKING_COMMITTEE: _("Bereds i %(body)s"),
            Body.Kind.EXECUTIVE_BOARD: _("Förslag från %(body)s"),
            Body.Kind.COUNCIL: _("Beslut i %(body)s"),
        }[kind]
        steps.append(MinuteStep(STEP_HANDLE, verb % {"body": body.name}, body, outcomes,
                                outcome_required=kind != Body.Kind.WORKING_COMMITTEE))
        steps.append(MinuteStep(STEP_DEFER, _("Bordläggs i %(body)s") % {"body": body.name}, body, [], False))
        steps.append(MinuteStep(STEP_SEND_BACK, _("Återremitteras av %(body)s") % {"body": body.name}, body,
                                [], False))
    council = _council(motion.municipality_id)
    if council is not None and motion.status != Status.BOARD and Status.STRUCK_OFF in TRANSITIONS[motion.status]:
        steps.append(MinuteStep(STEP_STRIKE_OFF, _("Avskrivs av %(body)s") % {"body": council.name}, council,
                                [], False))
    return steps


def upcoming_agenda(motion: Motion) -> list[AgendaItem]:
    """The agendas the case is on, for meetings not yet held or not yet recorded."""
    handled = set(motion.minute_items.values_list("meeting_id", flat=True))
    return [item for item in motion.agenda_items.select_related("meeting__body").order_by("meeting__date")
            if item.meeting_id not in handled]


def latest_draft(motion: Motion) -> DraftDecision | None:
    return motion.drafts.order_by("-drafted_on", "-id").first()
