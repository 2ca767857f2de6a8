"""Tiny real files of each format a case document may have, built here
rather than kept as binaries, so that each test shows what a format is."""

import io
import zipfile

from PIL import Image

from tests.conftest import MINIMAL_PDF, build_pdf


def pdf() -> bytes:
    return MINIMAL_PDF


def pdf_with_javascript() -> bytes:
    """Runs a script when opened (an /OpenAction of a JavaScript action)."""
    return build_pdf(b"<</S/JavaScript/JS(app.alert('hej'))>>", catalog=b"/OpenAction 4 0 R")


def pdf_with_embedded_file() -> bytes:
    """Carries a program in its name tree of embedded files."""
    return build_pdf(b"<</EmbeddedFiles<</Names[(faktura.exe) 5 0 R]>>>>",
                     b"<</Type/Filespec/F(faktura.exe)/EF<</F 6 0 R>>>>",
                     b"<</Type/EmbeddedFile/Length 2>>stream\nMZ\nendstream", catalog=b"/Names 4 0 R")


def pdf_with_launch_on_a_page() -> bytes:
    """A page that starts a program when opened (/AA, spelt with escapes, #41 is "A", as a filter of
    plain text would miss it), a file attachment annotation and the document's JavaScript name tree."""
    return build_pdf(b"<</Type/Annot/Subtype/FileAttachment/Rect[0 0 9 9]/FS<</Type/Filespec/F(x.exe)>>>>",
                     catalog=b"/Names<</JavaScript<</Names[]>>>>",
                     page=b"/Annots[4 0 R]/#41#41<</O<</S/Launch/F(cmd.exe)>>>>")


def _zip(members: list[tuple[str, bytes]], *, first_stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for index, (name, data) in enumerate(members):
            stored = first_stored and index == 0
            package.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


_CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def docx(*, macros: bool = False) -> bytes:
    members = [("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", b"<Relationships/>"),
               ("word/document.xml",
                b"<w:document><w:body><w:p><w:r><w:t>Handling</w:t></w:r></w:p></w:body></w:document>")]
    if macros:
        members.append(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0"))
    return _zip(members)


def xlsx() -> bytes:
    return _zip([("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", b"<Relationships/>"),
                 ("xl/workbook.xml", b"<workbook/>"), ("xl/sharedStrings.xml", b"<sst><si><t>Budget</t></si></sst>")])


def _odf(mimetype: str) -> bytes:
    return _zip([("mimetype", mimetype.encode()),
                 ("content.xml", b"<office:document-content><text:p>Handling</text:p></office:document-content>"),
                 ("META-INF/manifest.xml", b"<manifest:manifest/>")], first_stored=True)


def odt() -> bytes:
    return _odf("application/vnd.oasis.opendocument.text")


def ods() -> bytes:
    return _odf("application/vnd.oasis.opendocument.spreadsheet")


def _image(format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format=format)
    return buffer.getvalue()


def png() -> bytes:
    return _image("PNG")


def jpeg() -> bytes:
    return _image("JPEG")


def plain_zip() -> bytes:
    return _zip([("notes.txt", b"hello")])


def exe() -> bytes:
    """The start of a Windows program."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program cannot be run."
