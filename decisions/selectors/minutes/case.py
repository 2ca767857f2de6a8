"""What the minutes say of the case itself: its title, the generated
summary, its history, the documents the decision rests on, the proposal being
decided and the decision."""

from dataclasses import dataclass, field

from decisions.models import Decision, FiledMotion, MinuteItem
from lib.swedish import clause, join_list, lower_first, month_year, paragraphs, sentence
from motions.models import Motion
from organisation.models import Body, MinuteLayout
from organisation.selectors import body_of_kind
from referrals import rules as referral_rules
from referrals.models import Referral

from .names import named, paragraph_label
from .wording import COMMON, Wording


def movers_text(motion: Motion) -> str:
    """ "Nujin Alacabek (V)", "A (V) och B (S)" """
    return join_list([named(mover.person, mover.party) for mover in motion.movers.all()])


def title_line(motion: Motion, decision: str, wording: Wording = COMMON) -> str:
    """ "<title> – svar på motion väckt av <movers>"; the filing paragraph
    "<title> – motion väckt av <movers>", or "Motion om X (Eva Lund, S)"."""
    values = {"title": " ".join(motion.title.split()), "dash": wording("title_dash"), "movers": movers_text(motion),
              "about": about(motion)}
    if decision == Decision.FILE:
        if values["title"].lower().startswith("motion "):
            return wording("title_filing_named", title=values["title"], movers_short=movers_short(motion))
        return wording("title_filing", **values)
    return wording("title_strike_off" if decision == Decision.STRIKE_OFF else "title_answer", **values)


def council_of(body: Body) -> Body | None:
    return council_of_municipality(body.municipality_id)


def _in_sentence(body: Body | None, fallback: str) -> str:
    return lower_first(body.name) if body else fallback


# --- the summary ---------------------------------------------------------------

def about(motion: Motion) -> str:
    """The title after its first word: "om fler parkbänkar" in "Motion om fler parkbänkar"."""
    words = motion.title.split(maxsplit=1)
    return words[1] if len(words) == 2 else motion.title


def movers_short(motion: Motion) -> str:
    """ "Eva Lund, S" and "Eva Lund, S och Per Holm, M", as in "Motion om X (Eva Lund, S)". """
    return join_list([f"{m.person.name}, {m.party.abbreviation}" if m.party else m.person.name
                      for m in motion.movers.all()])


def filing_sentence(motion: Motion, wording: Wording = COMMON) -> str:
    council = motion.filed_meeting.body if motion.filed_meeting else council_of_municipality(motion.municipality_id)
    where = wording("filing_where", council=lower_first(council.name)) if council else ""
    return wording("filing", month_year=month_year(motion.filed_on), where=where, title=motion.title,
                   movers=movers_text(motion), about=about(motion))


def filings_lines(item: MinuteItem, wording: Wording = COMMON) -> list[str]:
    """A filing paragraph of several motions: the lead and a line per motion."""
    council = lower_first(item.body.name)
    return [wording("filings_lead", council=council), *(
        wording("filings_item", number=number, title=" ".join(motion.title.split()), movers=movers_text(motion),
                movers_short=movers_short(motion), about=about(motion))
        for number, motion in enumerate(filed_motions(item), start=1))]


def filed_motions(item: MinuteItem) -> list[Motion]:
    """The motions of a filing paragraph, in the order the council was told of them."""
    rows = FiledMotion.objects.filter(item=item).order_by("position").select_related("motion")
    return [row.motion for row in rows.prefetch_related("motion__movers__person", "motion__movers__party")]


def council_of_municipality(municipality_id: int) -> Body | None:
    return body_of_kind(municipality_id, Body.Kind.COUNCIL)


def referral_sentence(referrals: list[Referral], wording: Wording = COMMON) -> str:
    """ "Motionen har gått på remiss till a, b och c." """
    names = []
    for referral in referrals:
        if referral.body.name_in_sentence not in names:  # asked again after a send-back
            names.append(referral.body.name_in_sentence)
    return wording("referred", bodies=join_list(names))


def referrals_as_of(motion: Motion, day) -> list[Referral]:
    return [referral for referral in motion.referrals.all() if referral_rules.stood_on(referral, day)]


def answers_as_of(motion: Motion, day) -> list[Referral]:
    """The referrals a body had answered by `day`; one that declined to
    comment gave no answer (yttrande) to name."""
    return [referral for referral in referrals_as_of(motion, day) if referral_rules.gave_answer_by(referral, day)]


