"""What a file is, read from its content, never from its name.

A file named "yttrande.pdf" may be a program; a Word document may come named
"scan.pdf". The register keeps only the formats a municipality receives and
can open without risk, and it decides which one a file is by looking inside.
"""

import zipfile
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError


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


class MacroError(Exception):
    """An office document that carries macros (program code)."""


def identify(file) -> FileType | None:
    """The file's type by its content, or None when it is none of the kept
    formats. Raises MacroError for an office document with macros. `file` is
    an open binary file; it is read from the start and left at the start."""
    file.seek(0)
    head = file.read(1024)
    file.seek(0)
    try:
        # Readers accept the header anywhere in the first kilobyte, and some scanners write it so; but
        # only after blank bytes, or a program or a web page that carries "%PDF-" would pass as one.
        at = head.find(b"%PDF-")
        if at != -1 and not head[:at].strip(b" \t\r\n\x00\xef\xbb\xbf"):
            return PDF
        if head.startswith(b"PK\x03\x04"):
            return _office(file)
        if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
            return _image(file)
        return None
    finally:
        file.seek(0)


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
