"""Case files carry everything that happened at a paragraph (proposals with
seconders and ranks, propositions with findings, votes with ballots and the
chair's casting vote, reservations, statements, notes, conflicts of
interest, the secretary's clauses and the distribution list), the history of
the meetings (times, attendance, those leaving and arriving, minutes signed
elsewhere) and the council's filing as a paragraph."""

import contextlib
import copy
import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from cases.casefile.exporter import export_case
from cases.casefile.importer import import_cases
from cases.casefile.validation import CaseFileError
from decisions.documents import extract_html
from decisions.models import Decision, MinuteItem, RenderedDocument, RenderJob
from decisions.selectors.minutes import minute_items_for_render
from decisions.services.rendering import start_render
from motions.models import Motion, MotionEvent
from organisation.models import AttendanceChange, Meeting, MeetingEvent
from tests.cases.examples import KS, SOURCE, full_case
from tests.cases.test_casefile import counts, write


def the_paragraph() -> MinuteItem:
    return MinuteItem.objects.get(body__name=KS, number=25)


def test_every_part_of_a_paragraph_is_imported(huddinge):
    import_cases(full_case())
    item = the_paragraph()
    assert [(c.person.name, c.text) for c in item.conflictofinterests.all()] == [
        ("Lena Holm", "Lena Holm är anställd inom socialförvaltningen.")]
    assert [(p.person.name, p.kind, p.rank, [s.person.name for s in p.seconders.all()]) for p in item.proposals.all()] \
        == [("Anna Berglund", "main", None, []), ("Nujin Alacabek", "main", None, ["Erik Sandberg"]),
            ("Johan Ek", "main", 1, []), ("Johan Ek", "send_back", 2, [])]
    assert [(q.text, q.finding) for q in item.questions.all()] == [
        ("först på om ärendet ska avgöras i dag och finner att det ska avgöras i dag", ""),
        ("förvaltningens förslag och Nujin Alacabeks yrkande",
         "kommunstyrelsen beslutar enligt förvaltningens förslag"),
    ]
    (vote,) = item.votes.all()
    # The counts come from the ballots; the tie is decided by the chair.
    assert (vote.kind, vote.yes, vote.no, vote.abstained, vote.casting_vote, vote.won) == (
        "roll_call", 3, 3, 1, "yes", "yes")
    assert (vote.yes_for, vote.no_for) == ("förvaltningens förslag", "Nujin Alacabeks yrkande")
    assert [(b.person.name, b.party.abbreviation, b.choice) for b in vote.ballots.all()][2] == ("Johan Ek", "SD", "yes")
    assert [(r.person.name, r.group, r.in_favour_of.person.name, r.written, r.text) for r in item.reservations.all()] \
        == [("Nujin Alacabek", 1, "Nujin Alacabek", True, ""), ("Erik Sandberg", 1, "Nujin Alacabek", False,
                                                                   "Bänkarna behövs nu.")]
    assert [(s.person.name, s.text) for s in item.separatestatements.all()] == [
        ("Sofia Åkesson", "Miljöpartiet välkomnar arbetet.")]
    assert [(n.text, n.person and n.person.name, n.party and n.party.abbreviation) for n in item.notes.all()] == [
        ("Ärendet föredras av kommundirektören.", None, None),
        ("Sverigedemokraterna vill se en plan.", "Johan Ek", "SD")]
    assert item.decision_clauses == ["Kommunstyrelsen föreslår kommunfullmäktige besluta att motionen anses besvarad."]
    assert item.distribution == ["Kommunfullmäktige", "Kultur- och fritidsnämnden"]


