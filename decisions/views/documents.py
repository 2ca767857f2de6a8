"""The minute documents: extracts, the protocol and its rendering, the notice."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import is_registry
from decisions import access
from decisions.documents import extract_document, notice_document
from decisions.models import Rectification, RenderedDocument
from decisions.selectors.documents import StoredFile, archived_extract, archived_file
from decisions.selectors.minutes import meetings_for_render, minute_items_for_render
from decisions.services.rendering import protocol_on_file, start_render
from lib.ratelimit import over_limit, rate_limited, too_many_requests


def _meeting_name(meeting) -> str:
    return f"{meeting.body.short_name or meeting.body_id}-{meeting.date:%Y-%m-%d}"


def _pdf(document, filename: str) -> FileResponse:
    return FileResponse(document.file.open("rb"), content_type="application/pdf", filename=filename)


def extract(request, item_id: int):
    """The extract (protokollsutdrag) of one minute item as PDF: as kept at
    signing, or (a draft for the registry, or a signed paragraph with a
    correction note) rendered once per content."""
    # Public and kept as signed; a paragraph with a correction note (rättelse)
    # is rendered anew with the note under it, the signed one staying as it was.
    signed = archived_extract(item_id)
    if signed is not None:
        check_published(request, signed)
        if not Rectification.objects.filter(item_id=item_id).exists():
            return _stored(signed)
    if over_limit(request, "pdf"):
        return too_many_requests(request)
    item = access.minute_item_for(request.user, item_id, minute_items_for_render())
    filename = f"protokollsutdrag-{item.body.short_name or item.body_id}-{item.year}-{item.number}.pdf"
    return _pdf(extract_document(item), filename)


@require_POST
@rate_limited("pdf")
def render_minutes(request, meeting_id: int):
    """Start rendering the protocol (or follow the rendering already started)."""
    meeting = access.meeting_for(request.user, meeting_id)
    access.check_minutes_readable(request.user, meeting)
    if protocol_on_file(meeting) is None:
        with transaction.atomic():
            start_render(meeting, archive=meeting.is_signed, by=request.user if request.user.is_authenticated else None)
        warn_if_render_waits(request, meeting)
    return redirect(f"{meeting.get_absolute_url()}#protokoll")


def warn_if_render_waits(request, meeting) -> None:
    """Tell the user when the protocol's render could not be handed to the
    background workers now (the broker is away): it is made when they are back."""
    job = meeting.render_jobs.first()
    if job is not None and job.waiting_for_broker:
        messages.warning(request, job.status_text())


def render_status(request, meeting_id: int):
    """The rendering's progress, for the meeting page's progress bar."""
    meeting = access.meeting_for(request.user, meeting_id)
    access.check_minutes_readable(request.user, meeting)
    job = meeting.render_jobs.first()
    ready = protocol_on_file(meeting) if job is None or job.state == job.State.DONE else None
    return JsonResponse({
        "state": job.state if job else None,
        "label": job.status_text() if job else "",
        "items_done": job.items_done if job else 0, "items_total": job.items_total if job else 0,
        "pages_done": job.pages_done if job else 0,
        "url": reverse("decisions:protocol_pdf", args=[meeting.pk]) if ready else None,
    })


def check_published(request, stored: StoredFile) -> None:
    """A signed document is on the site once the publication review lets it;
    until then (or if withheld) the registry hands it out on request."""
    if not stored.published and not is_registry(request.user):
        raise PermissionDenied(_(
            "Dokumentet är inte publicerat på webben: det granskas först (det kan innehålla personuppgifter) "
            "eller publiceras inte. Du kan begära att få ta del av det hos registraturen."))


def _stored(stored: StoredFile) -> FileResponse:
    response = FileResponse(default_storage.open(stored.name, "rb"), content_type="application/pdf",
                            filename=stored.filename)
    # Signed documents never change: browsers and proxies may keep them.
    response["Cache-Control"] = "public, max-age=86400, immutable"
    return response


def protocol_pdf(request, meeting_id: int):
    """The full protocol: the signed one as stored, or the draft as last rendered."""
    signed = archived_file(meeting_id, RenderedDocument.Kind.PROTOCOL)  # public, and the common case
    if signed is not None:
        check_published(request, signed)
        return _stored(signed)
    meeting = access.meeting_for(request.user, meeting_id)
    access.check_minutes_readable(request.user, meeting)
    document = protocol_on_file(meeting)
    if document is None:
        raise Http404
    return _pdf(document, f"protokoll-{_meeting_name(meeting)}.pdf")


def notice_pdf(request, meeting_id: int):
    """The notice of signing (anslag), once the minutes are signed."""
    signed = archived_file(meeting_id, RenderedDocument.Kind.NOTICE)
    if signed is not None:
        check_published(request, signed)
        return _stored(signed)
    meeting = access.meeting_for(request.user, meeting_id, queryset=meetings_for_render())
    if not meeting.is_signed:
        raise Http404
    if over_limit(request, "pdf"):
        return too_many_requests(request)
    return _pdf(notice_document(meeting), f"anslag-{_meeting_name(meeting)}.pdf")
