"""Watching deadlines: plan the mailings that are due, then send each once.

Planning is idempotent (a mailing's kind, key and recipient are unique), and
sending claims a mailing with a conditional UPDATE before it sends, so that a
retried or repeated run, or two workers at once, send nothing twice.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.db.models.functions import ExtractWeekDay
from django.db.models.lookups import In, LessThan, Range
from django.urls import reverse
from django.utils import timezone

from accounts.models import Delivery
from accounts.roles import is_registry, registry_users, secretaries_by_body
from motions import rules
from motions.models import CLOSED, Motion, MotionEvent
from organisation.models import Body, Municipality
from referrals import rules as referral_rules
from referrals.models import Referral
from reminders.emails import absolute, render_mailing
from reminders.models import Follow, Mailing, WatchRun

logger = logging.getLogger(__name__)

def _with_email(users):
    return [user for user in users if user.email]


def _with_case_officer(users: list, motion: Motion) -> list:
    """`users` and the case's officer (handläggare), who hears of its deadlines with the registry."""
    officer = motion.case_officer
    if officer is None or not officer.is_active or officer in users:
        return users
    return [*users, officer]


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


# How long before the previous run's start the next run looks for recorded steps: a step
# whose transaction was still open when that run read the database is looked at again.
_OVERLAP = datetime.timedelta(hours=1)
# How many rows the watch reads and writes at a time: memory stays bounded at any volume.
BATCH = 1000


@dataclass(frozen=True)
class Since:
    """Where the previous daily run left off: the deadlines reached up to
    `day` are planned, and the cases changed before `at` were looked at."""

    day: datetime.date
    at: datetime.datetime


def last_run(today: datetime.date) -> Since | None:
    """The latest run for `today` or a day before it; None before the first."""
    run = WatchRun.objects.filter(day__lte=today).order_by("-day").first()
    return Since(run.day, run.planned_at) if run else None


def _changed_since(since: Since, motion: str = "motion_id") -> Q:
    """The cases with a step recorded since the previous run (filed, referred,
    extended, corrected, undone), by the field `motion`: their deadlines are
    looked at again, whenever those fall."""
    changed = MotionEvent.objects.filter(recorded_at__gt=since.at - _OVERLAP).values("motion_id")
    return Q(**{f"{motion}__in": changed})


def _window(since: Since, today: datetime.date) -> list[datetime.date]:
    """The days whose deadlines this run plans: those after the previous run's day, up to today."""
    return [since.day + datetime.timedelta(days=n) for n in range(1, (today - since.day).days + 1)]


def _due_referrals(today: datetime.date, since: Since | None):
    """The open referrals with a reminder that falls due in this run's days:
    a threshold of settings.REFERRAL_REMINDER_DAYS reached (day = due date −
    threshold) or a week of lateness begun (day = due date + 1, + 8, ...), or
    whose case changed since the previous run; on the first run, every open one."""
    due = referral_rules.current_due_on()
    referrals = (Referral.objects.filter(status=Referral.Status.SENT).exclude(motion__status__in=sorted(CLOSED))
                 .select_related("motion__case_officer", "body").defer("draft_text", "motion__summary")
                 .order_by("pk"))
    if since is None:
        return referrals
    window = _window(since, today)
    wanted = _changed_since(since)
    if window:
        first, last = window[0], window[-1]
        for threshold in settings.REFERRAL_REMINDER_DAYS:
            ahead = datetime.timedelta(days=threshold)
            wanted |= Q(Range(due, (max(first + ahead, today), last + ahead)))
        # Late: the weekly reminder falls on the due date's weekday, the day after each full week.
        weekdays = {((day - datetime.timedelta(days=1)).isoweekday() % 7) + 1 for day in window}
        late = Q(LessThan(due, today))
        wanted |= late if len(weekdays) == 7 else late & Q(In(ExtractWeekDay(due), sorted(weekdays)))
    return referrals.filter(wanted)


