"""The minute text: a plain context of ready sentences for one template; the
template only lays them out."""

from django.db.models import Prefetch

from decisions.models import Decision, DraftDecision, MinuteItem, Outcome
from lib.swedish import join_list, lower_first, month_year, paragraph_span, paragraphs
from motions.models import Motion
from organisation.models import (
    Attendance,
    Body,
    Meeting,
    MinuteLayout,
    minute_layout_on,
)
from organisation.selectors import attendee_line, body_of_kind
from referrals import rules as referral_rules
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
    return [referral for referral in motion.referrals.all() if referral_rules.stood_on(referral, day)]


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
                if referral_rules.answered_by(r, day) and r.response.summary
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
        "meeting__body__municipality", "body__parent", "body__municipality", "motion__filed_meeting__body",
    ).prefetch_related(
        "motion__movers__person", "motion__movers__party",
        Prefetch("motion__referrals", queryset=Referral.objects.select_related("body", "response")),
        Prefetch("motion__drafts", queryset=DraftDecision.objects.order_by("drafted_on", "id")),
        "clause_decisions__clause",
        "speakers__person", "speakers__party",
        "proposals__person", "proposals__party",
        "reservations__person", "reservations__party",
        "separatestatements__person", "separatestatements__party",
        "questions", "votes", "notes", "body__municipality__layout_changes",
    )


def _with_reason(participation, sentence: str) -> str:
    return f"{sentence} {participation.text.strip()}" if participation.text.strip() else sentence


def basis_lines(item: MinuteItem) -> list[str]:
    """The documents the decision rests on (beslutsunderlag), from the case."""
    motion = item.motion
    if motion is None:
        return []
    day = item.meeting.date
    lines = [
        f"Tjänsteskrivelse {draft.drafted_on:%Y-%m-%d}"
        for draft in motion.drafts.all() if draft.drafted_on <= day
    ][-1:]
    lines.append(f"Motion väckt av {movers_text(motion)}")
    for referral in _referrals_as_of(motion, day):
        if referral_rules.answered_by(referral, day):
            response = referral.response
            where = f" {response.paragraph}" if response.paragraph else ""
            lines.append(f"{referral.body.genitive} yttrande {response.decided_on:%Y-%m-%d}{where}")
    return lines


def item_sections(item: MinuteItem, layout: MinuteLayout) -> list[tuple[str, list[str]]]:
    """The headed parts of a paragraph in the organisation's layout; a
    heading with nothing under it is left out."""
    if item.decision == Decision.OTHER:
        decision = paragraphs(item.decision_text)
    else:
        decision = decision_paragraphs(item)
    deliberation = deliberation_sentence(item)
    proposals = [f"{_person(p)} yrkar {p.text.strip().rstrip('.')}." for p in item.proposals.all()]
    parts = {
        "decision": decision,
        "summary": summary_paragraphs(item),
        "basis": basis_lines(item),
        "deliberation": [deliberation] if deliberation else [],
        "deliberation_and_proposals": [deliberation, *proposals] if deliberation else proposals,
        "proposals": proposals,
        "order_of_decision": [q.text for q in item.questions.all()] + [vote_sentence(v) for v in item.votes.all()],
        "reservations": [_with_reason(r, f"{_person(r)} reserverar sig mot beslutet.")
                         for r in item.reservations.all()],
        "statements": [_with_reason(s, f"{_person(s)} lämnar ett särskilt yttrande.")
                       for s in item.separatestatements.all()],
        "notes": [n.text for n in item.notes.all()],
    }
    sections = [(heading.format(genitive=item.body.genitive), parts.get(key, [])) for key, heading in layout.sections]
    return [(heading, lines) for heading, lines in sections if lines]


def item_context(item: MinuteItem) -> dict:
    """One paragraph as the minutes print it."""
    heading = item.heading or (title_line(item.motion, item.decision) if item.motion else "")
    return {
        "paragraph": f"§ {item.number}",
        "case_number": item.motion.case_number if item.motion else "",
        "heading": heading,
        "sections": item_sections(item, minute_layout_on(item.body.municipality, item.meeting.date)),
    }


def _secretary(meeting: Meeting) -> str:
    return next((a.person.name for a in meeting.attendance.all() if a.duty == Attendance.Duty.SECRETARY), "")


