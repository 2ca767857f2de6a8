"""Running a meeting: the § numbers, attendance, signing, the frozen minutes and appeals."""

import datetime
import json
import re
import threading
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from cases.casefile.importer import import_cases
from cases.casefile.validation import CaseFileError
from decisions.models import AgendaItem, Appeal, MinuteItem
from decisions.services.case_steps import put_on_agenda, record_minute_item
from decisions.services.meetings import (
    add_other_matter,
    move_agenda_item,
    number_agenda,
    record_other_matter,
    remove_agenda_item,
)
from decisions.services.paragraphs import MinuteRecord, ReservationRecord
from decisions.services.signing import (
    propose_notice_dates,
    record_appeal,
    sign_minutes,
    signing_problems,
)
from lib.errors import DomainError
from motions.models import Motion, MotionEvent, Status
from organisation.models import Attendance, Meeting, MeetingEvent, Municipality, Person
from organisation.services import AttendanceRecord, record_attendance, update_meeting
from tests.conftest import SEED_CASE, d
from tests.support.meetings import (
    CHAIR,
    KSAU,
    MEMBER,
    NOT_SERVING,
    NOTICE,
    SECRETARY,
    SUBSTITUTE,
    full_attendance,
    on_agenda,
    planned,
)

# --- helpers ---------------------------------------------------------------

def agenda_numbers(meeting: Meeting) -> list[int | None]:
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("number", flat=True))


def agenda_titles(meeting: Meeting) -> list[str]:
    return [item.title or item.motion.case_number
            for item in AgendaItem.objects.filter(meeting=meeting).select_related("motion").order_by("position")]


def snapshot(meeting: Meeting) -> dict:
    """Everything recorded of a meeting, and the counts of what a refused step could have added."""
    return {
        "meeting": Meeting.objects.filter(pk=meeting.pk).values().get(),
        "attendance": list(Attendance.objects.filter(meeting=meeting).order_by("position").values()),
        "agenda": list(AgendaItem.objects.filter(meeting=meeting).order_by("position").values()),
        "items": list(MinuteItem.objects.filter(meeting=meeting).order_by("number").values()),
        "counts": (Meeting.objects.count(), AgendaItem.objects.count(), MinuteItem.objects.count(),
                   Motion.objects.count(), MotionEvent.objects.count(), Appeal.objects.count(),
                   MeetingEvent.objects.count()),
    }


FROZEN = re.escape(
    "Protokollet från Kommunstyrelsens arbetsutskott 2022-01-25 justerades 2022-01-27 och kan inte längre ändras"
)


# --- the § numbers -------------------------------------------------------

def test_agenda_items_are_numbered_in_agenda_order(ksau, case, registrar):
    first, second = case(), case()
    meeting, items = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare", first, "Information", second)
    move_agenda_item(items[3], up=True, by=registrar)  # the second case before the information
    numbered = number_agenda(meeting, by=registrar)
    assert [item.number for item in numbered] == [1, 2, 3, 4]
    assert agenda_titles(meeting) == ["Val av justerare", first.case_number, second.case_number, "Information"]
    assert agenda_numbers(meeting) == [1, 2, 3, 4]


def test_numbers_continue_from_the_bodys_last_number_that_year_without_gaps(ksau, case, registrar):
    january, _ = on_agenda(ksau, registrar, "2022-01-11", "Val av justerare", case(), "Information")
    number_agenda(january, by=registrar)
    february, _ = on_agenda(ksau, registrar, "2022-02-08", "Val av justerare", case())
    number_agenda(february, by=registrar)
    assert agenda_numbers(january) == [1, 2, 3]
    assert agenda_numbers(february) == [4, 5]
    # An item added afterwards takes the next number, after those already given.
    add_other_matter(february, title="Anmälningsärenden", by=registrar)
    number_agenda(february, by=registrar)
    assert agenda_numbers(february) == [4, 5, 6]


def test_numbers_continue_after_a_paragraph_recorded_with_its_own_number(ksau, case, registrar):
    motion = case()
    record_minute_item(motion, step="handle", meeting=planned(ksau, d("2022-01-11")),
                       record=MinuteRecord(number=12), by=registrar)
    meeting, _ = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare", "Information")
    number_agenda(meeting, by=registrar)
    assert agenda_numbers(meeting) == [13, 14]


def test_each_body_numbers_its_own_paragraphs(ksau, body, case, registrar):
    meeting, _ = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare", "Information")
    number_agenda(meeting, by=registrar)
    board = Meeting.objects.create(body=body("Kommunstyrelsen"), date=d("2022-01-24"))
    add_other_matter(board, title="Val av justerare", by=registrar)
    number_agenda(board, by=registrar)
    assert agenda_numbers(meeting) == [1, 2]
    assert agenda_numbers(board) == [1]


def test_a_new_year_starts_at_paragraph_one(ksau, case, registrar):
    december, _ = on_agenda(ksau, registrar, "2021-12-14", "Val av justerare", case(), "Information")
    number_agenda(december, by=registrar)
    january, _ = on_agenda(ksau, registrar, "2022-01-11", "Val av justerare", case())
    number_agenda(january, by=registrar)
    assert agenda_numbers(december) == [1, 2, 3]
    assert agenda_numbers(january) == [1, 2]


