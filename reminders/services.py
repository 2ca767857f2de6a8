"""Watching deadlines: plan the mailings that are due, then send each once.

Planning is idempotent (a mailing's kind, key and recipient are unique), and
sending claims a mailing with a conditional UPDATE before it sends, so that a
retried or repeated run, or two workers at once, send nothing twice.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import registry_users, secretaries_by_body
from motions import rules
from motions.models import CLOSED, Motion, MotionEvent
from referrals import rules as referral_rules
from referrals.models import Referral
from reminders.models import Follow, Mailing
from reminders.tokens import unfollow_token

logger = logging.getLogger(__name__)

def _with_email(users):
    return [user for user in users if user.email]


def _plan(kind: str, key: str, recipients, **fields) -> list[Mailing]:
    """Plan one mailing per recipient; a mailing planned before is left as it is."""
    return [Mailing(kind=kind, key=key, recipient=user, **fields) for user in _with_email(recipients)]


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


def plan_referral_reminders(today: datetime.date, secretaries: dict[int, list]) -> list[Mailing]:
    """Before the due date: the answering body's secretaries, at each threshold
    of settings.REFERRAL_REMINDER_DAYS. After it: an overdue mailing, weekly,
    until the referral is answered or withdrawn."""
    mailings = []
    for referral in _open_referrals():
        due = referral.current_due_on
        days_left = referral_rules.days_left(referral, today)
        recipients = secretaries.get(referral.body_id, [])
        stage = _stage(days_left, settings.REFERRAL_REMINDER_DAYS)
        if stage is not None:
            mailings += _plan(Mailing.Kind.REFERRAL_DUE, f"referral {referral.pk} due {due} at {stage}",
                             recipients, referral=referral, motion=referral.motion,
                             payload={"days_left": days_left})
        elif days_left < 0:
            week = (-days_left - 1) // 7
            mailings += _plan(Mailing.Kind.REFERRAL_OVERDUE, f"referral {referral.pk} due {due} overdue week {week}",
                             recipients, referral=referral, motion=referral.motion,
                             payload={"days_late": -days_left})
    return mailings


def plan_one_year_mailings(today: datetime.date) -> list[Mailing]:
    """KL 5 kap. 35 §: the registry is told before a motion's one-year mark,
    at each threshold of its organisation's rules of procedure
    (Municipality.one_year_notice_days), and once it has come (also when
    the day itself was missed, or the motion came in later)."""
    registry, mailings = registry_users(), []
    for motion in Motion.objects.exclude(status__in=CLOSED).select_related("municipality"):
        thresholds = motion.municipality.one_year_notice_days or []
        mark = rules.one_year_mark(motion.filed_on)
        days_left = rules.days_to_one_year_mark(motion.filed_on, today)
        stage = min(thresholds) if days_left <= 0 and thresholds else _stage(days_left, thresholds)
        if stage is not None:
            mailings += _plan(Mailing.Kind.ONE_YEAR, f"motion {motion.pk} mark {mark} at {stage}",
                             registry, motion=motion, payload={"days_left": days_left})
    return mailings


def digest_content(today: datetime.date, secretaries: dict[int, list]) -> dict:
    """What the registry's daily digest reports: overdue referrals, the people
    the watch cannot reach (a body without a secretary, a secretary or registry
    clerk without an e-mail address) and e-mails that could not be sent."""
    overdue, unreachable = [], []
    for referral in sorted(_open_referrals(), key=lambda r: (r.current_due_on, r.pk)):
        due = referral.current_due_on
        if referral_rules.is_overdue(referral, today):
            overdue.append({"case_number": referral.motion.case_number, "title": referral.motion.title,
                            "body": referral.body.name, "due_on": due.isoformat(),
                            "days_late": -referral_rules.days_left(referral, today),
                            "url": _absolute(referral.motion.get_absolute_url())})
        body_secretaries = secretaries.get(referral.body_id, [])
        if not body_secretaries:
            unreachable.append({"what": "body", "name": referral.body.name})
        unreachable += [{"what": "user", "name": user.get_username()} for user in body_secretaries
                        if not user.email]
    unreachable += [{"what": "user", "name": user.get_username()} for user in registry_users() if not user.email]
    unique = {(u["what"], u["name"]): u for u in unreachable}
    # Refused since the previous digest was planned.
    last_digest = Mailing.objects.filter(kind=Mailing.Kind.REGISTRY_DIGEST).aggregate(last=Max("planned_at"))["last"]
    refused = Mailing.objects.filter(refused=True).exclude(kind=Mailing.Kind.REGISTRY_DIGEST)
    if last_digest:
        refused = refused.filter(closed_at__gt=last_digest)
    failed = [{"to": mailing.recipient.email, "what": str(mailing.get_kind_display()), "problem": mailing.problem}
              for mailing in refused.select_related("recipient")]
    return {"date": today.isoformat(), "overdue": overdue, "unreachable": list(unique.values()), "failed": failed}


def plan_registry_digest(today: datetime.date, secretaries: dict[int, list]) -> list[Mailing]:
    """Once a day, when there is anything to report."""
    content = digest_content(today, secretaries)
    if not (content["overdue"] or content["unreachable"] or content["failed"]):
        return []
    registry = registry_users()
    if not _with_email(registry):
        logger.warning("The registry's digest for %s has no recipient with an e-mail address.", today)
    return _plan(Mailing.Kind.REGISTRY_DIGEST, f"digest {today}", registry, payload=content)


def plan_status_mailings() -> list[Mailing]:
    """Followers hear of every change of status after they started following."""
    follows = list(Follow.objects.select_related("user"))
    if not follows:
        return []
    since = min(follow.since_event_id for follow in follows)
    events: dict[int, list[MotionEvent]] = {}
    for event in (MotionEvent.objects.filter(pk__gt=since, motion__in={f.motion_id for f in follows})
                  .exclude(from_status=F("to_status")).order_by("pk")):
        events.setdefault(event.motion_id, []).append(event)
    mailings = []
    for follow in follows:
        news = [e for e in events.get(follow.motion_id, []) if e.pk > follow.since_event_id]
        mailings += [n for e in news for n in _plan(Mailing.Kind.STATUS_CHANGED, f"event {e.pk}", [follow.user],
                                                    motion_id=follow.motion_id, event=e)]
        if news:
            # Conditional: a concurrent run that got further is not moved back.
            Follow.objects.filter(pk=follow.pk, since_event_id__lt=news[-1].pk).update(since_event_id=news[-1].pk)
    return mailings


def plan_mailings(today: datetime.date, *, deadlines: bool = True, follows: bool = True) -> list[int]:
    """Plan what is due on `today`: the deadlines' mailings and the followers'
    e-mails. Returns the mailings ready to send: planned and never tried.
    (A mailing whose sending failed is retried by its own task, with back-off.)"""
    with transaction.atomic():
        mailings = []
        if deadlines:
            secretaries = secretaries_by_body()
            mailings += plan_referral_reminders(today, secretaries)
            mailings += plan_one_year_mailings(today)
            mailings += plan_registry_digest(today, secretaries)
        if follows:
            mailings += plan_status_mailings()
        Mailing.objects.bulk_create(mailings, ignore_conflicts=True)
    return list(Mailing.objects.filter(sent_at__isnull=True, closed_at__isnull=True, claimed_at__isnull=True,
                                      attempts=0).values_list("pk", flat=True))


def _claim_timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.MAILING_CLAIM_TIMEOUT)


def _claim(mailing_id: int) -> datetime.datetime | None:
    """Claim the mailing for this sender; returns the claim's stamp, or None
    when it is sent, closed, or being sent by another sender."""
    now = timezone.now()
    claimed = Mailing.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - _claim_timeout()),
        pk=mailing_id, sent_at__isnull=True, closed_at__isnull=True,
    ).update(claimed_at=now, attempts=F("attempts") + 1)
    return now if claimed == 1 else None


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def still_relevant(mailing: Mailing) -> str:
    """Why a planned mailing should no longer go out ("" if it should): the
    world may have moved on while it waited (a retry, a slow queue)."""
    if mailing.referral_id is not None:
        referral = mailing.referral
        if referral.status != Referral.Status.SENT or referral.motion.is_closed:
            return "remissen är inte längre öppen"
        role = getattr(mailing.recipient, "role", None)
        if mailing.kind != Mailing.Kind.REGISTRY_DIGEST and (
                role is None or not role.bodies.filter(pk=referral.body_id).exists()):
            return "mottagaren är inte längre sekreterare för organet"
    elif mailing.kind == Mailing.Kind.ONE_YEAR and mailing.motion.is_closed:
        return "motionen är avgjord"
    elif mailing.kind == Mailing.Kind.REGISTRY_DIGEST and mailing.payload.get("date", "") < \
            timezone.localdate().isoformat():
        return "en nyare sammanställning ersätter den"
    elif mailing.kind == Mailing.Kind.STATUS_CHANGED and not Follow.objects.filter(
            user_id=mailing.recipient_id, motion_id=mailing.motion_id).exists():
        return "mottagaren bevakar inte längre ärendet"
    return ""


def render_mailing(mailing: Mailing) -> EmailMultiAlternatives:
    """The mailing's e-mail, in the site's language whatever the language of
    the run (the status labels included)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _render_mailing(mailing)


