"""An organisation's case numbers in the form its registry writes them
(Municipality.case_number_format, checked by organisation.case_numbers):
rendering a number, the pattern of its numbers, and whether a given case
number has that form."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from lib.errors import DomainError
from organisation.case_numbers import DEFAULT_FORMAT, MOST_DIGITS, Part, parse_format
from organisation.models import Municipality

# Every organisation's case numbers in a URL (/arenden/<number>/…): one
# optional slash, and after it a digit (organisation.case_numbers keeps every
# format to that), so that /arenden/RS 2022-00317/bevaka/ is the page
# "bevaka" of case RS 2022-00317, not a case of its own.
URL_PATTERN = r"[^/]+(?:/[^/]*[0-9][^/]*)?"


def _parts(municipality: Municipality) -> list[Part]:
    return parse_format(municipality.case_number_format or DEFAULT_FORMAT)


def format_case_number(municipality: Municipality, year: int, number: int) -> str:
    """The organisation's case number `number` of `year`: KS-2021/345, KS KF/2025:294."""
    values = {"prefix": municipality.case_prefix, "year": f"{year:04d}", "yy": f"{year % 100:02d}"}
    return "".join(
        part.text if part.name is None
        else f"{number:0{part.width}d}" if part.name == "number" and part.width
        else str(number) if part.name == "number"
        else values[part.name]
        for part in _parts(municipality)
    )


def case_number_pattern(municipality: Municipality) -> str:
    """A regular expression matching the whole of any of the organisation's case numbers."""
    pieces = {"prefix": re.escape(municipality.case_prefix), "year": r"\d{4}", "yy": r"\d{2}"}
    return "".join(
        re.escape(part.text) if part.name is None
        else r"\d{%d,%d}" % (max(part.width, 1), max(part.width, MOST_DIGITS)) if part.name == "number"
        else pieces[part.name]
        for part in _parts(municipality)
    )


def number_in_year(municipality: Municipality, case_number: str, year: int) -> int | None:
    """The running number of `case_number` if it is one of the organisation's
    numbers of `year` (a {yy} form read as that year), else None."""
    pieces = {"prefix": re.escape(municipality.case_prefix), "year": f"{year:04d}", "yy": f"{year % 100:02d}"}
    pattern = "".join(
        re.escape(part.text) if part.name is None
        else r"(?P<number>\d{%d,%d})" % (max(part.width, 1), max(part.width, MOST_DIGITS)) if part.name == "number"
        else pieces[part.name]
        for part in _parts(municipality)
    )
    match = re.fullmatch(pattern, case_number)
    return int(match["number"]) if match else None


def fits_format(municipality: Municipality, case_number: str) -> bool:
    """Whether `case_number` has the form of the organisation's case numbers."""
    return re.fullmatch(case_number_pattern(municipality), case_number) is not None


def expected_form(municipality: Municipality) -> str:
    """The form in words for a message: KS-ÅÅÅÅ/NNN, KS KF/ÅÅÅÅ:NNN."""
    return "".join(
        part.text if part.name is None
        else municipality.case_prefix if part.name == "prefix"
        else "ÅÅÅÅ" if part.name == "year"
        else "ÅÅ" if part.name == "yy"
        else "N" * max(part.width, 3)
        for part in _parts(municipality)
    )


def check_case_number(municipality: Municipality, case_number: str, *, field: str = "case_number") -> str:
    """`case_number` if it has the organisation's form, else a DomainError showing the form."""
    if not isinstance(case_number, str) or not fits_format(municipality, case_number):
        raise DomainError(
            _("Diarienumret %(case)s har inte formen %(form)s, till exempel %(example)s.")
            % {"case": case_number, "form": expected_form(municipality),
               "example": format_case_number(municipality, 2021, 345)},
            field=field,
        )
    return case_number


def check_new_case_number(municipality: Municipality, case_number: str, *, field: str = "case_number") -> str:
    """A number a new case is registered with (one it already has in the
    municipality's main registry): of the organisation's form, and not taken."""
    from motions.models import Motion

    check_case_number(municipality, case_number, field=field)
    if Motion.objects.filter(case_number=case_number).exists():
        raise DomainError(_("Diarienumret %(case)s finns redan.") % {"case": case_number}, field=field)
    return case_number
