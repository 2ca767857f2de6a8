"""What the minutes say of a paragraph, as the service recording it checks
it (decisions.services.paragraphs.check_record, through record_minute_item):
votes with their ballots and the chair's casting vote, proposals with
seconders and ranks, reservations, statements, conflicts of interest, and
who serves at each paragraph as members leave and arrive. Also the other
services a case file replays: attendance changes, minutes signed elsewhere
and the council's filing paragraph."""

import datetime

import pytest

from decisions.models import Decision, MinuteItem, RenderJob
from decisions.services.case_steps import record_minute_item
from decisions.services.filing import record_filing
from decisions.services.paragraphs import (
    BallotRecord,
    ConflictRecord,
    MinuteRecord,
    ProposalRecord,
    ReservationRecord,
    StatementRecord,
    VoteRecord,
)
from decisions.services.signing import record_imported_signing
from lib.errors import DomainError
from motions.models import MotionEvent
from organisation.models import AttendanceChange, Meeting, MeetingEvent
from organisation.services import meeting_on, record_attendance, record_attendance_change
from tests.conftest import d
from tests.support.meetings import full_attendance, planned

DAY = "2022-01-25"


@pytest.fixture
def sitting(ksau, person, registrar):
    """The working committee's meeting on DAY with the full attendance list:
    serving Anna Berglund (chair), Erik Sandberg, Lena Holm and Karin Dahl
    (for Johan Ek); Maria Lind present, not serving."""
    meeting = meeting_on(ksau, d(DAY), by=registrar)
    record_attendance(meeting, full_attendance(person), by=registrar)
    return meeting


@pytest.fixture
def paragraph(sitting, ksau, case, registrar):
    """Record a new case's paragraph § `number` at the meeting with the given record."""
    def record(number: int, **parts) -> MinuteItem:
        return record_minute_item(case(), step="handle", meeting=planned(ksau, d(DAY)),
                                  record=MinuteRecord(number=number, **parts), by=registrar)
    return record


@pytest.fixture
def people(person):
    names = {"anna": "Anna Berglund", "erik": "Erik Sandberg", "lena": "Lena Holm", "karin": "Karin Dahl",
             "johan": "Johan Ek", "maria": "Maria Lind", "helena": "Helena Strand"}
    return type("People", (), {key: person(name) for key, name in names.items()})


def refused(paragraph, number, field, message, index=None, **parts):
    before = MinuteItem.objects.count()
    with pytest.raises(DomainError, match=message) as error:
        paragraph(number, **parts)
    assert (error.value.field, error.value.index) == (field, index)
    assert MinuteItem.objects.count() == before


def roll_call(*ballots, **rest) -> VoteRecord:
    return VoteRecord(question="ja för förslaget, nej för yrkandet", result="beslutar utskottet enligt förslaget",
                      ballots=tuple(BallotRecord(person, choice) for person, choice in ballots), **rest)


# --- votes -----------------------------------------------------------------------

def test_the_ballots_give_the_counts_and_the_side_that_won(paragraph, people):
    item = paragraph(10, votes=[roll_call((people.anna, "yes"), (people.erik, "yes"), (people.lena, "no"),
                                          (people.karin, "abstain"))])
    vote = item.votes.get()
    assert (vote.yes, vote.no, vote.abstained, vote.won) == (2, 1, 1, "yes")
    assert [(b.person.name, b.party.abbreviation, b.choice) for b in vote.ballots.all()] == [
        ("Anna Berglund", "M", "yes"), ("Erik Sandberg", "S", "yes"), ("Lena Holm", "L", "no"),
        ("Karin Dahl", "S", "abstain")]


def test_a_substitutes_ballot_names_whom_they_vote_for(paragraph, people):
    vote = VoteRecord(question="q", result="r", ballots=(BallotRecord(people.karin, "no", replaces=people.johan),))
    item = paragraph(10, votes=[vote])
    assert item.votes.get().ballots.get().replaces == people.johan


def test_counts_that_contradict_the_ballots_are_refused(paragraph, people):
    refused(paragraph, 10, "votes", "Röstlistan har 1 ja-röster, men 2 anges", index=0,
            votes=[roll_call((people.anna, "yes"), (people.erik, "no"), yes=2)])


