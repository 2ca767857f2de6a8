"""A paragraph's parts in the organisation's layout, and its annexes."""

from dataclasses import dataclass, field

from decisions.models import Ballot, MinuteItem, Vote
from lib.swedish import clause, paragraphs, sentence
from organisation.models import GENERAL_SECTIONS, MinuteLayout

from . import case, meeting
from .names import heading_text, paragraph_label, participant
from .wording import COMMON, Wording

# The parts recorded for the paragraph (rather than derived from the case):
# printed even when the layout has no place for them, after its own parts,
# under the general layout's heading, in the general layout's order.
RECORDED = ("conflicts", "attendance", "deliberation", "proposals", "order_of_decision", "decision",
            "reservations", "statements", "notes", "distribution")
# A part that prints others with it.
INCLUDES = {"deliberation_and_proposals": ("deliberation", "proposals")}
# Parts printed as lists, a line each, rather than as sentences.
LISTS = {"history", "basis", "distribution"}
GENERAL_HEADINGS = {**dict(GENERAL_SECTIONS), "history": "Ärendets gång", "deliberation_and_proposals": "Överläggning"}


@dataclass
class Block:
    """Lines as the document prints them: a paragraph ("p", one line) or a list
    ("ul" or "ol", its items)."""

    tag: str
    lines: list[str]


@dataclass
class Section:
    """One headed part of a paragraph; unpacks as (heading, lines)."""

    key: str
    heading: str
    lines: list[str]
    listing: bool = False  # lines of a list (or att-clauses), not sentences

    def __iter__(self):
        return iter((self.heading, self.lines))

    @property
    def blocks(self) -> list[Block]:
        """The lines as paragraphs and lists: every line of a part printed as a list
        (the history, the documents, the distribution) an item of one list; elsewhere a
        run of a decision's points (case.Point: att-clauses, numbered points) a list of
        its own, and the lines around them (the lead "Kommunfullmäktige beslutar") paragraphs."""
        blocks: list[Block] = []
        for line in self.lines:
            if isinstance(line, case.Point):
                tag = "ol" if line.ordered else "ul"
            else:
                tag = "ul" if self.key in LISTS else "p"
            if tag != "p" and blocks and blocks[-1].tag == tag:
                blocks[-1].lines.append(line)
            else:
                blocks.append(Block(tag, [line]))
        return blocks