def summary_paragraphs(item: MinuteItem, wording: Wording = COMMON) -> list[str]:
    """The generated opening (filing, referrals and what the answers said),
    then the administration's own paragraphs."""
    result = []
    motion = item.motion
    if motion is None and item.decision == Decision.FILE:
        result.extend(filings_lines(item, wording))
    if motion is not None:
        own = paragraphs(motion.summary)
        result.append(" ".join([filing_sentence(motion, wording), *own[:1]]))
        result.extend(own[1:])
        day = item.meeting.date
        referrals = referrals_as_of(motion, day)
        if referrals:
            said = [" ".join(r.response.summary.split()) for r in answers_as_of(motion, day) if r.response.summary]
            result.append(" ".join([referral_sentence(referrals, wording), *said]))
    result.extend(paragraphs(item.summary))
    return result


# --- the history and the documents ---------------------------------------------

def _earlier_items(item: MinuteItem) -> list[MinuteItem]:
    """The case's paragraphs at meetings before this one, in date order."""
    if item.motion is None:
        return []
    day = item.meeting.date
    earlier = [other for other in item.motion.minute_items.all() if other.pk != item.pk and other.meeting.date < day]
    return sorted(earlier, key=lambda other: (other.meeting.date, other.number))


def history_lines(item: MinuteItem, layout: MinuteLayout, wording: Wording = COMMON) -> list[str]:
    """Ärendets gång: the case's steps before this meeting, one line each."""
    motion = item.motion
    if motion is None:
        return []
    day = item.meeting.date
    steps = [(motion.received_on, 0, wording("history_motion", date=f"{motion.received_on:%Y-%m-%d}"))]
    earlier = _earlier_items(item)
    filed = motion.filed_meeting
    if filed is not None and filed.date < day and not any(other.meeting_id == filed.pk for other in earlier):
        steps.append((filed.date, 1, wording("history_step", body=filed.body.name, date=f"{filed.date:%Y-%m-%d}")))
    for draft in motion.drafts.all():
        if draft.drafted_on <= day:
            steps.append((draft.drafted_on, 2, wording("history_draft", date=f"{draft.drafted_on:%Y-%m-%d}")))
    for referral in answers_as_of(motion, day):
        response = referral.response
        values = {"body": referral.body.name, "date": f"{response.decided_on:%Y-%m-%d}",
                  "paragraph": " ".join(response.paragraph.split())}
        steps.append((response.decided_on, 2,
                       wording("history_step_paragraph" if values["paragraph"] else "history_step", **values)))
    for other in earlier:
        label = paragraph_label(layout, other.body, other.number, other.year)
        steps.append((other.meeting.date, 3, wording("history_step_paragraph", body=other.body.name,
                                                      date=f"{other.meeting.date:%Y-%m-%d}", paragraph=label)))
    return [" ".join(text.split()) for _, _, text in sorted(steps, key=lambda step: (step[0], step[1]))]


def basis_lines(item: MinuteItem, wording: Wording = COMMON) -> list[str]:
    """The documents the decision rests on (beslutsunderlag): as the
    secretary listed them, or else from the case."""
    if item.basis:
        return list(item.basis)
    motion = item.motion
    if motion is None:
        return []
    day = item.meeting.date
    lines = [
        wording("basis_draft", date=f"{draft.drafted_on:%Y-%m-%d}")
        for draft in motion.drafts.all() if draft.drafted_on <= day
    ][-1:]
    lines.append(wording("basis_motion", movers=movers_text(motion)))
    for referral in answers_as_of(motion, day):
        response = referral.response
        values = {"genitive": referral.body.genitive, "date": f"{response.decided_on:%Y-%m-%d}",
                  "paragraph": " ".join(response.paragraph.split())}
        lines.append(wording("basis_answer_paragraph" if values["paragraph"] else "basis_answer", **values))
    return [" ".join(line.split()) for line in lines]


# --- the decision ----------------------------------------------------------------

@dataclass
class DecisionText:
    """A decision in parts, before the layout's form (sentences, numbered
    points or att-clauses) is put on it: a lead ("Kommunstyrelsen föreslår
    kommunfullmäktige besluta följande:"), the points generated from the data
    (or the secretary's own clauses instead), and text after them (a reason)."""

    lead: str = ""  # "propose", "propose_via", "decides"
    lead_values: dict = field(default_factory=dict)
    points: list[tuple[str, dict]] = field(default_factory=list)  # (what, values)
    clauses: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


_OUTCOMES = {Decision.APPROVE, Decision.PARTLY_APPROVE, Decision.REJECT, Decision.DEEM_ANSWERED,
             Decision.STRIKE_OFF}


def _clause_points(item: MinuteItem) -> list[tuple[str, dict]]:
    return [
        ("clause_approved" if cd.approved else "clause_rejected", {"number": cd.clause.number,
                                                                   "text": clause(cd.clause.text)})
        for cd in item.clause_decisions.all()
    ]


def _own_clauses(item: MinuteItem) -> list[str]:
    return [clause(text) for text in (item.decision_clauses or []) if clause(text)]


