"""A document's text, page by page, for the review's scan: what a reader of
the published file could read in it."""

import html
import re
import zipfile

from pypdf import PdfReader
from pypdf.errors import PyPdfError

# The parts of an office file that hold its text.
_OFFICE_PARTS = re.compile(
    r"^(word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml"
    r"|xl/(sharedStrings\.xml|worksheets/sheet\d+\.xml)|content\.xml|styles\.xml)$")
# Where a line ends in the office formats: a paragraph, a table cell, a spreadsheet's string or cell.
_LINE_END = re.compile(r"</(w:p|w:tc|text:p|text:h|table:table-cell|si|c)>"
                       r"|<(w:br|w:tab|text:line-break|text:tab)[^>]*/>")
_TAG = re.compile(r"<[^>]+>")
# An office file's text is at most this much uncompressed (a document limit's worth); more is not read.
_MAX_OFFICE_TEXT = 50 * 1024 * 1024


def pdf_pages(file) -> list[str] | None:
    """Each page's text; None when the PDF has none at all (a scan)."""
    try:
        reader = PdfReader(file)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError):
        return None
    finally:
        file.seek(0)
    return pages if any(text.strip() for text in pages) else None


def office_text(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            parts, read = [], 0
            for info in archive.infolist():
                if not _OFFICE_PARTS.match(info.filename):
                    continue
                read += info.file_size
                if read > _MAX_OFFICE_TEXT:
                    break
                xml = archive.read(info).decode("utf-8", "replace")
                parts.append(html.unescape(_TAG.sub("", _LINE_END.sub("\n", xml))))
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        file.seek(0)
    text = "\n".join(parts)
    return text if text.strip() else None


def document_pages(file, content_type: str) -> list[str] | None:
    """The text of a stored or uploaded file of a kept type (lib.filetypes),
    as pages (an office file is one page); None when it has no text to read
    (an image, a scanned PDF): a person has to look at it."""
    if content_type == "application/pdf":
        return pdf_pages(file)
    if content_type.startswith("image/"):
        return None
    text = office_text(file)
    return [text] if text is not None else None