def plan_referral_reminders(today: datetime.date, secretaries: dict[int, list], *, since: Since | None = None):
    """Before the due date: the answering body's secretaries, at each threshold
    of settings.REFERRAL_REMINDER_DAYS. After it: an overdue mailing, weekly,
    until the referral is answered or withdrawn, to the case officer too.
    Only the referrals whose reminder falls in this run's days (since the
    previous run, `since`), each at the stage it has reached today: a run that
    missed the exact day still sends, later the same stage. Yields the mailings."""
    for referral in _due_referrals(today, since).iterator(chunk_size=BATCH):
        due = referral.current_due_on
        days_left = referral_rules.days_left(referral, today)
        recipients = secretaries.get(referral.body_id, [])
        stage = _stage(days_left, settings.REFERRAL_REMINDER_DAYS)
        if stage is not None:
            yield from _plan(Mailing.Kind.REFERRAL_DUE, f"referral {referral.pk} due {due} at {stage}",
                             recipients, referral=referral, motion=referral.motion, payload={"days_left": days_left})
        elif days_left < 0:
            week = (-days_left - 1) // 7
            yield from _plan(Mailing.Kind.REFERRAL_OVERDUE, f"referral {referral.pk} due {due} overdue week {week}",
                             _with_case_officer(recipients, referral.motion), referral=referral,
                             motion=referral.motion, payload={"days_late": -days_left})


def _motions_at_one_year_thresholds(today: datetime.date, since: Since | None):
    """The open motions whose one-year notice falls in this run's days (day =
    the mark − a threshold of the organisation's, the mark itself for the
    last), or whose case changed since the previous run; every open one on
    the first run."""
    motions = (Motion.objects.exclude(status__in=sorted(CLOSED)).select_related("municipality", "case_officer")
               .defer("summary").order_by("pk"))
    if since is None:
        return motions
    window = _window(since, today)
    wanted = _changed_since(since, "pk")
    if window:
        organisations: dict[int, list[int]] = {}
        for pk, thresholds in Municipality.objects.values_list("pk", "one_year_notice_days"):
            for threshold in thresholds or []:
                organisations.setdefault(threshold, []).append(pk)
        for threshold, ids in sorted(organisations.items()):
            marks = (window[0] + datetime.timedelta(days=threshold), window[-1] + datetime.timedelta(days=threshold))
            wanted |= rules.one_year_mark_within(*marks) & Q(municipality_id__in=ids)
    return motions.filter(wanted)


def plan_one_year_mailings(today: datetime.date, *, since: Since | None = None):
    """KL 5 kap. 35 §: the registry is told before a motion's one-year mark,
    at each threshold of its organisation's rules of procedure
    (Municipality.one_year_notice_days), and once it has come (also when
    the day itself was missed, or the motion came in later). The case officer
    is told with the registry. Only the motions whose notice falls in this
    run's days (since the previous run, `since`). Yields the mailings."""
    registry = registry_users()
    for motion in _motions_at_one_year_thresholds(today, since).iterator(chunk_size=BATCH):
        thresholds = motion.municipality.one_year_notice_days or []
        mark = rules.one_year_mark(motion.filed_on)
        days_left = rules.days_to_one_year_mark(motion.filed_on, today)
        stage = min(thresholds) if days_left <= 0 and thresholds else _stage(days_left, thresholds)
        if stage is not None:
            yield from _plan(Mailing.Kind.ONE_YEAR, f"motion {motion.pk} mark {mark} at {stage}",
                             _with_case_officer(registry, motion), motion=motion, payload={"days_left": days_left})


# How many rows of each kind the registry's digest lists; it counts them all and links to the full list.
DIGEST_ROWS = 10


def _inbox_url(**filters) -> str:
    return absolute(f"{reverse('referrals:inbox')}?{urlencode(filters)}")


