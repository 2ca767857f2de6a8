"""What the minutes say happened at the paragraph: who spoke, proposed and
seconded, the propositions and votes, reservations, statements, notes,
conflicts of interest, members leaving or arriving, and who is sent the
decision. Each function returns the lines of its part, every one a whole
sentence (or a line of a list)."""

from collections.abc import Callable

from decisions.models import MinuteItem, Proposal, Vote
from lib.swedish import clause, continues, genitive, join_list, lower_first, ordinal, paragraphs, sentence
from organisation.models import AttendanceChange

from .names import named, participant
from .wording import COMMON, Wording

# Gives the next annex number to a part that prints as an annex (a roll-call,
# a written reservation, a statement handed in as a document), with what the
# annex holds.
AddAnnex = Callable[..., int]


def with_text(line: str, text: str) -> list[str]:
    """A generated sentence and the stored text that goes with it: text that
    goes on from the sentence ("till förmån för eget yrkande") ends it,
    anything else follows as sentences of its own."""
    blocks = paragraphs(text)
    if not blocks:
        return [line]
    first, rest = blocks[0], blocks[1:]
    if continues(first) and line.endswith("."):
        line = f"{line[:-1]} {clause(first)}."
    else:
        line = f"{line} {sentence(first)}"
    return [line, *(sentence(block) for block in rest)]


def deliberation_lines(item: MinuteItem, wording: Wording = COMMON) -> list[str]:
    speakers = [participant(speaker) for speaker in item.speakers.all()]
    return [wording("deliberation", speakers=join_list(speakers))] if speakers else []


# --- proposals -------------------------------------------------------------------

def _proposal_text(proposal: Proposal, wording: Wording) -> str:
    text = clause(proposal.text)
    if text:
        return text
    if proposal.kind == Proposal.Kind.SEND_BACK:
        return wording("send_back_proposal")
    if proposal.kind == Proposal.Kind.DEFER:
        return wording("defer_proposal")
    return ""


def _ranked_together(proposal: Proposal, proposals: list[Proposal]) -> list[Proposal]:
    """The person's proposals "i första hand … i andra hand …", in rank order."""
    if proposal.rank is None:
        return [proposal]
    return sorted((p for p in proposals if p.rank is not None and p.person_id == proposal.person_id),
                  key=lambda p: (p.rank, p.position))


def proposal_lines(item: MinuteItem, wording: Wording = COMMON) -> list[str]:
    """ "Eva Lund (S) yrkar, med instämmande av Ali Demir (S), att motionen ska bifallas." One
    sentence per person for ranked proposals: "… yrkar i första hand …, i andra hand …"."""
    proposals = list(item.proposals.all())
    lines, told = [], set()
    for proposal in proposals:
        together = _ranked_together(proposal, proposals)
        if together[0].pk in told:
            continue
        told.add(together[0].pk)
        if len(together) > 1:
            parts = [f"{wording('rank', ordinal=ordinal(p.rank))} {_proposal_text(p, wording)}"
                     for p in together if _proposal_text(p, wording)]
            text = ", ".join(parts)
        else:
            text = _proposal_text(proposal, wording)
        if not text:
            continue
        seconders = []
        for p in together:
            seconders += [participant(s) for s in p.seconders.all() if participant(s) not in seconders]
        person = participant(proposal)
        if seconders:
            line = wording("proposes_seconded", person=person, seconders=join_list(seconders), text=text,
                           all=join_list([person, *seconders]))
        else:
            line = wording("proposes", person=person, text=text)
        lines.append(line)
    return lines


# --- propositions and votes ----------------------------------------------------------

def _finding(text: str) -> str:
    text = clause(text)
    return text[4:].lstrip() if text[:4].lower() == "att " else text


def question_lines(item: MinuteItem, wording: Wording = COMMON) -> list[str]:
    """ "Ordföranden ställer proposition på <text> och finner att <finding>."; "först" and
    "Därefter" when the chair put several; a proposition without a finding as it stands."""
    questions = [q for q in item.questions.all() if clause(q.text)]
    found = [q for q in questions if _finding(q.finding)]
    lines = []
    for question in questions:
        if question in found:
            key = "question" if len(found) == 1 else "question_first" if question is found[0] else "question_then"
            lines.append(wording(key, text=clause(question.text), finding=_finding(question.finding)))
        else:
            lines += [sentence(block) for block in paragraphs(question.text)]
    return lines


