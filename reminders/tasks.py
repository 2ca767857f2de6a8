"""Background jobs. Thin: each calls a service. Safe to run twice, and
acknowledged only when done, so a job whose worker dies is run again."""

import datetime
import smtplib

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lib.background import queue
from reminders import services
from reminders.report import organisations_in_report_month, store_report

# Errors worth another try later: the mail server or the network is away.
# (Refusals for good are closed by the service and not retried.)
TRANSIENT = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, smtplib.SMTPHeloError,
             ConnectionError, TimeoutError)


@shared_task(bind=True, acks_late=True, autoretry_for=TRANSIENT, retry_backoff=30, retry_backoff_max=3600,
             max_retries=8)
def send_mailing(self, mailing_id: int) -> bool:
    try:
        return services.send_mailing(mailing_id)
    except services.MailingBusy as busy:
        # Another sender holds it, or held it and died: look again once its claim has lapsed.
        raise self.retry(countdown=settings.MAILING_CLAIM_TIMEOUT + 1, max_retries=None) from busy


def _plan_and_queue(today: datetime.date, **which) -> int:
    with transaction.atomic():
        mailing_ids = services.plan_mailings(today, **which)
        # Queued only once the plan is committed, so a worker always finds the mailing.
        transaction.on_commit(lambda: queue_mailings(mailing_ids))
    return len(mailing_ids)


def queue_mailings(mailing_ids: list[int]) -> int:
    """Each mailing to a worker; returns how many were queued. When the broker cannot be
    reached the rest are not tried: they stay planned and never tried, and the next run of
    notify_followers (every minute) queues them again, as it queues every such mailing. A
    mailing queued twice is sent once: the sender claims it first (services.send_mailing)."""
    for queued, mailing_id in enumerate(mailing_ids):
        if not queue(send_mailing, mailing_id):
            return queued
    return len(mailing_ids)


@shared_task(acks_late=True)
def watch_deadlines(day: str | None = None) -> int:
    """Daily: referral reminders, overdue mailings, the one-year rule, the registry's overview,
    and each person's digest of everything waiting for them."""
    return _plan_and_queue(datetime.date.fromisoformat(day) if day else timezone.localdate(), follows=False)


@shared_task(acks_late=True)
def notify_followers() -> int:
    """Often: news of a case whose status changed, at once to the followers who want e-mail at
    once; the others' waits for their daily digest. Also the mailings' sweep: every mailing
    ready and never tried (the broker was away when it was planned, or lost it) is queued again."""
    return _plan_and_queue(timezone.localdate(), deadlines=False)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def produce_report(day: str | None = None) -> list[int]:
    """The report to each organisation's council of its motions not yet fully
    prepared, in the months of that organisation's rules of procedure
    (Municipality.report_months): scheduled on the 1st of every month, it
    produces the reports of the organisations whose month it is, and nothing
    in the other months. Each organisation's report is produced once per day
    asked for; returns their ids, the first organisation's first."""
    as_of = datetime.date.fromisoformat(day) if day else timezone.localdate()
    report_ids = []
    for municipality in organisations_in_report_month(as_of):
        # One transaction per organisation: a report stored stays stored if a later one fails
        # and the task is run again.
        report_ids.append(store_report(municipality, as_of=as_of).pk)
    return report_ids
