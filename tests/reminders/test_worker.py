"""A real Celery worker and beat against this machine's Redis (and RabbitMQ),
on PostgreSQL only: the worker, a separate process, must see the test database."""

import datetime
import email
import email.header
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from reminders.models import Mailing

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
AMQP_BROKER = os.environ.get("TEST_CELERY_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="a worker process shares the test database only on PostgreSQL"),
]


def _redis_available() -> bool:
    import redis

    try:
        redis.Redis.from_url(BROKER, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError:
        return False
    return True


@pytest.fixture(params=["redis"])
def broker(request):
    """Redis by default; tests parametrized with "amqp" run on RabbitMQ as well, with "filesystem"
    on the queue of files `make run` uses (start_worker gives it a folder of the test's)."""
    if request.param == "filesystem":
        yield "filesystem://localhost/"
        return
    if request.param == "amqp":
        from kombu import Connection

        with Connection(AMQP_BROKER, connect_timeout=5) as conn:
            try:
                conn.connect()
            except Exception as error:
                pytest.fail(f"No RabbitMQ at {AMQP_BROKER}: {error}")
        yield AMQP_BROKER
        return
    import redis

    if not _redis_available():
        pytest.fail(f"No Redis at {BROKER}; the worker tests need this machine's Redis server.")
    redis.Redis.from_url(BROKER).flushdb()
    yield BROKER
    redis.Redis.from_url(BROKER).flushdb()


@pytest.fixture
def start_worker(broker, tmp_path):
    """Start `celery worker` (with --beat if asked) on the test database; stopped at the end."""
    processes = []
    settings = connection.settings_dict
    database_url = (f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
                    f"{settings['PORT'] or 5432}/{settings['NAME']}")

    def start(*, beat=False, slow_mail_seconds=0, name="w1"):
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker,
            "CELERY_FILESYSTEM_FOLDER": str(tmp_path / "queue"),
            "CELERY_VISIBILITY_TIMEOUT": "4",
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            "CELERY_UNACKED_RESTORE_THROTTLE": "1",
            "MAILING_CLAIM_TIMEOUT": "6",
            "EMAIL_BACKEND": "tests.support.mail.SlowFileBackend",
            "EMAIL_FILE_PATH": str(tmp_path / "mail"),
            "SLOW_MAIL_SECONDS": str(slow_mail_seconds),
            "PYTHONPATH": str(ROOT),
            "DJANGO_ALLOW_ASYNC_UNSAFE": "",
        }
        args = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
                f"--hostname={name}@%h", "--without-gossip", "--without-mingle"]
        if beat:
            args += ["--beat", f"--schedule={tmp_path / 'beat-schedule'}"]
        log = open(tmp_path / f"{name}.log", "w")
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def wait_for(condition, timeout=60, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {message}")


@pytest.fixture
def due_referral(huddinge, nujin, body, registry_user, social_secretary):
    """A referral due in three days from the real today: its reminder is due now."""
    from accounts.services import update_email_settings
    from motions.services import file_motion
    from referrals.services import ReferralRequest, refer_motion

    social_secretary.email = "sn@kommun.se"
    social_secretary.save()
    # Each mailing on its own, not in the day's digest: the job is the mailing's.
    update_email_settings(social_secretary, delivery="immediate", language="sv")
    today = timezone.localdate()
    motion = file_motion(huddinge, title="Bevakad motion", movers=[nujin],
                         received_on=today - datetime.timedelta(days=30), by=None)
    (referral,) = refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"),
                                                                 today + datetime.timedelta(days=3))],
                               sent_on=today - datetime.timedelta(days=20), by=None)
    return referral


def mails(tmp_path) -> list[str]:
    """The e-mails the worker wrote, each as its recipient and decoded subject."""
    folder = tmp_path / "mail"
    found = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        for raw in path.read_text().split("-" * 79):
            if raw.strip():
                message = email.message_from_string(raw.strip())
                subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
                found.append(f"To: {message['To']} Subject: {subject}")
    return found


@pytest.mark.parametrize("broker", ["redis", "amqp", "filesystem"], indirect=True)
def test_beat_fires_the_schedule_and_the_worker_sends_the_reminder(due_referral, start_worker, tmp_path):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every_two_seconds = IntervalSchedule.objects.create(every=2, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name="Bevaka tidsfrister (test)", task="reminders.tasks.watch_deadlines",
                                interval=every_two_seconds, args=json.dumps([]))
    start_worker(beat=True)
    wait_for(lambda: any("Påminnelse: remissvar" in m for m in mails(tmp_path)), message="the reminder e-mail")
    # The schedule keeps firing; the reminder stays sent once.
    time.sleep(5)
    reminders = [m for m in mails(tmp_path) if "Påminnelse: remissvar" in m]
    assert len(reminders) == 1 and "To: sn@kommun.se" in reminders[0]
    assert Mailing.objects.get(kind="referral_due").sent_at is not None


def test_a_job_cut_off_when_its_worker_dies_is_done_once_after_a_restart(due_referral, start_worker, broker,
                                                                        tmp_path):
    from kombu import Connection

    from config.celery import app
    from reminders.services import plan_mailings

    (mailing_id,) = [pk for pk in plan_mailings(timezone.localdate())
                    if Mailing.objects.get(pk=pk).kind == "referral_due"]
    with Connection(broker) as conn, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the test process itself runs tasks eagerly; this goes to Redis
        app.send_task("reminders.tasks.send_mailing", args=[mailing_id], connection=conn)

    first = start_worker(slow_mail_seconds=30, name="w1")
    def markers():
        return list((tmp_path / "mail").glob("started-*.marker")) if (tmp_path / "mail").exists() else []
    wait_for(markers, message="the first worker to start sending")
    os.killpg(first.pid, signal.SIGKILL)  # in the middle of the job
    first.wait(timeout=10)
    assert mails(tmp_path) == [] and Mailing.objects.get(pk=mailing_id).sent_at is None

    # The broker delivers the job again; it waits for the dead sender's claim to lapse, then sends.
    start_worker(slow_mail_seconds=0, name="w2")
    wait_for(lambda: Mailing.objects.get(pk=mailing_id).sent_at is not None, timeout=90,
             message="the job to be done after the restart")
    time.sleep(2)
    assert len(mails(tmp_path)) == 1
    assert Mailing.objects.get(pk=mailing_id).attempts == 2
