"""Database expressions both backends understand (lib.expressions)."""

from lib.expressions import DaysBetween
from motions.models import Motion
from motions.services import file_motion
from tests.conftest import d


def test_days_between_two_dates_is_the_calendars(huddinge, nujin, registrar):
    motion = file_motion(huddinge, title="Motion", movers=[nujin], received_on=d("2020-01-01"), by=registrar)
    for start, end in [("2020-01-01", "2020-01-01"), ("2020-02-28", "2020-03-01"), ("2023-12-31", "2024-01-01"),
                       ("2020-01-01", "2026-06-30")]:
        Motion.objects.filter(pk=motion.pk).update(received_on=d(start), filed_on=d(start), status_since=d(end),
                                                   last_step_on=d(end))
        forward, backward = Motion.objects.filter(pk=motion.pk).values_list(
            DaysBetween("filed_on", "status_since"), DaysBetween("status_since", "filed_on")).get()
        assert forward == (d(end) - d(start)).days == -backward, (start, end)


