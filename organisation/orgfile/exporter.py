"""Writing an organisation as an organisation file, in the canonical form:
keys in a fixed order, lists in a fixed order, and the layout of `dumps`.
Loading a file in this form and exporting it again gives back the same bytes."""

from __future__ import annotations

import json
from itertools import groupby
from typing import Any

from organisation.case_numbers import DEFAULT_FORMAT
from organisation.models import Body, Membership, Municipality
from organisation.selectors import roster_sort_key, swedish_sort_key

# The widest line `dumps` writes a list or an object on; wider ones are broken, one item a line.
WIDTH = 100
KINDS = list(Body.Kind.values)
LISTS = {role: key for key, role in (("members", Membership.Role.MEMBER),
                                     ("substitutes", Membership.Role.SUBSTITUTE),
                                     ("secretaries", Membership.Role.SECRETARY),
                                     ("officials", Membership.Role.OFFICIAL))}


def export_organisation(municipality: Municipality) -> dict[str, Any]:
    """The organisation as an organisation file's JSON (docs/organisation.md)."""
    bodies = sorted(municipality.bodies.select_related("parent"),
                    key=lambda body: (KINDS.index(body.kind), swedish_sort_key(body.name)))
    people = sorted(municipality.people.select_related("party"), key=lambda person: swedish_sort_key(person.name))
    memberships = (Membership.objects.filter(body__municipality=municipality)
                   .select_related("person", "party"))
    by_body: dict[int, list[Membership]] = {}
    for membership in memberships:
        by_body.setdefault(membership.body_id, []).append(membership)
    used_parties = {person.party for person in people if person.party} | {
        membership.party for membership in memberships if membership.party}
    layouts = sorted(municipality.layouts.all(), key=lambda layout: swedish_sort_key(layout.name))
    return {
        "name": municipality.name,
        "kind": municipality.kind,
        "case_prefix": municipality.case_prefix,
        # Left out when it is the default form, KS-2021/345.
        **({"case_number_format": municipality.case_number_format}
           if municipality.case_number_format != DEFAULT_FORMAT else {}),
        "contact_email": municipality.contact_email,
        "contact_phone": municipality.contact_phone,
        # Left out when not set: "förvaltningsrätten" is named without a place.
        **({"administrative_court": municipality.administrative_court} if municipality.administrative_court else {}),
        "rules_of_procedure": {
            "report_months": list(municipality.report_months),
            "one_year_notice_days": list(municipality.one_year_notice_days),
        },
        "preparing_committee": municipality.preparing_committee.name if municipality.preparing_committee else None,
        "minute_layout": municipality.minute_layout.name if municipality.minute_layout else None,
        "layout_changes": [{"starts_on": change.starts_on.isoformat(), "layout": change.layout.name}
                           for change in municipality.layout_changes.select_related("layout").order_by("starts_on")],
        "layouts": [{
            "name": layout.name,
            "document_title": layout.document_title,
            "extract_title": layout.extract_title,
            "paragraph_format": layout.paragraph_format,
            "decision_form": layout.decision_form,
            "sections": [list(section) for section in layout.sections],
            "wording": dict(sorted(layout.wording.items())),
            "page_foot": layout.page_foot,
        } for layout in layouts],
        "parties": [{"abbreviation": party.abbreviation, "name": party.name}
                    for party in sorted(used_parties, key=lambda party: party.abbreviation)],
        "people": [_without_empty({"name": person.name, "party": person.party.abbreviation if person.party else None})
                   for person in people],
        "bodies": [_body(body, by_body.get(body.pk, [])) for body in bodies],
    }


def _body(body: Body, memberships: list[Membership]) -> dict[str, Any]:
    return _without_empty({
        "name": body.name,
        "short_name": body.short_name,
        "kind": body.kind,
        "parent": body.parent.name if body.parent else None,
        "genitive": body.genitive,
        "decision_subject": body.decision_subject,
        "terms": _terms(memberships),
    })


def _terms(memberships: list[Membership]) -> list[dict[str, Any]]:
    """The body's memberships grouped by their time: one term for each start and end."""
    def period(membership):
        return membership.starts_on, membership.ends_on or membership.starts_on.max

    terms = []
    for _period, group in groupby(sorted(memberships, key=period), key=period):
        group = sorted(group, key=roster_sort_key)
        first = group[0]
        term = {"starts_on": first.starts_on.isoformat(),
                "ends_on": first.ends_on.isoformat() if first.ends_on else None}
        for role, key in LISTS.items():
            term[key] = [_entry(membership) for membership in group if membership.role == role]
        terms.append(_without_empty(term))
    return terms


def _entry(membership: Membership) -> dict[str, Any]:
    return _without_empty({
        "person": membership.person.name,
        "party": membership.party.abbreviation if membership.party else None,
        "duty": membership.duty,
        "substitute_order": membership.substitute_order,
        "title": membership.title,
    })


def _without_empty(values: dict[str, Any]) -> dict[str, Any]:
    """Below the organisation and its layouts, a key without a value is left out."""
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}


def dumps(data: Any) -> str:
    """JSON as the canonical form lays it out: two spaces of indent, and a list
    or object on one line when it fits within WIDTH characters, otherwise one
    item a line. The organisation itself is always broken into lines."""
    return "\n".join(_lines(data, 0, "", "", always_break=True)) + "\n"


def _lines(value: Any, indent: int, prefix: str, suffix: str, *, always_break: bool = False) -> list[str]:
    pad = " " * indent
    flat = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, (dict, list)) or not value or (
            not always_break and len(pad) + len(prefix) + len(flat) + len(suffix) <= WIDTH):
        return [f"{pad}{prefix}{flat}{suffix}"]
    items = ([(json.dumps(key, ensure_ascii=False) + ": ", item) for key, item in value.items()]
             if isinstance(value, dict) else [("", item) for item in value])
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    lines = [f"{pad}{prefix}{opening}"]
    for index, (key, item) in enumerate(items):
        lines += _lines(item, indent + 2, key, "," if index < len(items) - 1 else "")
    return [*lines, f"{pad}{closing}{suffix}"]
