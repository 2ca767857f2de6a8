"""What an e-mail says of a case beside its news: the next date in it."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from decisions.models import AgendaItem
from motions import rules
from motions.models import Motion
from referrals.models import Referral


@dataclass(frozen=True)
class NextDate:
    day: datetime.date
    what: str


def next_date(motion: Motion, today: datetime.date) -> NextDate | None:
    """The first date from `today` on that the case waits for: an open
    referral's due date, a meeting with the case on its agenda, or the
    one-year mark (KL 5 kap. 35 §). None for a closed case, or one with
    nothing ahead (an overdue answer is the news itself, not a date ahead)."""
    if motion.is_closed:
        return None
    candidates = [
        NextDate(referral.current_due_on, _("remissvar från %(body)s") % {"body": referral.body.name})
        for referral in Referral.objects.filter(motion=motion, status=Referral.Status.SENT).select_related("body")
    ]
    candidates += [
        NextDate(item.meeting.date, _("%(body)s behandlar ärendet") % {"body": item.meeting.body.name})
        for item in AgendaItem.objects.filter(motion=motion, meeting__date__gte=today)
        .select_related("meeting__body")
    ]
    candidates.append(NextDate(rules.one_year_mark(motion.filed_on), _("ettårsgränsen (KL 5 kap. 35 §)")))
    ahead = [candidate for candidate in candidates if candidate.day >= today]
    return min(ahead, key=lambda candidate: candidate.day) if ahead else None
