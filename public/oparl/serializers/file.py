"""oparl:File: a case document the public may read, or a minutes' document as kept at signing."""

from decisions.models import RenderedDocument
from decisions.selectors.documents import download_name
from documents.models import CaseDocument
from documents.views import download_name as document_download_name
from lib.filetypes import BY_CONTENT_TYPE
from public.oparl.common import Context, extended, iso_date, iso_datetime, label, oparl_object
from public.oparl.selectors.files import case_document_modified, changed_at, public_replacement


def case_document(document, ctx: Context, *, standalone: bool = False) -> dict:
    """A case document (handling), as its paper embeds it; `standalone`: as it is served at its own
    address, with the paper it belongs to. Its file is served as an attachment, as every file that
    came from outside is (docs/oparl.md)."""
    links = ctx.links
    motion = document.motion
    url = links.case_document(motion.case_number, document.number)
    kind = BY_CONTENT_TYPE.get(document.content_type)
    replacement = public_replacement(document)
    obj = oparl_object(
        "File", links.document_file(document.pk),
        name=document.title,
        fileName=document_download_name(document.original_name, kind.extension) if kind else document.original_name,
        mimeType=document.content_type,
        date=iso_date(document.dated_on),
        size=document.size,
        accessUrl=url,
        downloadUrl=url,
        paper=[links.paper(motion.pk)] if standalone else None,
        created=iso_datetime(document.registered_at),
        modified=iso_datetime(case_document_modified(document)),
        web=url,
    )
    return extended(
        obj,
        number=document.number,
        documentKind=document.kind,
        documentKindLabel=label(CaseDocument.Kind, document.kind),
        sender=document.sender or None,
        receivedOn=iso_date(document.received_on),
        sha256Checksum=document.sha256,
        replacedBy=links.document_file(replacement.pk) if replacement else None,
    )


MINUTES_NAMES = {
    RenderedDocument.Kind.PROTOCOL: "Protokoll",
    RenderedDocument.Kind.NOTICE: "Bevis om justering",
    RenderedDocument.Kind.EXTRACT: "Protokollsutdrag",
}


def minutes_document(document: RenderedDocument, ctx: Context, *, standalone: bool = False) -> dict:
    """A protocol, notice of signing or extract as kept at signing (a PDF/A), as its meeting or agenda
    item embeds it; `standalone`: at its own address, with its meeting."""
    links = ctx.links
    meeting = document.meeting
    if document.kind == RenderedDocument.Kind.EXTRACT:
        access = links.extract_pdf(document.item_id)
        name = f"Protokollsutdrag {meeting.body.name} {meeting.date:%Y-%m-%d} § {document.item.number}"
    else:
        access = links.protocol_pdf(meeting.pk) if document.kind == RenderedDocument.Kind.PROTOCOL \
            else links.notice_pdf(meeting.pk)
        name = f"{MINUTES_NAMES[document.kind]} {meeting.body.name} {meeting.date:%Y-%m-%d}"
    obj = oparl_object(
        "File", links.minutes_file(document.pk),
        name=name,
        fileName=download_name(document),
        mimeType="application/pdf",
        date=iso_date(meeting.signed_on),
        size=document.size,
        accessUrl=access,
        meeting=[links.meeting(meeting.pk)] if standalone else None,
        created=iso_datetime(document.rendered_at),
        modified=iso_datetime(changed_at(document, "rendered_at")),
        web=access,
    )
    return extended(obj, documentKind=document.kind, pages=document.pages)
