"""The form of an organisation's case numbers (diarienummer), as its registry
writes them: "{prefix}-{year}/{number}" gives KS-2021/345, "{prefix} {year}.{number:04}"
KS 2019.0142, "{prefix} KF/{year}:{number}" KS KF/2025:294, "{year}/{prefix} {number:04}"
2011/KS 0206.

This module reads and checks a format; motions.case_numbers renders, matches and
checks an organisation's numbers with it."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lib.errors import DomainError

DEFAULT_FORMAT = "{prefix}-{year}/{number}"
PLACEHOLDERS = ("prefix", "year", "yy", "number")
# A case number is stored in at most this many characters (motions.Motion.case_number).
CASE_NUMBER_MAX_LENGTH = 30
# The longest prefix (Municipality.case_prefix) and the most digits of a number.
LONGEST_PREFIX = 10
MOST_DIGITS = 6
_WIDTH = re.compile(r"0([1-6])")
_LITERAL_PUNCTUATION = set(" -.:/")
FIELD = "case_number_format"


@dataclass(frozen=True)
class Part:
    """A piece of a format: literal text (name None) or a placeholder."""

    text: str = ""
    name: str | None = None
    width: int = 0  # zero-padded to this many digits ({number:04}); 0: not padded


def _refused(message: str) -> DomainError:
    return DomainError(message, field=FIELD)


def parse_format(text: str) -> list[Part]:
    """The parts of a case-number format, or a DomainError (field case_number_format)
    naming what is wrong with it."""
    if not isinstance(text, str) or not text.strip():
        raise _refused(_("Ange diarienumrets form, till exempel %(example)s.") % {"example": DEFAULT_FORMAT})
    if text != text.strip():
        raise _refused(_("Diarienumrets form får inte börja eller sluta med mellanslag."))
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise _refused(_("Klammerparenteserna i %(format)s går inte ihop.") % {"format": text}) from None
    parts: list[Part] = []
    for literal, name, spec, conversion in parsed:
        if literal:
            wrong = sorted({c for c in literal if not (c.isalpha() or c.isdigit() or c in _LITERAL_PUNCTUATION)})
            if wrong:
                raise _refused(
                    _("Tecknet %(char)s får inte stå i diarienumret; text får bara innehålla bokstäver, siffror, "
                      "mellanslag och - . : /") % {"char": f"”{wrong[0]}”"})
            parts.append(Part(text=literal))
        if name is None:
            continue
        if name not in PLACEHOLDERS or conversion:
            raise _refused(_("Okänd platshållare %(name)s; tillåtna är %(allowed)s.")
                           % {"name": "{%s}" % name, "allowed": ", ".join("{%s}" % p for p in PLACEHOLDERS)})
        width = 0
        if spec:
            match = _WIDTH.fullmatch(spec)
            if name != "number" or not match:
                raise _refused(_("Bara numret kan fyllas ut med nollor, till 1–6 siffror: {number:04}; "
                                 "%(placeholder)s går inte.") % {"placeholder": "{%s:%s}" % (name, spec)})
            width = int(match.group(1))
        if any(part.name == name for part in parts):
            raise _refused(_("%(name)s står två gånger.") % {"name": "{%s}" % name})
        parts.append(Part(name=name, width=width))
    names = {part.name for part in parts}
    if "number" not in names:
        raise _refused(_("Diarienumret ska innehålla numret, {number}."))
    if not names & {"year", "yy"}:
        raise _refused(_("Diarienumret ska innehålla året, {year} (fyra siffror) eller {yy} (två)."))
    literal = "".join(part.text for part in parts)
    if literal.count("/") > 1:
        raise _refused(_("Diarienumret får innehålla högst ett snedstreck (/)."))
    if "/" in literal:
        before, after = _split(parts)
        if not before or not after:
            raise _refused(_("Snedstrecket kan inte stå först eller sist i diarienumret."))
        # A case number's address is /arenden/<number>/…: after its slash comes
        # a digit, so that the address of a page about the case is not taken
        # for a case number.
        if not any(part.name in {"year", "yy", "number"} or any(c.isdigit() for c in part.text) for part in after):
            raise _refused(_("Efter snedstrecket ska året eller numret stå, som i KS-2021/345."))
    longest = sum(len(part.text) if part.name is None else
                  {"prefix": LONGEST_PREFIX, "year": 4, "yy": 2}.get(part.name, max(MOST_DIGITS, part.width))
                  for part in parts)
    if longest > CASE_NUMBER_MAX_LENGTH:
        raise _refused(_("Diarienumren kan bli för långa: högst %(max)s tecken med ett prefix på %(prefix)s "
                         "bokstäver och ett nummer på %(digits)s siffror.")
                       % {"max": CASE_NUMBER_MAX_LENGTH, "prefix": LONGEST_PREFIX, "digits": MOST_DIGITS})
    return parts


def _split(parts: list[Part]) -> tuple[list[Part], list[Part]]:
    """The parts before and after the format's slash (empty texts left out)."""
    before: list[Part] = []
    after: list[Part] = []
    seen = False
    for part in parts:
        if part.name is None and "/" in part.text:
            head, tail = part.text.split("/", 1)
            if head:
                before.append(Part(text=head))
            if tail:
                after.append(Part(text=tail))
            seen = True
        else:
            (after if seen else before).append(part)
    return before, after


def check_case_number_format(text: str) -> str:
    """A checked format (for the organisation file and the admin)."""
    parse_format(text)
    return text
