"""Whatever was recorded at a paragraph, its text reads as Swedish sentences:
for generated combinations of speakers, proposals (seconded, ranked,
procedural), propositions with and without findings, votes (roll-call, tie
with a casting vote, closed, the older kind), reservations (single, grouped,
in favour of a proposal, of one's own, written), statements, notes,
conflicts and attendance changes, in each of the layouts and decision forms,
every line of the text is checked, and everyone recorded is named in it."""

import datetime
import re
from dataclasses import dataclass

import pytest
from django.db.models import prefetch_related_objects
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from decisions.models import (
    Ballot,
    ConflictOfInterest,
    Proposal,
    ProtocolNote,
    Question,
    Reservation,
    Seconder,
    SeparateStatement,
    Speaker,
    Vote,
)
from decisions.selectors.minutes import item_context, minute_items_for_render
from organisation.models import GENERAL_SECTIONS, AttendanceChange, MinuteLayout, Party, Person

NAMES = [("Eva Lund", "S"), ("Ali Demir", "S"), ("Sara Berg", "V"), ("Jonas Ek", "SD"), ("Lina Ström", "C"),
         ("Lars Moss", "M")]
# Stored texts as secretaries type them: with or without a full stop, a capital, spaces.
PROPOSALS = ["att motionen ska bifallas", "bifall till motionen.", "avslag på motionen", "Avslag på motionen ",
             "att den ska anses besvarad", "bifall till kommunstyrelsens förslag"]
FINDINGS = ["", "kommunfullmäktige beslutar enligt kommunstyrelsens förslag", "att det ska avgöras i dag."]
REASONS = ["", "till förmån för eget yrkande", "Beslutet strider mot budgeten.", "  mot  bakgrund av kostnaderna "]
NOTES = ["Frågan bör följas upp", "vi stöder förslaget.", "Tiden är knapp.\n\nDet bör noteras."]
LAYOUTS = ["general", "Huddinge 2021–2023", "Huddinge 2024–", "decision only"]


@dataclass(frozen=True)
class Made:
    """A proposal: (person, text, kind, rank, seconders)."""

    person: int
    text: str
    kind: str
    rank: int | None
    seconders: tuple[int, ...]


@dataclass(frozen=True)
class Scene:
    speakers: tuple[int, ...]
    proposals: tuple[Made, ...]
    questions: tuple[tuple[str, str], ...]
    votes: tuple[str, ...]
    reservations: tuple[tuple[int, int, int | None, bool, str], ...]  # person, group, proposal, written, text
    statements: tuple[tuple[int, bool, str], ...]
    notes: tuple[tuple[str, str], ...]  # who ("person", "party", ""), text
    conflicts: tuple[tuple[int, str], ...]
    attendance: tuple[tuple[int, str, int | None], ...]  # person, kind, replaced by
    clauses: tuple[str, ...]
    distribution: tuple[str, ...]
    layout: str
    form: str


people = st.integers(0, len(NAMES) - 1)


@st.composite
def proposals(draw) -> Made:
    kind = draw(st.sampled_from(list(Proposal.Kind.values)))
    text = draw(st.sampled_from(PROPOSALS)) if kind == Proposal.Kind.MAIN else draw(
        st.sampled_from(["", "att ärendet ska återremitteras för att utreda kostnaderna"]))
    return Made(draw(people), text, kind, draw(st.none() | st.integers(1, 2)),
                tuple(draw(st.lists(people, max_size=2, unique=True))))


