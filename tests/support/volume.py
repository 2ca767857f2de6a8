"""Many cases at once, written straight to the database with bulk_create:
for the tests that hold a page's or a job's cost to what it shows or sends,
not to how many cases there are. Each case is filed (with its event) and may
be referred to bodies with a due date; nothing else happens in it."""

import datetime
from itertools import count

from django.utils import timezone

from motions.models import Motion, MotionEvent, Mover, Status
from organisation.models import Body, Meeting, Municipality, Person
from referrals.models import Referral

_numbers = count(1)


def many_cases(municipality: Municipality, n: int, *, filed_on: datetime.date, mover: Person,
               referred_to: list[Body] = (), due_on: datetime.date | None = None) -> list[Motion]:
    """`n` open cases of `municipality` filed on `filed_on` by `mover`; each
    referred (sent the day it was filed) to every body of `referred_to`, due on
    `due_on`. Their steps are recorded an hour ago, before a watch run now."""
    motions = Motion.objects.bulk_create([
        Motion(municipality=municipality, case_number=f"VOL-{filed_on.year}/{next(_numbers)}",
               title=f"Motion nummer {index}", received_on=filed_on, filed_on=filed_on,
               status=Status.REFERRED if referred_to else Status.FILED, status_since=filed_on,
               last_step_on=filed_on)
        for index in range(n)])
    Mover.objects.bulk_create([Mover(motion=motion, person=mover, party=mover.party) for motion in motions])
    events = [MotionEvent(motion=motion, kind=MotionEvent.Kind.FILED, occurred_on=filed_on, from_status="",
                          to_status=Status.FILED) for motion in motions]
    if referred_to:
        events += [MotionEvent(motion=motion, kind=MotionEvent.Kind.REFERRED, occurred_on=filed_on,
                               from_status=Status.FILED, to_status=Status.REFERRED) for motion in motions]
        Referral.objects.bulk_create([Referral(motion=motion, body=body, sent_on=filed_on, due_on=due_on)
                                      for motion in motions for body in referred_to])
    MotionEvent.objects.bulk_create(events)
    MotionEvent.objects.filter(motion__in=motions).update(recorded_at=timezone.now() - datetime.timedelta(hours=3))
    return motions


def many_meetings(body: Body, n: int, *, first: datetime.date) -> None:
    """`n` meetings of `body`, a week apart from `first` on."""
    Meeting.objects.bulk_create([Meeting(body=body, date=first + datetime.timedelta(weeks=index))
                                 for index in range(n)])