def test_a_tie_is_decided_by_the_chairs_casting_vote(paragraph, people):
    tie = ((people.anna, "yes"), (people.erik, "yes"), (people.lena, "no"), (people.karin, "no"))
    refused(paragraph, 10, "votes", "Rösterna utfaller lika, 2 ja och 2 nej; ordförandens utslagsröst saknas",
            index=0, votes=[roll_call(*tie)])
    vote = paragraph(10, votes=[roll_call(*tie, casting_vote="no")]).votes.get()
    assert (vote.yes, vote.no, vote.casting_vote, vote.won) == (2, 2, "no", "no")


def test_a_casting_vote_without_a_tie_is_refused(paragraph, people):
    refused(paragraph, 10, "votes", "Ordföranden har utslagsröst bara när rösterna utfaller lika", index=0,
            votes=[roll_call((people.anna, "yes"), casting_vote="yes")])


def test_a_closed_vote_that_ties_is_settled_by_lot(paragraph):
    def closed(**rest):
        return VoteRecord(question="val av ordförande", result="väljs", kind="closed", yes=2, no=2, **rest)
    refused(paragraph, 10, "votes", "ange vilken sida lotten föll på", index=0, votes=[closed()])
    refused(paragraph, 10, "votes", "avgör lotten, inte ordförandens utslagsröst", index=0,
            votes=[closed(casting_vote="yes", won="yes")])
    vote = paragraph(10, votes=[closed(won="no")]).votes.get()
    assert (vote.kind, vote.won) == ("closed", "no")


def test_a_closed_vote_has_no_named_ballots(paragraph, people):
    refused(paragraph, 10, "votes", "En sluten omröstning har inga namngivna röster", index=0,
            votes=[roll_call((people.anna, "yes"), kind="closed")])


def test_an_outcome_that_contradicts_the_counts_is_refused(paragraph):
    refused(paragraph, 10, "votes", "Med 3 ja och 1 nej vinner ja-sidan, men utfallet anges som nej", index=0,
            votes=[VoteRecord(question="q", result="r", yes=3, no=1, won="no")])


def test_more_votes_than_those_serving_are_refused(paragraph):
    refused(paragraph, 10, "votes", "Omröstningen har 5 röster, men bara 4 tjänstgör vid paragrafen", index=0,
            votes=[VoteRecord(question="q", result="r", yes=4, no=1)])


def test_a_vote_without_counts_or_ballots_is_refused(paragraph):
    refused(paragraph, 10, "votes", "Ange antalet ja- och nej-röster", index=0,
            votes=[VoteRecord(question="q", result="r")])


def test_someone_voting_twice_is_refused(paragraph, people):
    refused(paragraph, 10, "votes", "Anna Berglund har mer än en röst", index=0,
            votes=[roll_call((people.anna, "yes"), (people.anna, "no"))])


def test_the_second_vote_is_named_by_its_index(paragraph, people):
    refused(paragraph, 10, "votes", "ordförandens utslagsröst saknas", index=1,
            votes=[VoteRecord(question="q", result="r", yes=3, no=1),
                   roll_call((people.anna, "yes"), (people.erik, "no"))])


# --- proposals, reservations, statements, conflicts of interest --------------------

def test_proposals_keep_their_kinds_ranks_and_seconders(paragraph, people):
    item = paragraph(10, proposals=[
        ProposalRecord(people.anna, "bifall till förslaget", seconders=(people.erik, people.lena)),
        ProposalRecord(people.karin, "avslag", rank=1),
        ProposalRecord(people.karin, "återremiss", kind="send_back", rank=2),
    ])
    assert [(p.person.name, p.kind, p.rank, [s.person.name for s in p.seconders.all()])
            for p in item.proposals.all()] == [
        ("Anna Berglund", "main", None, ["Erik Sandberg", "Lena Holm"]), ("Karin Dahl", "main", 1, []),
        ("Karin Dahl", "send_back", 2, [])]


@pytest.mark.parametrize(("proposals", "message", "index"), [
    (lambda p: [ProposalRecord(p.anna, "bifall", seconders=(p.anna,))], "kan inte instämma i sitt eget", 0),
    (lambda p: [ProposalRecord(p.erik, "x"), ProposalRecord(p.anna, "bifall", seconders=(p.erik, p.erik))],
     "Samma person instämmer två gånger", 1),
    (lambda p: [ProposalRecord(p.anna, "a", rank=1), ProposalRecord(p.anna, "b", rank=3)],
     "ska stå i första, andra … hand utan luckor", 0),
    (lambda p: [ProposalRecord(p.erik, "a"), ProposalRecord(p.anna, "b", rank=2)],
     "ska stå i första, andra … hand utan luckor", 1),
    (lambda p: [ProposalRecord(p.anna, "  ")], "Yrkandet saknar text", 0),
    (lambda p: [ProposalRecord(p.anna, "x", kind="amendment")], "Okänd typ av yrkande", 0),
])
def test_proposals_that_cannot_be_are_refused(paragraph, people, proposals, message, index):
    refused(paragraph, 10, "proposals", message, index=index, proposals=proposals(people))