def test_a_later_meeting_of_the_previous_year_does_not_stop_numbering_the_new_year(ksau, registrar):
    january, _ = on_agenda(ksau, registrar, "2022-01-11", "Val av justerare")
    number_agenda(january, by=registrar)
    december, _ = on_agenda(ksau, registrar, "2021-12-14", "Val av justerare", "Information")
    number_agenda(december, by=registrar)
    assert agenda_numbers(december) == [1, 2]


def test_recording_a_case_takes_its_agenda_items_number(ksau, case, registrar):
    first, second = case(), case()
    meeting, _ = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare", first, second)
    number_agenda(meeting, by=registrar)
    item = record_minute_item(second, step="handle", meeting=planned(ksau, d("2022-01-25")), by=registrar)
    assert item.number == 3
    item = record_minute_item(first, step="handle", meeting=planned(ksau, d("2022-01-25")), by=registrar)
    assert item.number == 2
    assert agenda_numbers(meeting) == [1, 2, 3]


def test_recording_a_case_on_an_unnumbered_agenda_numbers_the_whole_agenda_first(ksau, case, registrar):
    first, second = case(), case()
    meeting, _ = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare", first, second, "Information")
    item = record_minute_item(second, step="handle", meeting=planned(ksau, d("2022-01-25")), by=registrar)
    assert item.number == 3
    assert agenda_numbers(meeting) == [1, 2, 3, 4]
    assert Motion.objects.get(pk=second.pk).events.last().description == f"{KSAU} § 3"


def test_recording_a_case_that_is_not_on_the_agenda_adds_it_at_the_end(ksau, case, registrar):
    meeting, _ = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare")
    motion = case()
    item = record_minute_item(motion, step="handle", meeting=planned(ksau, d("2022-01-25")), by=registrar)
    assert item.number == 2
    assert agenda_titles(meeting) == ["Val av justerare", motion.case_number]


def test_recording_an_other_matter_takes_its_agenda_items_number(ksau, registrar):
    meeting, (election, information) = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare", "Information")
    item = record_other_matter(information, decision_text="Informationen noteras.", by=registrar)
    assert (item.number, item.heading, item.decision_text) == (2, "Information", "Informationen noteras.")
    item = record_other_matter(election, decision_text="Erik Sandberg utses att justera.", by=registrar)
    assert item.number == 1


def test_an_other_matter_is_recorded_once(ksau, registrar):
    meeting, (election,) = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare")
    record_other_matter(election, decision_text="Erik Sandberg utses.", by=registrar)
    with pytest.raises(DomainError, match="Punkten är redan protokollförd."):
        record_other_matter(election, decision_text="Lena Holm utses.", by=registrar)
    assert MinuteItem.objects.get().decision_text == "Erik Sandberg utses."


def test_an_unnumbered_item_can_be_moved_and_removed(ksau, case, registrar):
    motion = case()
    meeting, (election, _, information) = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare", motion,
                                                    "Information")
    move_agenda_item(information, up=True, by=registrar)
    assert agenda_titles(meeting) == ["Val av justerare", "Information", motion.case_number]
    remove_agenda_item(election, by=registrar)
    assert agenda_titles(meeting) == ["Information", motion.case_number]


def test_a_numbered_item_cannot_be_moved(ksau, case, registrar):
    motion = case()
    meeting, items = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare", motion)
    number_agenda(meeting, by=registrar)
    added = add_other_matter(meeting, title="Information", by=registrar)
    before = snapshot(meeting)
    for item, up in ((items[0], False), (items[1], True), (added, True)):
        with pytest.raises(DomainError, match="Punkter som fått paragrafnummer kan inte flyttas.") as refused:
            move_agenda_item(item, up=up, by=registrar)
        assert refused.value.field == "agenda"
    assert snapshot(meeting) == before


def test_a_numbered_item_cannot_be_removed(ksau, case, registrar):
    meeting, (election, _) = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare", case())
    number_agenda(meeting, by=registrar)
    before = snapshot(meeting)
    with pytest.raises(DomainError, match=re.escape("Punkten har fått § 1 och ska protokollföras")):
        remove_agenda_item(election, by=registrar)
    assert snapshot(meeting) == before


def test_numbering_is_refused_when_a_later_meeting_of_the_body_that_year_is_numbered(ksau, body, case, registrar):
    february, _ = on_agenda(ksau, registrar, "2022-02-08", "Val av justerare")
    number_agenda(february, by=registrar)
    january, _ = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare", case())
    before = snapshot(january)
    with pytest.raises(DomainError, match=re.escape(
            "sammanträdet Kommunstyrelsens arbetsutskott 2022-02-08 har redan numrerats")) as refused:
        number_agenda(january, by=registrar)
    assert refused.value.field == "number"
    assert snapshot(january) == before
    assert agenda_numbers(january) == [None, None]


def test_recording_a_case_is_refused_when_a_later_meeting_is_numbered(ksau, case, registrar):
    february, _ = on_agenda(ksau, registrar, "2022-02-08", "Val av justerare")
    number_agenda(february, by=registrar)
    motion = case()
    meeting, _ = on_agenda(ksau, registrar, "2022-01-25", motion)
    before = snapshot(meeting)
    with pytest.raises(DomainError, match="Kommunstyrelsens arbetsutskott 2022-02-08 har redan numrerats"):
        record_minute_item(motion, step="handle", meeting=planned(ksau, d("2022-01-25")), by=registrar)
    assert snapshot(meeting) == before
    assert Motion.objects.get(pk=motion.pk).status == Status.PREPARED
    # A number given by hand is still possible.
    item = record_minute_item(motion, step="handle", meeting=planned(ksau, d("2022-01-25")),
                              record=MinuteRecord(number=7), by=registrar)
    assert item.number == 7


