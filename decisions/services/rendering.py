"""Rendering the protocol in the background: the job row the web page
follows, and the archiving of the signed documents."""

import time

from django.db import IntegrityError, transaction
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
from lib.sentences import Sentence
from organisation.models import Meeting, MeetingEvent
from organisation.services import record_meeting_event

RUNNING = [RenderJob.State.QUEUED, RenderJob.State.COMPOSING, RenderJob.State.LAYOUT]


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
    one queued when this transaction commits."""
    from decisions.tasks import render_protocol  # tasks sit above services

    # Minutes signed elsewhere: the signed original is the source's, and a
    # render of the record is never kept as it.
    archive = archive and not meeting.imported_from
    running = meeting.render_jobs.filter(state__in=RUNNING).first()
    if running is not None and (running.archive or not archive):
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
    transaction.on_commit(lambda: render_protocol.delay(job.pk))
    return job


def run_render(job_id: int) -> RenderJob | None:
    """Render the job's protocol, reporting progress on the job row. Safe to
    run twice: a finished job is left as it is, and the content-keyed store
    never renders the same protocol twice."""
    job = RenderJob.objects.filter(pk=job_id).select_related("meeting").first()
    if job is None or job.state in (RenderJob.State.DONE, RenderJob.State.FAILED):
        return job
    meeting = meeting_for_render(job.meeting_id)
    # Only while running: a job overtaken by another (see start_render) stays as it was left.
    jobs = RenderJob.objects.filter(pk=job.pk, state__in=RUNNING)
    report = _Throttled(PROGRESS_INTERVAL)

    def composed(done, total):
        if done == total or report.due():
            jobs.update(state=RenderJob.State.COMPOSING, items_done=done, items_total=total)

    def laid_out(page):
        if report.due():
            jobs.update(state=RenderJob.State.LAYOUT, pages_done=page)

    html = protocol_html(meeting, progress=composed)
    jobs.update(state=RenderJob.State.LAYOUT, pages_done=0)
    document = store(RenderedDocument.Kind.PROTOCOL, meeting, html, on_page=laid_out)
    if job.archive:
        _archive(meeting, document)
    jobs.update(state=RenderJob.State.DONE, document=document, pages_done=document.pages)
    job.refresh_from_db()
    return job


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


def _archive(meeting: Meeting, protocol: RenderedDocument) -> None:
    """Keep the signed protocol, its notice and every paragraph's extract as
    they are now: what is served from then on, whatever changes later in the
    register (a person's name, a body's, the municipality's layout)."""
    kept = [protocol, store(RenderedDocument.Kind.NOTICE, meeting, notice_html(meeting))]
    for item in protocol_items(meeting):
        kept.append(store(RenderedDocument.Kind.EXTRACT, meeting, extract_html(item), item=item))
    with transaction.atomic():
        for document in kept:
            already = RenderedDocument.objects.filter(meeting=meeting, kind=document.kind, item=document.item_id,
                                                      archived=True)
            if not already.exists():
                RenderedDocument.objects.filter(pk=document.pk).update(archived=True)


def fail_render(job_id: int, error: str) -> None:
    RenderJob.objects.filter(pk=job_id, state__in=RUNNING).update(state=RenderJob.State.FAILED, error=error[:2000])
