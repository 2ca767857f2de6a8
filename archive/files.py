"""The files an archive package carries, each with where it goes in the package and what it is."""

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath

from django.utils.text import slugify

from archive.selectors import Case
from decisions.models import RenderedDocument
from lib.filetypes import BY_CONTENT_TYPE

# Where the case's files go: one representation, the files as the registry keeps them (CSIP: representations/).
DATA = "representations/rep1/data"

# The minutes are rendered as tagged PDF/A-3a (lib/pdf.py), PRONOM's fmt/479.
PDF_A = ("Acrobat PDF/A - Portable Document Format", "3a", "fmt/479")


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
        return self.registry_key == PDF_A[2]


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


def case_files(case: Case) -> tuple[list[PackageFile], dict]:
    """The case's files in path order, and the file of each document (RenderedDocument and
    CaseDocument instances as keys) for the metadata to name."""
    of = {}
    for document in case.rendered:
        of[document] = PackageFile(rendered_path(document), _read(document.file), "application/pdf",
                                   document.rendered_at, *PDF_A)
    for document in case.documents:
        kind = BY_CONTENT_TYPE.get(document.content_type)
        of[document] = PackageFile(document_path(document), _read(document.file), document.content_type,
                                   document.registered_at, kind.name if kind else document.content_type,
                                   original_name=document.original_name)
    return sorted(of.values(), key=lambda file: file.path), of