def test_an_explicit_number_taken_by_a_recorded_paragraph_is_refused(ksau, registrar):
    january, (election,) = on_agenda(ksau, registrar, "2022-01-11", "Val av justerare")
    record_other_matter(election, decision_text="Erik Sandberg utses.", number=5, by=registrar)
    february, (information,) = on_agenda(ksau, registrar, "2022-02-08", "Information")
    before = snapshot(february)
    with pytest.raises(DomainError, match="Kommunstyrelsens arbetsutskott har redan en § 5 år 2022") as refused:
        record_other_matter(information, decision_text="Noteras.", number=5, by=registrar)
    assert refused.value.field == "number"
    assert snapshot(february) == before


def test_an_explicit_number_reserved_on_another_agenda_is_refused(ksau, case, registrar):
    january, _ = on_agenda(ksau, registrar, "2022-01-11", "Val av justerare", "Information")
    number_agenda(january, by=registrar)
    motion = case()
    meeting, _ = on_agenda(ksau, registrar, "2022-01-25", motion)
    with pytest.raises(DomainError, match="Kommunstyrelsens arbetsutskott har redan en § 2 år 2022"):
        record_minute_item(motion, step="handle", meeting=planned(ksau, d("2022-01-25")),
                           record=MinuteRecord(number=2), by=registrar)
    assert agenda_numbers(meeting) == [None]
    assert not MinuteItem.objects.filter(meeting=meeting).exists()


def test_an_explicit_number_other_than_the_reserved_one_is_refused(ksau, registrar):
    meeting, (election, _) = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare", "Information")
    number_agenda(meeting, by=registrar)
    with pytest.raises(DomainError, match=re.escape("Punkten har redan § 1; § 9 kan den inte få.")):
        record_other_matter(election, decision_text="Noteras.", number=9, by=registrar)
    assert not MinuteItem.objects.exists()


def test_the_same_number_in_another_year_or_body_is_free(ksau, body, registrar):
    december, (a,) = on_agenda(ksau, registrar, "2021-12-14", "Val av justerare")
    record_other_matter(a, decision_text="Noteras.", number=5, by=registrar)
    january, (b,) = on_agenda(ksau, registrar, "2022-01-11", "Val av justerare")
    assert record_other_matter(b, decision_text="Noteras.", number=5, by=registrar).number == 5
    board = Meeting.objects.create(body=body("Kommunstyrelsen"), date=d("2022-01-11"))
    c = add_other_matter(board, title="Val av justerare", by=registrar)
    assert record_other_matter(c, decision_text="Noteras.", number=5, by=registrar).number == 5


def _in_parallel(*calls):
    """Run each call in its own thread and database connection, all released at once."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - a refusal, or what went wrong, for the assertions
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_other_matters_recorded_at_once_get_distinct_contiguous_numbers(ksau, registrar):
    meeting = Meeting.objects.create(body=ksau, date=d("2022-03-01"))
    titles = ["Val av justerare", "Information", "Anmälningsärenden", "Delegationsbeslut"]

    def add_and_record(title):
        def call():
            with transaction.atomic():
                item = add_other_matter(meeting, title=title, by=registrar)
                return record_other_matter(item, decision_text="Noteras.", by=registrar).number
        return call

    outcomes = _in_parallel(*(add_and_record(title) for title in titles))
    assert all(isinstance(o, int) for o in outcomes), outcomes
    assert sorted(outcomes) == [1, 2, 3, 4], outcomes
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    assert [item.number for item in items] == [1, 2, 3, 4]  # in agenda order
    assert sorted(MinuteItem.objects.filter(meeting=meeting).values_list("number", flat=True)) == [1, 2, 3, 4]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_meetings_of_a_body_numbered_at_once_get_distinct_contiguous_numbers(ksau, registrar):
    earlier = Meeting.objects.create(body=ksau, date=d("2022-03-01"))
    later = Meeting.objects.create(body=ksau, date=d("2022-03-15"))
    for title in ("Val av justerare", "Information", "Anmälningsärenden"):
        add_other_matter(earlier, title=title, by=registrar)
    for title in ("Val av justerare", "Delegationsbeslut"):
        add_other_matter(later, title=title, by=registrar)
    first, second = _in_parallel(lambda: number_agenda(earlier, by=registrar),
                                 lambda: number_agenda(later, by=registrar))
    assert isinstance(second, list), second
    assert isinstance(first, (list, DomainError)), first
    if isinstance(first, DomainError):
        # The later meeting took its numbers first: the earlier one is refused, nothing lost.
        assert "Kommunstyrelsens arbetsutskott 2022-03-15 har redan numrerats" in first.message
        assert agenda_numbers(earlier) == [None, None, None]
        assert agenda_numbers(later) == [1, 2]
    else:
        assert agenda_numbers(earlier) == [1, 2, 3]
        assert agenda_numbers(later) == [4, 5]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_paragraphs_recorded_at_once_at_two_meetings_never_share_a_number(ksau, body, registrar):
    """Cases handled at one meeting and other matters at another, all at the
    same moment: the numbers of the body's year stay unique and gapless."""
    meetings = [Meeting.objects.create(body=ksau, date=d(day)) for day in ("2022-03-01", "2022-03-15")]
    items = [add_other_matter(meeting, title=f"Punkt {i}", by=registrar)
             for meeting in meetings for i in range(1, 4)]

    def record(item):
        return lambda: record_other_matter(item, decision_text="Noteras.", by=registrar).number

    outcomes = _in_parallel(*(record(item) for item in items))
    numbers = sorted(MinuteItem.objects.filter(body=ksau, year=2022).values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1)), outcomes
    assert all(isinstance(o, (int, DomainError)) for o in outcomes), outcomes
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(numbers) + len(refused) == len(items)
    for error in refused:  # only ever the earlier meeting, after the later one was numbered
        assert "Kommunstyrelsens arbetsutskott 2022-03-15 har redan numrerats" in error.message
    reserved = [n for n in AgendaItem.objects.filter(meeting__body=ksau).values_list("number", flat=True) if n]
    assert len(reserved) == len(set(reserved))