def test_reservations_in_favour_of_a_proposal(paragraph, people):
    item = paragraph(10, proposals=[ProposalRecord(people.anna, "a"), ProposalRecord(people.erik, "b")],
                     reservations=[ReservationRecord(people.erik, in_favour_of=2, group=1, written=True),
                                   ReservationRecord(people.lena, "Av skäl.", in_favour_of=2, group=2)])
    assert [(r.person.name, r.in_favour_of.person.name, r.group, r.written, r.text)
            for r in item.reservations.all()] == [("Erik Sandberg", "Erik Sandberg", 1, True, ""),
                                                  ("Lena Holm", "Erik Sandberg", 2, False, "Av skäl.")]


@pytest.mark.parametrize(("reservations", "message", "index"), [
    (lambda p: [ReservationRecord(p.erik, in_favour_of=2)],
     "Reservationen är till förmån för yrkande 2, men paragrafen har 1 yrkanden", 0),
    (lambda p: [ReservationRecord(p.erik), ReservationRecord(p.erik)], "Erik Sandberg reserverar sig två gånger", 1),
    (lambda p: [ReservationRecord(p.erik, group=0)], "En reservationsgrupp numreras från 1", 0),
    (lambda p: [ReservationRecord(p.erik, document="annexes/saknas.pdf")], "Bilagan annexes/saknas.pdf finns inte", 0),
])
def test_reservations_that_cannot_be_are_refused(paragraph, people, reservations, message, index):
    refused(paragraph, 10, "reservations", message, index=index, proposals=[ProposalRecord(people.anna, "a")],
            reservations=reservations(people))


def test_a_statement_has_a_text_or_an_annex(paragraph, people):
    refused(paragraph, 10, "statements", "Ett särskilt yttrande har en text eller en bilaga", index=0,
            statements=[StatementRecord(people.anna)])
    item = paragraph(10, statements=[StatementRecord(people.anna, "Jag instämmer inte.")])
    assert item.separatestatements.get().text == "Jag instämmer inte."


def test_only_those_serving_give_a_separate_statement(paragraph, people):
    refused(paragraph, 10, "people", "Maria Lind tjänstgör inte vid § 10",
            statements=[StatementRecord(people.maria, "Jag instämmer inte.")])


def test_someone_with_a_conflict_of_interest_takes_no_part(paragraph, people):
    conflict = [ConflictRecord(people.lena, "Jävig.")]
    refused(paragraph, 10, "conflicts", "Lena Holm har anmält jäv", conflicts=conflict,
            votes=[roll_call((people.lena, "no"), (people.anna, "yes"), (people.erik, "yes"))])
    refused(paragraph, 10, "conflicts", "Lena Holm har anmält jäv", conflicts=conflict,
            proposals=[ProposalRecord(people.anna, "a", seconders=(people.lena,))])
    item = paragraph(10, conflicts=conflict, votes=[roll_call((people.anna, "yes"), (people.erik, "no"),
                                                              (people.karin, "yes"))])
    assert item.conflictofinterests.get().person == people.lena


# --- who serves at each paragraph -------------------------------------------------

def test_someone_leaving_serves_until_the_paragraph_before(paragraph, sitting, people, registrar):
    record_attendance_change(sitting, person=people.lena, kind="leaves", from_number=11,
                             at=datetime.time(14, 5), by=registrar)
    paragraph(10, speakers=[people.lena], votes=[roll_call((people.lena, "no"), (people.anna, "yes"),
                                                           (people.erik, "yes"))])
    refused(paragraph, 11, "people", "Lena Holm tjänstgör inte vid § 11",
            votes=[roll_call((people.lena, "no"), (people.anna, "yes"))])
    refused(paragraph, 12, "people", "Lena Holm är inte närvarande vid § 12 enligt närvarolistan",
            speakers=[people.lena])
    # One fewer serves: four votes are too many from § 11.
    refused(paragraph, 11, "votes", "bara 3 tjänstgör vid paragrafen", index=0,
            votes=[VoteRecord(question="q", result="r", yes=3, no=1)])


