"""Swedish text helpers for generated minute sentences, and for messages that say when something happened."""

from datetime import date, datetime, timedelta

from django.utils import timezone, translation
from django.utils.translation import gettext as _

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


def join_words(items: list[str]) -> str:
    """join_list in the reader's language: "A, B och C", or "A, B and C" in English."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s och %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


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


def genitive(name: str) -> str:
    """ "Eva Lunds", "Jonas Eks"; a name ending in s, x or z takes no extra s ("Hans", "Max")."""
    name = name.strip()
    return name if name[-1:].lower() in {"s", "x", "z"} else f"{name}s"


def clause(text: str) -> str:
    """Stored text to be placed inside a generated sentence: one line, without
    the punctuation that closed it ("bifall till motionen." → "bifall till motionen")."""
    return " ".join(str(text).split()).rstrip(".,;:!? ")


def sentence(text: str) -> str:
    """Stored text printed as a sentence of its own: one line, a capital first
    and a full stop last (a question or exclamation mark is kept); "" stays ""."""
    text = " ".join(str(text).split()).rstrip(",;: ")
    if not text:
        return ""
    if text[-1] not in ".!?":
        text += "."
    return upper_first(text)


def continues(text: str) -> bool:
    """The text goes on from the sentence before it ("till förmån för eget
    yrkande"), rather than being a sentence of its own."""
    text = text.strip()
    return bool(text) and text[0].islower()


def ordinal(number: int) -> str:
    """ "första", "andra", … "tionde"; then "11:e", "21:a", "22:a"."""
    words = ("första", "andra", "tredje", "fjärde", "femte", "sjätte", "sjunde", "åttonde", "nionde", "tionde")
    if 1 <= number <= len(words):
        return words[number - 1]
    return f"{number}:a" if number % 10 in (1, 2) and number % 100 not in (11, 12) else f"{number}:e"


def when_recorded(moment: datetime) -> str:
    """When something was recorded, as a message says it: "kl. 10.42 i dag",
    "kl. 16.05 i går", "kl. 09.30 den 2026-11-27" (local time)."""
    moment = timezone.localtime(moment)
    today = timezone.localdate()
    day = (_("i dag") if moment.date() == today
           else _("i går") if moment.date() == today - timedelta(days=1)
           else _("den %(day)s") % {"day": moment.date().isoformat()})
    return _("kl. %(time)s %(day)s") % {"time": f"{moment:%H.%M}", "day": day}
