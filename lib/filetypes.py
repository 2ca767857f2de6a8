"""What a file is, read from its content, never from its name.

A file named "yttrande.pdf" may be a program; a Word document may come named
"scan.pdf". The register keeps only the formats a municipality receives and
can open without risk, and it decides which one a file is by looking inside.
What can run or hide another file is refused, not stripped: a file kept in a
case is the one that was sent, or none.
"""

import zipfile
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import IndirectObject


@dataclass(frozen=True)
class FileType:
    name: str  # as the interface names it
    content_type: str
    extension: str


PDF = FileType("PDF", "application/pdf", "pdf")
DOCX = FileType("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = FileType("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
ODT = FileType("OpenDocument-text", "application/vnd.oasis.opendocument.text", "odt")
ODS = FileType("OpenDocument-kalkyl", "application/vnd.oasis.opendocument.spreadsheet", "ods")
PNG = FileType("PNG", "image/png", "png")
JPEG = FileType("JPEG", "image/jpeg", "jpg")

# Office Open XML: the package's part folder names the application.
_OOXML_FOLDERS = {"word/": DOCX, "xl/": XLSX}
# OpenDocument: the first member, stored uncompressed, is "mimetype" with the type in it.
_ODF_TYPES = {ODT.content_type: ODT, ODS.content_type: ODS}
_IMAGE_FORMATS = {"PNG": PNG, "JPEG": JPEG}
# The kept formats by content type: a file is served with its type's extension.
BY_CONTENT_TYPE = {kind.content_type: kind for kind in (PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG)}


class RefusedFile(Exception):
    """A file of a kept format that is refused for what it holds."""


class MacroError(RefusedFile):
    """An office document that carries macros (program code)."""


class UnreadablePdf(RefusedFile):
    """A file that begins as a PDF but does not parse as one."""


class ActivePdf(RefusedFile):
    """A PDF that carries what can run or hide another file; `found` names each kind (ACTIVE_PDF_PARTS)."""

    def __init__(self, found: list[str]):
        super().__init__(", ".join(found))
        self.found = found


# What a PDF may not hold, by the key or value that marks it; each kind's name is the one ActivePdf gives.
JAVASCRIPT, AUTOMATIC_ACTIONS, LAUNCH, EMBEDDED_FILES, FILE_ATTACHMENTS = (
    "javascript", "automatic_actions", "launch", "embedded_files", "file_attachments")
ACTIVE_PDF_PARTS = (JAVASCRIPT, AUTOMATIC_ACTIONS, LAUNCH, EMBEDDED_FILES, FILE_ATTACHMENTS)


def identify(file) -> FileType | None:
    """The file's type by its content, or None when it is none of the kept
    formats. Raises MacroError for an office document with macros, and
    UnreadablePdf or ActivePdf for a PDF that does not parse or carries
    JavaScript, actions or files of its own. `file` is an open binary file;
    it is read from the start and left at the start."""
    file.seek(0)
    head = file.read(1024)
    file.seek(0)
    try:
        # At byte 0, as the format says: a program or a web page may carry "%PDF-" further in, and a
        # reader that looks for it there would open one as a PDF.
        if head.startswith(b"%PDF-"):
            _check_pdf(file)
            return PDF
        if head.startswith(b"PK\x03\x04"):
            return _office(file)
        if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
            return _image(file)
        return None
    finally:
        file.seek(0)


def _check_pdf(file) -> None:
    """Parse the PDF and walk every object reachable from its trailer (what a
    reader can act on); raise UnreadablePdf or ActivePdf."""
    found: set[str] = set()
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadablePdf("encrypted")
        stack, seen = [reader.trailer], set()
        while stack:
            value = stack.pop()
            if isinstance(value, IndirectObject):
                if (value.idnum, value.generation) in seen:
                    continue
                seen.add((value.idnum, value.generation))
                value = value.get_object()
            if isinstance(value, dict):  # a stream's dictionary too; its data is not read
                found.update(_active_parts(value))
                stack.extend(value.values())
            elif isinstance(value, list):
                stack.extend(value)
    except RefusedFile:
        raise
    except Exception as error:  # a damaged or hostile file fails in pypdf in any of many ways
        raise UnreadablePdf(str(error)) from None
    finally:
        file.seek(0)
    if found:
        raise ActivePdf([part for part in ACTIVE_PDF_PARTS if part in found])


def _active_parts(entry: dict) -> set[str]:
    """What one dictionary of a PDF holds that can run or hide a file (PDF 32000-1, 12.6 and 7.11)."""
    parts = set()
    action, kind, subtype = (_resolved(entry.get(key)) for key in ("/S", "/Type", "/Subtype"))
    if "/JS" in entry or "/JavaScript" in entry or action == "/JavaScript":
        parts.add(JAVASCRIPT)  # a JavaScript action, or the document's JavaScript name tree
    if "/AA" in entry:
        parts.add(AUTOMATIC_ACTIONS)  # actions on opening a page, a field's change, closing
    if action == "/Launch":
        parts.add(LAUNCH)
    if "/EmbeddedFiles" in entry or "/EF" in entry or kind == "/EmbeddedFile":
        parts.add(EMBEDDED_FILES)
    if subtype == "/FileAttachment":
        parts.add(FILE_ATTACHMENTS)
    return parts


def _resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _office(file) -> FileType | None:
    try:
        with zipfile.ZipFile(file) as package:
            members = package.infolist()
            names = [member.filename for member in members]
            if members and members[0].filename == "mimetype":
                # Read no more than a type's length: the sizes in a zip's headers may lie.
                with package.open(members[0]) as member:
                    found = _ODF_TYPES.get(member.read(100).decode("ascii", "replace").strip())
                if found and any(name.startswith("Basic/") or name.startswith("Scripts/") for name in names):
                    raise MacroError
                return found
            if "[Content_Types].xml" in names:
                for folder, found in _OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        if any(name.lower().endswith("vbaproject.bin") for name in names):
                            raise MacroError
                        return found
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None


def _image(file) -> FileType | None:
    """A PNG or JPEG that Pillow can open and whose structure checks out."""
    try:
        with Image.open(file) as image:
            found = _IMAGE_FORMATS.get(image.format)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return found
