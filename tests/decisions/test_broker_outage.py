"""A broker outage loses no protocol: signing while the broker is down is
saved and says that the protocol waits, the job row waits for the broker,
and once it is back the sweep queues the job and a real worker renders the
signed protocol. A job whose worker died mid-render is queued again within
a bounded time. On a Redis server of the test's own (tests/support/broker.py),
stopped and started again in the middle of the story."""

import datetime
import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from decisions.models import RenderedDocument, RenderJob
from decisions.services.meetings import add_other_matter, number_agenda, record_other_matter
from decisions.services.rendering import run_render, start_render
from organisation.models import Meeting
from organisation.services import AttendanceRecord, record_attendance, schedule_meeting
from tests.support.broker import PrivateBroker, app_on, wait_for, worker_on
from tests.support.meetings import KSAU

WAITS = "Protokollet skapas så snart bakgrundstjänsten är tillgänglig igen."


@pytest.fixture
def broker():
    server = PrivateBroker()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def ready_to_sign(body, registrar, person):
    """A factory of working-committee meetings held `days_ago`, their one
    matter minuted and numbered: ready to be signed."""
    def make(days_ago: int) -> Meeting:
        meeting = schedule_meeting(body(KSAU), on=timezone.localdate() - datetime.timedelta(days=days_ago),
                                   by=registrar)
        record_attendance(meeting, [
            AttendanceRecord(person("Anna Berglund"), "member", duty="chair", signs=True),
            AttendanceRecord(person("Erik Sandberg"), "member", signs=True),
            AttendanceRecord(person("Helena Strand"), "other", duty="secretary"),
        ], by=registrar)
        matter = add_other_matter(meeting, title=f"Information om trygghetsarbetet, {days_ago} dagar sedan",
                                  by=registrar)
        number_agenda(meeting, by=registrar)
        record_other_matter(matter, decision_text="Informationen noteras.", by=registrar)
        return Meeting.objects.get(pk=meeting.pk)
    return make


def sign(client: Client, meeting: Meeting):
    """The registry signs the minutes in the browser (the confirmation's button); the page it lands on."""
    return client.post(reverse("decisions:sign", args=[meeting.pk]), {
        "signed_on": timezone.localdate().isoformat(), "starts_at": "13:00", "place": "Huddinge kommunhus",
        "kept_at": "Kommunstyrelsens förvaltning", "confirm": ""}, follow=True)


def archived_protocol(meeting: Meeting) -> RenderedDocument | None:
    return RenderedDocument.objects.filter(meeting=meeting, kind=RenderedDocument.Kind.PROTOCOL,
                                           archived=True).first()


