"""Import and export of case files, through the management commands."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.casefile.exporter import dumps, export_case
from decisions.models import MinuteItem
from motions.models import Motion, MotionEvent
from organisation.models import Meeting
from referrals.models import Referral
from tests.cases.examples import full_case

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, data, name="case.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def counts():
    return (Motion.objects.count(), Referral.objects.count(), MinuteItem.objects.count(),
            MotionEvent.objects.count(), Meeting.objects.count())


def test_the_seed_case_tells_the_whole_story(seed_case):
    assert seed_case.status == "answered"
    assert seed_case.referrals.filter(status="answered").count() == 5
    social = seed_case.referrals.get(body__name="Socialnämnden").response
    assert "fyra personer år 2020" in social.text
    assert [(i.body.short_name, i.decision, i.proposal) for i in seed_case.minute_items.order_by("meeting__date")] == [
        ("KSAU", "hand_over", ""), ("KS", "propose", "deem_answered"), ("KF", "deem_answered", "")]
    assert "filed.date" in seed_case.illustrative


@pytest.mark.parametrize("case_number", ["KS-2021/345", "KS-2023/40"])
def test_export_after_import_gives_back_the_same_data(seed_case, tmp_path, case_number):
    """The seed case, and a case whose board paragraph uses every part a paragraph
    can have (tests/cases/examples.py; unsigned, so that it can be replaced)."""
    if case_number == "KS-2023/40":
        full = full_case()
        del full["minute_items"][1]["meeting"]["signed"]
        call_command("import_case", str(write(tmp_path, full, "full.json")))
    first = tmp_path / "first.json"
    call_command("export_case", case_number, "-o", str(first))
    call_command("import_case", str(first), "--replace")
    second = tmp_path / "second.json"
    call_command("export_case", case_number, "-o", str(second))
    assert first.read_text() == second.read_text()
    exported = json.loads(first.read_text())
    assert exported["case_number"] == case_number
    if case_number == "KS-2021/345":
        assert exported["title"] == "Inför en avhopparverksamhet för ett tryggare Huddinge"
    else:
        board = exported["minute_items"][1]
        assert [len(board[key]) for key in ("conflicts", "speakers", "proposals", "questions", "votes",
                                             "decision_clauses", "reservations", "statements", "notes",
                                             "distribution")] == [1, 2, 4, 2, 1, 1, 2, 1, 2, 2]
        assert len(board["votes"][0]["ballots"]) == 7 and board["proposals"][1]["seconders"]
        assert board["meeting"]["attendance"] and board["meeting"]["attendance_changes"]
        assert exported["filed"]["number"] == 5


def test_the_seed_file_is_what_export_writes(seed_case, seed_data):
    """Every value in the seed file survives the trip; export adds only defaults."""
    exported = export_case(seed_case)

    def contained(small, big, path="") -> None:
        if isinstance(small, dict):
            for key, value in small.items():
                contained(value, big[key], f"{path}.{key}")
        elif isinstance(small, list):
            assert len(small) == len(big), path
            for i, (a, b) in enumerate(zip(small, big, strict=True)):
                contained(a, b, f"{path}[{i}]")
        else:
            assert small == big, path

    contained(seed_data, exported)


def test_export_all_writes_an_array_that_imports_back(seed_case, huddinge, nujin, registrar, tmp_path):
    from motions.services import file_motion
    from tests.conftest import d

    file_motion(huddinge, title="Fler parkbänkar", movers=[nujin], received_on=d("2023-02-01"),
                registered_on=d("2023-02-01"), by=registrar)
    out = tmp_path / "all.json"
    call_command("export_case", "--all", "-o", str(out))
    cases = json.loads(out.read_text())
    assert [c["case_number"] for c in cases] == ["KS-2021/345", "KS-2023/1"]
    call_command("import_case", str(out), "--replace")
    again = tmp_path / "again.json"
    call_command("export_case", "--all", "-o", str(again))
    assert again.read_text() == out.read_text()
    # Written one case at a time, it is the same text as the whole list written at once.
    from cases.casefile.exporter import dumps, export_case
    from motions.models import Motion

    assert out.read_text() == dumps([export_case(m) for m in Motion.objects.order_by("filed_on", "case_number")])
    assert not list(tmp_path.glob("*.del"))


def test_export_all_of_no_cases_is_an_empty_list(db, tmp_path):
    out = tmp_path / "none.json"
    call_command("export_case", "--all", "-o", str(out))
    assert out.read_text() == "[]\n"


def test_an_existing_case_number_is_refused_without_replace(seed_case, seed_data, tmp_path):
    before = counts()
    with pytest.raises(CommandError, match=r"case_number: ärendet KS-2021/345 finns redan; använd --replace"):
        call_command("import_case", str(write(tmp_path, seed_data)))
    assert counts() == before


def _broken(seed_data, change):
    data = copy.deepcopy(seed_data)
    change(data)
    return data


BAD_INPUT = [
    pytest.param(lambda d: d.pop("title"), r"^.*: title: saknas men krävs", id="missing-field"),
    pytest.param(lambda d: d["referrals"][3].update(body="Socialnämden"),
                 r"referrals\[3\]\.body: okänt organ \"Socialnämden\"", id="unknown-body"),
    pytest.param(lambda d: d["minute_items"][0].update(speakers=["Nujin Alacabeck"]),
                 r"minute_items\[0\]\.speakers\[0\]: okänd person \"Nujin Alacabeck\"", id="unknown-person"),
    pytest.param(lambda d: d.update(movers=["Ingen Alls"]), r"movers\[0\]: okänd person", id="unknown-mover"),
    pytest.param(lambda d: d["referrals"][1]["response"].update(decided_on="2021-04-01"),
                 r"referrals\[1\]\.response\.decided_on: Datumet 2021-04-01 ligger före remissen",
                 id="answer-before-referral"),
    pytest.param(lambda d: d["minute_items"][2]["meeting"].update(date="2022-01-20"),
                 r"minute_items\[2\]: .*inte möjligt när ärendet har status", id="council-before-board"),
    pytest.param(lambda d: d["drafts"][0].update(drafted_on="2021-02-01"),
                 r"drafts\[0\]", id="draft-before-filing"),
    pytest.param(lambda d: d.update(received_on="2021-02-30"),
                 r"received_on: \"2021-02-30\" är inget giltigt datum", id="bad-date"),
    pytest.param(lambda d: d["minute_items"][1].update(decision="approve_maybe"),
                 r"minute_items\[1\]\.decision: \"approve_maybe\" är inte ett av", id="unknown-decision"),
    pytest.param(lambda d: d.update(recieved_on="2021-03-08"), r"recieved_on: okänd nyckel", id="unknown-key"),
    pytest.param(lambda d: d.update(status="rejected"),
                 r"status: filen anger rejected men stegen i filen leder till answered", id="status-mismatch"),
    pytest.param(lambda d: d.update(received_on="20210308"),
                 r"received_on: \"20210308\" är inget giltigt datum \(ÅÅÅÅ-MM-DD\)", id="compact-date"),
    pytest.param(lambda d: d["referrals"][0].update(extended_due_on="2021-09-01", extended_on="2021-08-01"),
                 r"referrals\[0\]\.extended_due_on: Den nya svarstiden \(2021-09-01\) måste vara senare",
                 id="extension-not-later"),
    pytest.param(lambda d: d["referrals"][0].update(withdrawn_on="2021-05-01"),
                 r"referrals\[0\]\.withdrawn_on: bara en återkallad remiss", id="stray-withdrawal-date"),
    pytest.param(lambda d: d["minute_items"][0].update(proposal="reject"),
                 r"minute_items\[0\]\.proposal: bara beslutet propose har ett förslag", id="stray-proposal"),
    pytest.param(lambda d: d["minute_items"][1].pop("proposal"),
                 r"minute_items\[1\]\.proposal: saknas men krävs", id="proposal-missing"),
    pytest.param(lambda d: d.update(case_number="   "), r"case_number: saknas men krävs", id="blank-case-number"),
    pytest.param(lambda d: d["minute_items"][0].update(number=0),
                 r"minute_items\[0\]\.number: ska vara ett heltal från 1 till", id="bad-number"),
    pytest.param(lambda d: d["minute_items"][0].update(number=10**12),
                 r"minute_items\[0\]\.number: ska vara ett heltal från 1 till 2147483647", id="huge-number"),
    pytest.param(lambda d: d["minute_items"][2].update(votes=[{"question": "q", "yes": 70000, "no": 1, "result": "r"}]),
                 r"minute_items\[2\]\.votes\[0\]\.yes: ska vara ett heltal från 0 till 32767", id="vote-overflow"),
    pytest.param(lambda d: d.update(title="x" * 301), r"title: är för lång: högst 300 tecken", id="long-title"),
    pytest.param(lambda d: d.update(summary="a\u0000b"), r"summary: innehåller ett nolltecken", id="nul"),
    pytest.param(lambda d: d["referrals"][0]["response"].update(paragraph="§" * 21),
                 r"referrals\[0\]\.response\.paragraph: är för lång", id="long-paragraph"),
    pytest.param(lambda d: d.update(documents=[{
        "number": 1, "dated_on": "2021-03-08", "kind": "motion", "title": "Motionen", "file": "../../etc/passwd",
        "sha256": "0" * 64}]),
                 r"documents\[0\]\.file: filen \"../../etc/passwd\" finns inte", id="document-outside"),
    pytest.param(lambda d: d.update(case_number="KS 2021:345"),
                 r"case_number: Diarienumret KS 2021:345 har inte formen KS-ÅÅÅÅ/NNN, till exempel KS-2021/345;",
                 id="case-number-format"),
    pytest.param(lambda d: d.update(case_number="KS KF/2021:345"),
                 r"case_number: Diarienumret KS KF/2021:345 har inte formen KS-ÅÅÅÅ/NNN", id="other-form"),
    pytest.param(lambda d: d["drafts"][0].update(drafted_on="2021-03-01"),
                 r"drafts\[0\]\.drafted_on: .*före", id="draft-date-path"),
    pytest.param(lambda d: [r.update(sent_on="2021-03-01") for r in d["referrals"]],
                 r"referrals\[0\]\.sent_on: Datumet 2021-03-01 ligger före dagen då motionen väcktes",
                 id="sent-before-filing"),
    pytest.param(lambda d: d["referrals"][2].update(due_on="2021-04-01"),
                 r"referrals\[2\]\.due_on: Svarsdatumet för Kultur- och fritidsnämnden", id="due-in-batch"),
    pytest.param(lambda d: d["movers"][0].update(party="XYZ"), r"movers\[0\]\.party: okänt parti \"XYZ\"",
                 id="unknown-party"),
]


@pytest.mark.parametrize(("change", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_its_path_and_nothing_is_written(huddinge, seed_data, tmp_path, change, message):
    path = write(tmp_path, _broken(seed_data, change))
    before = counts()
    with pytest.raises(CommandError, match=message) as refused:
        call_command("import_case", str(path))
    assert str(refused.value).endswith("inget lästes in.")
    assert counts() == before


def test_a_case_number_in_the_organisations_own_form_imports_and_the_default_form_is_refused(
        huddinge, seed_data, tmp_path):
    huddinge.case_number_format = "{prefix} KF/{year}:{number}"
    huddinge.save()
    with pytest.raises(CommandError, match=r"case_number: Diarienumret KS-2021/345 har inte formen KS KF/ÅÅÅÅ:NNN, "
                                           r"till exempel KS KF/2021:345;"):
        call_command("import_case", str(write(tmp_path, seed_data)))
    call_command("import_case", str(write(tmp_path, {**seed_data, "case_number": "KS KF/2021:345"})))
    assert Motion.objects.get(case_number="KS KF/2021:345").municipality == huddinge


def test_deeply_nested_json_is_refused_without_a_traceback(huddinge, tmp_path):
    with pytest.raises(CommandError, match="för djupt nästlad"):
        call_command("import_case", str(write(tmp_path, "[" * 100_000)))


def test_the_party_people_had_in_the_case_survives_export_and_import(seed_case, nujin, tmp_path):
    """A councillor who later changes party keeps the party of the minutes."""
    from organisation.models import Party

    nujin.party = Party.objects.get(abbreviation="S")
    nujin.save()
    out = tmp_path / "case.json"
    call_command("export_case", "KS-2021/345", "-o", str(out))
    call_command("import_case", str(out), "--replace")
    motion = Motion.objects.get(case_number="KS-2021/345")
    assert [m.party.abbreviation for m in motion.movers.all()] == ["V"]
    item = motion.minute_items.get(body__short_name="KSAU")
    assert [s.party.abbreviation for s in item.speakers.all()] == ["V"]
    assert json.loads(out.read_text())["movers"] == [{"name": "Nujin Alacabek", "party": "V"}]


def test_a_person_given_by_name_only_takes_their_party_now(huddinge, seed_data, tmp_path):
    data = copy.deepcopy(seed_data)
    data["movers"] = ["Nujin Alacabek"]
    call_command("import_case", str(write(tmp_path, data)))
    assert Motion.objects.get().movers.get().party.abbreviation == "V"


def test_malformed_json_names_line_and_column(huddinge, tmp_path):
    with pytest.raises(CommandError, match=r"ogiltig JSON på rad 2, kolumn 12"):
        call_command("import_case", str(write(tmp_path, '{\n  "title": }')))


def test_a_duplicate_case_number_within_one_file(huddinge, seed_data, tmp_path):
    with pytest.raises(CommandError, match=r"\[1\]\.case_number: diarienumret förekommer två gånger"):
        call_command("import_case", str(write(tmp_path, [seed_data, seed_data])))
    assert not Motion.objects.exists()


def test_one_bad_case_in_an_array_rolls_back_the_good_ones(huddinge, seed_data, tmp_path):
    bad = _broken(seed_data, lambda d: d.update(case_number="KS-2021/346", movers=["Okänd"]))
    with pytest.raises(CommandError, match=r"\[1\]\.movers\[0\]: okänd person"):
        call_command("import_case", str(write(tmp_path, [seed_data, bad])))
    assert counts() == (0, 0, 0, 0, 0)


def test_export_of_an_unknown_case_number(db):
    with pytest.raises(CommandError, match="Inget ärende har diarienumret KS-1999/1"):
        call_command("export_case", "KS-1999/1")


@pytest.mark.django_db(transaction=True)
def test_command_line_errors_exit_non_zero_without_a_traceback(tmp_path):
    """As a secretary runs it: a message, exit status 1, no traceback."""
    path = write(tmp_path, '{"case_number": "KS-2021/1"')
    result = subprocess.run(
        [sys.executable, "manage.py", "import_case", str(path)], cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert "ogiltig JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_dumps_keeps_swedish_letters_readable():
    assert dumps({"a": "å"}) == '{\n  "a": "å"\n}\n'


def test_the_documented_example_imports(huddinge):
    """docs/case-file.md's minimal example is a valid case file."""
    from cases.casefile.importer import import_cases
    from cases.casefile.validation import parse

    text = (ROOT / "docs" / "case-file.md").read_text(encoding="utf-8")
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    (motion,) = import_cases(parse(example))
    assert motion.status == "rejected"