# --- attendance -------------------------------------------------------------

@pytest.fixture
def gathered(ksau, person, registrar):
    """A meeting with a valid attendance list already recorded."""
    meeting = Meeting.objects.create(body=ksau, date=d("2022-01-25"))
    record_attendance(meeting, full_attendance(person), by=registrar)
    return meeting


def test_attendance_is_recorded_in_order_with_each_persons_party(gathered):
    rows = list(gathered.attendance.select_related("person", "party", "replaces"))
    assert [(a.position, a.person.name, a.party.abbreviation if a.party else None) for a in rows] == [
        (1, "Anna Berglund", "M"), (2, "Erik Sandberg", "S"), (3, "Lena Holm", "L"), (4, "Karin Dahl", "S"),
        (5, "Maria Lind", "C"), (6, "Helena Strand", None), (7, "Olof Wikström", None),
    ]
    assert rows[3].replaces.name == "Johan Ek"
    assert (rows[0].duty, rows[5].duty, rows[5].title) == (CHAIR, SECRETARY, "nämndsekreterare")


def test_recording_attendance_again_replaces_the_list(gathered, person, registrar):
    record_attendance(gathered, [AttendanceRecord(person("Per Nyström"), MEMBER, duty=CHAIR)], by=registrar)
    assert [a.person.name for a in gathered.attendance.all()] == ["Per Nyström"]


def _replace(rows: list[AttendanceRecord], name: str, **changes) -> list[AttendanceRecord]:
    return [replace(row, **changes) if row.person.name == name else row for row in rows]


INVALID_ATTENDANCE = {
    "substitute_names_nobody": (
        lambda rows, _p: _replace(rows, "Karin Dahl", replaces=None),
        "Ange vem ersättaren Karin Dahl tjänstgör för.", 3),
    "replaced_person_serves": (
        lambda rows, p: _replace(rows, "Karin Dahl", replaces=p("Erik Sandberg")),
        "Erik Sandberg tjänstgör själv och kan inte ersättas av Karin Dahl.", 3),
    "replaced_person_serves_as_substitute": (
        lambda rows, p: [*rows, AttendanceRecord(p("Per Nyström"), SUBSTITUTE, replaces=p("Karin Dahl"))],
        "Karin Dahl tjänstgör själv och kan inte ersättas av Per Nyström.", 7),
    "member_replaces_someone": (
        lambda rows, p: _replace(rows, "Lena Holm", replaces=p("Per Nyström")),
        "Bara en tjänstgörande ersättare ersätter någon (Lena Holm).", 2),
    "substitute_replaces_self": (
        lambda rows, p: _replace(rows, "Karin Dahl", replaces=p("Karin Dahl")),
        "Karin Dahl kan inte ersätta sig själv.", 3),
    "signatory_does_not_serve": (
        lambda rows, _p: _replace(rows, "Maria Lind", signs=True),
        "Justerare ska vara tjänstgörande ledamot eller ersättare (Maria Lind).", 4),
    "official_signs": (
        lambda rows, _p: _replace(rows, "Olof Wikström", signs=True),
        "Justerare ska vara tjänstgörande ledamot eller ersättare (Olof Wikström).", 6),
    "chair_does_not_serve": (
        lambda rows, _p: _replace(_replace(rows, "Anna Berglund", duty=""), "Maria Lind", duty=CHAIR),
        "Ordföranden ska vara tjänstgörande (Maria Lind).", 4),
    "two_chairs": (
        lambda rows, _p: _replace(rows, "Lena Holm", duty=CHAIR),
        "Sammanträdet kan bara ha en ordförande.", None),
    "two_secretaries": (
        lambda rows, _p: _replace(rows, "Olof Wikström", duty=SECRETARY),
        "Sammanträdet kan bara ha en sekreterare.", None),
    "secretary_is_a_member": (
        lambda rows, _p: _replace(rows, "Lena Holm", duty=SECRETARY),
        "Sekreteraren förs upp bland övriga närvarande (Lena Holm).", 2),
    "secretary_does_not_serve_either": (
        lambda rows, _p: _replace(rows, "Maria Lind", duty=SECRETARY),
        "Sekreteraren förs upp bland övriga närvarande (Maria Lind).", 4),
    "person_twice": (
        lambda rows, p: [*rows, AttendanceRecord(p("Erik Sandberg"), NOT_SERVING)],
        "Erik Sandberg står två gånger i närvarolistan.", 7),
    "unknown_role": (
        lambda rows, p: [*rows, AttendanceRecord(p("Per Nyström"), "guest")],
        "Okänd roll 'guest'.", 7),
}


