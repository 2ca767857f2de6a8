"""Rendering the protocol in the background: the job row the web page
follows, and the archiving of the signed documents."""

import datetime
import logging
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from decisions.documents import (
    extract_html,
    meeting_for_render,
    notice_html,
    protocol_html,
    store,
    stored,
)
from decisions.models import RenderedDocument, RenderJob
from decisions.selectors.minutes import protocol_items
from lib.background import queue
from lib.sentences import Sentence
from organisation.models import Meeting, MeetingEvent
from organisation.services import record_meeting_event
from publication.services import assess
from publication.text import pdf_pages

logger = logging.getLogger(__name__)

RUNNING = [RenderJob.State.QUEUED, RenderJob.State.COMPOSING, RenderJob.State.LAYOUT]
AT_WORK = [RenderJob.State.COMPOSING, RenderJob.State.LAYOUT]
# A job claimed this many times without finishing (its worker killed each
# time, say by running out of memory) is given up rather than queued again.
MAX_ATTEMPTS = 5


def archived_document(meeting: Meeting, kind: str) -> RenderedDocument | None:
    return RenderedDocument.objects.filter(meeting=meeting, kind=kind, archived=True).first()


def protocol_on_file(meeting: Meeting) -> RenderedDocument | None:
    """The protocol as stored: the signed one, or a render of exactly the
    meeting's present content (None: it has to be rendered)."""
    if meeting.is_signed:
        document = archived_document(meeting, RenderedDocument.Kind.PROTOCOL)
        if document is not None:
            return document
    return stored(RenderedDocument.Kind.PROTOCOL, protocol_html(meeting_for_render(meeting.pk)))


def start_render(meeting: Meeting, *, archive: bool = False, by) -> RenderJob:
    """The job rendering the meeting's protocol: the running one, or a new
    one queued when this transaction commits. A running job that has gone
    stale (never handed to the broker, not picked up, or its worker silent)
    is queued again, never handed back as it is.

    The job row is the record that the work is owed: if the broker cannot
    be reached when the transaction commits, the row waits (`sent_at` empty)
    and `requeue_stale_renders` sends it later."""
    # Minutes signed elsewhere: the signed original is the source's, and a
    # render of the record is never kept as it.
    archive = archive and not meeting.imported_from
    running = meeting.render_jobs.filter(state__in=RUNNING).first()
    if running is not None and (running.archive or not archive):
        if requeue_render(running.pk):
            running.refresh_from_db()
        return running
    try:
        with transaction.atomic():
            if running is not None:  # an ordinary render, overtaken by the archiving one
                RenderJob.objects.filter(pk=running.pk).update(state=RenderJob.State.FAILED, error="ersatt")
            job = RenderJob.objects.create(meeting=meeting, archive=archive)
    except IntegrityError:  # started at the same moment elsewhere
        return meeting.render_jobs.filter(state__in=RUNNING).first()
    record_meeting_event(meeting, kind=MeetingEvent.Kind.RENDERED, by=by,
                         to_value=Sentence(gettext_noop("justerat protokoll att arkivera") if archive
                                           else gettext_noop("utkast")))
    transaction.on_commit(lambda: send_render(job.pk))
    return job


def send_render(job_id: int) -> bool:
    """Hand the job to the workers (run at once without a broker). False
    when the broker cannot be reached: the job waits for the sweep."""
    from decisions.tasks import render_protocol  # tasks sit above services

    if not queue(render_protocol, job_id):
        return False
    # Not when a worker has claimed it meanwhile (or it ran here, at once).
    RenderJob.objects.filter(pk=job_id, state=RenderJob.State.QUEUED, sent_at__isnull=True).update(
        sent_at=timezone.now())
    return True


def _stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.RENDER_STALE_AFTER)


def _stale(now: datetime.datetime) -> Q:
    """Unfinished jobs that no worker is on: queued and never handed to the
    broker; handed to it but not picked up in time (the broker lost it, say
    by restarting); or running without a heartbeat in time (the worker died)."""
    limit = now - _stale_after()
    # state IN (RUNNING) first: the unfinished jobs' partial index (render_job_one_running_per_meeting)
    # then serves the sweep, however many finished jobs there are.
    return Q(state__in=RUNNING) & (
        Q(state=RenderJob.State.QUEUED) & (Q(sent_at__isnull=True) | Q(sent_at__lt=limit))
        | Q(state__in=AT_WORK) & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=limit)))


def _reset_if_stale(job_id: int) -> bool:
    """Put a stale job back to "queued", its progress cleared (which the
    meeting page then shows), in one conditional UPDATE: a job a live worker
    is on is never taken from it. A worker given up for dead that was only
    slow either finishes the job itself or, once another worker has claimed
    it, writes nothing more (its claim is no longer the job's latest)."""
    return bool(RenderJob.objects.filter(_stale(timezone.now()), pk=job_id).update(
        state=RenderJob.State.QUEUED, items_done=0, items_total=0, pages_done=0, sent_at=None, heartbeat_at=None))


def requeue_render(job_id: int) -> bool:
    """Queue the job again, once this transaction commits, if it is stale.
    Returns whether it was."""
    if not _reset_if_stale(job_id):
        return False
    transaction.on_commit(lambda: send_render(job_id))
    return True


