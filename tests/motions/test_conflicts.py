"""A form opened on an older version of a case is refused with what was
recorded since, in plain words: who, what and when."""

import datetime

import pytest
from django.utils import timezone

from lib.errors import ConflictError
from motions.models import MotionEvent
from motions.services import changes_since, record_event, withdraw_motion
from tests.conftest import _user, d


@pytest.fixture
def anna(huddinge):
    return _user("anna", "registry", first_name="Anna", last_name="Registrator")


def test_each_step_records_the_version_it_made(motion, anna):
    withdraw_motion(motion, on=d("2021-04-01"), by=anna, version=motion.version)
    motion.refresh_from_db()
    assert list(motion.events.order_by("id").values_list("kind", "version")) == [
        (MotionEvent.Kind.FILED, 1), (MotionEvent.Kind.WITHDRAWN, 2)]
    assert motion.version == 2


def test_the_steps_since_a_version_are_named_with_who_and_when(motion, anna, registrar):
    opened = motion.version
    record_event(motion, kind=MotionEvent.Kind.DUE_EXTENDED, on=d("2021-03-20"), by=registrar,
                 description="Socialnämnden, till 2021-10-31")
    withdraw_motion(motion, on=d("2021-04-01"), by=anna, version=motion.version)
    first, second = motion.events.filter(version__gt=opened).order_by("version")
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    MotionEvent.objects.filter(pk=first.pk).update(recorded_at=yesterday.replace(hour=16, minute=5))
    second_at = timezone.localtime(MotionEvent.objects.get(pk=second.pk).recorded_at)
    motion.refresh_from_db()
    assert changes_since(motion, opened) == [
        "registrator registrerade ”Remisstid förlängd: Socialnämnden, till 2021-10-31” i ärendet kl. 16.05 i går, "
        "efter att du öppnade formuläret.",
        f"Anna Registrator registrerade ”Återkallad av motionären” i ärendet kl. {second_at:%H.%M} i dag, "
        "efter att du öppnade formuläret.",
    ]
    assert changes_since(motion, motion.version) == []


def test_a_stale_version_is_refused_with_the_steps_since(motion, anna, registrar):
    opened = motion.version
    withdraw_motion(motion, on=d("2021-04-01"), by=anna, version=opened)
    with pytest.raises(ConflictError) as refused:
        withdraw_motion(motion, on=d("2021-04-02"), by=registrar, version=opened)
    assert refused.value.message.startswith("Anna Registrator registrerade ”Återkallad av motionären” i ärendet kl.")
    assert refused.value.message.endswith("Ärendet har nu status ”Återkallad”; kontrollera det och skicka igen om "
                                          "steget fortfarande ska göras.")
    assert refused.value.current_version == opened + 1