@pytest.mark.parametrize("case_id", INVALID_ATTENDANCE)
def test_invalid_attendance_is_refused_in_swedish_and_changes_nothing(gathered, person, registrar, case_id):
    change, message, index = INVALID_ATTENDANCE[case_id]
    before = snapshot(gathered)
    with pytest.raises(DomainError) as refused:
        record_attendance(gathered, change(full_attendance(person), person), by=registrar)
    assert refused.value.message == message
    assert (refused.value.field, refused.value.index) == ("attendance", index)
    assert snapshot(gathered) == before


@pytest.fixture
def stranger(db):
    botkyrka = Municipality.objects.create(name="Botkyrka kommun")
    return Person.objects.create(municipality=botkyrka, name="Bo Främling")


def test_attendance_of_someone_of_another_municipality_is_refused(gathered, person, stranger, registrar):
    before = snapshot(gathered)
    rows = [*full_attendance(person), AttendanceRecord(stranger, NOT_SERVING)]
    with pytest.raises(DomainError) as refused:
        record_attendance(gathered, rows, by=registrar)
    assert refused.value.message == "Bo Främling hör inte till Huddinge kommun."
    assert (refused.value.field, refused.value.index) == ("attendance", 7)
    assert snapshot(gathered) == before


def test_a_substitute_cannot_replace_someone_of_another_municipality(gathered, person, stranger, registrar):
    before = snapshot(gathered)
    rows = _replace(full_attendance(person), "Karin Dahl", replaces=stranger)
    with pytest.raises(DomainError, match="Bo Främling hör inte till Huddinge kommun") as refused:
        record_attendance(gathered, rows, by=registrar)
    assert (refused.value.field, refused.value.index) == ("attendance", 3)
    assert snapshot(gathered) == before


# --- signing ------------------------------------------------------------------

def test_signing_problems_name_what_is_missing(ksau, case, person, registrar):
    motion = case()
    meeting, (election, _) = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare", motion)
    assert signing_problems(meeting) == [
        "Ange när sammanträdet började; anslaget om justeringen ska ange tiden.",
        "Ange var sammanträdet hölls; anslaget om justeringen ska ange platsen.",
        "Ange var protokollet förvaras; anslaget om justeringen ska ange förvaringsplatsen.",
        "Närvarolistan saknar ordförande.",
        "Närvarolistan saknar sekreterare.",
        "Närvarolistan saknar justerare.",
        "Inga paragrafer är protokollförda.",
        "Punkt 1 (Val av justerare) är inte protokollförd.",
        f"Punkt 2 ({motion.case_number}) är inte protokollförd.",
    ]
    # The chair signing does not count as the signatory.
    record_attendance(meeting, [AttendanceRecord(person("Anna Berglund"), MEMBER, duty=CHAIR, signs=True)],
                      by=registrar)
    record_other_matter(election, decision_text="Anna Berglund justerar.", by=registrar)
    meeting = update_meeting(meeting, ends_at=None, **NOTICE, by=registrar)
    assert signing_problems(meeting) == [
        "Närvarolistan saknar sekreterare.",
        "Närvarolistan saknar justerare.",
        f"Punkt 2 ({motion.case_number}) är inte protokollförd.",
    ]


def test_a_held_meeting_with_everything_recorded_has_no_signing_problems(held):
    assert signing_problems(held) == []


def test_signing_is_refused_while_problems_remain(ksau, registrar):
    meeting, _ = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare")
    before = snapshot(meeting)
    with pytest.raises(DomainError, match="Närvarolistan saknar ordförande.*Punkt 1 \\(Val av justerare\\)"):
        sign_minutes(meeting, signed_on=d("2022-01-27"), **NOTICE, by=registrar)
    assert snapshot(meeting) == before  # the details given with the signing are not kept either


def test_signing_is_refused_without_what_the_notice_states(held, registrar):
    """The notice of signing states when and where the meeting was held and
    where the minutes are kept: each missing one is named, the first at its field."""
    update_meeting(held, starts_at=None, ends_at=None, place="Huddinge kommunhus", kept_at="", by=registrar)
    before = snapshot(held)
    with pytest.raises(DomainError) as refused:
        sign_minutes(held, signed_on=d("2022-01-27"), by=registrar)
    assert [(error.field, error.message) for error in refused.value.errors] == [
        ("starts_at", "Ange när sammanträdet började; anslaget om justeringen ska ange tiden."),
        ("kept_at", "Ange var protokollet förvaras; anslaget om justeringen ska ange förvaringsplatsen.")]
    with pytest.raises(DomainError, match="platsen") as refused:
        sign_minutes(held, signed_on=d("2022-01-27"), starts_at=datetime.time(13), place=" ",
                     kept_at="Kommunstyrelsens förvaltning", by=registrar)
    assert refused.value.field == "place"
    assert snapshot(held) == before
    signed = sign_minutes(held, signed_on=d("2022-01-27"), starts_at=datetime.time(13),
                          kept_at="Kommunstyrelsens förvaltning", by=registrar)
    assert (signed.starts_at, signed.place, signed.kept_at) == (
        datetime.time(13), "Huddinge kommunhus", "Kommunstyrelsens förvaltning")
    assert signed.events.filter(kind="details_changed").last().to_value == (
        "Början: 13.00; Förvaras: Kommunstyrelsens förvaltning")