def _render_mailing(mailing: Mailing) -> EmailMultiAlternatives:
    context = {"mailing": mailing, "user": mailing.recipient, "site_url": settings.SITE_URL.rstrip("/"),
               "motion": mailing.motion, "referral": mailing.referral, "event": mailing.event,
               "payload": mailing.payload}
    if mailing.motion:
        # Where the case is, in its organisation's words ("Behandlad i regionstyrelsen").
        path = rules.path_of(mailing.motion.municipality)
        context["motion_url"] = _absolute(mailing.motion.get_absolute_url())
        context["one_year_mark"] = rules.one_year_mark(mailing.motion.filed_on)
        context["status"] = path.label(mailing.motion.status)
    if mailing.referral:
        context["referral_url"] = _absolute(reverse("referrals:answer", args=[mailing.referral.pk]))
    if mailing.kind == Mailing.Kind.STATUS_CHANGED:
        context["from_status"] = path.label(mailing.event.from_status) if mailing.event.from_status else ""
        context["to_status"] = path.label(mailing.event.to_status)
        context["unfollow_url"] = _absolute(reverse("reminders:unfollow", args=[
            unfollow_token(mailing.recipient_id, mailing.motion_id)]))
    prefix = f"reminders/emails/{mailing.kind}"
    subject = " ".join(render_to_string(f"{prefix}-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject, render_to_string(f"{prefix}-body.txt", context), to=[mailing.recipient.email])
    message.attach_alternative(render_to_string(f"{prefix}-body.html", context), "text/html")
    if "unfollow_url" in context:
        # RFC 8058: a mail client may unfollow with one POST to the link.
        message.extra_headers["List-Unsubscribe"] = f"<{context['unfollow_url']}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


class MailingBusy(Exception):
    """Another sender holds the mailing's claim; try again after the claim lapses."""


# Refusals by the mail server that a retry will not change.
PERMANENT = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)


def send_mailing(mailing_id: int) -> bool:
    """Send one planned mailing, once.

    Returns whether this call sent it (False: sent or closed before). Raises
    MailingBusy when another sender holds it, and re-raises a failure after
    releasing the claim, so that a retry can send it later. A mailing no
    longer relevant, or refused for good by the mail server, is closed.
    """
    stamp = _claim(mailing_id)
    if stamp is None:
        if Mailing.objects.filter(pk=mailing_id, sent_at__isnull=True, closed_at__isnull=True).exists():
            raise MailingBusy(mailing_id)
        return False
    mine = Mailing.objects.filter(pk=mailing_id, claimed_at=stamp)
    mailing = Mailing.objects.select_related(
        "recipient__role", "motion", "referral__body", "referral__motion", "event").get(pk=mailing_id)
    reason = still_relevant(mailing)
    if reason:
        mine.update(closed_at=timezone.now(), problem=reason)
        return False
    try:
        render_mailing(mailing).send()
    except PERMANENT as error:
        mine.update(closed_at=timezone.now(), problem=str(error)[:300], refused=True)
        logger.warning("Mailing %s refused by the mail server: %s", mailing_id, error)
        return False
    except Exception:
        mine.update(claimed_at=None)
        raise
    mine.update(sent_at=timezone.now())
    return True


def run_watch(today: datetime.date | None = None) -> tuple[int, int]:
    """Plan and send everything due, in this process (no broker): also the
    mailings that failed before. Returns (sent, failed); a failure does not
    stop the others."""
    today = today or timezone.localdate()
    plan_mailings(today)
    sent = failed = 0
    for mailing_id in Mailing.objects.filter(sent_at__isnull=True, closed_at__isnull=True).order_by("pk") \
            .values_list("pk", flat=True):
        try:
            sent += send_mailing(mailing_id)
        except MailingBusy:
            continue
        except Exception:
            logger.exception("Mailing %s could not be sent; it is tried again on the next run.", mailing_id)
            failed += 1
    return sent, failed


@transaction.atomic
def follow_motion(motion: Motion, *, user) -> Follow:
    last = motion.events.aggregate(last=Max("pk"))["last"] or 0
    follow, _created = Follow.objects.get_or_create(user=user, motion=motion, defaults={"since_event_id": last})
    return follow


def unfollow_motion(motion: Motion, *, user) -> None:
    Follow.objects.filter(user=user, motion=motion).delete()