def test_the_meetings_history_is_imported_and_its_minutes_are_signed_as_imported(huddinge):
    import_cases(full_case())
    meeting = Meeting.objects.get(body__name=KS, date="2023-03-06")
    assert (meeting.starts_at, meeting.ends_at) == (datetime.time(13), datetime.time(16, 30))
    assert [(a.person.name, a.role, a.duty, a.signs) for a in meeting.attendance.all()][:2] == [
        ("Anna Berglund", "member", "chair", False), ("Erik Sandberg", "member", "", True)]
    (change,) = meeting.attendance_changes.all()
    assert (change.person.name, change.kind, change.from_number, change.at) == (
        "Sofia Åkesson", "arrives", 20, datetime.time(13, 40))
    # Signed as the original says, the dates not given proposed from the law; not a draft.
    assert meeting.is_signed and meeting.imported_from == SOURCE
    assert (meeting.signed_on, meeting.posted_on, meeting.appeal_until, meeting.notice_removed_on) == (
        datetime.date(2023, 3, 9), datetime.date(2023, 3, 10), datetime.date(2023, 3, 31), datetime.date(2023, 4, 1))
    assert meeting.kept_at == "Kommunstyrelsens förvaltning"
    signing = meeting.events.get(kind=MeetingEvent.Kind.SIGNED)
    assert SOURCE in signing.description
    # Nothing is rendered or archived: the signed original is the source's.
    assert not RenderJob.objects.filter(meeting=meeting).exists()
    assert not RenderedDocument.objects.filter(meeting=meeting).exists()
    assert not start_render(meeting, archive=True, by=None).archive