def digest_content(today: datetime.date, secretaries: dict[int, list], *, since: Since | None = None) -> dict:
    """What the registry's daily digest reports, summarised whatever the
    volume: the overdue referrals counted per body, the oldest listed, with a
    link to the full list (the referral list, overdue); the people the watch
    cannot reach (a body with open referrals but without a secretary, a
    secretary or registry clerk without an e-mail address) and the e-mails
    refused since the previous run, each counted and the first listed."""
    overdue = (Referral.objects.filter(referral_rules.overdue(today))
               .exclude(motion__status__in=sorted(CLOSED)))
    oldest = [
        {"case_number": referral.motion.case_number, "title": referral.motion.title, "body": referral.body.name,
         "due_on": referral.current_due_on.isoformat(), "days_late": -referral_rules.days_left(referral, today),
         "url": absolute(referral.motion.get_absolute_url())}
        for referral in overdue.select_related("motion", "body").only(
            "due_on", "extended_due_on", "motion__case_number", "motion__title", "body__name")
        .order_by(referral_rules.current_due_on().asc(), "pk")[:DIGEST_ROWS]]
    by_body = list(overdue.values("body_id", "body__name", "body__municipality_id")
                   .annotate(count=Count("pk")).order_by("-count", "body__name", "body_id"))
    bodies = [{"body": row["body__name"], "count": row["count"],
               "url": _inbox_url(state="overdue", organisation=row["body__municipality_id"], body=row["body_id"])}
              for row in by_body[:DIGEST_ROWS]]
    # The bodies waited for by an open referral: each needs a secretary with an e-mail address.
    waited = set(Referral.objects.filter(status=Referral.Status.SENT).exclude(motion__status__in=sorted(CLOSED))
                 .order_by().values_list("body_id", flat=True).distinct())
    lonely = Body.objects.filter(pk__in=waited - set(secretaries)).order_by("name", "pk")
    no_email = sorted({user.get_username() for body_id in waited for user in secretaries.get(body_id, [])
                       if not user.email} | {user.get_username() for user in registry_users() if not user.email})
    unreachable = ([{"what": "body", "name": name} for name in lonely.values_list("name", flat=True)[:DIGEST_ROWS]]
                   + [{"what": "user", "name": name} for name in no_email[:DIGEST_ROWS]])
    refused = Mailing.objects.filter(refused=True).exclude(kind=Mailing.Kind.REGISTRY_DIGEST)
    if since is not None:
        refused = refused.filter(closed_at__gt=since.at)
    failed = [{"to": mailing.recipient.email, "what": str(mailing.get_kind_display()), "problem": mailing.problem}
              for mailing in refused.select_related("recipient").order_by("closed_at", "pk")[:DIGEST_ROWS]]
    overdue_count = sum(row["count"] for row in by_body)
    unreachable_count = len(waited - set(secretaries)) + len(no_email)
    failed_count = refused.count() if len(failed) == DIGEST_ROWS else len(failed)
    return {
        "date": today.isoformat(),
        "overdue": oldest, "overdue_count": overdue_count, "overdue_url": _inbox_url(state="overdue"),
        "overdue_bodies": bodies, "more_bodies": len(by_body) - len(bodies),
        "unreachable": unreachable, "unreachable_count": unreachable_count,
        "more_unreachable": unreachable_count - len(unreachable),
        "failed": failed, "failed_count": failed_count, "more_failed": failed_count - len(failed),
    }


def plan_registry_digest(today: datetime.date, secretaries: dict[int, list], *,
                         since: Since | None = None) -> list[Mailing]:
    """Once a day, when there is anything to report."""
    if Mailing.objects.filter(kind=Mailing.Kind.REGISTRY_DIGEST, key=f"digest {today}").exists():
        return []
    content = digest_content(today, secretaries, since=since)
    if not (content["overdue_count"] or content["unreachable_count"] or content["failed_count"]):
        return []
    registry = registry_users()
    if not _with_email(registry):
        logger.warning("The registry's digest for %s has no recipient with an e-mail address.", today)
    return _plan(Mailing.Kind.REGISTRY_DIGEST, f"digest {today}", registry, payload=content)


def plan_status_mailings() -> list[Mailing]:
    """Followers hear of every change of status after they started following.
    Only the follows with such news are read."""
    news = (MotionEvent.objects.filter(motion=OuterRef("motion"), pk__gt=OuterRef("since_event_id"))
            .exclude(from_status=F("to_status")))
    follows = list(Follow.objects.filter(Exists(news)).select_related("user"))
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


