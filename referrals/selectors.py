import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from referrals.models import Referral

# A referral counts as due soon this many days ahead.
DUE_SOON_DAYS = 14


@dataclass
class InboxGroup:
    key: str
    title: str
    referrals: list = field(default_factory=list)


def inbox(referrals, *, today: datetime.date) -> list[InboxGroup]:
    """The referrals grouped as a board secretary works through them, each
    group sorted by due date: overdue, due within 14 days, open, answered."""
    groups = {
        "overdue": InboxGroup("overdue", _("Försenade")),
        "due_soon": InboxGroup("due_soon", _("Svar inom 14 dagar")),
        "open": InboxGroup("open", _("Öppna")),
        "answered": InboxGroup("answered", _("Besvarade")),
    }
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    for referral in referrals.exclude(status=Referral.Status.WITHDRAWN):
        due = referral.current_due_on
        referral.days_left = (due - today).days
        referral.days_late = -referral.days_left
        if referral.status != Referral.Status.SENT:
            key = "answered"
        elif due < today:
            key = "overdue"
        elif due <= soon:
            key = "due_soon"
        else:
            key = "open"
        groups[key].referrals.append(referral)
    for group in groups.values():
        group.referrals.sort(key=lambda r: (r.current_due_on, r.pk), reverse=group.key == "answered")
    return list(groups.values())
