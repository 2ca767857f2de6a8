"""The rules an organisation's data keeps, whoever enters it: the organisation
file and the admin check them with these functions, so both refuse the same
things with the same words. Each raises a DomainError naming the field (and,
for a list, the index) at fault."""

from __future__ import annotations

import datetime
import json
import re
import string

from django.utils.translation import gettext as _

from lib.errors import DomainError
from organisation import case_numbers
from organisation.models import SECTION_KEYS, Body, Membership

# The prefix of "KS-2021/345": {prefix} in the case-number format (organisation.case_numbers).
CASE_PREFIX = re.compile(r"[A-ZÅÄÖ]{1,10}")
PARAGRAPH_PLACEHOLDERS = ("number", "short_name", "year", "yy")
HEADING_PLACEHOLDERS = ("genitive",)
# Parts that print the same things twice when both are in a layout.
OVERLAPPING_SECTIONS = {"deliberation_and_proposals": ("deliberation", "proposals")}
LONGEST_NOTICE = 365


def check_case_prefix(prefix: str) -> str:
    if not CASE_PREFIX.fullmatch(prefix):
        raise DomainError(_("Diarieprefixet %(prefix)s ska vara 1–10 versaler (A–Ö), som KS i KS-2021/345.")
                          % {"prefix": f"”{prefix}”"}, field="case_prefix")
    return prefix


def check_case_number_format(text: str) -> str:
    """How the registry writes a case number: "{prefix}-{year}/{number}",
    "{prefix} KF/{year}:{number}" (organisation.case_numbers)."""
    return case_numbers.check_case_number_format(text)


def _numbers(values, field: str, low: int, high: int, what: str) -> list[int]:
    if not isinstance(values, list):
        raise DomainError(_("Ange en lista av tal, till exempel %(example)s.")
                          % {"example": "[4, 10]" if field == "report_months" else "[90, 30, 7, 0]"}, field=field)
    seen = set()
    for index, value in enumerate(values):
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise DomainError(_("%(what)s ska vara ett heltal från %(low)s till %(high)s, inte %(value)s.")
                              % {"what": what, "low": low, "high": high,
                                 "value": json.dumps(value, ensure_ascii=False)}, field=field, index=index)
        if value in seen:
            raise DomainError(_("%(value)s står två gånger.") % {"value": value}, field=field, index=index)
        seen.add(value)
    return list(values)


def check_report_months(months) -> list[int]:
    """The months (1–12) in which the council is told of motions not yet
    prepared; kept in calendar order."""
    return sorted(_numbers(months, "report_months", 1, 12, _("En månad")))


def check_one_year_notice_days(days) -> list[int]:
    """How many days before a motion's one-year mark reminders go out; kept
    from the earliest reminder to the last."""
    return sorted(_numbers(days, "one_year_notice_days", 0, LONGEST_NOTICE, _("Antal dagar")), reverse=True)


def _placeholders(text: str, allowed: tuple[str, ...], field: str, index: int | None = None) -> set[str]:
    """The {names} in `text`, each one of `allowed`, without formats or conversions."""
    def refused(detail: str) -> DomainError:
        return DomainError(_("%(detail)s; tillåtna är %(allowed)s.")
                           % {"detail": detail, "allowed": ", ".join("{%s}" % name for name in allowed)},
                           field=field, index=index)
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise refused(_("Klammerparenteserna går inte ihop (skriv {{ och }} för en klammer)")) from None
    names = set()
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            raise refused(_("Okänd platshållare %(name)s") % {"name": "{%s}" % name})
        names.add(name)
    return names


def check_paragraph_format(text: str) -> str:
    """How a paragraph number is written: "§ {number}", "KF § {number}", "§ {number}/{yy}"."""
    if "number" not in _placeholders(text, PARAGRAPH_PLACEHOLDERS, "paragraph_format"):
        raise DomainError(_("Paragrafnumret ska innehålla {number}."), field="paragraph_format")
    return text


def check_sections(sections) -> list[list[str]]:
    """A layout's parts as [[key, heading], …]: known keys, each once, headings
    with no placeholder but {genitive}."""
    if not isinstance(sections, list):
        raise DomainError(_("Ange rubrikerna som en lista av [nyckel, rubrik]."), field="sections")
    keys = []
    for index, section in enumerate(sections):
        if (not isinstance(section, list) or len(section) != 2
                or not all(isinstance(part, str) for part in section)):
            raise DomainError(_("Varje del skrivs [nyckel, rubrik], till exempel [\"summary\", \"Sammanfattning\"]."),
                              field="sections", index=index)
        key, heading = section
        if key not in SECTION_KEYS:
            raise DomainError(_("Okänd del %(key)s; tillåtna är %(keys)s.")
                              % {"key": f"”{key}”", "keys": ", ".join(SECTION_KEYS)}, field="sections", index=index)
        if key in keys:
            raise DomainError(_("Delen %(key)s står två gånger.") % {"key": key}, field="sections", index=index)
        for whole, parts in OVERLAPPING_SECTIONS.items():
            clash = (whole in keys and key in parts) or (key == whole and set(parts) & set(keys))
            if clash:
                raise DomainError(_("%(whole)s innehåller redan %(parts)s: välj det ena eller det andra.")
                                  % {"whole": whole, "parts": " och ".join(parts)}, field="sections", index=index)
        _placeholders(heading, HEADING_PLACEHOLDERS, "sections", index)
        keys.append(key)
    return [[key, heading.strip()] for key, heading in sections]