@pytest.mark.parametrize(
    ("signed_on", "posted_on", "appeal_until", "removed_on"),
    [
        # An ordinary weekday: three weeks after posting.
        ("2022-02-01", "2022-02-03", "2022-02-24", "2022-02-25"),
        # The second day after signing is a Saturday: the Friday is proposed.
        ("2022-01-27", "2022-01-28", "2022-02-18", "2022-02-19"),
        # Three weeks after posting is the National Day (Monday 2022-06-06): moved to Tuesday.
        ("2022-05-14", "2022-05-16", "2022-06-07", "2022-06-08"),
        # Ascension Day (Thursday 2022-05-26): moved to Friday.
        ("2022-05-03", "2022-05-05", "2022-05-27", "2022-05-28"),
        # Midsummer Eve (Friday 2022-06-24), then Midsummer Day and a Sunday: moved to Monday.
        ("2022-06-01", "2022-06-03", "2022-06-27", "2022-06-28"),
        # Christmas Eve 2021 is a Friday; Christmas Day and Boxing Day follow: moved to Monday 27 December.
        ("2021-12-01", "2021-12-03", "2021-12-27", "2021-12-28"),
    ],
)
def test_signing_proposes_the_notice_dates_from_the_law(held, registrar, signed_on, posted_on, appeal_until,
                                                       removed_on):
    proposed = propose_notice_dates(d(signed_on))
    assert (proposed.posted_on, proposed.appeal_until, proposed.notice_removed_on) == (
        d(posted_on), d(appeal_until), d(removed_on))
    if d(signed_on) < held.date:
        return  # the proposal only; the meeting was held later
    meeting = sign_minutes(held, signed_on=d(signed_on), by=registrar)
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.signed_on, stored.posted_on, stored.appeal_until, stored.notice_removed_on) == (
        d(signed_on), d(posted_on), d(appeal_until), d(removed_on))


def test_signing_keeps_explicit_dates(held, registrar):
    sign_minutes(held, signed_on=d("2022-01-27"), posted_on=d("2022-01-28"), appeal_until=d("2022-02-18"),
                 notice_removed_on=d("2022-02-21"), by=registrar)
    stored = Meeting.objects.get(pk=held.pk)
    assert (stored.signed_on, stored.posted_on, stored.appeal_until, stored.notice_removed_on) == (
        d("2022-01-27"), d("2022-01-28"), d("2022-02-18"), d("2022-02-21"))


def test_an_explicit_posting_date_moves_the_proposed_appeal_dates(held, registrar):
    # Posted the day of signing, 2022-01-27: three weeks later is Thursday 2022-02-17.
    sign_minutes(held, signed_on=d("2022-01-27"), posted_on=d("2022-01-27"), by=registrar)
    stored = Meeting.objects.get(pk=held.pk)
    assert (stored.posted_on, stored.appeal_until, stored.notice_removed_on) == (
        d("2022-01-27"), d("2022-02-17"), d("2022-02-18"))


@pytest.mark.parametrize(
    ("dates", "message", "field"),
    [
        ({"signed_on": "2022-01-24"}, "Protokollet kan inte justeras (2022-01-24) före sammanträdet (2022-01-25).",
         "signed_on"),
        ({"signed_on": "2022-01-27", "posted_on": "2022-01-26"},
         "Anslaget kan inte sättas upp (2022-01-26) före justeringen (2022-01-27).", "posted_on"),
        ({"signed_on": "2022-01-27", "posted_on": "2022-02-01"},
         "Anslaget ska sättas upp senast 2022-01-31, andra dagen efter justeringen (KL 8 kap. 12 §).", "posted_on"),
        ({"signed_on": "2022-01-27", "appeal_until": "2022-02-17"},
         "Sista dag att överklaga kan inte vara före 2022-02-18, tre veckor efter anslaget (KL 13 kap. 5 §).",
         "appeal_until"),
        ({"signed_on": "2022-01-27", "notice_removed_on": "2022-02-18"},
         "Anslaget tas ned tidigast 2022-02-19, dagen efter sista dag att överklaga.", "notice_removed_on"),
    ],
)
def test_impossible_signing_dates_are_refused(held, registrar, dates, message, field):
    before = snapshot(held)
    with pytest.raises(DomainError) as refused:
        sign_minutes(held, **{key: d(value) for key, value in dates.items()}, by=registrar)
    assert (refused.value.message, refused.value.field) == (message, field)
    assert snapshot(held) == before


def test_signing_in_the_future_is_refused(held, registrar, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: d("2022-01-27"))
    before = snapshot(held)
    with pytest.raises(DomainError) as refused:
        sign_minutes(held, signed_on=d("2022-01-28"), by=registrar)
    assert (refused.value.message, refused.value.field) == ("Justeringsdagen 2022-01-28 har inte kommit än.",
                                                            "signed_on")
    assert snapshot(held) == before
    sign_minutes(held, signed_on=d("2022-01-27"), by=registrar)  # today is allowed
    assert Meeting.objects.get(pk=held.pk).signed_on == d("2022-01-27")


