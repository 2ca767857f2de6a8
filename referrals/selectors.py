import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from documents.models import CaseDocument
from referrals import rules
from referrals.models import Referral, ReferralResponse


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
        "due_soon": InboxGroup("due_soon", _("Svar inom %(days)s dagar") % {"days": rules.due_soon_days()}),
        "open": InboxGroup("open", _("Öppna")),
        "answered": InboxGroup("answered", _("Besvarade")),
    }
    for referral in referrals.exclude(status=Referral.Status.WITHDRAWN):
        referral.days_left = rules.days_left(referral, today)
        referral.days_late = -referral.days_left
        if not referral.is_open:
            key = "answered"
        elif rules.is_overdue(referral, today):
            key = "overdue"
        elif rules.is_due_within(referral, today, rules.due_soon_days()):
            key = "due_soon"
        else:
            key = "open"
        groups[key].referrals.append(referral)
    for group in groups.values():
        group.referrals.sort(key=lambda r: (r.current_due_on, r.pk), reverse=group.key == "answered")
    return list(groups.values())


def answer_documents(response: ReferralResponse) -> list[CaseDocument]:
    """The documents that came with the answer and every later version of
    them (a version may be registered from the answer's page or the case's),
    in number order."""
    found = []
    for document in response.documents.all():
        while document is not None:
            found.append(document)
            document = document.replaced_by
    return sorted(found, key=lambda document: document.number)
