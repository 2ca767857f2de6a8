"""The background jobs on the embedded default: a worker with its scheduler on
the filesystem transport (a queue of files, no broker server), as `make run`
starts it. The worker, a separate process, sees the test's data: the test
database itself on PostgreSQL, a copy of it in a file on SQLite."""

import datetime
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from accounts.models import Role, UserRole
from motions.services import file_motion
from tests.support.organisations import region_with_board_and_council

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def database_url_for_the_worker(tmp_path) -> str:
    """A URL of the test's data for another process."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        return (f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
                f"{settings['PORT'] or 5432}/{settings['NAME']}")
    # SQLite's test database is in this process's memory: the worker gets a copy, taken now.
    copy = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)
    return f"sqlite:///{copy}"


def test_the_embedded_worker_runs_a_job_sent_through_the_file_queue(tmp_path):
    # A motion whose one-year mark is a week away: the registry's notice is due today.
    region = region_with_board_and_council()
    registry = get_user_model().objects.create_user("reg", email="reg@region.se")
    UserRole.objects.create(user=registry, role=Role.REGISTRY)
    today = timezone.localdate()
    file_motion(region.municipality, title="Fler vårdplatser", movers=[region.member],
                received_on=today.replace(year=today.year - 1) + datetime.timedelta(days=7), by=None)

    queue, mail = tmp_path / "queue", tmp_path / "mail"
    env = {**os.environ, "DATABASE_URL": database_url_for_the_worker(tmp_path),
           "CELERY_BROKER_URL": "filesystem://localhost/", "CELERY_FILESYSTEM_FOLDER": str(queue),
           "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(mail),
           "PYTHONPATH": str(ROOT), "DJANGO_ALLOW_ASYNC_UNSAFE": ""}
    # Sent before the worker starts: the job waits in the queue's folder.
    subprocess.run([sys.executable, "-c", "from config.celery import app; "
                    "app.send_task('reminders.tasks.watch_deadlines')"], cwd=ROOT, env=env, check=True)
    assert len(list(queue.glob("*.msg"))) == 1

    log = open(tmp_path / "worker.log", "w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--beat", "--pool=solo", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        # The job plans the notice and the registry's digest, and queues the digest: a second job.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not list(mail.glob("*.log")):
            time.sleep(0.3)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=15)
    sent = list(mail.glob("*.log"))
    assert len(sent) == 1, (tmp_path / "worker.log").read_text()
    text = sent[0].read_text()
    assert "To: reg@region.se" in text and "Ettårsgränsen (KL 5 kap. 35 §)" in text
    assert list(queue.glob("*.msg")) == []