@pytest.mark.django_db(transaction=True)
def test_signing_while_the_broker_is_down_is_saved_and_the_protocol_is_made_when_it_is_back(
        ready_to_sign, registry_user, broker):
    first, second = ready_to_sign(2), ready_to_sign(1)
    client = Client()
    client.force_login(registry_user)
    with app_on(broker) as app:
        # The broker is up: the signed protocol's job is handed to it.
        page = sign(client, first)
        assert page.status_code == 200 and WAITS not in page.content.decode()
        first_job = first.render_jobs.get()
        assert first_job.state == RenderJob.State.QUEUED and first_job.sent_at is not None
        assert broker.queued() == 1

        # The broker goes down, losing what it held (no persistence), and the registry signs again.
        broker.stop()
        started = time.monotonic()
        page = sign(client, second)
        took = time.monotonic() - started
        assert page.status_code == 200
        assert WAITS in page.content.decode()
        assert "Protokollet är justerat" in page.content.decode()
        assert took < 5, f"the signing waited {took:.1f} s for the broker"
        second.refresh_from_db()
        assert second.is_signed
        job = second.render_jobs.get()
        assert (job.state, job.sent_at, job.archive) == (RenderJob.State.QUEUED, None, True)
        # The meeting page and its progress say so too.
        assert WAITS in client.get(second.get_absolute_url()).content.decode()
        status = client.get(reverse("decisions:render_status", args=[second.pk])).json()
        assert (status["state"], status["label"], status["url"]) == ("queued", WAITS, None)
        # Asked again while the broker is still down: the same job, still waiting, and the same message.
        page = client.post(reverse("decisions:render", args=[second.pk]), follow=True)
        assert page.status_code == 200 and WAITS in page.content.decode()
        assert list(second.render_jobs.values_list("pk", flat=True)) == [job.pk]

        # The sweep, run by hand while the broker is still down, says so.
        with pytest.raises(CommandError, match="Bakgrundstjänstens kö nås inte"):
            call_command("requeue_unsent", stdout=io.StringIO())
        assert RenderJob.objects.get(pk=job.pk).sent_at is None

        # The broker is back, empty: the sweep hands both jobs to it. The first job's message was lost
        # with the broker; it is queued again once it has waited RENDER_STALE_AFTER unpicked.
        broker.start()
        RenderJob.objects.filter(pk=first_job.pk).update(sent_at=timezone.now() - datetime.timedelta(minutes=1))
        call_command("requeue_unsent", stdout=io.StringIO())
        assert broker.queued() == 2
        assert not RenderJob.objects.filter(sent_at__isnull=True).exists()

        with worker_on(app):
            wait_for(lambda: not RenderJob.objects.exclude(state=RenderJob.State.DONE).exists(),
                     message="the worker to render both protocols")
    for meeting in (first, second):
        protocol = archived_protocol(meeting)
        assert protocol is not None, meeting
        with protocol.file.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
        assert RenderedDocument.objects.filter(meeting=meeting, kind=RenderedDocument.Kind.NOTICE,
                                               archived=True).exists()
    assert client.get(reverse("decisions:protocol_pdf", args=[second.pk])).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_render_whose_worker_died_is_queued_again_by_the_sweep_and_done_by_another_worker(
        ready_to_sign, registry_user, registrar, broker):
    meeting = ready_to_sign(1)
    client = Client()
    client.force_login(registry_user)
    with app_on(broker) as app:
        client.post(reverse("decisions:render", args=[meeting.pk]))
        job = meeting.render_jobs.get()
        broker.stop()  # its message lost, as when a worker dies and its broker restarts
        broker.start()
        # A worker claimed it and was killed while laying out the pages, ten seconds ago: a live worker.
        RenderJob.objects.filter(pk=job.pk).update(state=RenderJob.State.LAYOUT, items_done=1, items_total=1,
                                                   pages_done=3, attempts=1,
                                                   heartbeat_at=timezone.now() - datetime.timedelta(seconds=10))
        call_command("requeue_unsent", stdout=io.StringIO())
        assert RenderJob.objects.get(pk=job.pk).state == RenderJob.State.LAYOUT and broker.queued() == 0
        # A minute without a heartbeat: the sweep queues it again, and the page shows it queued.
        RenderJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=1))
        call_command("requeue_unsent", stdout=io.StringIO())
        job.refresh_from_db()
        assert (job.state, job.pages_done, job.heartbeat_at) == (RenderJob.State.QUEUED, 0, None)
        assert job.sent_at is not None and broker.queued() == 1
        status = client.get(reverse("decisions:render_status", args=[meeting.pk])).json()
        assert (status["state"], status["label"]) == ("queued", "I kö")
        with worker_on(app):
            wait_for(lambda: RenderJob.objects.get(pk=job.pk).state == RenderJob.State.DONE,
                     message="another worker to render the protocol")
    job.refresh_from_db()
    assert job.attempts == 2 and job.document is not None
    assert client.get(reverse("decisions:render_status", args=[meeting.pk])).json()["url"]


@pytest.mark.django_db(transaction=True)
def test_asking_again_for_a_render_whose_worker_died_renders_it_instead_of_handing_back_the_dead_job(
        ready_to_sign, registrar):
    meeting = ready_to_sign(1)
    # A job left in the layout by a worker killed a minute ago (no broker here: tasks run in-process).
    dead = RenderJob.objects.create(meeting=meeting, state=RenderJob.State.LAYOUT, items_total=1, items_done=1,
                                    pages_done=2, attempts=1, sent_at=timezone.now() - datetime.timedelta(minutes=2),
                                    heartbeat_at=timezone.now() - datetime.timedelta(minutes=1))
    job = start_render(meeting, by=registrar)
    assert job.pk == dead.pk
    job.refresh_from_db()
    assert job.state == RenderJob.State.DONE and job.document is not None


@pytest.mark.django_db(transaction=True)
def test_a_duplicate_delivery_leaves_a_job_with_a_live_worker_alone_and_a_finished_one_as_it_is(
        ready_to_sign, registrar):
    meeting = ready_to_sign(1)
    heard = timezone.now() - datetime.timedelta(seconds=5)
    running = RenderJob.objects.create(meeting=meeting, state=RenderJob.State.LAYOUT, pages_done=2, attempts=1,
                                       heartbeat_at=heard)
    assert run_render(running.pk).state == RenderJob.State.LAYOUT
    running.refresh_from_db()
    assert (running.pages_done, running.attempts, running.heartbeat_at) == (2, 1, heard)
    # Asked again while the worker is alive: the running job, untouched.
    assert start_render(meeting, by=registrar).pk == running.pk
    assert RenderJob.objects.get(pk=running.pk).attempts == 1

    RenderJob.objects.filter(pk=running.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=1))
    done = run_render(running.pk)  # the same message delivered again, once the worker is given up for dead
    assert done.state == RenderJob.State.DONE and done.attempts == 2
    again = run_render(running.pk)
    assert (again.state, again.attempts, again.document_id) == (RenderJob.State.DONE, 2, done.document_id)
    assert RenderedDocument.objects.filter(meeting=meeting).count() == 1
