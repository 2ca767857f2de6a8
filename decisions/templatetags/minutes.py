import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

_SPACED_DASH = re.compile(r" - (\S+)")


@register.filter(needs_autoescape=True)
def dash_with_next_word(text, autoescape=True):
    """Keep a spaced dash (" - ") on the line of the word after it.

    A line ending in "-" reads as a hyphenated word to text extraction
    (pdftotext, screen readers), which then drops the dash.
    """
    escaped = conditional_escape(text) if autoescape else text
    return mark_safe(_SPACED_DASH.sub(r' <span class="nobreak">- \1</span>', escaped))