def winner(vote: Vote) -> str:
    """The side that won: as recorded, else by the counts, else by the casting vote."""
    if vote.won:
        return vote.won
    if vote.yes != vote.no:
        return Vote.Side.YES if vote.yes > vote.no else Vote.Side.NO
    return vote.casting_vote


def is_new_style(vote: Vote) -> bool:
    """A vote recorded with what a yes and a no stand for; older votes carry
    their proposition and result as text, and print as they always have."""
    return bool(clause(vote.yes_for) and clause(vote.no_for))


def has_rollcall(vote: Vote) -> bool:
    """A roll-call with its ballots, printed as an annex (a closed vote never is)."""
    return vote.kind == Vote.Kind.ROLL_CALL and bool(vote.ballots.all())


def _old_vote(vote: Vote) -> str:
    counts = f"Med {vote.yes} ja-röster mot {vote.no} nej-röster"
    if vote.abstained:
        counts += f" och {vote.abstained} som avstår"
    question = " ".join(vote.question.split()).rstrip(".")
    result = " ".join(vote.result.split()).rstrip(".")
    opening = (f"Votering begärs och verkställs med följande proposition: {question}." if question
               else "Votering begärs och verkställs.")
    return f"{opening} {counts} {result}." if result else f"{opening} {counts}."


def vote_lines(vote: Vote, subject: str, wording: Wording = COMMON, annex: str | None = None) -> list[str]:
    """A vote as the minutes tell it, ending with the annex of the roll-call."""
    closed = vote.kind == Vote.Kind.CLOSED
    if not is_new_style(vote):
        sentences = [_old_vote(vote)]
    else:
        sides = {Vote.Side.YES: clause(vote.yes_for), Vote.Side.NO: clause(vote.no_for)}
        sentences = [wording("vote_closed" if closed else "vote_requested"),
                     wording("vote_order", yes_for=sides[Vote.Side.YES], no_for=sides[Vote.Side.NO])]
        counts = {"yes": vote.yes, "no": vote.no, "abstained": vote.abstained}
        votes = {"yes_votes": wording("yes_vote" if vote.yes == 1 else "yes_votes", count=vote.yes),
                 "no_votes": wording("no_vote" if vote.no == 1 else "no_votes", count=vote.no)}
        suffix = ("_blank" if closed else "_abstained") if vote.abstained else ""
        side = sides.get(winner(vote), "")
        if vote.yes == vote.no:
            sentences.append(wording("vote_tie" + suffix, **counts))
            if side:
                key = "vote_casting" if vote.casting_vote else "vote_lot"
                sentences.append(wording(key, subject=subject, side=side))
        elif side:
            sentences.append(wording("vote_result" + suffix, **counts, **votes, subject=subject, side=side))
    if annex is not None:
        sentences.append(wording("vote_annex", annex=annex))
    return [" ".join(" ".join(sentences).split())]


def order_of_decision_lines(item: MinuteItem, add_annex: AddAnnex, wording: Wording = COMMON) -> list[str]:
    subject = lower_first(item.body.decision_subject)
    lines = question_lines(item, wording)
    for vote in item.votes.all():
        annex = add_annex(kind="rollcall", vote=vote) if has_rollcall(vote) else None
        lines += vote_lines(vote, subject, wording, annex)
    return lines


# --- reservations, statements, notes, conflicts ---------------------------------------

def reservation_groups(item: MinuteItem) -> list[list]:
    """Reservations of one group print as one sentence; groups in the order of their first member."""
    groups: dict[int, list] = {}
    for reservation in item.reservations.all():
        groups.setdefault(reservation.group, []).append(reservation)
    return list(groups.values())


def is_written(group: list) -> bool:
    return any(r.written or r.document for r in group)


def _favoured(group: list, item: MinuteItem, wording: Wording) -> str:
    proposal = next((r.in_favour_of for r in group if r.in_favour_of_id), None)
    if proposal is None:
        return ""
    if len(group) == 1 and group[0].person_id == proposal.person_id:
        what = wording("own_proposal")
    else:
        seconders = [s.person.name for s in proposal.seconders.all()]
        what = wording("proposal_of", genitive=genitive(proposal.person.name),
                       all_genitive=join_list([genitive(name) for name in [proposal.person.name, *seconders]]))
    ranked = [p for p in item.proposals.all() if p.rank is not None and p.person_id == proposal.person_id]
    if proposal.rank is not None and len(ranked) > 1:
        what = f"{what} {wording('rank', ordinal=ordinal(proposal.rank))}"
    return wording("in_favour_of", proposal=what)