def test_signing_in_the_real_future_is_refused(held, registrar):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(DomainError, match="har inte kommit än"):
        sign_minutes(held, signed_on=tomorrow, by=registrar)
    assert Meeting.objects.get(pk=held.pk).signed_on is None


# --- signed minutes are frozen -------------------------------------------------------------

def _agenda_item(meeting, position):
    return AgendaItem.objects.get(meeting=meeting, position=position)


CHANGES = {
    "sign_again": lambda m, ctx: sign_minutes(m, signed_on=d("2022-01-28"), by=ctx["by"]),
    "update_meeting": lambda m, ctx: update_meeting(m, starts_at=datetime.time(9), ends_at=None, place="Stadshuset",
                                                    kept_at="", by=ctx["by"]),
    "record_attendance": lambda m, ctx: record_attendance(m, full_attendance(ctx["person"])[:3], by=ctx["by"]),
    "add_other_matter": lambda m, ctx: add_other_matter(m, title="Övrigt", by=ctx["by"]),
    "move_agenda_item_down": lambda m, ctx: move_agenda_item(_agenda_item(m, 1), up=False, by=ctx["by"]),
    "move_agenda_item_up": lambda m, ctx: move_agenda_item(_agenda_item(m, 2), up=True, by=ctx["by"]),
    "remove_agenda_item": lambda m, ctx: remove_agenda_item(_agenda_item(m, 1), by=ctx["by"]),
    "number_agenda": lambda m, ctx: number_agenda(m, by=ctx["by"]),
    "record_other_matter": lambda m, ctx: record_other_matter(_agenda_item(m, 1), decision_text="Annat beslut.",
                                                              number=30, by=ctx["by"]),
    "put_on_agenda": lambda m, ctx: put_on_agenda(ctx["case"](), meeting=m, by=ctx["by"]),
    "record_minute_item": lambda m, ctx: record_minute_item(ctx["case"](), step="handle", meeting=m, by=ctx["by"]),
    "record_minute_item_deferral": lambda m, ctx: record_minute_item(
        ctx["case"](), step="defer", meeting=m, record=MinuteRecord(number=40), by=ctx["by"]),
    "record_minute_item_send_back": lambda m, ctx: record_minute_item(
        ctx["case"](), step="send_back", meeting=m, reason="Utred mer.", by=ctx["by"]),
}


@pytest.mark.parametrize("change", CHANGES)
def test_signed_minutes_refuse_every_change(signed, person, case, registrar, change):
    ctx = {"by": registrar, "person": person, "case": case}
    case()  # so that a case made by the change does not count as something the change left behind
    before = snapshot(signed)
    events = MotionEvent.objects.count()
    # A stale copy of the meeting, as a form opened before the signing holds it.
    stale = Meeting.objects.get(pk=signed.pk)
    stale.signed_on = None
    with pytest.raises(DomainError, match=FROZEN) as refused:
        CHANGES[change](stale, ctx)
    assert refused.value.field == "meeting"
    after = snapshot(signed)
    # A case the change itself filed (before reaching the meeting) is the only thing allowed to differ.
    assert {k: v for k, v in after.items() if k != "counts"} == {k: v for k, v in before.items() if k != "counts"}
    assert after["counts"][:3] == before["counts"][:3]
    assert after["counts"][5] == before["counts"][5]
    new_cases = Motion.objects.count() - before["counts"][3]
    assert MotionEvent.objects.count() - events == 2 * new_cases  # filed and prepared, nothing recorded at the meeting


def test_signed_minutes_refuse_new_attendance(signed, person, registrar):
    before = snapshot(signed)
    with pytest.raises(DomainError, match=FROZEN):
        record_attendance(signed, full_attendance(person), by=registrar)
    assert snapshot(signed) == before


def test_importing_a_case_with_a_paragraph_at_signed_minutes_is_refused(signed, seed_data):
    before = snapshot(signed)
    with pytest.raises(CaseFileError, match=FROZEN) as refused:
        import_cases(seed_data)
    assert refused.value.path == "minute_items[0].meeting"
    assert snapshot(signed) == before
    assert not Motion.objects.filter(case_number="KS-2021/345").exists()


def test_the_import_command_refuses_a_paragraph_at_signed_minutes(signed):
    before = snapshot(signed)
    with pytest.raises(CommandError, match=FROZEN + ".*inget lästes in"):
        call_command("import_case", str(SEED_CASE))
    assert snapshot(signed) == before
    assert not Motion.objects.filter(case_number="KS-2021/345").exists()


@pytest.fixture
def seed_signed(seed_case, body, person, registrar):
    """The seed case's working committee meeting (§ 12), signed."""
    meeting = Meeting.objects.get(body=body(KSAU), date=d("2022-01-25"))
    record_attendance(meeting, full_attendance(person), by=registrar)
    return sign_minutes(meeting, signed_on=d("2022-01-27"), **NOTICE, by=registrar)


