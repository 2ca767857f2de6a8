"""Swedish personal identity numbers (personnummer, SFS 1991:481 18 §) and
coordination numbers (samordningsnummer, the day plus 60) found in a text.

A number counts only with a valid date and check digit (the Luhn sum of its
ten digits), written as Swedes write them: YYMMDD-NNNC, YYMMDD+NNNC (a
centenarian), YYYYMMDD-NNNC, or the same without the hyphen. A case number,
a date, a phone number or an organisation number (whose month is 20 or more)
is not one.
"""

import calendar
import re
from dataclasses import dataclass

# Not inside a longer run of digits: twelve digits are read as the long form, never as a short one.
_NUMBER = re.compile(r"(?<![\d])(?:(\d{2})?(\d{2})(\d{2})(\d{2}))\s?([-+]?)\s?(\d{3})(\d)(?![\d])")
# Characters either side of a number shown to the reviewer.
CONTEXT = 40


@dataclass(frozen=True)
class Found:
    page: int | None  # 1-based, for a document with pages
    start: int  # in the page's text
    masked: str  # "YYMMDD-****": the reviewer sees where, not the number again
    excerpt: str  # the text around it, the number masked
    coordination: bool  # a samordningsnummer

    def as_json(self) -> dict:
        return {"page": self.page, "masked": self.masked, "excerpt": self.excerpt,
                "coordination": self.coordination}


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(digits):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _valid_date(century: str | None, year: str, month: str, day: int) -> bool:
    month_number = int(month)
    if not 1 <= month_number <= 12 or day < 1:
        return False
    if century is not None:
        years = [int(century + year)]
    else:  # either century: 29 February counts if it is a leap day in one of them
        years = [1900 + int(year), 2000 + int(year)]
    return any(day <= calendar.monthrange(y, month_number)[1] for y in years)


def find_identity_numbers(text: str, *, page: int | None = None) -> list[Found]:
    found = []
    for match in _NUMBER.finditer(text):
        century, year, month, day, _separator, serial, check = match.groups()
        if century is not None and century not in ("18", "19", "20"):
            continue
        day_number = int(day)
        coordination = day_number > 60
        if not _valid_date(century, year, month, day_number - 60 if coordination else day_number):
            continue
        if not luhn_valid(f"{year}{month}{day}{serial}{check}"):
            continue
        masked = f"{century or ''}{year}{month}{day}-****"
        before = text[max(0, match.start() - CONTEXT):match.start()]
        after = text[match.end():match.end() + CONTEXT]
        # Whole words only: the excerpt does not begin or end in the middle of one.
        start, end = match.start() - CONTEXT, match.end() + CONTEXT
        if start > 0 and not text[start - 1].isspace() and not before[:1].isspace():
            before = before.split(maxsplit=1)[1] if len(before.split(maxsplit=1)) > 1 else ""
        if end < len(text) and not text[end].isspace() and not after[-1:].isspace():
            after = after.rsplit(maxsplit=1)[0] if len(after.rsplit(maxsplit=1)) > 1 else ""
        excerpt = " ".join(f"{before}{masked}{after}".split())
        found.append(Found(page, match.start(), masked, excerpt, coordination))
    return found


def find_in_pages(pages: list[str]) -> list[Found]:
    """Every number in a document's pages, with the page it is on."""
    return [hit for number, text in enumerate(pages, start=1) for hit in find_identity_numbers(text, page=number)]