def requeue_stale_renders() -> int:
    """The sweep, run outside a transaction (a periodic task, a command):
    queue again every stale job (see `_stale`), and give up those claimed
    MAX_ATTEMPTS times already. Stops at the first job the broker does not
    take; the rest wait for the next sweep. Returns how many were sent."""
    stale = RenderJob.objects.filter(_stale(timezone.now()))
    given_up = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        state=RenderJob.State.FAILED, error=f"avbröts {MAX_ATTEMPTS} gånger")
    if given_up:
        logger.error("%s render job(s) given up, each claimed %s times without finishing.", given_up, MAX_ATTEMPTS)
    sent = 0
    for job_id in stale.order_by("pk").values_list("pk", flat=True):
        if _reset_if_stale(job_id):  # not when picked up meanwhile
            if not send_render(job_id):
                break
            sent += 1
    return sent


def run_render(job_id: int) -> RenderJob | None:
    """Render the job's protocol, reporting progress (and with it a heartbeat)
    on the job row. Safe to run twice, and on a duplicate delivery: the job
    is claimed first (queued, or stale), so a job that is done, failed or
    running in a live worker is left as it is; and the content-keyed store
    never renders the same protocol twice. A render that raises frees the
    job again for the task's retry."""
    attempt = _claim(job_id)
    job = RenderJob.objects.filter(pk=job_id).select_related("meeting").first()
    if attempt is None or job is None:
        return job
    meeting = meeting_for_render(job.meeting_id)
    # Only while this claim is the job's: a job overtaken by another (see start_render), or given up
    # for dead and claimed again, is no longer written by this worker.
    jobs = RenderJob.objects.filter(pk=job.pk, state__in=RUNNING, attempts=attempt)
    report = _Throttled(PROGRESS_INTERVAL)

    def beat(**progress):
        jobs.update(heartbeat_at=timezone.now(), **progress)

    def composed(done, total):
        if done == total or report.due():
            beat(state=RenderJob.State.COMPOSING, items_done=done, items_total=total)

    def laid_out(page):
        if report.due():
            beat(state=RenderJob.State.LAYOUT, pages_done=page)

    try:
        # Minutes signed electronically keep the PDF their signatories signed (digital_signing): only
        # the notice and the extracts are left to render.
        document = archived_document(meeting, RenderedDocument.Kind.PROTOCOL) if job.archive else None
        if document is None:
            html = protocol_html(meeting, progress=composed)
            beat(state=RenderJob.State.LAYOUT, pages_done=0)
            document = store(RenderedDocument.Kind.PROTOCOL, meeting, html, on_page=laid_out)
        if job.archive:
            _archive(meeting, document, beat)
    except Exception:
        # For the task's retry, which claims it again; counted as sent, so the sweep leaves it to the retry.
        jobs.update(state=RenderJob.State.QUEUED, sent_at=timezone.now(), heartbeat_at=None)
        raise
    jobs.update(state=RenderJob.State.DONE, document=document, pages_done=document.pages, heartbeat_at=timezone.now())
    job.refresh_from_db()
    return job


def _claim(job_id: int) -> int | None:
    """Claim the job for this worker: the claim's number, or None when the
    job is done, failed, or running with a live worker."""
    now = timezone.now()
    limit = now - _stale_after()
    claimed = RenderJob.objects.filter(
        Q(state=RenderJob.State.QUEUED)
        | Q(state__in=AT_WORK) & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=limit)),
        pk=job_id,
    ).update(state=RenderJob.State.COMPOSING, items_done=0, items_total=0, pages_done=0, heartbeat_at=now,
             attempts=F("attempts") + 1)
    if not claimed:
        return None
    return RenderJob.objects.values_list("attempts", flat=True).get(pk=job_id)


# How often the job row is told of progress: often enough for the progress
# bar, seldom enough not to slow the render with writes.
PROGRESS_INTERVAL = 0.25  # seconds


class _Throttled:
    def __init__(self, interval: float):
        self.interval = interval
        self.last = 0.0

    def due(self) -> bool:
        now = time.monotonic()
        if now - self.last < self.interval:
            return False
        self.last = now
        return True


def _archive(meeting: Meeting, protocol: RenderedDocument, beat) -> None:
    """Keep the signed protocol, its notice and every paragraph's extract as
    they are now: what is served from then on, whatever changes later in the
    register (a person's name, a body's, the municipality's layout). `beat`
    is called after each document, to show the worker alive."""
    kept = [protocol, store(RenderedDocument.Kind.NOTICE, meeting, notice_html(meeting))]
    for item in protocol_items(meeting):
        beat()
        kept.append(store(RenderedDocument.Kind.EXTRACT, meeting, extract_html(item), item=item))
    with transaction.atomic():
        for document in kept:
            already = RenderedDocument.objects.filter(meeting=meeting, kind=document.kind, item=document.item_id,
                                                      archived=True)
            if not already.exists():
                RenderedDocument.objects.filter(pk=document.pk).update(archived=True)
                # Published at once, or held for the registry's review (the organisation's rule for the kind,
                # or a personal identity number in the text).
                with document.file.open("rb") as file:
                    assess(document, pages=pdf_pages(file))


def fail_render(job_id: int, error: str) -> None:
    RenderJob.objects.filter(pk=job_id, state__in=RUNNING).update(state=RenderJob.State.FAILED, error=error[:2000])
