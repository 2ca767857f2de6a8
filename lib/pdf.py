"""HTML to tagged PDF/A through WeasyPrint: the one renderer every document uses."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

import weasyprint
from django.conf import settings

# PDF/A-3a: archival (PDF/A-3, as before) and of conformance level A, accessible:
# every glyph mapped to Unicode (as level U, so that pdftotext, screen readers and
# search read the text back) and the document tagged. WeasyPrint (67 and later)
# makes the structure tree from the HTML: headings as H1-H3, lists as L/LI, tables
# with TH and Caption, /MarkInfo /Marked true, the catalogue's /Lang from
# <html lang> and the title from <title>; the running header and footer, in the
# page margins, stay out of the tree. Level A of the part the documents already
# had, rather than PDF/A-2a (the same level of an earlier part) or PDF/UA-1 (tagged,
# but not archival and without the PDF/A identification). Tagging costs some 3 %
# more CPU time on an extract, 14 % on a 106-page protocol, whose file grows by
# two thirds (docs/minutes.md).
PDF_VARIANT = "pdf/a-3a"


@dataclass(frozen=True)
class Pdf:
    content: bytes
    pages: int


def html_to_pdf(html: str, on_page: Callable[[int], None] | None = None) -> Pdf:
    """Lay out and write the PDF. `on_page` is told each page number as it
    is laid out (WeasyPrint reports it on its progress log)."""
    logger = weasyprint.PROGRESS_LOGGER
    handler = _PageCounter(on_page) if on_page else None
    saved = logger.level, logger.propagate
    if handler:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # counted here, not printed
    try:
        document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render(
            pdf_variant=PDF_VARIANT)
        return Pdf(document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages))
    finally:
        if handler:
            logger.removeHandler(handler)
            logger.setLevel(saved[0])
            logger.propagate = saved[1]


class _PageCounter(logging.Handler):
    def __init__(self, on_page):
        super().__init__(logging.INFO)
        self.on_page = on_page

    def emit(self, record):
        if record.msg.startswith("Step 5 - Creating layout - Page") and record.args:
            self.on_page(record.args[0])