def test_the_extract_of_imported_signed_minutes_is_public_and_rendered_from_the_record(huddinge, client):
    import_cases(full_case())
    response = client.get(the_paragraph().get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert not RenderedDocument.objects.filter(archived=True).exists()
    html = extract_html(minute_items_for_render().get(pk=the_paragraph().pk))
    assert f"Överfört från {SOURCE}" in html and "UTKAST" not in html


def test_the_council_filing_is_a_paragraph_at_the_filing_meeting(huddinge):
    (motion,) = import_cases(full_case())
    filing = motion.minute_items.get(decision=Decision.FILE)
    assert (filing.meeting.body.name, str(filing.meeting.date), filing.number) == ("Kommunfullmäktige", "2023-01-16", 5)
    assert motion.events.filter(kind=MotionEvent.Kind.HANDLED, description="Kommunfullmäktige § 5").exists()
    assert filing.meeting.events.filter(kind=MeetingEvent.Kind.PARAGRAPH_RECORDED,
                                        description="§ 5 KS-2023/40").exists()
    exported = export_case(motion)
    assert exported["filed"]["number"] == 5
    assert [item["number"] for item in exported["minute_items"]] == [30, 25, 40]


@contextlib.contextmanager
def rolled_back():
    """The import and export inside, as if into an empty register."""
    class _Undo(Exception):
        pass
    with contextlib.suppress(_Undo), transaction.atomic():
        yield
        raise _Undo


def _export_of(data) -> dict:
    result = {}
    with rolled_back():
        (motion,) = import_cases(copy.deepcopy(data))
        result.update(export_case(motion))
    return result


def contained(small, big, path="") -> None:
    """Every value of `small` is in `big` (which may have more keys)."""
    if isinstance(small, dict):
        for key, value in small.items():
            contained(value, big[key], f"{path}.{key}")
    elif isinstance(small, list):
        assert len(small) == len(big), path
        for i, (a, b) in enumerate(zip(small, big, strict=True)):
            contained(a, b, f"{path}[{i}]")
    else:
        assert small == big, path


def test_export_writes_what_import_reads_and_gives_back_the_same_file(huddinge):
    first = _export_of(full_case())
    assert _export_of(first) == first
    given = full_case()
    # A person by name is exported with their party; the rest as given.
    item = given["minute_items"][1]
    item["speakers"] = [{"name": "Nujin Alacabek", "party": "V"}, {"name": "Anna Berglund", "party": "M"}]
    contained(item["questions"], first["minute_items"][1]["questions"])
    contained(item["notes"][0], first["minute_items"][1]["notes"][0])
    contained(item["votes"][0]["ballots"][2], first["minute_items"][1]["votes"][0]["ballots"][2])
    contained(item["meeting"]["signed"], first["minute_items"][1]["meeting"]["signed"])
    contained(item["meeting"]["attendance_changes"], first["minute_items"][1]["meeting"]["attendance_changes"])
    assert first["minute_items"][1]["votes"][0] | {"ballots": []} == {
        "question": "ja för förvaltningens förslag, nej för Nujin Alacabeks yrkande", "kind": "roll_call",
        "yes_for": "förvaltningens förslag", "no_for": "Nujin Alacabeks yrkande", "yes": 3, "no": 3, "abstained": 1,
        "ballots": [], "casting_vote": "yes", "won": "yes",
        "result": "beslutar kommunstyrelsen enligt förvaltningens förslag"}
    assert first["minute_items"][1]["reservations"][0]["in_favour_of"] == 2
    assert first["minute_items"][1]["meeting"]["signed"]["appeal_until"] == "2023-03-31"
    assert first["filed"]["number"] == 5


def test_the_export_command_round_trip_through_the_commands(huddinge, tmp_path):
    """import_case, export_case, and the exported file imported again (into an
    empty register) gives the same file."""
    out = tmp_path / "export.json"
    with rolled_back():
        call_command("import_case", str(write(tmp_path, full_case())))
        call_command("export_case", "KS-2023/40", "-o", str(out))
    again = tmp_path / "again.json"
    with rolled_back():
        call_command("import_case", str(out))
        call_command("export_case", "KS-2023/40", "-o", str(again))
    assert again.read_text() == out.read_text()


def test_a_second_case_at_the_same_meeting_agrees_or_leaves_the_history_out(huddinge):
    first = full_case()
    second = copy.deepcopy(first)
    second.update(case_number="KS-2023/41", title="Fler papperskorgar i Flemingsberg")
    del second["filed"]["number"]
    # The same board meeting: its whole history again, and the council's without any.
    second["minute_items"][0]["number"] = 31
    second["minute_items"][1].update(number=26, votes=[], reservations=[], conflicts=[])
    second["minute_items"][2]["number"] = 41
    import_cases([first, second])
    meeting = Meeting.objects.get(body__name=KS, date="2023-03-06")
    # Signed once every paragraph of the file is recorded at it.
    assert sorted(meeting.items.values_list("number", flat=True)) == [25, 26]
    assert meeting.is_signed and meeting.events.filter(kind=MeetingEvent.Kind.SIGNED).count() == 1
    assert meeting.attendance.count() == 10 and AttendanceChange.objects.filter(meeting=meeting).count() == 1


def test_unknown_optional_values_are_null_and_stored_empty(huddinge):
    data = full_case()
    item = data["minute_items"][1]
    item["meeting"]["starts_at"] = item["meeting"]["ends_at"] = None
    item["meeting"]["attendance_changes"][0]["at"] = None
    item["meeting"]["signed"].update(posted_on=None, kept_at=None)
    item["votes"][0].update(yes_for=None, no_for=None, yes=None, no=None, abstained=None, won=None)
    item["reservations"][1].update(in_favour_of=None, text=None, group=None, written=None)
    item["proposals"][0].update(kind=None, rank=None, seconders=None)
    item["questions"][1]["finding"] = None
    item["conflicts"][0]["text"] = None
    import_cases(data)
    paragraph = the_paragraph()
    meeting = paragraph.meeting
    assert (meeting.starts_at, meeting.ends_at, meeting.kept_at) == (None, None, "")
    assert meeting.attendance_changes.get().at is None
    # The notice dates are the register's for signed minutes: proposed from the law.
    assert meeting.posted_on == datetime.date(2023, 3, 10)  # Thursday's signing: Friday, not Saturday
    vote = paragraph.votes.get()
    assert (vote.yes_for, vote.no_for, vote.yes, vote.no, vote.abstained, vote.won) == ("", "", 3, 3, 1, "yes")
    reservation = paragraph.reservations.get(position=2)
    assert (reservation.in_favour_of, reservation.text, reservation.group, reservation.written) == (None, "", 1, False)
    assert paragraph.questions.get(position=2).finding == ""
    assert paragraph.conflictofinterests.get().text == ""


def _board(data):
    """The board's paragraph, § 25."""
    return data["minute_items"][1]


def _arrives_after(data):
    """Sofia Åkesson arrives after the paragraph (§ 25)."""
    _board(data)["meeting"]["attendance_changes"][0]["from_paragraph"] = 26


def _ballot(data, name):
    return next(b for b in _board(data)["votes"][0]["ballots"] if b["person"] == name)


def _second_case(data):
    """Another case at the same board meeting, whose file says it was signed on another day."""
    second = copy.deepcopy(data)
    second.update(case_number="KS-2023/41", filed=None)
    second["minute_items"][1].update(number=26, votes=[], reservations=[])
    second["minute_items"][1]["meeting"]["signed"]["signed_on"] = "2023-03-08"
    return [data, second]


BAD_PARAGRAPHS = [
    pytest.param(lambda d: _board(d)["votes"][0].update(yes=4),
                 r"minute_items\[1\]\.votes\[0\]: Röstlistan har 3 ja-röster, men 4 anges",
                 id="ballots-and-yes-disagree"),
    pytest.param(lambda d: _board(d)["votes"][0].pop("casting_vote"),
                 r"minute_items\[1\]\.votes\[0\]: Rösterna utfaller lika, 3 ja och 3 nej; ordförandens utslagsröst "
                 r"saknas", id="tie-without-casting-vote"),
    pytest.param(lambda d: _ballot(d, "Maria Lind").update(vote="yes"),
                 r"minute_items\[1\]\.votes\[0\]: Ordföranden har utslagsröst bara när rösterna utfaller lika",
                 id="casting-vote-without-tie"),
    pytest.param(lambda d: _board(d)["reservations"][1].update(in_favour_of=5),
                 r"minute_items\[1\]\.reservations\[1\]: Reservationen är till förmån för yrkande 5, men paragrafen "
                 r"har 4 yrkanden", id="in-favour-of-out-of-range"),
    pytest.param(lambda d: _board(d)["proposals"][1]["seconders"].append("Nujin Alacabek"),
                 r"minute_items\[1\]\.proposals\[1\]: Nujin Alacabek kan inte instämma i sitt eget yrkande",
                 id="seconder-is-proposer"),
    pytest.param(lambda d: _board(d)["proposals"][3].update(rank=3),
                 r"minute_items\[1\]\.proposals\[2\]: Yrkandena från Johan Ek ska stå i första, andra",
                 id="rank-gap"),
    pytest.param(lambda d: _board(d)["votes"][0]["ballots"].append({"person": "Lena Holm", "vote": "no"}),
                 r"minute_items\[1\]\.votes\[0\]\.ballots\[7\]\.person: Lena Holm har anmält jäv",
                 id="conflicted-member-votes"),
    pytest.param(lambda d: _board(d)["meeting"]["attendance_changes"].append(
                     {"person": "Per Nyström", "kind": "leaves", "from_paragraph": 24}),
                 r"minute_items\[1\]\.votes\[0\]\.ballots\[1\]\.person: Bara tjänstgörande .*Per Nyström tjänstgör "
                 r"inte vid § 25", id="ballot-after-leaving"),
    pytest.param(lambda d: _arrives_after(d) or _board(d)["statements"].clear(),
                 r"minute_items\[1\]\.votes\[0\]\.ballots\[5\]\.person: .*Sofia Åkesson tjänstgör inte vid § 25",
                 id="ballot-before-arriving"),
    pytest.param(lambda d: _arrives_after(d) or _board(d)["speakers"].append("Sofia Åkesson")
                 or _board(d)["votes"][0]["ballots"].pop(5) or _board(d)["statements"].clear(),
                 r"minute_items\[1\]\.speakers\[2\]: Sofia Åkesson är inte närvarande vid § 25 enligt närvarolistan",
                 id="speaker-before-arriving"),
    pytest.param(lambda d: _board(d)["speakers"].append("Olof Wikström"),
                 r"minute_items\[1\]\.speakers\[2\]: Olof Wikström är inte närvarande vid",
                 id="speaker-not-at-the-meeting"),
    pytest.param(_second_case,
                 r"\[1\]\.minute_items\[1\]\.meeting\.signed\.signed_on: skiljer sig från justeringen av samma "
                 r"sammanträde i \[0\]\.minute_items\[1\]\.meeting\.signed", id="signing-conflict-between-cases"),
    pytest.param(lambda d: _ballot(d, "Anna Berglund").update(vote="ja"),
                 r"minute_items\[1\]\.votes\[0\]\.ballots\[0\]\.vote: \"ja\" är inte ett av: yes, no, abstain",
                 id="ballot-in-swedish"),
    pytest.param(lambda d: _board(d)["votes"][0].update(ballots=[]),
                 r"minute_items\[1\]\.votes\[0\]\.yes: saknas men krävs när röstlistan", id="no-counts-no-ballots"),
    pytest.param(lambda d: _board(d)["votes"][0].update(won="no"),
                 r"minute_items\[1\]\.votes\[0\]: Med 3 ja och 3 nej vinner ja-sidan, men utfallet anges som nej",
                 id="won-contradicts-casting-vote"),
    pytest.param(lambda d: _ballot(d, "Per Nyström").update(replaces="Ingen Alls"),
                 r"minute_items\[1\]\.votes\[0\]\.ballots\[1\]\.replaces: okänd person", id="unknown-replaced"),
    pytest.param(lambda d: _board(d)["statements"][0].pop("text"),
                 r"minute_items\[1\]\.statements\[0\]: Ett särskilt yttrande har en text eller en bilaga",
                 id="empty-statement"),
    pytest.param(lambda d: _board(d)["reservations"][0].update(document="annexes/saknas.pdf"),
                 r"minute_items\[1\]\.reservations\[0\]: Bilagan annexes/saknas.pdf finns inte", id="missing-annex"),
    pytest.param(lambda d: _board(d)["meeting"]["attendance"][1].update(role="chair"),
                 r"minute_items\[1\]\.meeting\.attendance\[1\]\.role: \"chair\" är inte ett av", id="unknown-role"),
    pytest.param(lambda d: _board(d)["meeting"]["attendance"][2].update(signs=True, role="other"),
                 r"minute_items\[1\]\.meeting\.attendance\[2\]: Justerare ska vara tjänstgörande",
                 id="attendance-refused-by-its-row"),
    pytest.param(lambda d: _board(d)["meeting"]["attendance_changes"][0].update(person="Olof Wikström"),
                 r"minute_items\[1\]\.meeting\.attendance_changes\[0\]\.person: Olof Wikström finns inte i "
                 r"sammanträdets närvarolista", id="change-of-someone-not-there"),
    pytest.param(lambda d: _board(d)["meeting"]["attendance_changes"][0].update(replaced_by="Sofia Åkesson"),
                 r"attendance_changes\[0\]\.replaced_by: Sofia Åkesson kan inte ersätta sig själv",
                 id="change-replaced-by-self"),
    pytest.param(lambda d: _board(d)["meeting"].update(starts_at="1300"),
                 r"minute_items\[1\]\.meeting\.starts_at: \"1300\" är inget giltigt klockslag", id="bad-time"),
    pytest.param(lambda d: _board(d)["meeting"].update(ends_at="12:00"),
                 r"minute_items\[1\]\.meeting\.ends_at: Sammanträdet kan inte sluta", id="ends-before-start"),
    pytest.param(lambda d: _board(d)["meeting"]["signed"].update(signed_on="2023-03-05"),
                 r"minute_items\[1\]\.meeting\.signed\.signed_on: Protokollet kan inte justeras \(2023-03-05\) före",
                 id="signed-before-held"),
    pytest.param(lambda d: _board(d)["meeting"]["signed"].update(posted_on="2023-03-08"),
                 r"minute_items\[1\]\.meeting\.signed\.posted_on: Anslaget kan inte sättas upp", id="posted-early"),
    pytest.param(lambda d: _board(d)["meeting"]["signed"].pop("source"),
                 r"minute_items\[1\]\.meeting\.signed\.source: saknas men krävs", id="signed-without-source"),
    pytest.param(lambda d: d["minute_items"][2]["meeting"].update(
                     signed={"signed_on": "2023-03-20", "source": SOURCE}),
                 r"minute_items\[2\]\.meeting\.signed\.signed_on: Protokollet kan inte justeras \(2023-03-20\) före",
                 id="signed-before-the-council-met"),
    pytest.param(lambda d: d["filed"].update(number=0),
                 r"filed\.number: ska vara ett heltal från 1", id="bad-filing-number"),
    pytest.param(lambda d: _board(d).update(decision="file", proposal=None),
                 r"minute_items\[1\]\.decision: motionens anmälan i fullmäktige anges med filed\.number",
                 id="filing-as-an-item"),
    pytest.param(lambda d: d["minute_items"][2].update(number=5),
                 r"minute_items\[2\]\.number: Kommunfullmäktige har redan en § 5 år 2023", id="filing-number-taken"),
]


@pytest.mark.parametrize(("change", "message"), BAD_PARAGRAPHS)
def test_a_bad_paragraph_or_meeting_is_refused_at_its_path_and_nothing_is_written(huddinge, tmp_path, change,
                                                                               message):
    data = full_case()
    changed = change(data)
    # A change returns a list when it makes the file an array of cases.
    path = write(tmp_path, changed if isinstance(changed, list) else data)
    before = (*counts(), MeetingEvent.objects.count(), AttendanceChange.objects.count())
    with pytest.raises(CommandError, match=message) as refused:
        call_command("import_case", str(path))
    assert str(refused.value).endswith("inget lästes in.")
    assert (*counts(), MeetingEvent.objects.count(), AttendanceChange.objects.count()) == before


def test_history_that_differs_from_the_recorded_is_refused(huddinge):
    import_cases(full_case())
    second = full_case()
    second.update(case_number="KS-2023/42", filed=None)
    second.pop("status")
    second["minute_items"] = [second["minute_items"][1]]
    meeting = second["minute_items"][0]["meeting"]
    for change, path in [
        (lambda m: m["attendance"][3].update(role="not_serving"), r"minute_items\[0\]\.meeting\.attendance\[3\]: "
                                                                  r"skiljer sig från sammanträdets närvarolista"),
        (lambda m: m["attendance"].pop(), r"minute_items\[0\]\.meeting\.attendance: sammanträdets närvarolista är "
                                          r"redan förd, med 10 personer"),
        (lambda m: m.update(starts_at="13:30"), r"minute_items\[0\]\.meeting\.starts_at: sammanträdet finns redan "
                                                r"med början kl\. 13:00"),
        (lambda m: m["attendance_changes"][0].update(at="13:45"), r"minute_items\[0\]\.meeting\.attendance_changes:"
                                                                  r" skiljer sig från de ändringar"),
        (lambda m: m["signed"].update(posted_on="2023-03-11"), r"minute_items\[0\]\.meeting\.signed\.posted_on: "
                                                               r"protokollet är redan justerat 2023-03-09; registret "
                                                               r"har ”2023-03-10”"),
    ]:
        data = copy.deepcopy(second)
        change(data["minute_items"][0]["meeting"])
        with pytest.raises(CaseFileError, match=path):
            import_cases(data)
    assert meeting  # the unchanged history agrees; the meeting is signed, so no paragraph can be added there
    with pytest.raises(CaseFileError, match=r"minute_items\[0\]\.meeting: Protokollet från .* justerades"):
        import_cases(second)
    assert not Motion.objects.filter(case_number="KS-2023/42").exists()


def test_the_documented_full_example_imports_and_round_trips(huddinge):
    """docs/case-file.md's example of a paragraph with a roll-call vote and a casting vote."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "case-file.md").read_text(encoding="utf-8")
    example = json.loads(text.split("```json\n")[2].split("```", 1)[0])
    exported = _export_of(example)
    assert exported["status"] == example["status"]
    assert _export_of(exported) == exported