def annex_letter(count: int) -> str:
    """A, B, …, Z, AA, AB, …: the annex letters of minutes that letter their annexes."""
    letters = ""
    while count:
        count, rest = divmod(count - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class Annexes:
    """The annexes of a paragraph, numbered on from those of the paragraphs
    before it in the same minutes."""

    item: MinuteItem
    layout: MinuteLayout
    wording: Wording
    before: int = 0
    annexes: list[dict] = field(default_factory=list)

    def add(self, *, kind: str, **data) -> str:
        """Number the next annex; its number as the minutes write it ("1", or "A" where the
        layout letters its annexes)."""
        count = self.before + len(self.annexes) + 1
        number = self.wording("annex_number", number=count, letter=annex_letter(count))
        label = paragraph_label(self.layout, self.item.body, self.item.number, self.item.year)
        if kind == "rollcall":
            built = self._rollcall(label, number, **data)
        else:
            built = self._written(kind, label, number, **data)
        self.annexes.append({"number": number, "kind": kind, **built})
        return number

    def _heading(self, number: str, title_key: str, label: str) -> str:
        return self.wording("annex_heading", number=number, title=self.wording(title_key, paragraph=label))

    def _rollcall(self, label: str, number: str, *, vote: Vote) -> dict:
        w = self.wording
        rows, totals = [], {"yes": 0, "no": 0, "abstain": 0}
        for ballot in vote.ballots.all():
            choice = {Ballot.Choice.YES: "yes", Ballot.Choice.NO: "no", Ballot.Choice.ABSTAIN: "abstain"}[ballot.choice]
            totals[choice] += 1
            rows.append({"name": participant(ballot),
                         "note": w("rollcall_substitute", name=ballot.replaces.name) if ballot.replaces_id else "",
                         "yes": "X" if choice == "yes" else "", "no": "X" if choice == "no" else "",
                         "abstain": "X" if choice == "abstain" else ""})
        if meeting.is_new_style(vote):
            proposition = w("vote_order", yes_for=clause(vote.yes_for), no_for=clause(vote.no_for))
        else:
            proposition = sentence(vote.question)
        side = {Vote.Side.YES: w("rollcall_yes"), Vote.Side.NO: w("rollcall_no")}.get(vote.casting_vote, "")
        return {
            "heading": self._heading(number, "annex_rollcall", label),
            "proposition": proposition,
            "columns": [w("rollcall_member"), w("rollcall_yes"), w("rollcall_no"), w("rollcall_abstain")],
            "rows": rows,
            "total_label": w("rollcall_total"),
            "totals": [totals["yes"], totals["no"], totals["abstain"]],
            "casting": w("rollcall_casting", side=side) if side else "",
        }

    def _written(self, kind: str, label: str, number: str, *, people: str, rows: list) -> dict:
        texts = []
        for row in rows:
            texts += [block for block in paragraphs(row.text) if block not in texts]
        documents = [self.wording("annex_document", name=row.document.name.rsplit("/", 1)[-1])
                     for row in rows if row.document]
        return {
            "heading": self._heading(number, "annex_reservation" if kind == "reservation" else "annex_statement",
                                     label),
            "people": people,
            "paragraphs": texts,
            "documents": documents,
        }


def annex_count(item: MinuteItem) -> int:
    """How many annexes the paragraph has (roll-calls, written reservations,
    statements handed in as documents), whatever the layout's order."""
    votes = sum(1 for vote in item.votes.all() if meeting.has_rollcall(vote))
    written = sum(1 for group in meeting.reservation_groups(item) if meeting.is_written(group))
    statements = sum(1 for statement in item.separatestatements.all() if statement.document)
    return votes + written + statements


def item_sections(item: MinuteItem, layout: MinuteLayout, wording: Wording = COMMON,
                  annexes: Annexes | None = None) -> list[Section]:
    """The headed parts of a paragraph in the layout's order; a heading with
    nothing under it is left out. A part recorded for the paragraph that the
    layout has no place for follows, under the general layout's heading."""
    annexes = annexes or Annexes(item, layout, wording)
    form = layout.decision_form
    att = form == MinuteLayout.DecisionForm.ATT
    builders = {
        "history": lambda: case.history_lines(item, layout, wording),
        "summary": lambda: case.summary_paragraphs(item, wording),
        "basis": lambda: case.basis_lines(item, wording),
        "proposal": lambda: case.proposal_lines(item, form, wording),
        "conflicts": lambda: meeting.conflict_lines(item, wording),
        "attendance": lambda: meeting.attendance_lines(item, wording),
        "deliberation": lambda: meeting.deliberation_lines(item, wording),
        "deliberation_and_proposals": lambda: [*meeting.deliberation_lines(item, wording),
                                               *meeting.proposal_lines(item, wording)],
        "proposals": lambda: meeting.proposal_lines(item, wording),
        "order_of_decision": lambda: meeting.order_of_decision_lines(item, annexes.add, wording),
        "decision": lambda: case.decision_lines(case.decision_text(item), form, wording),
        "reservations": lambda: meeting.reservation_lines(item, annexes.add, wording),
        "statements": lambda: meeting.statement_lines(item, annexes.add, wording),
        "notes": lambda: meeting.note_lines(item, wording),
        "distribution": lambda: meeting.distribution_lines(item),
    }
    listed = LISTS | ({"decision", "proposal"} if att else set())
    if case.att_form(form, case.decision_text(item).clauses):
        listed |= {"decision"}
    sections, placed = [], set()

    def place(key: str, heading: str) -> None:
        placed.add(key)
        placed.update(INCLUDES.get(key, ()))
        lines = builders[key]()
        if lines:
            sections.append(Section(key, heading_text(heading, item.body), lines, key in listed))

    for key, heading in layout.sections:
        if key in builders and key not in placed:
            place(key, heading)
    for key in RECORDED:
        if key not in placed:
            place(key, GENERAL_HEADINGS[key])
    return sections