def test_replacing_a_case_with_a_paragraph_in_signed_minutes_is_refused(seed_signed, seed_data, tmp_path):
    """--replace deletes the case and its paragraphs before importing the new
    file; a paragraph of signed minutes must not go with them."""
    before = snapshot(seed_signed)
    changed = {**seed_data, "status": "prepared", "minute_items": []}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    try:
        call_command("import_case", str(path), "--replace")
    except CommandError as error:
        refusal = str(error)
    else:
        refusal = "(imported)"
    assert MinuteItem.objects.filter(meeting=seed_signed, number=12).exists(), \
        "§ 12 of the signed minutes was deleted with the replaced case"
    assert AgendaItem.objects.filter(meeting=seed_signed, number=12).exists(), \
        "the agenda item of § 12 was deleted from the signed minutes"
    assert snapshot(seed_signed) == before
    assert re.search(FROZEN, refusal), refusal


def test_replacing_a_case_with_the_same_file_keeps_signed_minutes_intact(seed_signed, tmp_path):
    before = snapshot(seed_signed)
    with pytest.raises(CommandError, match=FROZEN):
        call_command("import_case", str(SEED_CASE), "--replace")
    assert snapshot(seed_signed) == before


# --- appeals -------------------------------------------------------------------------------

def _item(meeting):
    """The election of signatories: a decision of its own, open to appeal."""
    return MinuteItem.objects.filter(meeting=meeting, motion__isnull=True).get()


def test_a_preparatory_decision_cannot_be_appealed(signed, registrar):
    handed_over = MinuteItem.objects.get(meeting=signed, motion__isnull=False)
    with pytest.raises(DomainError, match="beredande beslut och kan inte överklagas"):
        record_appeal(handed_over, lodged_on=d("2022-02-10"), by=registrar)
    assert not Appeal.objects.exists()


def test_an_appeal_after_the_last_day_is_refused(signed, registrar):
    # Posted 2022-01-28; the last day to appeal is 2022-02-18.
    with pytest.raises(DomainError, match="efter sista dagen att överklaga"):
        record_appeal(_item(signed), lodged_on=d("2022-02-19"), by=registrar)
    record_appeal(_item(signed), lodged_on=d("2022-02-18"), by=registrar)


def test_an_appeal_is_refused_before_the_minutes_are_signed(held, registrar):
    with pytest.raises(DomainError, match="först när protokollet är justerat") as refused:
        record_appeal(_item(held), lodged_on=d("2022-01-26"), by=registrar)
    assert refused.value.field == "item"
    assert not Appeal.objects.exists()


def test_an_appeal_lodged_before_the_signing_is_refused(signed, registrar):
    with pytest.raises(DomainError) as refused:
        record_appeal(_item(signed), lodged_on=d("2022-01-26"), by=registrar)
    assert refused.value.message == "Överklagandet (2022-01-26) kan inte ha kommit in före justeringen (2022-01-27)."
    assert refused.value.field == "lodged_on"
    assert not Appeal.objects.exists()


def test_an_appeal_lodged_in_the_future_is_refused(signed, registrar):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(DomainError, match="har inte kommit än"):
        record_appeal(_item(signed), lodged_on=tomorrow, by=registrar)
    assert not Appeal.objects.exists()


def test_an_appeal_after_the_signing_is_recorded_and_leaves_the_minutes_as_they_are(signed, registrar):
    before = snapshot(signed)
    appeal = record_appeal(_item(signed), lodged_on=d("2022-02-10"), court_case=" 1234-22 ", note=" Laglighet ",
                           by=registrar)
    stored = Appeal.objects.get()
    assert stored == appeal
    assert (stored.item, stored.lodged_on, stored.court_case, stored.note) == (
        _item(signed), d("2022-02-10"), "1234-22", "Laglighet")
    after = snapshot(signed)
    assert {k: v for k, v in after.items() if k != "counts"} == {k: v for k, v in before.items() if k != "counts"}
    # An appeal on the signing day itself is possible too.
    record_appeal(_item(signed), lodged_on=d("2022-01-27"), by=registrar)
    assert Appeal.objects.count() == 2


def test_only_those_at_the_meeting_speak_and_only_those_serving_reserve_themselves(ksau, case, person, registrar):
    motion = case("Fler parkbänkar i Flemingsberg")
    meeting, _ = on_agenda(ksau, registrar, "2022-01-25", motion)
    record_attendance(meeting, full_attendance(person), by=registrar)
    serving = [a.person for a in meeting.attendance.filter(role__in=["member", "substitute"])]
    not_serving = meeting.attendance.filter(role="not_serving").first().person
    stranger = next(p for p in Person.objects.filter(municipality=meeting.body.municipality)
                    if not meeting.attendance.filter(person=p).exists())
    for record, message in [
        (MinuteRecord(speakers=[stranger]), f"{stranger.name} är inte närvarande vid § "),
        (MinuteRecord(reservations=[ReservationRecord(not_serving)]),
         "Bara tjänstgörande ledamöter yrkar, instämmer, röstar, reserverar sig och lämnar särskilda yttranden; "
         f"{not_serving.name} tjänstgör inte"),
    ]:
        with pytest.raises(DomainError, match=re.escape(message)):
            record_minute_item(motion, step="handle", meeting=planned(ksau, d("2022-01-25")), record=record,
                               by=registrar)
    assert not MinuteItem.objects.filter(meeting=meeting).exists()
    record_minute_item(motion, step="handle", meeting=planned(ksau, d("2022-01-25")), by=registrar,
                       record=MinuteRecord(speakers=[not_serving], reservations=[ReservationRecord(serving[0])]))