def decision_text(item: MinuteItem) -> DecisionText:
    """The decision's parts, generated from the decision data."""
    body = item.body
    subject = {"subject": body.decision_subject}
    result = DecisionText(clauses=_own_clauses(item), lead="decides", lead_values=subject)
    if item.decision == Decision.OTHER:
        result.before = paragraphs(item.decision_text)
    elif item.decision == Decision.FILE:
        board = body_of_kind(body.municipality_id, Body.Kind.EXECUTIVE_BOARD)
        result.points = [("file" if item.motion_id else "file_many",
                          {"board": _in_sentence(board, "styrelsen"), **subject})]
    elif item.decision == Decision.HAND_OVER:
        receiver = body.parent or council_of(body)
        result.points = [("hand_over", {**subject, "receiver": receiver.name if receiver else "fullmäktige"})]
    elif item.decision == Decision.DEFER:
        result.points = [("defer", {})]
    elif item.decision == Decision.SEND_BACK:
        result.points = [("send_back", {"reason": " ".join(item.reason.split())})]
    elif item.decision == Decision.PROPOSE:
        council = _in_sentence(council_of(body), "fullmäktige")
        if body.kind == Body.Kind.WORKING_COMMITTEE and body.parent:
            result.lead = "propose_via"
            result.lead_values = {**subject, "board": lower_first(body.parent.name), "council": council}
        else:
            result.lead, result.lead_values = "propose", {**subject, "council": council}
        result.points = [(item.proposal, {}), *_clause_points(item)]
    elif item.decision in _OUTCOMES:
        result.points = [(item.decision, {}), *_clause_points(item)]
        if item.reason.strip():
            result.after = [sentence(part) for part in paragraphs(item.reason)]
    return result


class Point(str):
    """A line that is one point of a decision or proposal (an att-clause), printed as
    an item of a list (ul/li, tagged L/LI in the PDF); it compares, joins and is
    stored as the plain line it is."""

    ordered = False


class NumberedPoint(Point):
    """A numbered point ("1. Motionen anses besvarad."): an item of an ordered list."""

    ordered = True


def _att_clause(text: str) -> str:
    text = clause(text)
    if text[:4].lower() == "att ":
        text = text[4:].lstrip()
    if text[1:2].islower():  # not an abbreviation ("KS beslut")
        text = lower_first(text)
    return f"att {text}"


def att_form(form: str, clauses: list[str]) -> bool:
    """Whether the decision is written as att-clauses: the layout's form, or
    the secretary's own clauses written so ("att avslå motionen") whatever the
    form: "Kommunfullmäktige beslutar / att …"."""
    return form == MinuteLayout.DecisionForm.ATT or (
        bool(clauses) and all(clause(text).lower().startswith("att ") for text in clauses))


def decision_lines(parts: DecisionText, form: str, wording: Wording = COMMON, *, lead: bool = True) -> list[str]:
    """The decision as the layout writes it: sentences, numbered points
    ("1. Motionen anses besvarad.") or att-clauses ("att anse motionen besvarad,")."""
    att = att_form(form, parts.clauses)
    lines = list(parts.before)
    if lead and parts.lead and (parts.points or parts.clauses):
        lead_line = " ".join(wording(("att_lead_" if att else "lead_") + parts.lead, **parts.lead_values).split())
        if lead_line:
            lines.append(lead_line)
    if parts.clauses:
        points = list(parts.clauses)
    else:
        points = [wording(("att_" if att else "decision_") + what, **values) for what, values in parts.points]
    points = [point for point in points if clause(point)]
    if att:
        lines += [Point(_att_clause(point) + ("." if n == len(points) else ","))
                  for n, point in enumerate(points, start=1)]
    elif form == MinuteLayout.DecisionForm.NUMBERED:
        lines += [NumberedPoint(f"{n}. {sentence(point)}") for n, point in enumerate(points, start=1)]
    else:
        lines += [sentence(point) for point in points]
    return [*lines, *parts.after]


def proposal_lines(item: MinuteItem, form: str, wording: Wording = COMMON) -> list[str]:
    """The proposal being decided: the latest proposal of an earlier body in
    the case (at the council, the board's "Kommunstyrelsens förslag till
    kommunfullmäktige"), or else the administration's (the report's)."""
    if item.motion is None or item.decision == Decision.FILE:
        return []
    proposing = [other for other in _earlier_items(item) if other.decision == Decision.PROPOSE]
    if proposing:
        source = proposing[-1]
        lead = wording("proposal_from", genitive=source.body.genitive, receiver=lower_first(item.body.name))
        return [" ".join(lead.split()), *decision_lines(decision_text(source), form, wording, lead=False)]
    drafts = [draft for draft in item.motion.drafts.all() if draft.drafted_on <= item.meeting.date]
    if not drafts:
        return []
    parts = DecisionText(points=[(drafts[-1].proposal, {})])
    return [wording("proposal_administration"), *decision_lines(parts, form, wording, lead=False)]