def test_someone_arriving_takes_part_from_their_paragraph(paragraph, sitting, people, registrar):
    record_attendance_change(sitting, person=people.erik, kind="arrives", from_number=11, by=registrar)
    refused(paragraph, 10, "people", "Erik Sandberg är inte närvarande vid § 10 enligt närvarolistan",
            speakers=[people.erik])
    refused(paragraph, 10, "people", "Erik Sandberg tjänstgör inte vid § 10",
            reservations=[ReservationRecord(people.erik)])
    item = paragraph(11, speakers=[people.erik], reservations=[ReservationRecord(people.erik)])
    assert item.reservations.get().person == people.erik




def test_a_substitute_serves_in_the_place_of_someone_leaving(paragraph, sitting, people, registrar):
    record_attendance_change(sitting, person=people.lena, kind="leaves", from_number=11, replaced_by=people.maria,
                             by=registrar)
    refused(paragraph, 10, "people", "Maria Lind tjänstgör inte vid § 10",
            votes=[roll_call((people.maria, "yes"), (people.anna, "yes"))])
    item = paragraph(11, votes=[roll_call((people.maria, "yes"), (people.anna, "yes"))])
    assert item.votes.get().yes == 2


def test_a_substitute_serves_until_the_member_arrives(paragraph, sitting, people, registrar):
    record_attendance_change(sitting, person=people.erik, kind="arrives", from_number=11, replaced_by=people.maria,
                             by=registrar)
    paragraph(10, proposals=[ProposalRecord(people.maria, "bifall")])
    refused(paragraph, 11, "people", "Maria Lind tjänstgör inte vid § 11",
            proposals=[ProposalRecord(people.maria, "bifall")])


# --- attendance changes ------------------------------------------------------------

def test_an_attendance_change_is_recorded_in_the_meetings_history(sitting, people, registrar):
    change = record_attendance_change(sitting, person=people.lena, kind="leaves", from_number=14,
                                      at=datetime.time(19, 40), replaced_by=people.maria, by=registrar)
    assert (change.kind, change.from_number, change.replaced_by) == ("leaves", 14, people.maria)
    event = sitting.events.filter(kind=MeetingEvent.Kind.ATTENDANCE_RECORDED).last()
    assert (event.description, event.to_value) == (
        "Lena Holm lämnar sammanträdet", "från § 14, kl. 19.40, Maria Lind tjänstgör i stället")


@pytest.mark.parametrize(("change", "field", "message"), [
    (lambda p: {"person": p.johan}, "person", "Johan Ek finns inte i sammanträdets närvarolista"),
    (lambda p: {"replaced_by": p.johan}, "replaced_by", "Johan Ek finns inte i sammanträdets närvarolista"),
    (lambda p: {"replaced_by": p.lena}, "replaced_by", "Lena Holm kan inte ersätta sig själv"),
    (lambda _p: {"kind": "goes"}, "kind", "Okänd ändring av närvaron"),
    (lambda _p: {"from_number": 0}, "from_number", "Paragrafnumret ska vara minst 1"),
])
def test_an_attendance_change_that_cannot_be_is_refused(sitting, people, registrar, change, field, message):
    values = {"person": people.lena, "kind": "leaves", "from_number": 14, **change(people)}
    events = MeetingEvent.objects.count()
    with pytest.raises(DomainError, match=message) as error:
        record_attendance_change(sitting, **values, by=registrar)
    assert error.value.field == field
    assert not AttendanceChange.objects.exists() and MeetingEvent.objects.count() == events


def test_an_attendance_change_is_recorded_once(sitting, people, registrar):
    record_attendance_change(sitting, person=people.lena, kind="leaves", from_number=14, by=registrar)
    with pytest.raises(DomainError, match="Närvaron för Lena Holm ändras redan från § 14"):
        record_attendance_change(sitting, person=people.lena, kind="arrives", from_number=14, by=registrar)


def test_an_attendance_change_needs_the_attendance_list(ksau, people, registrar):
    meeting = meeting_on(ksau, d(DAY), by=registrar)
    with pytest.raises(DomainError, match="Ta närvaron innan"):
        record_attendance_change(meeting, person=people.lena, kind="leaves", from_number=14, by=registrar)


def test_an_attendance_change_at_signed_minutes_is_refused(signed, people, registrar):
    with pytest.raises(DomainError, match="justerades 2022-01-27 och kan inte längre ändras"):
        record_attendance_change(signed, person=people.lena, kind="leaves", from_number=14, by=registrar)


# --- minutes signed elsewhere --------------------------------------------------------

