"""Loading an organisation file: the organisation is created, or brought to
match the file, in one transaction (docs/organisation.md, "Loading an
organisation that exists").

- Set as the file says: the organisation's own values, its rules of
  procedure, its path of preparation and its layout changes.
- Created or updated by name, never deleted: layouts, bodies, people and
  parties (shared by every organisation). What the file leaves out stays as
  it is and is named in the result, to be removed in the admin if it should go.
- Replaced: the memberships of each body in the file (a membership still in
  the file keeps its row).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import (
    Body,
    LayoutChange,
    Membership,
    MinuteLayout,
    Municipality,
    Party,
    Person,
)
from organisation.orgfile.validation import OrganisationData, validate
from organisation.services import forget_reference_data


@dataclass
class LoadResult:
    municipality: Municipality
    created: bool
    bodies: int = 0
    people: int = 0
    memberships: int = 0
    # What the organisation has that the file leaves out (kept as it is).
    kept: list[str] = field(default_factory=list)


@transaction.atomic
def load_organisation(data: Any) -> LoadResult:
    """Create the organisation in `data` (an organisation file's JSON), or
    update the one of that name to match it. All or nothing: a refused file
    raises OrganisationFileError naming every problem, and nothing is written.
    Loading the same file twice changes nothing the second time."""
    spec = validate(data)
    parties = _parties(spec)
    municipality, created = Municipality.objects.select_for_update().get_or_create(name=spec.name)
    layouts = _layouts(municipality, spec)

    def layout(name: str | None) -> MinuteLayout | None:
        if name is None:
            return None
        return layouts.get(name) or MinuteLayout.objects.get(municipality=None, name=name)

    municipality.kind = spec.kind
    municipality.case_prefix = spec.case_prefix
    municipality.case_number_format = spec.case_number_format
    municipality.contact_email = spec.contact_email
    municipality.contact_phone = spec.contact_phone
    municipality.administrative_court = spec.administrative_court
    municipality.report_months = spec.report_months
    municipality.one_year_notice_days = spec.one_year_notice_days
    municipality.minute_layout = layout(spec.minute_layout)
    municipality.save()
    municipality.layout_changes.exclude(starts_on__in=[day for day, _name in spec.layout_changes]).delete()
    for starts_on, name in spec.layout_changes:
        LayoutChange.objects.update_or_create(municipality=municipality, starts_on=starts_on,
                                              defaults={"layout": layout(name)})
    people = _people(municipality, spec, parties)
    bodies = _bodies(municipality, spec)
    municipality.preparing_committee = bodies.get(spec.preparing_committee)
    municipality.save(update_fields=["preparing_committee"])
    memberships = _memberships(spec, bodies, people, parties)
    forget_reference_data()
    return LoadResult(municipality=municipality, created=created, bodies=len(bodies), people=len(people),
                      memberships=memberships, kept=_kept(municipality, spec))


def _parties(spec: OrganisationData) -> dict[str, Party]:
    # A party that exists has the file's name (validation refuses another).
    for abbreviation, name in spec.parties.items():
        Party.objects.get_or_create(abbreviation=abbreviation, defaults={"name": name})
    return {party.abbreviation: party for party in Party.objects.filter(abbreviation__in=spec.parties)}


def _layouts(municipality: Municipality, spec: OrganisationData) -> dict[str, MinuteLayout]:
    layouts = {}
    for layout in spec.layouts:
        layouts[layout.name], _created = MinuteLayout.objects.update_or_create(
            municipality=municipality, name=layout.name, defaults={
                "document_title": layout.document_title, "extract_title": layout.extract_title,
                "paragraph_format": layout.paragraph_format, "decision_form": layout.decision_form,
                "sections": layout.sections, "wording": layout.wording, "page_foot": layout.page_foot,
            })
    return layouts


def _people(municipality: Municipality, spec: OrganisationData, parties: dict[str, Party]) -> dict[str, Person]:
    people = {}
    for name, party in spec.people.items():
        people[name], _created = Person.objects.update_or_create(
            municipality=municipality, name=name, defaults={"party": parties.get(party)})
    return people


def _bodies(municipality: Municipality, spec: OrganisationData) -> dict[str, Body]:
    bodies: dict[str, Body] = {}
    waiting = list(spec.bodies)
    # Parents first (validation refuses a loop), as a working committee is never without one.
    while waiting:
        ready = [body for body in waiting if body.parent is None or body.parent in bodies]
        for body in ready:
            bodies[body.name], _created = Body.objects.update_or_create(
                municipality=municipality, name=body.name, defaults={
                    "short_name": body.short_name, "kind": body.kind, "parent": bodies.get(body.parent),
                    "genitive": body.genitive, "decision_subject": body.decision_subject,
                })
        waiting = [body for body in waiting if body.name not in bodies]
    return bodies


def _memberships(spec: OrganisationData, bodies: dict[str, Body], people: dict[str, Person],
                 parties: dict[str, Party]) -> int:
    """Replace the memberships of the file's bodies with the file's. A membership
    that is still there (the same body, person and first day) keeps its row."""
    wanted = {}
    for body in spec.bodies:
        for m in body.memberships:
            wanted[bodies[body.name].pk, people[m.person].pk, m.starts_on] = {
                "role": m.role, "party": parties.get(m.party), "duty": m.duty,
                "substitute_order": m.substitute_order, "title": m.title, "ends_on": m.ends_on,
            }
    stored = {(m.body_id, m.person_id, m.starts_on): m
              for m in Membership.objects.filter(body__in=bodies.values()).select_related("party")}
    gone = [m for key, m in stored.items() if key not in wanted]
    Membership.objects.filter(pk__in=[m.pk for m in gone]).delete()
    now = timezone.now()
    # A person's and a body's memberships are part of them in the open data (public.oparl): one
    # removed changes them.
    Person.objects.filter(pk__in={m.person_id for m in gone}).update(modified_at=now)
    Body.objects.filter(pk__in={m.body_id for m in gone}).update(modified_at=now)
    changed, created = [], []
    for key, values in wanted.items():
        membership = stored.get(key)
        if membership is None:
            created.append(Membership(body_id=key[0], person_id=key[1], starts_on=key[2], **values))
        elif any(getattr(membership, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(membership, name, value)
            membership.modified_at = now  # bulk_update does not stamp it
            changed.append(membership)
    Membership.objects.bulk_update(changed, ["role", "party", "duty", "substitute_order", "title", "ends_on",
                                             "modified_at"])
    Membership.objects.bulk_create(created)
    return len(wanted)


def _kept(municipality: Municipality, spec: OrganisationData) -> list[str]:
    """What the organisation has beside the file's: named so that the registry
    can remove it in the admin, if it should go."""
    kept = []
    for what, rows, names in (
        (_("mall"), municipality.layouts.all(), {layout.name for layout in spec.layouts}),
        (_("organ"), municipality.bodies.all(), {body.name for body in spec.bodies}),
        (_("person"), municipality.people.all(), set(spec.people)),
    ):
        kept += [f"{what} {row.name}" for row in rows.order_by("name") if row.name not in names]
    return kept