def _document(meeting: Meeting, title: str) -> dict:
    body = meeting.body
    return {
        "language": "sv",
        "document_title": title,
        "municipality": body.municipality.name,
        "body": body.name,
        "meeting_date": f"{meeting.date:%Y-%m-%d}",
        # Before signing the text may still change: every page says so.
        "draft": not meeting.is_signed,
    }


def extract_context(item: MinuteItem) -> dict:
    """Everything the extract (protokollsutdrag) of one item shows, as plain values.

    The secretary certifies the extract (utdragsbestyrkande) once the minutes are signed."""
    meeting = item.meeting
    return {
        **_document(meeting, f"Protokollsutdrag {item.body.name} {meeting.date:%Y-%m-%d} § {item.number}"),
        "item": item_context(item),
        "certified_by": _secretary(meeting) if meeting.is_signed else "",
    }


def _time(meeting: Meeting) -> str:
    if meeting.starts_at and meeting.ends_at:
        return f"kl. {meeting.starts_at:%H.%M}–{meeting.ends_at:%H.%M}"
    return f"kl. {meeting.starts_at:%H.%M}" if meeting.starts_at else ""


def protocol_items(meeting: Meeting):
    """The meeting's minute items, in § order, ready to render."""
    return minute_items_for_render().filter(meeting=meeting).order_by("number")


def meetings_for_render():
    return Meeting.objects.select_related("body__municipality").prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.select_related("person", "party", "replaces")),
    )


def _pairs(values: list) -> list[list]:
    return [values[i:i + 2] for i in range(0, len(values), 2)]


def protocol_front(meeting: Meeting, numbers: list[int]) -> dict:
    """The protocol's first page: when, where, who, and the signature block."""
    attendance = list(meeting.attendance.all())
    by_role = {role: [attendee_line(a) for a in attendance if a.role == role] for role in Attendance.Role.values}
    chair = next((a.person.name for a in attendance if a.duty == Attendance.Duty.CHAIR), "")
    signatories = [a.person.name for a in attendance if a.signs and a.duty != Attendance.Duty.CHAIR]
    return {
        **_document(meeting, f"Protokoll {meeting.body.name} {meeting.date:%Y-%m-%d}"),
        # "Huddinge kommunhus, 2022-01-25 kl. 13.00–15.10"
        "place_and_time": ", ".join(part for part in (
            meeting.place, " ".join(part for part in (f"{meeting.date:%Y-%m-%d}", _time(meeting)) if part)) if part),
        "paragraphs": paragraph_span(numbers),
        "members": by_role[Attendance.Role.MEMBER] + by_role[Attendance.Role.SUBSTITUTE],
        "not_serving": by_role[Attendance.Role.NOT_SERVING],
        "others": by_role[Attendance.Role.OTHER],
        "signatories": signatories,
        "signed_on": f"{meeting.signed_on:%Y-%m-%d}" if meeting.signed_on else "",
        "kept_at": meeting.kept_at,
        # Two signatures to a row: the secretary and the chair, then the signatories.
        "signature_rows": _pairs([("Sekreterare", _secretary(meeting)), ("Ordförande", chair)]
                                 + [("Justerare", name) for name in signatories]),
    }


def notice_context(meeting: Meeting) -> dict:
    """The notice of signing (anslag / bevis om justering) for the notice board."""
    def day(value):
        return f"{value:%Y-%m-%d}" if value else ""
    return {
        **_document(meeting, f"Bevis om justering {meeting.body.name} {meeting.date:%Y-%m-%d}"),
        "announcement": f"Justeringen av {lower_first(meeting.body.genitive)} protokoll har tillkännagivits "
                        "genom anslag på kommunens anslagstavla.",
        "rows": [
            ("Organ", meeting.body.name),
            ("Sammanträdesdatum", day(meeting.date)),
            ("Paragrafer", paragraph_span([item.number for item in meeting.items.all()])),
            ("Datum för justering", day(meeting.signed_on)),
            ("Datum då anslaget sätts upp", day(meeting.posted_on)),
            ("Datum då anslaget tas ned", day(meeting.notice_removed_on)),
            ("Förvaringsplats för protokollet", meeting.kept_at),
            ("Sista dag att överklaga", day(meeting.appeal_until)),
        ],
        "secretary": _secretary(meeting),
    }
