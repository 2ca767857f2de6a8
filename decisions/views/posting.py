"""The meeting's agenda on the notice board: the registry posts the
announcement (kungörelse) or notice of meeting (kallelse) from the meeting
page; anyone reads the posted versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from decisions import access
from decisions.models import RenderedDocument
from decisions.selectors.documents import StoredFile
from decisions.selectors.minutes import meetings_for_render
from decisions.services.posting import check_posting, post_agenda, posted_kind
from decisions.views.documents import _stored, check_published
from lib.errors import DomainError


def _titles(kind: str) -> tuple[str, str]:
    """The page's title and its button."""
    if kind == RenderedDocument.Kind.ANNOUNCEMENT:
        return _("Sätt upp kungörelsen på anslagstavlan"), _("Sätt upp kungörelsen")
    return _("Sätt upp kallelsen på anslagstavlan"), _("Sätt upp kallelsen")


@login_required
@require_http_methods(["GET", "POST"])
def post(request, meeting_id: int):
    """What posting the agenda will put on the notice board, and (by POST) the posting."""
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD, queryset=meetings_for_render())
    title, button = _titles(posted_kind(meeting))
    if request.method == "POST":
        try:
            document, warning = post_agenda(meeting, by=request.user)
        except DomainError as error:
            for one in error.errors:
                messages.error(request, one.message)
        else:
            messages.success(request, _("%(kind)s (version %(version)s) sitter på anslagstavlan från i dag, "
                                        "%(on)s, till sammanträdet.")
                             % {"kind": document.get_kind_display(), "version": document.version,
                                "on": document.posted_on.isoformat()})
            if warning:
                messages.warning(request, warning)
        return redirect(f"{meeting.get_absolute_url()}#anslagstavlan")
    today = timezone.localdate()
    refused, summary, rows = None, [], []
    try:
        posting = check_posting(meeting, today=today)
    except DomainError as error:
        refused = " ".join(one.message for one in error.errors)
    else:
        summary = [
            _("%(kind)s, version %(version)s, sätts upp på anslagstavlan i dag, %(on)s, och sitter där till "
              "sammanträdet %(date)s.") % {"kind": RenderedDocument.Kind(posting.kind).label,
                                           "version": posting.version, "on": today.isoformat(),
                                           "date": meeting.date.isoformat()},
            _("Den anger tiden, platsen och föredragningslistan nedan. Den som sitter uppe nu (uppsatt %(on)s) "
              "tas ned och finns kvar i arkivet.") % {"on": posting.replaces_posted_on.isoformat()}
            if posting.replaces else _("Den anger tiden, platsen och föredragningslistan nedan."),
        ]
        if posting.warning:
            summary.append(posting.warning)
        rows = [(item.position, item.motion.case_number if item.motion_id else "–",
                 item.motion.title if item.motion_id else item.title)
                for item in meeting.agenda.select_related("motion").order_by("position")]
    return render(request, "decisions/confirm.html", {
        "meeting": meeting, "title": title, "refused": refused, "summary": summary, "confirm": button,
        "rows": rows, "row_headings": (_("Punkt"), _("Diarienummer"), _("Ärende")),
    })


@require_GET
def posted_pdf(request, meeting_id: int, document_id: int):
    """A posted announcement or notice of meeting, in any of its versions:
    for anyone once published, for the registry before."""
    document = get_object_or_404(RenderedDocument.objects.select_related("meeting__body"), pk=document_id,
                                 meeting_id=meeting_id, version__isnull=False)
    meeting = document.meeting
    prefix = "kungorelse" if document.kind == RenderedDocument.Kind.ANNOUNCEMENT else "kallelse"
    stored = StoredFile(document.file.name, document.size,
                        f"{prefix}-{meeting.body.short_name or meeting.body_id}-{meeting.date:%Y-%m-%d}"
                        f"-{document.version}.pdf", document.is_published)
    check_published(request, stored)
    return _stored(stored)