def _wants_at_once():
    """Mailings whose recipient wants e-mail at once; the others wait for their digest."""
    return Q(recipient__email_settings__delivery=Delivery.IMMEDIATE)


def _waiting():
    """Mailings not sent, not closed."""
    return Mailing.objects.filter(sent_at__isnull=True, closed_at__isnull=True)


def plan_digests(today: datetime.date) -> None:
    """Once a day: a digest for each person with mailings waiting, unless they
    want e-mail at once. One per person and day (the key), however often the
    day's run is repeated: what comes later in the day waits for the next."""
    # Without the model's order, which DISTINCT would count in: one row per recipient, not per mailing.
    waiting = (_waiting().exclude(kind=Mailing.Kind.DIGEST).exclude(_wants_at_once())
               .order_by().values_list("recipient_id", flat=True).distinct())
    Mailing.objects.bulk_create([
        Mailing(kind=Mailing.Kind.DIGEST, key=f"day {today}", recipient_id=recipient_id,
                payload={"date": today.isoformat()})
        for recipient_id in waiting], ignore_conflicts=True)


def _create(mailings) -> None:
    """Store the planned mailings, BATCH at a time; one planned before is left as it is."""
    mailings = iter(mailings)
    while batch := list(islice(mailings, BATCH)):
        Mailing.objects.bulk_create(batch, ignore_conflicts=True)


def plan_mailings(today: datetime.date, *, deadlines: bool = True, follows: bool = True) -> list[int]:
    """Plan what is due on `today`: the deadlines' mailings, the followers'
    e-mails and, with the deadlines (the daily run), each person's digest.
    The daily run plans the deadlines reached since the previous run's day
    (the days it missed too) and notes its own (WatchRun): run again, it
    plans nothing new.
    Returns the mailings ready to send, either digests or for someone who
    wants e-mail at once: planned and never tried, or claimed by a sender that
    has since died (its claim lapsed: a queue of files does not deliver its
    job again). (A mailing whose sending failed is retried by its own task,
    with back-off.)"""
    with transaction.atomic():
        if deadlines:
            started, since = timezone.now(), last_run(today)
            secretaries = secretaries_by_body()
            _create(plan_referral_reminders(today, secretaries, since=since))
            _create(plan_one_year_mailings(today, since=since))
            _create(plan_registry_digest(today, secretaries, since=since))
            WatchRun.objects.update_or_create(day=today, defaults={"planned_at": started})
        if follows:
            _create(plan_status_mailings())
        if deadlines:
            plan_digests(today)
    ready = Q(claimed_at__isnull=True, attempts=0) | Q(claimed_at__lt=timezone.now() - _claim_timeout())
    return list(_waiting().filter(Q(kind=Mailing.Kind.DIGEST) | _wants_at_once()).filter(ready)
                .order_by("pk").values_list("pk", flat=True))


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


def still_relevant(mailing: Mailing) -> str:
    """Why a planned mailing should no longer go out ("" if it should): the
    world may have moved on while it waited (a retry, a slow queue)."""
    if mailing.referral_id is not None:
        referral = mailing.referral
        if referral.status != Referral.Status.SENT or referral.motion.is_closed:
            return "remissen är inte längre öppen"
        role = getattr(mailing.recipient, "role", None)
        if mailing.recipient_id != referral.motion.case_officer_id and (
                role is None or not role.bodies.filter(pk=referral.body_id).exists()):
            return "mottagaren är inte längre sekreterare för organet"
    elif mailing.kind == Mailing.Kind.ONE_YEAR and mailing.motion.is_closed:
        return "motionen är avgjord"
    elif mailing.kind == Mailing.Kind.ONE_YEAR and not (
            is_registry(mailing.recipient) or mailing.recipient_id == mailing.motion.case_officer_id):
        return "mottagaren är inte längre registrator eller ärendets handläggare"
    elif mailing.kind == Mailing.Kind.REGISTRY_DIGEST and mailing.payload.get("date", "") < \
            timezone.localdate().isoformat():
        return "en nyare sammanställning ersätter den"
    elif mailing.kind == Mailing.Kind.DIGEST and Mailing.objects.filter(
            kind=Mailing.Kind.DIGEST, recipient_id=mailing.recipient_id, pk__gt=mailing.pk).exists():
        # Not sent on its day (the worker was away): the next day's carries what it would have.
        return "en nyare sammanställning ersätter den"
    elif mailing.kind == Mailing.Kind.STATUS_CHANGED and not Follow.objects.filter(
            user_id=mailing.recipient_id, motion_id=mailing.motion_id).exists():
        return "mottagaren bevakar inte längre ärendet"
    return ""


