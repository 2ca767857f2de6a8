"""The official minute text: one path from data to PDF.

data → selector (plain context) → template → HTML → WeasyPrint. The web
pages, the command line and the background tasks all call these functions.
Every PDF is PDF/A, stored under a hash of the HTML it was made from, so the
same content is never rendered twice.
"""

import hashlib
from collections.abc import Callable

import weasyprint
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from decisions.models import MinuteItem, RenderedDocument
from decisions.selectors.minutes import (
    extract_context,
    item_context,
    meeting_layout,
    meetings_for_render,
    notice_context,
    posted_agenda_context,
    protocol_front,
    protocol_items,
)
from lib.pdf import PDF_VARIANT, html_to_pdf
from organisation.models import Meeting, MinuteLayout

Progress = Callable[[int, int], None]


def _render(template: str, context: dict) -> str:
    # The minutes are an official Swedish record, whatever the reader's language.
    with translation.override("sv"):
        return render_to_string(template, context)


def extract_html(item: MinuteItem, layout: MinuteLayout | None = None) -> str:
    """The extract of one paragraph, with its annexes; in `layout` instead
    of the organisation's (a layout's preview)."""
    return _render("decisions/extract.html", extract_context(item, layout))


def protocol_html(meeting: Meeting, progress: Progress | None = None) -> str:
    """The full protocol: the first page, every § in order, then the
    annexes, numbered through the protocol. `progress` is told (items
    composed, items in total) as each § is composed."""
    layout = meeting_layout(meeting)
    items = list(protocol_items(meeting))
    composed, annexes = [], []
    for done, item in enumerate(items, start=1):
        context = item_context(item, layout, annex_start=len(annexes))
        composed.append(context)
        annexes += context["annexes"]
        if progress:
            progress(done, len(items))
    context = {**protocol_front(meeting, [item.number for item in items], layout), "items": composed,
               "annexes": annexes}
    return _render("decisions/protocol.html", context)


def notice_html(meeting: Meeting) -> str:
    # Its context holds sentences in the active language (the appeal rules): Swedish, as the minutes.
    with translation.override("sv"):
        return _render("decisions/notice.html", notice_context(meeting))


def posted_agenda_html(meeting: Meeting, *, kind: str, version: int, posted_on, replaces=None) -> str:
    """The council's announcement (kind ANNOUNCEMENT) or a board's notice of
    meeting (SUMMONS) with the agenda, as put on the notice board on
    `posted_on` in its `version` (replacing the one posted on `replaces`)."""
    context = posted_agenda_context(meeting, announcement=kind == RenderedDocument.Kind.ANNOUNCEMENT,
                                    version=version, posted_on=posted_on, replaces=replaces)
    return _render("decisions/announcement.html", context)


def document_key(kind: str, html: str) -> str:
    """What went into a document: its HTML, the renderer and the PDF variant."""
    digest = hashlib.sha256()
    for part in (kind, weasyprint.__version__, PDF_VARIANT, html):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def stored(kind: str, html: str) -> RenderedDocument | None:
    return RenderedDocument.objects.filter(key=document_key(kind, html)).first()


def store(kind: str, meeting: Meeting, html: str, on_page=None, *, item: MinuteItem | None = None) -> RenderedDocument:
    """The document for `html`, rendered now unless it is already stored."""
    key = document_key(kind, html)
    existing = RenderedDocument.objects.filter(key=key).first()
    if existing is not None:
        return existing
    pdf = html_to_pdf(html, on_page)
    document = RenderedDocument(key=key, kind=kind, meeting=meeting, item=item, pages=pdf.pages,
                                size=len(pdf.content))
    document.file.save(f"{key}.pdf", ContentFile(pdf.content), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # rendered at the same moment elsewhere: keep theirs
        document.file.delete(save=False)
        return RenderedDocument.objects.get(key=key)
    return document


def extract_pdf(item: MinuteItem, layout: MinuteLayout | None = None) -> bytes:
    """The extract (protokollsutdrag) of one minute item, as PDF/A bytes
    (rendered now, stored nowhere)."""
    return html_to_pdf(extract_html(item, layout)).content


def extract_document(item: MinuteItem) -> RenderedDocument:
    return store(RenderedDocument.Kind.EXTRACT, item.meeting, extract_html(item), item=item)


def notice_document(meeting: Meeting) -> RenderedDocument:
    return store(RenderedDocument.Kind.NOTICE, meeting, notice_html(meeting))


def meeting_for_render(meeting_id: int) -> Meeting:
    return meetings_for_render().get(pk=meeting_id)
