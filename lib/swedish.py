"""Swedish text helpers for generated minute sentences."""

from datetime import date

from django.utils import translation

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)


def join_list(items: list[str]) -> str:
    """Join as a Swedish list: "A", "A och B", "A, B och C" (no serial comma)."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]


def lower_first(text: str) -> str:
    """Lower-case the first letter, for a body's name inside a sentence."""
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def month_year(day: date) -> str:
    """ "mars 2021" """
    return f"{MONTHS[day.month - 1]} {day.year}"


def long_date(day: date) -> str:
    """ "15 mars 2021", as dates are written in running text. """
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def paragraphs(text: str) -> list[str]:
    """Split stored text on blank lines into paragraphs, joining wrapped lines."""
    blocks = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


def paragraph_span(numbers: list[int]) -> str:
    """ "§ 12", "§§ 12–14": the paragraphs a document or a step covers. """
    if not numbers:
        return ""
    first, last = min(numbers), max(numbers)
    return f"§ {first}" if first == last else f"§§ {first}–{last}"


def in_swedish(label) -> str:
    """A choice's label as a record keeps it: in Swedish, whatever language
    the person recording the step uses."""
    with translation.override("sv"):
        return str(label)