def test_minutes_signed_elsewhere_are_recorded_as_imported_and_nothing_is_rendered(held, registrar):
    meeting = record_imported_signing(held, signed_on=d("2022-01-27"), kept_at="  Arkivet ",
                                      source="  Huddinge kommuns   arkiv ", by=registrar)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.is_signed and meeting.imported_from == "Huddinge kommuns arkiv"
    # The notice dates the law proposes: Thursday's signing is posted on Friday.
    assert (meeting.posted_on, meeting.appeal_until, meeting.notice_removed_on, meeting.kept_at) == (
        d("2022-01-28"), d("2022-02-18"), d("2022-02-19"), "Arkivet")
    assert not RenderJob.objects.filter(meeting=meeting).exists()
    event = meeting.events.get(kind=MeetingEvent.Kind.SIGNED)
    assert event.description.startswith("importerat från Huddinge kommuns arkiv;")


def test_minutes_signed_elsewhere_keep_the_dates_their_notice_printed(held, registrar):
    """The original's dates stand even where the law would have proposed others."""
    meeting = record_imported_signing(held, signed_on=d("2022-01-27"), posted_on=d("2022-02-02"),
                                      appeal_until=d("2022-02-20"), notice_removed_on=d("2022-03-01"),
                                      source="arkivet", by=registrar)
    assert (meeting.posted_on, meeting.appeal_until, meeting.notice_removed_on) == (
        d("2022-02-02"), d("2022-02-20"), d("2022-03-01"))


@pytest.mark.parametrize(("dates", "field", "message"), [
    ({"signed_on": d("2022-01-24")}, "signed_on", "kan inte justeras"),
    ({"signed_on": datetime.date.today() + datetime.timedelta(days=1)}, "signed_on", "har inte kommit än"),
    ({"posted_on": d("2022-01-26")}, "posted_on", "före justeringen"),
    ({"appeal_until": d("2022-01-28")}, "appeal_until", "ska ligga efter anslaget"),
    ({"notice_removed_on": d("2022-02-18")}, "notice_removed_on", "tidigast 2022-02-19"),
    ({"source": "  "}, "source", "Ange varifrån"),
    ({"source": "x" * 201}, "source", "Högst 200 tecken"),
])
def test_impossible_imported_signings_are_refused(held, registrar, dates, field, message):
    values = {"signed_on": d("2022-01-27"), "source": "arkivet", **dates}
    with pytest.raises(DomainError, match=message) as error:
        record_imported_signing(held, **values, by=registrar)
    assert error.value.field == field
    assert not Meeting.objects.get(pk=held.pk).is_signed


def test_signed_minutes_are_not_signed_again(signed, registrar):
    with pytest.raises(DomainError, match="justerades 2022-01-27 och kan inte längre ändras"):
        record_imported_signing(signed, signed_on=d("2022-01-28"), source="arkivet", by=registrar)


# --- the council's filing ------------------------------------------------------------

def test_the_filing_is_a_paragraph_of_the_council_meeting(motion, registrar):
    item = record_filing(motion, number=7, by=registrar)
    assert (item.decision, item.number, item.meeting, item.summary) == (
        Decision.FILE, 7, motion.filed_meeting, "")
    assert motion.events.filter(kind=MotionEvent.Kind.HANDLED, description="Kommunfullmäktige § 7").exists()
    assert motion.filed_meeting.events.filter(kind=MeetingEvent.Kind.PARAGRAPH_RECORDED,
                                              description=f"§ 7 {motion.case_number}").exists()
    with pytest.raises(DomainError, match="Motionens anmälan är redan protokollförd") as error:
        record_filing(motion, by=registrar)
    assert error.value.field == "motion"


def test_the_filing_takes_the_councils_next_number(motion, registrar):
    assert record_filing(motion, by=registrar).number == 1


def test_a_motion_without_a_filing_meeting_has_no_filing_paragraph(huddinge, nujin, registrar):
    from motions.services import file_motion

    motion = file_motion(huddinge, title="Utan sammanträde", movers=[nujin], received_on=d("2021-03-08"),
                         by=registrar)
    with pytest.raises(DomainError, match="inget sammanträde i fullmäktige") as error:
        record_filing(motion, by=registrar)
    assert error.value.field == "filed_meeting"
    assert not MinuteItem.objects.exists()


def test_the_filing_at_signed_minutes_is_refused(motion, registrar):
    council = motion.filed_meeting
    record_imported_signing(council, signed_on=council.date, source="arkivet", by=registrar)
    with pytest.raises(DomainError, match="kan inte längre ändras"):
        record_filing(motion, by=registrar)
    assert not MinuteItem.objects.exists()