def reservation_lines(item: MinuteItem, add_annex: AddAnnex, wording: Wording = COMMON) -> list[str]:
    """ "Eva Lund (S), Ali Demir (S) och Sara Berg (V) reserverar sig mot beslutet till förmån för
    Eva Lunds yrkande." / "Jonas Ek (SD) reserverar sig skriftligt, bilaga 2." """
    lines = []
    for group in reservation_groups(item):
        people = join_list([participant(r) for r in group])
        favour = _favoured(group, item, wording)
        if is_written(group):
            annex = add_annex(kind="reservation", people=people, rows=group)
            lines.append(wording("reservation_written", people=people, favour=favour, annex=annex))
            continue
        texts = list(dict.fromkeys(" ".join(r.text.split()) for r in group if r.text.strip()))
        sentences = [wording("reservation", people=people, favour=favour)]
        for text in texts:
            sentences[-1:] = with_text(sentences[-1], text)
        lines += sentences
    return lines


def statement_lines(item: MinuteItem, add_annex: AddAnnex, wording: Wording = COMMON) -> list[str]:
    lines = []
    for statement in item.separatestatements.all():
        person = participant(statement)
        if statement.document:
            annex = add_annex(kind="statement", people=person, rows=[statement])
            lines.append(wording("statement_annex", person=person, annex=annex))
        else:
            # The statement's text is the statement: sentences of its own.
            blocks = [sentence(block) for block in paragraphs(statement.text)]
            lines += [" ".join([wording("statement", person=person), *blocks[:1]]), *blocks[1:]]
    return lines


def _ended(text: str) -> str:
    """Stored text after a colon: its own case, a full stop at the end."""
    text = " ".join(text.split()).rstrip(",;: ")
    return text if not text or text[-1] in ".!?" else f"{text}."


def note_lines(item: MinuteItem, wording: Wording = COMMON) -> list[str]:
    """ "Per Holm (M) lämnar en protokollsanteckning: …", or the note as it is written."""
    lines = []
    for note in item.notes.all():
        blocks = paragraphs(note.text)
        if not blocks:
            continue
        if note.person_id:
            lines.append(wording("note", person=named(note.person, note.party), text=_ended(blocks[0])))
            blocks = blocks[1:]
        elif note.party_id:
            lines.append(wording("note_party", party_genitive=genitive(note.party.name), party=note.party.name,
                                 text=_ended(blocks[0])))
            blocks = blocks[1:]
        lines += [sentence(block) for block in blocks]
    return lines


def conflict_lines(item: MinuteItem, wording: Wording = COMMON) -> list[str]:
    """ "Lina Ström (C) anmäler jäv och deltar inte i handläggningen av ärendet." """
    lines = []
    for conflict in item.conflictofinterests.all():
        lines += with_text(wording("conflict", person=participant(conflict)), conflict.text)
    return lines


def attendance_lines(item: MinuteItem, wording: Wording = COMMON) -> list[str]:
    """Members leaving or arriving at this paragraph: "Per Holm (M) lämnar sammanträdet
    kl. 19.40; Maja Lind (M) tjänstgör i stället för Per Holm." """
    parties = {a.person_id: a.party for a in item.meeting.attendance.all()}

    def name(person):
        return named(person, parties.get(person.pk, person.party))

    lines = []
    for change in item.meeting.attendance_changes.all():
        if change.from_number != item.number:
            continue
        at = wording("at", time=f"{change.at:%H.%M}") if change.at else ""
        other = change.replaced_by
        if change.kind == AttendanceChange.Kind.LEAVES:
            line = (wording("leaves_replaced", person=name(change.person), at=at, replacement=name(other),
                            name=change.person.name) if other else wording("leaves", person=name(change.person), at=at))
        else:
            line = (wording("arrives_replacing", person=name(change.person), at=at, replaced=name(other))
                    if other else wording("arrives", person=name(change.person), at=at))
        lines.append(line)
    return lines


def distribution_lines(item: MinuteItem) -> list[str]:
    """Beslutet skickas till: one receiver a line."""
    return [clause(receiver) for receiver in (item.distribution or []) if clause(receiver)]