@st.composite
def scenes(draw) -> Scene:
    made = tuple(draw(st.lists(proposals(), max_size=3)))
    return Scene(
        speakers=tuple(draw(st.lists(people, max_size=3, unique=True))),
        proposals=made,
        questions=tuple(draw(st.lists(st.tuples(st.sampled_from(["kommunstyrelsens förslag och Eva Lunds yrkande",
                                                                  "Beslutet fattas med acklamation"]),
                                                st.sampled_from(FINDINGS)), max_size=2))),
        votes=tuple(draw(st.lists(st.sampled_from(["roll_call", "tie", "closed", "older"]), max_size=2))),
        reservations=tuple(draw(st.lists(st.tuples(
            people, st.integers(1, 3), st.none() | st.integers(0, max(len(made) - 1, 0)), st.booleans(),
            st.sampled_from(REASONS)), max_size=4))),
        statements=tuple(draw(st.lists(st.tuples(people, st.booleans(), st.sampled_from(["", *NOTES])),
                                       max_size=2))),
        notes=tuple(draw(st.lists(st.tuples(st.sampled_from(["person", "party", ""]), st.sampled_from(NOTES)),
                                  max_size=2))),
        conflicts=tuple(draw(st.lists(st.tuples(people, st.sampled_from(["", "på grund av sitt uppdrag"])),
                                      max_size=2))),
        attendance=tuple(draw(st.lists(st.tuples(people, st.sampled_from(["leaves", "arrives"]),
                                                 st.none() | people), max_size=2, unique_by=lambda a: a[0]))),
        clauses=tuple(draw(st.lists(st.sampled_from(["Motionen anses besvarad", "att uppdra åt kommunstyrelsen "
                                                     "att följa upp arbetet."]), max_size=2))),
        distribution=tuple(draw(st.lists(st.sampled_from(["Motionären", "Kommunstyrelsen"]), max_size=2))),
        layout=draw(st.sampled_from(LAYOUTS)),
        form=draw(st.sampled_from(list(MinuteLayout.DecisionForm.values))),
    )


@pytest.fixture
def cast(huddinge):
    parties = {p.abbreviation: p for p in Party.objects.all()}
    return [Person.objects.create(municipality=huddinge, name=name, party=parties[party]) for name, party in NAMES]


@pytest.fixture
def paragraph(seed_case):
    """The council's paragraph of the seed case, read once as the minutes read it; each example
    puts its own rows in place of what was recorded at it (in memory: nothing is saved)."""
    item = minute_items_for_render().get(motion=seed_case, body__short_name="KF")
    prefetch_related_objects([item.body.municipality], "layouts")
    return item


def cache(instance, name: str, rows) -> None:
    """`rows` as if prefetched into instance.<name>.all()."""
    rows = list(rows)
    queryset = type(rows[0]).objects.none() if rows else getattr(instance, name).none()
    queryset._result_cache, queryset._prefetch_done = rows, True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def record(scene: Scene, item, cast) -> None:
    """The scene's rows, in memory, in place of the paragraph's."""
    ids = iter(range(1, 10_000))

    def who(index):
        return {"person": cast[index], "party": cast[index].party}

    cache(item, "speakers", (Speaker(item=item, position=n, **who(i)) for n, i in enumerate(scene.speakers)))
    made = []
    for n, p in enumerate(scene.proposals):
        proposal = Proposal(pk=next(ids), item=item, position=n, text=p.text, kind=p.kind, rank=p.rank,
                            **who(p.person))
        cache(proposal, "seconders", (Seconder(proposal=proposal, position=m, **who(i))
                                      for m, i in enumerate(p.seconders)))
        made.append(proposal)
    cache(item, "proposals", made)
    cache(item, "questions", (Question(item=item, position=n, text=text, finding=finding)
                              for n, (text, finding) in enumerate(scene.questions)))
    votes = []
    for n, kind in enumerate(scene.votes):
        if kind == "older":
            vote = Vote(pk=next(ids), item=item, position=n, question="ja för avslag, nej för bifall", yes=5, no=2,
                        result="beslutar kommunfullmäktige att avslå motionen")
        else:
            tie = kind == "tie"
            vote = Vote(pk=next(ids), item=item, position=n, kind=Vote.Kind.CLOSED if kind == "closed" else "roll_call",
                        question="", yes_for="kommunstyrelsens förslag", no_for="Eva Lunds yrkande",
                        yes=3 if tie else 4, no=3 if tie else 2, abstained=0 if tie else 1,
                        casting_vote="no" if tie else "", result="")
        ballots = [] if kind in ("closed", "older") else [
            Ballot(vote=vote, position=m, choice=("yes", "no", "abstain")[m % 3], **who(m)) for m in range(len(cast))]
        cache(vote, "ballots", ballots)
        votes.append(vote)
    cache(item, "votes", votes)
    cache(item, "reservations", (
        Reservation(item=item, position=n, group=group, written=written, text=text,
                    in_favour_of=made[favoured] if favoured is not None and made else None, **who(i))
        for n, (i, group, favoured, written, text) in enumerate(scene.reservations)))
    cache(item, "separatestatements", (
        SeparateStatement(item=item, position=n, text=text, document="annexes/a.pdf" if document else "", **who(i))
        for n, (i, document, text) in enumerate(scene.statements)))
    cache(item, "notes", (
        ProtocolNote(item=item, position=n, text=text, person=cast[n] if by == "person" else None,
                     party=cast[n].party if by else None)
        for n, (by, text) in enumerate(scene.notes)))
    cache(item, "conflictofinterests", (ConflictOfInterest(item=item, position=n, text=text, **who(i))
                                        for n, (i, text) in enumerate(scene.conflicts)))
    cache(item.meeting, "attendance_changes", (
        AttendanceChange(meeting=item.meeting, person=cast[i], kind=kind, from_number=item.number,
                         at=datetime.time(19, 40) if n == 0 else None,
                         replaced_by=cast[other] if other is not None and other != i else None)
        for n, (i, kind, other) in enumerate(scene.attendance)))
    item.decision_clauses = list(scene.clauses)
    item.distribution = list(scene.distribution)


