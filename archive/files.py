"""The files an archive package carries, each with where it goes in the package and what it is."""

import datetime
import hashlib
import io
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath

from django.utils import timezone
from django.utils.text import slugify
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from archive.selectors import Case
from decisions.models import RenderedDocument, Reservation
from lib.filetypes import BY_CONTENT_TYPE, PDF

# Where the case's files go: one representation, the files as the registry keeps them (CSIP: representations/).
DATA = "representations/rep1/data"

# The minutes are rendered as tagged PDF/A-3a (lib/pdf.py), PRONOM's fmt/479.
PDF_A_NAME = "Acrobat PDF/A - Portable Document Format"
PDF_A = (PDF_A_NAME, "3a", "fmt/479")
# PRONOM's identifiers of the PDF/A parts and conformance levels.
PRONOM_PDF_A = {"1a": "fmt/95", "1b": "fmt/354", "2a": "fmt/476", "2b": "fmt/477", "2u": "fmt/478",
                "3a": "fmt/479", "3b": "fmt/480", "3u": "fmt/481"}


@dataclass(frozen=True)
class PackageFile:
    path: str  # from the package's root folder
    content: bytes = field(repr=False)
    mimetype: str
    created: datetime.datetime
    format_name: str
    format_version: str = ""
    registry_key: str = ""  # PRONOM's, when the format is known to be one of its
    original_name: str = ""  # as received, for a document that came in

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def is_pdf_a(self) -> bool:
        return self.format_name == PDF_A_NAME


def pdf_a_version(content: bytes) -> str | None:
    """The PDF/A part and conformance a PDF says it follows in its XMP metadata ("2b"), or None.
    What the file says of itself: it is not validated here."""
    try:
        xmp = PdfReader(io.BytesIO(content), strict=False).xmp_metadata
    except (PyPdfError, ValueError, OSError):
        return None
    part, conformance = (getattr(xmp, "pdfaid_part", None), getattr(xmp, "pdfaid_conformance", None)) \
        if xmp is not None else (None, None)
    return f"{part}{(conformance or '').lower()}" if part else None


def _read(field_file) -> bytes:
    """The stored bytes, exactly as kept (a signed protocol's signature is in them)."""
    with field_file.open("rb") as opened:
        return opened.read()


def _safe(text: str) -> str:
    """A file or folder name any file system takes: ASCII letters, digits and hyphens."""
    return slugify(text) or "fil"


def rendered_path(document: RenderedDocument) -> str:
    """protokoll/2022-03-07-kommunfullmaktige-protokoll.pdf,
    protokollsutdrag/2022-03-07-kommunfullmaktige-paragraf-41.pdf"""
    meeting = document.meeting
    stem = f"{meeting.date:%Y-%m-%d}-{_safe(meeting.body.name)}"
    if document.kind == RenderedDocument.Kind.EXTRACT:
        number = document.item.number if document.item.number is not None else f"id{document.item_id}"
        return f"{DATA}/protokollsutdrag/{stem}-paragraf-{number}.pdf"
    return f"{DATA}/protokoll/{stem}-{_safe(document.get_kind_display())}.pdf"


def document_path(document) -> str:
    """handlingar/01-motion-om-avhoppare.pdf: the aktbilaga's number, the name as received, and
    the extension of the type found by its content."""
    stem = PurePosixPath(document.original_name.replace("\\", "/")).name
    stem = re.sub(r"\.[^.]*$", "", stem)
    kind = BY_CONTENT_TYPE.get(document.content_type)
    extension = kind.extension if kind else "bin"
    return f"{DATA}/handlingar/{document.number:02d}-{_safe(stem)[:80]}.{extension}"


def annex_path(annex) -> str:
    """bilagor/2022-03-07-kommunfullmaktige-paragraf-40-reservation-1.pdf: a written reservation or a
    separate statement handed in as a file, by its paragraph and its place there."""
    meeting, item = annex.item.meeting, annex.item
    number = item.number if item.number is not None else f"id{item.pk}"
    kind = "reservation" if isinstance(annex, Reservation) else "sarskilt-yttrande"
    extension = PurePosixPath(annex.document.name).suffix.lstrip(".").lower() or "bin"
    return (f"{DATA}/bilagor/{meeting.date:%Y-%m-%d}-{_safe(meeting.body.name)}-paragraf-{number}-{kind}-"
            f"{annex.position}.{extension}")


# The kept formats by their extension, for the annexes, whose type is not stored with them.
_BY_EXTENSION = {**{kind.extension: kind for kind in BY_CONTENT_TYPE.values()}, "jpeg": BY_CONTENT_TYPE["image/jpeg"]}


def case_files(case: Case) -> tuple[list[PackageFile], dict]:
    """The case's files in path order, and the file of each document (the RenderedDocument,
    CaseDocument, Reservation and SeparateStatement instances as keys) for the metadata to name."""
    of = {}
    for document in case.rendered:
        of[document] = PackageFile(rendered_path(document), _read(document.file), "application/pdf",
                                   document.rendered_at, *PDF_A)
    for document in case.documents:
        content = _read(document.file)
        kind = BY_CONTENT_TYPE.get(document.content_type)
        version = pdf_a_version(content) if kind is PDF else None
        format_ = ((PDF_A_NAME, version, PRONOM_PDF_A.get(version, "")) if version
                   else (kind.name if kind else document.content_type, "", ""))
        of[document] = PackageFile(document_path(document), content, document.content_type, document.registered_at,
                                   *format_, original_name=document.original_name)
    for annex in case.annexes:
        path = annex_path(annex)
        kind = _BY_EXTENSION.get(path.rsplit(".", 1)[-1])
        # An annex is dated with its meeting: it was handed in for those minutes.
        created = timezone.make_aware(datetime.datetime.combine(annex.item.meeting.date, datetime.time()))
        of[annex] = PackageFile(path, _read(annex.document), kind.content_type if kind else "application/octet-stream",
                                created, kind.name if kind else "okänt format")
    return sorted(of.values(), key=lambda file: file.path), of