def check_parent(body: Body) -> None:
    """A body's place: a working committee sits under another body of the same
    organisation, and no body sits, even through others, under itself. The
    body and its parents may be unsaved (as the organisation file builds them)."""
    parent = body.parent
    if body.kind == Body.Kind.WORKING_COMMITTEE and parent is None:
        raise DomainError(_("Ett utskott ska ha ett överordnat organ (styrelsen)."), field="parent")
    if parent is None:
        return
    if body.municipality_id is not None and parent.municipality_id != body.municipality_id:
        raise DomainError(_("%(parent)s hör till en annan organisation (%(other)s).")
                          % {"parent": parent.name, "other": parent.municipality}, field="parent")
    seen = set()
    ancestor = parent
    while ancestor is not None:
        if ancestor is body or (body.pk is not None and ancestor.pk == body.pk):
            raise DomainError(_("%(name)s kan inte ligga under sig själv.") % {"name": body.name}, field="parent")
        key = ancestor.pk or id(ancestor)
        if key in seen:  # a loop above, not through this body
            break
        seen.add(key)
        ancestor = ancestor.parent


def check_preparing_committee(committee: Body | None) -> None:
    """The path of preparation: a working committee of the executive board
    prepares motions before the board, or (None) the board itself does."""
    if committee is None:
        return
    parent = committee.parent
    if committee.kind != Body.Kind.WORKING_COMMITTEE or parent is None or parent.kind != Body.Kind.EXECUTIVE_BOARD:
        raise DomainError(_("%(name)s är inget utskott under styrelsen; bara ett sådant kan bereda motioner "
                            "före styrelsen.") % {"name": committee.name}, field="preparing_committee")


def check_membership(*, role: str, duty: str = "", substitute_order: int | None = None,
                     starts_on: datetime.date | None, ends_on: datetime.date | None) -> None:
    """One seat or post: a duty (chair, vice chair) only for a member, an
    order only for a substitute, and a time that ends after it starts."""
    if duty and role != Membership.Role.MEMBER:
        raise DomainError(_("Bara en ledamot kan vara ordförande eller vice ordförande."), field="duty")
    if substitute_order is not None and role != Membership.Role.SUBSTITUTE:
        raise DomainError(_("Bara en ersättare har en ersättarordning."), field="substitute_order")
    check_period(starts_on, ends_on)


def check_period(starts_on: datetime.date | None, ends_on: datetime.date | None) -> None:
    """A term or a seat ends (the last day it holds) no earlier than it starts."""
    if starts_on and ends_on and ends_on < starts_on:
        raise DomainError(_("Uppdraget kan inte sluta (%(ends)s) innan det börjar (%(starts)s).")
                          % {"ends": ends_on.isoformat(), "starts": starts_on.isoformat()}, field="ends_on")


def overlaps(a_start: datetime.date, a_end: datetime.date | None, b_start: datetime.date,
             b_end: datetime.date | None) -> bool:
    """Whether two periods (an open end: until further notice) share a day."""
    return (a_end is None or b_start <= a_end) and (b_end is None or a_start <= b_end)


def check_membership_against(membership: Membership, others) -> None:
    """A seat among the body's other memberships (`others`, without this one):
    nobody twice in a body at the same time, one chair and each vice chair at
    a time, and no two substitutes of a party with the same order."""
    for other in others:
        if not overlaps(membership.starts_on, membership.ends_on, other.starts_on, other.ends_on):
            continue
        if other.person_id == membership.person_id:
            raise DomainError(_("%(name)s har redan ett uppdrag i %(body)s under samma tid (%(other)s).")
                              % {"name": membership.person, "body": membership.body,
                                 "other": other.get_role_display().lower()}, field="person")
        if membership.duty and other.duty == membership.duty:
            raise DomainError(_("%(body)s har redan en %(duty)s under samma tid: %(name)s.")
                              % {"body": membership.body, "duty": other.get_duty_display().lower(),
                                 "name": other.person}, field="duty")
        if (membership.substitute_order is not None and other.role == Membership.Role.SUBSTITUTE
                and other.party_id == membership.party_id and other.substitute_order == membership.substitute_order):
            raise DomainError(_("%(name)s är redan ersättare nummer %(order)s för partiet under samma tid.")
                              % {"name": other.person, "order": other.substitute_order}, field="substitute_order")
