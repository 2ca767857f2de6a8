"""The declared transitions, and the motion's own steps: filing and withdrawal."""

import threading

import pytest
from django.db import connection, transaction

from lib.errors import ConflictError, DomainError, TransitionError
from motions import rules
from motions.models import CLOSED, TRANSITIONS, Motion, MotionEvent, Status
from motions.rules import one_year_mark
from motions.services import (
    advance,
    file_motion,
    lock_motion,
    next_case_number,
    withdraw_motion,
)
from tests.conftest import d

PAIRS = [(s, t) for s in Status.values for t in Status.values]


@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_every_transition_is_allowed_exactly_when_declared(motion, registrar, current, target):
    """As declared in TRANSITIONS, on Huddinge's path: a prepared case goes to its working
    committee, not straight to the board (tests/motions/test_path.py: a path without one)."""
    path = rules.path_of(motion.municipality)
    assert path.allows(current, target) == (
        target in TRANSITIONS[current] and (current, target) != (Status.PREPARED, Status.BOARD))
    Motion.objects.filter(pk=motion.pk).update(status=current)
    events_before = motion.events.count()
    with transaction.atomic():
        locked = lock_motion(motion)
        if path.allows(current, target):
            advance(locked, to=target, kind=MotionEvent.Kind.HANDLED, on=d("2021-06-01"), by=registrar)
            motion.refresh_from_db()
            assert motion.status == target
            assert motion.events.count() == events_before + 1
            return
        with pytest.raises(TransitionError) as refused:
            advance(locked, to=target, kind=MotionEvent.Kind.HANDLED, on=d("2021-06-01"), by=registrar)
    message = refused.value.message
    assert f"”{path.label(current)}”" in message
    for allowed in path.next_statuses(current):
        assert path.label(allowed) in message
    motion.refresh_from_db()
    assert motion.status == current
    assert motion.events.count() == events_before


def test_closed_statuses_allow_nothing():
    assert all(TRANSITIONS[status] == frozenset() for status in CLOSED)
    assert set(TRANSITIONS) == set(Status.values)


def test_filing_assigns_the_next_number_of_the_year_and_records_the_event(motion, huddinge, nujin, registrar):
    assert motion.case_number == "KS-2021/1"
    assert motion.status == Status.FILED
    assert motion.filed_on == d("2021-03-15")
    assert one_year_mark(motion.filed_on) == d("2022-03-15")
    assert [m.party.abbreviation for m in motion.movers.all()] == ["V"]
    assert [c.number for c in motion.clauses.all()] == [1, 2]
    (event,) = motion.events.all()
    assert (event.kind, event.to_status, event.recorded_by) == ("filed", "filed", registrar)
    second = file_motion(huddinge, title="Fler parkbänkar", movers=[nujin],
                         received_on=d("2021-05-02"), registered_on=d("2021-05-02"), by=registrar)
    assert second.case_number == "KS-2021/2"


def test_case_numbers_skip_numbers_already_taken(huddinge, nujin, registrar):
    file_motion(huddinge, title="Importerad", movers=[nujin], received_on=d("2023-01-10"),
                case_number="KS-2023/1", by=registrar)
    assert next_case_number(huddinge, 2023) == "KS-2023/2"


def test_filing_refuses_a_duplicate_case_number(motion, huddinge, nujin, registrar):
    with pytest.raises(DomainError, match="Diarienumret KS-2021/1 finns redan") as refused:
        file_motion(huddinge, title="X", movers=[nujin], received_on=d("2021-05-02"),
                    case_number="KS-2021/1", by=registrar)
    assert refused.value.field == "case_number"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"movers": []}, "movers"),
        ({"filed_meeting": "board"}, "filed_meeting"),
        ({"received_on": d("2021-03-20")}, "filed_meeting"),
    ],
)
def test_filing_refuses_bad_input_and_writes_nothing(huddinge, nujin, meeting, registrar, changes, field):
    kwargs = {
        "title": "Titel", "movers": [nujin], "received_on": d("2021-03-08"),
        "filed_meeting": meeting("Kommunfullmäktige", "2021-03-15"), **changes,
    }
    if kwargs["filed_meeting"] == "board":
        kwargs["filed_meeting"] = meeting("Kommunstyrelsen", "2021-03-16")
    with pytest.raises(DomainError) as refused:
        file_motion(huddinge, by=registrar, **kwargs)
    assert refused.value.field == field
    assert not Motion.objects.exists()


def test_one_year_deadline_of_a_leap_day_filing_is_the_28th(motion):
    motion.filed_on = d("2024-02-29")
    assert one_year_mark(motion.filed_on) == d("2025-02-28")


def test_a_step_dated_before_the_previous_one_is_refused(motion, registrar):
    withdraw_motion(motion, on=d("2021-04-01"), by=registrar)
    motion.refresh_from_db()
    with transaction.atomic():
        with pytest.raises(DomainError, match="före föregående steg"):
            advance(lock_motion(motion), to=Status.STRUCK_OFF, kind="decided", on=d("2021-03-31"), by=registrar)


def test_a_step_dated_before_filing_is_refused(motion, registrar):
    with pytest.raises(DomainError, match=r"före dagen då motionen väcktes \(2021-03-15\)"):
        withdraw_motion(motion, on=d("2021-03-01"), by=registrar)
    motion.refresh_from_db()
    assert motion.status == Status.FILED


def test_withdrawal_then_only_strike_off(motion, registrar):
    withdraw_motion(motion, on=d("2021-04-01"), reason="Motionären återkallar", by=registrar)
    motion.refresh_from_db()
    assert motion.status == Status.WITHDRAWN
    assert motion.events.last().reason == "Motionären återkallar"
    with pytest.raises(TransitionError, match="möjliga nästa steg: Avskriven"):
        withdraw_motion(motion, on=d("2021-04-02"), by=registrar)


def test_a_stale_version_is_a_conflict_and_changes_nothing(motion, registrar):
    stale = motion.version
    withdraw_motion(motion, on=d("2021-04-01"), by=registrar, version=stale)
    with pytest.raises(ConflictError, match="registrerade ”Återkallad av motionären” i ärendet kl. .* i dag"):
        withdraw_motion(motion, on=d("2021-04-02"), by=registrar, version=stale)
    assert motion.events.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_secretaries_at_once_one_step_wins_the_other_sees_the_conflict(huddinge, nujin, registrar):
    motion = file_motion(huddinge, title="Samtidigt", movers=[nujin], received_on=d("2021-03-08"), by=registrar)
    barrier = threading.Barrier(2)
    outcomes = []

    def act():
        try:
            barrier.wait()
            withdraw_motion(motion, on=d("2021-04-01"), by=registrar)
            outcomes.append("ok")
        except TransitionError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=act) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=len) == ["ok", outcomes[0] if outcomes[0] != "ok" else outcomes[1]]
    assert "har status ”Återkallad”" in [o for o in outcomes if o != "ok"][0]
    assert motion.events.filter(kind="withdrawn").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_registrations_at_once_get_different_numbers(huddinge, nujin, registrar):
    barrier = threading.Barrier(4)
    numbers = []

    def register(i):
        try:
            barrier.wait()
            numbers.append(file_motion(huddinge, title=f"Motion {i}", movers=[nujin],
                                       received_on=d("2022-02-01"), registered_on=d("2022-02-01"),
                                       by=registrar).case_number)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == ["KS-2022/1", "KS-2022/2", "KS-2022/3", "KS-2022/4"]
