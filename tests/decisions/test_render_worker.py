"""The protocol rendered by a real Celery worker against this machine's Redis,
on PostgreSQL only: the worker, a separate process, must see the test database
(as in tests/reminders/test_worker.py)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction

from decisions.models import RenderedDocument, RenderJob
from decisions.services.meetings import add_other_matter, record_other_matter
from decisions.services.rendering import start_render

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="a worker process shares the test database only on PostgreSQL"),
]

OTHER_MATTERS = [
    ("Val av justerare", "Arbetsutskottet utser Anna Andersson att jämte ordföranden justera protokollet."),
    ("Information om budgetuppföljningen", "Arbetsutskottet noterar informationen till protokollet."),
]


@pytest.fixture
def broker():
    import redis

    client = redis.Redis.from_url(BROKER, socket_connect_timeout=2)
    try:
        client.ping()
        problem = None
    except redis.exceptions.RedisError as error:
        problem = str(error)
    if problem:
        pytest.fail(f"No Redis at {BROKER} ({problem}); the worker tests need this machine's Redis server.")
    client.flushdb()
    yield BROKER
    client.flushdb()


@pytest.fixture
def queue_on_broker(broker):
    """This process queues tasks on the broker, as the web process does,
    instead of running them in-process (the default without a broker)."""
    from config.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=broker, task_always_eager=False)
    _reset_connections(app)
    yield
    app.conf.update(saved)
    _reset_connections(app)


def _reset_connections(app):
    """Drop the broker connections made so far: even an eager task opens the
    producer pool, on the broker configured at the time."""
    from kombu import pools

    # kombu keeps its pools per broker URL for the whole process: close and
    # forget them all, or a later task would be handed a closed pool.
    pools.reset()
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker(broker, settings, tmp_path):
    """`celery -A config worker` on the test database, storing files in the test's MEDIA_ROOT."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": broker,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONPATH": str(ROOT),
    }
    args = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
            "--hostname=render@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    log_path = tmp_path / "worker.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    yield log_path
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def render_and_wait(meeting, log_path: Path, timeout=60) -> RenderJob:
    with transaction.atomic():  # the task is queued when this commits
        job = start_render(meeting, by=None)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in (RenderJob.State.DONE, RenderJob.State.FAILED):
            break
        time.sleep(0.2)
    assert job.state == RenderJob.State.DONE, (
        f"job {job.pk} is {job.state!r} {job.error}\n--- worker log ---\n{log_path.read_text()[-4000:]}")
    # Done by the worker, not in this process.
    assert "render_protocol[" in log_path.read_text()
    return job


def pdf_text(path: str) -> str:
    return subprocess.run(["pdftotext", path, "-"], check=True, capture_output=True, text=True).stdout


def test_the_worker_renders_the_protocol_once(seed_case, meeting, registry_user, worker, queue_on_broker):
    ksau = meeting("Kommunstyrelsens arbetsutskott", "2022-01-25")  # the seed case's § 12
    for title, decision in OTHER_MATTERS:
        agenda_item = add_other_matter(ksau, title=title, by=registry_user)
        record_other_matter(agenda_item, decision_text=decision, by=registry_user)
    numbers = list(ksau.items.order_by("number").values_list("number", flat=True))
    assert numbers == [12, 13, 14]

    job = render_and_wait(ksau, worker)

    document = RenderedDocument.objects.get(meeting=ksau, kind=RenderedDocument.Kind.PROTOCOL)
    assert job.document_id == document.pk
    with open(document.file.path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    text = pdf_text(document.file.path)
    assert "PROTOKOLL" in text and "Sida 1 av" in text
    for number in numbers:
        assert f"§ {number}" in text
    assert job.items_done == job.items_total == len(numbers)
    assert 0 < job.pages_done <= document.pages

    # Nothing changed: the second job finds the stored document by its key.
    again = render_and_wait(ksau, worker)
    assert again.pk != job.pk
    assert again.document_id == document.pk
    assert RenderedDocument.objects.filter(meeting=ksau).count() == 1
