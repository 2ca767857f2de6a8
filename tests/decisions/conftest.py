"""Fixtures for the meeting tests: the working committee, prepared cases, a
held meeting and its signed minutes."""

import datetime
import itertools

import pytest

from decisions.services.case_steps import prepare_draft_decision, record_minute_item
from decisions.services.meetings import record_other_matter
from decisions.services.signing import sign_minutes
from motions.models import Motion
from motions.services import file_motion
from organisation.models import Meeting
from organisation.services import record_attendance, update_meeting
from tests.conftest import d
from tests.support.meetings import KSAU, full_attendance, on_agenda, planned


@pytest.fixture
def ksau(body):
    return body(KSAU)


@pytest.fixture
def case(huddinge, person, registrar):
    """A factory of motions prepared for the working committee."""
    counter = itertools.count(1)

    def make(title: str | None = None) -> Motion:
        n = next(counter)
        motion = file_motion(huddinge, title=title or f"Motion nummer {n}", movers=[person("Nujin Alacabek")],
                             received_on=d("2021-03-08"), by=registrar)
        prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject", by=registrar)
        return Motion.objects.get(pk=motion.pk)
    return make


@pytest.fixture
def held(ksau, case, person, registrar):
    """The working committee's meeting of 2022-01-25: attendance taken, an
    other matter and a case on the agenda and both recorded, not yet signed."""
    motion = case("Fler parkbänkar i Flemingsberg")
    meeting, (election, _) = on_agenda(ksau, registrar, "2022-01-25", "Val av justerare", motion)
    meeting = update_meeting(meeting, starts_at=datetime.time(13), ends_at=datetime.time(15, 30),
                             place="Huddinge kommunhus", kept_at="Kommunstyrelsens förvaltning", by=registrar)
    record_attendance(meeting, full_attendance(person), by=registrar)
    record_other_matter(election, decision_text="Erik Sandberg utses att justera protokollet.", by=registrar)
    record_minute_item(motion, step="handle", meeting=planned(ksau, d("2022-01-25")), by=registrar)
    return Meeting.objects.get(pk=meeting.pk)


@pytest.fixture
def signed(held, registrar):
    return sign_minutes(held, signed_on=d("2022-01-27"), by=registrar)
