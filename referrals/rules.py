"""A referral's derived facts, each declared once: the board inbox, the case
page, the minutes, the reminders and the report all ask here."""

import datetime

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, LessThan, Range

from lib.expressions import DaysBetween
from referrals.models import Referral


def due_soon_days() -> int:
    """How many days ahead a referral counts as due soon: from the body's
    first reminder on (settings.REFERRAL_REMINDER_DAYS, 14 and 3 by default),
    so that the inbox's "due soon" and the reminders agree."""
    return max(settings.REFERRAL_REMINDER_DAYS, default=0)


def days_left(referral: Referral, day: datetime.date) -> int:
    """Days from `day` to the (extended) due date: 0 on it, negative after."""
    return (referral.current_due_on - day).days


def is_overdue(referral: Referral, day: datetime.date) -> bool:
    """Still waiting for the answer after its due date."""
    return referral.is_open and days_left(referral, day) < 0


def is_due_within(referral: Referral, day: datetime.date, days: int) -> bool:
    """Still waiting, and due from `day` to `days` days on (both included)."""
    return referral.is_open and 0 <= days_left(referral, day) <= days


def stood_on(referral: Referral, day: datetime.date) -> bool:
    """Sent by `day` and not withdrawn by then: part of the case on that day
    (a paragraph's text does not change when the case later moves on)."""
    return referral.sent_on <= day and not (referral.withdrawn_on and referral.withdrawn_on <= day)


def answered_by(referral: Referral, day: datetime.date) -> bool:
    """The body had decided its answer (or to decline) by `day`."""
    response = getattr(referral, "response", None)
    return response is not None and response.decided_on <= day


def waiting_on(referral: Referral, day: datetime.date) -> bool:
    """On `day` the case was waiting for this body's answer."""
    return stood_on(referral, day) and not answered_by(referral, day)


def days_to_answer(referral: Referral) -> int | None:
    """Days from sending the referral to the body's decision on it (an answer, or to decline);
    None while it waits."""
    response = getattr(referral, "response", None)
    return (response.decided_on - referral.sent_on).days if response is not None else None


def was_answered_late(referral: Referral) -> bool:
    """The body decided on it (answered, or declined to comment) after its due date, the extended
    one where it was extended."""
    response = getattr(referral, "response", None)
    return response is not None and response.decided_on > referral.current_due_on


def gave_answer_by(referral: Referral, day: datetime.date) -> bool:
    """The body had given its answer (yttrande) by `day`: one that declined
    to comment gave none, and is not named as an answer."""
    return answered_by(referral, day) and referral.status != Referral.Status.DECLINED


# --- The database's versions, for the lists' filters ------------------------
# Each compares current_due_on() as one expression, so that the indexes on it
# (Referral.Meta.indexes) serve them.

def current_due_on() -> Coalesce:
    """current_due_on as an expression: the extended due date, else the first."""
    return Coalesce("extended_due_on", "due_on")


def overdue(day: datetime.date) -> Q:
    """is_overdue as a filter."""
    return Q(status=Referral.Status.SENT) & Q(LessThan(current_due_on(), day))


def due_within(day: datetime.date, days: int) -> Q:
    """is_due_within as a filter."""
    return Q(status=Referral.Status.SENT) & Q(Range(current_due_on(), (day, day + datetime.timedelta(days=days))))


def answer_days() -> DaysBetween:
    """days_to_answer as an expression (NULL while the referral waits)."""
    return DaysBetween("sent_on", "response__decided_on")


def answered_late() -> Q:
    """was_answered_late as a filter."""
    return Q(response__isnull=False) & Q(GreaterThan(F("response__decided_on"), current_due_on()))
