"""A broker outage loses no e-mail: the daily job planning while the broker is
down keeps its mailings planned, the minute's job queues them once the broker
is back, and a mailing queued twice is sent once. On a Redis server of the
test's own (tests/support/broker.py), stopped and started again."""

import datetime

import pytest
from celery.signals import task_postrun
from django.core import mail
from django.utils import timezone

from reminders.models import Mailing
from reminders.tasks import notify_followers, send_mailing, watch_deadlines
from tests.support.broker import PrivateBroker, app_on, wait_for, worker_on

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker():
    server = PrivateBroker()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def due_referral(huddinge, nujin, body, social_secretary):
    """A referral due in three days: its reminder is due today, to a secretary who wants each e-mail at once."""
    from accounts.services import update_email_settings
    from motions.services import file_motion
    from referrals.services import ReferralRequest, refer_motion

    social_secretary.email = "sn@kommun.se"
    social_secretary.save()
    update_email_settings(social_secretary, delivery="immediate", language="sv")
    today = timezone.localdate()
    motion = file_motion(huddinge, title="Bevakad motion", movers=[nujin],
                         received_on=today - datetime.timedelta(days=30), by=None)
    (referral,) = refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"),
                                                                 today + datetime.timedelta(days=3))],
                               sent_on=today - datetime.timedelta(days=20), by=None)
    return referral


@pytest.fixture
def finished_sends():
    """The send_mailing tasks the worker has finished, each with what it returned."""
    finished = []

    def count(sender=None, retval=None, **kwargs):
        if sender is not None and sender.name == "reminders.tasks.send_mailing":
            finished.append(retval)

    task_postrun.connect(count, weak=False)
    yield finished
    task_postrun.disconnect(count)


def test_mailings_planned_while_the_broker_is_down_are_sent_once_when_it_is_back(due_referral, broker,
                                                                                 finished_sends):
    with app_on(broker) as app:
        broker.stop()
        # The daily job, as a worker runs it: it plans, cannot queue, and does not fail.
        assert watch_deadlines() >= 1
        reminder = Mailing.objects.get(kind=Mailing.Kind.REFERRAL_DUE)
        assert (reminder.sent_at, reminder.claimed_at, reminder.attempts) == (None, None, 0)

        broker.start()
        notify_followers()  # the minute's job queues every mailing never tried
        assert broker.queued() >= 1
        # Queued once more, as if a sweep queued a mailing the broker had in fact received.
        send_mailing.apply_async([reminder.pk])
        queued = broker.queued()
        with worker_on(app):
            wait_for(lambda: len(finished_sends) == queued, message="the worker to run every queued mailing")
    reminder.refresh_from_db()
    assert reminder.sent_at is not None and reminder.attempts == 1
    to_secretary = [message for message in mail.outbox if message.to == ["sn@kommun.se"]]
    assert len(to_secretary) == 1 and "remissvar" in to_secretary[0].subject