def test_a_case_file_is_read_one_case_at_a_time(seed_data):
    """A list of cases is imported as it is read: the first case comes before the file is read to its end."""
    import io

    from cases.casefile.validation import read_cases

    class Stream(io.StringIO):
        read_to = 0

        def read(self, size=-1):
            text = super().read(size)
            Stream.read_to = self.tell()
            return text

    one = json.dumps(seed_data, ensure_ascii=False, indent=2)
    text = "[\n" + ",\n".join([one] * 200) + "\n]\n"
    cases = read_cases(Stream(text))
    path, first = next(cases)
    assert (path, first) == ("[0]", seed_data)
    assert Stream.read_to < len(text) / 10
    assert [path for path, _ in cases][-1] == "[199]"


def test_exporting_all_cases_reads_a_fixed_number_of_queries_per_batch(seed_case):
    """write_cases reads the cases in batches with everything they hold: not a query per case."""
    import io

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.casefile.exporter import export_case, write_cases
    from cases.casefile.importer import import_cases

    # The seed case with its referrals and draft, without its paragraphs (their numbers are taken).
    one = {**export_case(seed_case), "minute_items": [], "status": None}
    one["filed"] = {**one["filed"], "number": None}

    def queries():
        with CaptureQueriesContext(connection) as captured:
            write_cases(Motion.objects.order_by("pk"), io.StringIO())
        return len(captured)

    for number in range(2, 6):
        import_cases({**one, "case_number": f"KS-2021/{900 + number}"})
    few = queries()
    for number in range(6, 16):
        import_cases({**one, "case_number": f"KS-2021/{900 + number}"})
    assert queries() == few
