"""The official minute text: one path from data to PDF.

data → selector (plain context) → template → HTML → WeasyPrint. The web
preview, the command line and background tasks all call these functions.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from decisions.models import MinuteItem
from decisions.selectors import extract_context


def extract_html(item: MinuteItem) -> str:
    # The minutes are an official Swedish record, whatever the reader's language.
    with translation.override("sv"):
        return render_to_string("decisions/extract.html", extract_context(item))


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def extract_pdf(item: MinuteItem) -> bytes:
    """The extract (protokollsutdrag) of one minute item, as an A4 PDF."""
    return html_to_pdf(extract_html(item))