def layout_for(scene: Scene, item) -> MinuteLayout:
    if scene.layout == "general":
        sections = [["history", "Ärendets gång"], *[list(section) for section in GENERAL_SECTIONS]]
        return MinuteLayout(name="Test", sections=sections, decision_form=scene.form)
    if scene.layout == "decision only":
        return MinuteLayout(name="Test", sections=[["decision", "{genitive} beslut"]], decision_form=scene.form)
    own = next(layout for layout in item.body.municipality.layouts.all() if layout.name == scene.layout)
    return MinuteLayout(name=own.name, sections=own.sections, wording=own.wording, decision_form=scene.form)


# A stop and the next sentence's start: "beslutet. Vi", "kl. 19.40", "§ 12".
_NEXT_SENTENCE = re.compile(r"[.!?] (\S)")


def check_sentences(line: str) -> None:
    """One line of running text: whole sentences, each begun with a capital
    (or a digit, or §) and ended with a stop; a lead may end with a colon."""
    assert line == line.strip() and "  " not in line, line
    for wrong in (". .", "..", " .", " ,", " :", "()", ",.", ":.", ".,"):
        assert wrong not in line, (wrong, line)
    assert line[0].isupper() or line[0].isdigit() or line[0] == "§", line
    assert line[-1] in ".:", line
    for start in _NEXT_SENTENCE.findall(line):
        assert start.isupper() or start.isdigit() or start == "§", line


def check_list_line(line: str, form: str) -> None:
    assert line == line.strip() and "  " not in line and line, line
    assert "()" not in line and ".." not in line, line
    if line.startswith("att "):  # the layout's form, or the secretary's clauses written as att-clauses
        assert line[-1] in ",.", line


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(scene=scenes())
# The known symptom: "reserverar sig mot beslutet. till förmån för eget yrkande".
@example(scene=Scene((), (), (), (), ((0, 1, None, False, "till förmån för eget yrkande"),), (), (), (), (), (),
                     (), "Huddinge 2021–2023", "sentences"))
def test_every_line_of_a_paragraph_reads_as_swedish(scene, paragraph, cast):
    record(scene, paragraph, cast)
    context = item_context(paragraph, layout_for(scene, paragraph), annex_start=0)
    text = []
    for section in context["sections"]:
        assert section.lines, section.heading
        for line in section.lines:
            if section.listing:
                check_list_line(line, scene.form)
            else:
                check_sentences(line)
            text.append(line)
    for annex in context["annexes"]:
        text.append(" ".join([annex.get("people", ""), *(row["name"] for row in annex.get("rows", []))]))
    whole = " ".join(text)
    # Nothing recorded is dropped: everyone with a part is named.
    named = {*scene.speakers, *(r[0] for r in scene.reservations), *(s[0] for s in scene.statements),
             *(c[0] for c in scene.conflicts), *(a[0] for a in scene.attendance)}
    named |= {p.person for p in scene.proposals} | {s for p in scene.proposals for s in p.seconders}
    for index in named:
        assert cast[index].name in whole, (cast[index].name, whole)
    numbers = [annex["number"] for annex in context["annexes"]]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    for number in numbers:
        assert f"bilaga {number}." in whole or f"bilaga {number}," in whole
