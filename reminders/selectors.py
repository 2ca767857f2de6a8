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


def next_dates(motions: list[Motion], today: datetime.date) -> dict[int, NextDate | None]:
    """For each motion (by id), the first date from `today` on that the case
    waits for: an open referral's due date, a meeting with the case on its
    agenda, or the one-year mark (KL 5 kap. 35 §). None for a closed case, or
    one with nothing ahead (an overdue answer is the news itself, not a date
    ahead). Two queries, however many motions."""
    open_ids = [motion.pk for motion in motions if not motion.is_closed]
    candidates: dict[int, list[NextDate]] = {motion_id: [] for motion_id in open_ids}
    for referral in Referral.objects.filter(motion_id__in=open_ids, status=Referral.Status.SENT) \
            .select_related("body").only("motion_id", "due_on", "extended_due_on", "body__name"):
        candidates[referral.motion_id].append(
            NextDate(referral.current_due_on, _("remissvar från %(body)s") % {"body": referral.body.name}))
    for item in AgendaItem.objects.filter(motion_id__in=open_ids, meeting__date__gte=today) \
            .select_related("meeting__body").only("motion_id", "meeting__date", "meeting__body__name"):
        candidates[item.motion_id].append(
            NextDate(item.meeting.date, _("%(body)s behandlar ärendet") % {"body": item.meeting.body.name}))
    found: dict[int, NextDate | None] = {motion.pk: None for motion in motions}
    for motion in motions:
        if motion.pk not in candidates:
            continue
        ahead = [candidate for candidate in candidates[motion.pk] if candidate.day >= today]
        mark = rules.one_year_mark(motion.filed_on)
        if mark >= today:
            ahead.append(NextDate(mark, _("ettårsgränsen (KL 5 kap. 35 §)")))
        found[motion.pk] = min(ahead, key=lambda candidate: candidate.day) if ahead else None
    return found
