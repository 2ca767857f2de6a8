"""HTML to PDF/A through WeasyPrint: the one renderer every document uses."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

import weasyprint
from django.conf import settings

# PDF/A-3u: archival, with every glyph mapped to Unicode so that text
# extraction (pdftotext, screen readers, search) reads it back.
PDF_VARIANT = "pdf/a-3u"


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
