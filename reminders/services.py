"""Watching deadlines: plan the notices that are due, then send each once.

Planning is idempotent (a notice's kind, key and recipient are unique), and
sending claims a notice with a conditional UPDATE before it sends, so that a
retried or repeated run, or two workers at once, send nothing twice.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role
from motions.models import CLOSED, Motion, MotionEvent
from referrals.models import Referral
from reminders.models import Follow, Notice
from reminders.tokens import unfollow_token

logger = logging.getLogger(__name__)

# A claimed notice whose sender died is claimed again after this long.
CLAIM_TIMEOUT = datetime.timedelta(minutes=10)


def _with_email(users):
    return [user for user in users if user.email]


def _registry_users():
    return list(get_user_model().objects.filter(is_active=True, role__role=Role.REGISTRY).order_by("id"))


def _secretaries(referral: Referral):
    return list(get_user_model().objects.filter(
        is_active=True, role__role=Role.BOARD_SECRETARY, role__bodies=referral.body_id).order_by("id"))


def _plan(kind: str, key: str, recipients, **fields) -> int:
    """Plan one notice per recipient; a notice planned before is left as it is."""
    notices = [Notice(kind=kind, key=key, recipient=user, **fields) for user in _with_email(recipients)]
    return len(Notice.objects.bulk_create(notices, ignore_conflicts=True))


def _stage(days_left: int, thresholds: list[int]) -> int | None:
    """The threshold a deadline `days_left` away has reached: with [14, 3],
    14 from 14 days before until 4, then 3 until the day itself. A run that
    missed the exact day still sends, later the same stage."""
    reached = [t for t in sorted(thresholds) if days_left <= t]
    if not reached or days_left < 0:
        return None
    return reached[0]


def _open_referrals():
    return (Referral.objects.filter(status=Referral.Status.SENT)
            .exclude(motion__status__in=CLOSED).select_related("motion", "body"))


def plan_referral_reminders(today: datetime.date) -> None:
    """Before the due date: the answering body's secretaries, at each threshold
    of settings.REFERRAL_REMINDER_DAYS. After it: an overdue notice, weekly,
    until the referral is answered or withdrawn."""
    for referral in _open_referrals():
        due = referral.current_due_on
        days_left = (due - today).days
        stage = _stage(days_left, settings.REFERRAL_REMINDER_DAYS)
        if stage is not None:
            _plan(Notice.Kind.REFERRAL_DUE, f"referral {referral.pk} due {due} at {stage}",
                  _secretaries(referral), referral=referral, motion=referral.motion)
        elif days_left < 0:
            week = (-days_left - 1) // 7
            _plan(Notice.Kind.REFERRAL_OVERDUE, f"referral {referral.pk} due {due} overdue week {week}",
                  _secretaries(referral), referral=referral, motion=referral.motion)


def plan_one_year_notices(today: datetime.date) -> None:
    """KL 5 kap. 35 §: the registry is told before a motion's one-year mark,
    at each threshold of settings.ONE_YEAR_NOTICE_DAYS, and on the day it passes."""
    registry = _registry_users()
    for motion in Motion.objects.exclude(status__in=CLOSED):
        stage = _stage((motion.one_year_deadline - today).days, settings.ONE_YEAR_NOTICE_DAYS)
        if stage is not None:
            _plan(Notice.Kind.ONE_YEAR, f"motion {motion.pk} mark {motion.one_year_deadline} at {stage}",
                  registry, motion=motion)


def digest_content(today: datetime.date) -> dict:
    """What the registry's daily digest reports: overdue referrals, and the
    people the watch cannot reach (a body without a secretary, a secretary or
    registry clerk without an e-mail address)."""
    User = get_user_model()
    overdue, unreachable = [], []
    for referral in _open_referrals().order_by("due_on", "id"):
        due = referral.current_due_on
        if due < today:
            overdue.append({"case_number": referral.motion.case_number, "title": referral.motion.title,
                            "body": referral.body.name, "due_on": due.isoformat(),
                            "days_late": (today - due).days, "url": referral.motion.get_absolute_url()})
        secretaries = _secretaries(referral)
        if not secretaries:
            unreachable.append({"what": "body", "name": referral.body.name})
        unreachable += [{"what": "user", "name": user.get_username()} for user in secretaries if not user.email]
    unreachable += [{"what": "user", "name": user.get_username()}
                    for user in User.objects.filter(is_active=True, role__role=Role.REGISTRY, email="")]
    unique = {(u["what"], u["name"]): u for u in unreachable}
    return {"date": today.isoformat(), "overdue": overdue, "unreachable": list(unique.values())}


def plan_registry_digest(today: datetime.date) -> None:
    """Once a day, when there is anything to report."""
    content = digest_content(today)
    if content["overdue"] or content["unreachable"]:
        _plan(Notice.Kind.REGISTRY_DIGEST, f"digest {today}", _registry_users(), payload=content)


def plan_status_notices() -> None:
    """Followers hear of every change of status after they started following."""
    for follow in Follow.objects.select_related("user", "motion"):
        events = list(MotionEvent.objects.filter(motion=follow.motion, pk__gt=follow.since_event_id)
                      .exclude(from_status=F("to_status")).order_by("pk"))
        for event in events:
            _plan(Notice.Kind.STATUS_CHANGED, f"event {event.pk}", [follow.user],
                  motion=follow.motion, event=event)
        if events:
            # Conditional: a concurrent run that got further is not moved back.
            Follow.objects.filter(pk=follow.pk, since_event_id__lt=events[-1].pk).update(
                since_event_id=events[-1].pk)


@transaction.atomic
def plan_notices(today: datetime.date, *, deadlines: bool = True, follows: bool = True) -> list[int]:
    """Plan what is due on `today`: the deadlines' notices and the followers'
    e-mails. Returns every notice not yet sent (earlier failures included)."""
    if deadlines:
        plan_referral_reminders(today)
        plan_one_year_notices(today)
        plan_registry_digest(today)
    if follows:
        plan_status_notices()
    return list(Notice.objects.filter(sent_at__isnull=True).values_list("pk", flat=True))


def _claim(notice_id: int) -> bool:
    now = timezone.now()
    claimed = Notice.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT),
        pk=notice_id, sent_at__isnull=True,
    ).update(claimed_at=now, attempts=F("attempts") + 1)
    return claimed == 1


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def render_notice(notice: Notice) -> EmailMultiAlternatives:
    context = {"notice": notice, "user": notice.recipient, "site_url": settings.SITE_URL,
               "motion": notice.motion, "referral": notice.referral, "event": notice.event,
               "payload": notice.payload}
    if notice.motion:
        context["motion_url"] = _absolute(notice.motion.get_absolute_url())
    if notice.referral:
        context["referral_url"] = _absolute(reverse("referrals:answer", args=[notice.referral.pk]))
        context["days_left"] = (notice.referral.current_due_on - timezone.localdate()).days
        context["days_late"] = -context["days_left"]
    if notice.kind == Notice.Kind.ONE_YEAR:
        context["days_left"] = (notice.motion.one_year_deadline - timezone.localdate()).days
    if notice.kind == Notice.Kind.STATUS_CHANGED:
        context["unfollow_url"] = _absolute(reverse("reminders:unfollow", args=[
            unfollow_token(notice.recipient_id, notice.motion_id)]))
    with translation.override(settings.LANGUAGE_CODE):
        prefix = f"reminders/emails/{notice.kind}"
        subject = " ".join(render_to_string(f"{prefix}-subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject, render_to_string(f"{prefix}-body.txt", context), to=[notice.recipient.email])
        message.attach_alternative(render_to_string(f"{prefix}-body.html", context), "text/html")
    if "unfollow_url" in context:
        message.extra_headers["List-Unsubscribe"] = f"<{context['unfollow_url']}>"
    return message


def send_notice(notice_id: int) -> bool:
    """Send one planned notice, unless another run has sent or is sending it.

    Returns whether this call sent it. A failure releases the claim and
    re-raises, so a retry can send it later.
    """
    if not _claim(notice_id):
        return False
    notice = Notice.objects.select_related("recipient", "motion", "referral__body", "event").get(pk=notice_id)
    try:
        render_notice(notice).send()
    except Exception:
        Notice.objects.filter(pk=notice_id, sent_at__isnull=True).update(claimed_at=None)
        raise
    Notice.objects.filter(pk=notice_id).update(sent_at=timezone.now())
    return True


def run_watch(today: datetime.date | None = None) -> int:
    """Plan and send everything due, in this process; returns how many were sent."""
    today = today or timezone.localdate()
    return sum(send_notice(notice_id) for notice_id in plan_notices(today))


@transaction.atomic
def follow_motion(motion: Motion, *, user) -> Follow:
    last = motion.events.aggregate(last=Max("pk"))["last"] or 0
    follow, _created = Follow.objects.get_or_create(user=user, motion=motion, defaults={"since_event_id": last})
    return follow


def unfollow_motion(motion: Motion, *, user) -> None:
    Follow.objects.filter(user=user, motion=motion).delete()