class MailingBusy(Exception):
    """Another sender holds the mailing's claim; try again after the claim lapses."""


# Refusals by the mail server that a retry will not change.
PERMANENT = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)


def _claim_items(digest: Mailing, stamp: datetime.datetime) -> list[Mailing]:
    """Claim for `digest` every mailing waiting for its recipient (with the
    digest's stamp) and return those still relevant; the others are closed."""
    (_waiting().filter(recipient_id=digest.recipient_id).exclude(kind=Mailing.Kind.DIGEST)
     .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stamp - _claim_timeout()))
     .update(claimed_at=stamp, digest=digest, attempts=F("attempts") + 1))
    relevant = []
    for item in Mailing.objects.filter(digest=digest, claimed_at=stamp, sent_at__isnull=True).select_related(
            "recipient__role", "motion__municipality", "referral__body", "referral__motion", "event").order_by("pk"):
        reason = still_relevant(item)
        if reason:
            Mailing.objects.filter(pk=item.pk).update(closed_at=timezone.now(), problem=reason, digest=None)
        else:
            relevant.append(item)
    return relevant


def send_mailing(mailing_id: int) -> bool:
    """Send one planned mailing, once: on its own to someone who wants e-mail
    at once; a digest with every mailing waiting for its recipient.

    Returns whether this call sent it (False: sent or closed before, or
    waiting for the recipient's digest). Raises MailingBusy when another
    sender holds it, and re-raises a failure after releasing the claim (a
    digest's items' too), so that a retry can send it later. A mailing no
    longer relevant, or refused for good by the mail server, is closed.
    """
    if _waiting().filter(pk=mailing_id).exclude(kind=Mailing.Kind.DIGEST).exclude(_wants_at_once()).exists():
        return False
    stamp = _claim(mailing_id)
    if stamp is None:
        if _waiting().filter(pk=mailing_id).exists():
            raise MailingBusy(mailing_id)
        return False
    mine = Mailing.objects.filter(pk=mailing_id, claimed_at=stamp)
    mailing = Mailing.objects.select_related(
        "recipient__role", "motion__municipality", "referral__body", "referral__motion", "event").get(pk=mailing_id)
    reason = still_relevant(mailing)
    if reason:
        mine.update(closed_at=timezone.now(), problem=reason)
        return False
    items = None
    if mailing.kind == Mailing.Kind.DIGEST:
        items = _claim_items(mailing, stamp)
        if not items:
            mine.update(closed_at=timezone.now(), problem="inget att skicka")
            return False
    carried = Mailing.objects.filter(pk__in=[item.pk for item in items or []])
    try:
        render_mailing(mailing, items).send()
    except PERMANENT as error:
        mine.update(closed_at=timezone.now(), problem=str(error)[:300], refused=True)
        # The digest is reported as refused; what it carried is closed with it.
        carried.update(closed_at=timezone.now(), problem="sammanställningen nekades av e-postservern")
        logger.warning("Mailing %s refused by the mail server: %s", mailing_id, error)
        return False
    except Exception:
        carried.update(claimed_at=None, digest=None)
        mine.update(claimed_at=None)
        raise
    now = timezone.now()
    carried.update(sent_at=now)
    mine.update(sent_at=now)
    return True


def run_watch(today: datetime.date | None = None) -> tuple[int, int]:
    """Plan and send everything due, in this process (no broker): also the
    mailings that failed before. Returns (sent, failed); a failure does not
    stop the others."""
    today = today or timezone.localdate()
    plan_mailings(today)
    sent = failed = 0
    for mailing_id in _waiting().filter(Q(kind=Mailing.Kind.DIGEST) | _wants_at_once()).order_by("pk") \
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
