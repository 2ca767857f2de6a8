"""Loading reference data: the municipality, its bodies, parties and people."""

import datetime

from django.db import transaction

from organisation.models import Body, LayoutChange, Meeting, MinuteLayout, Municipality, Party, Person


@transaction.atomic
def sync_reference_data(data: dict) -> Municipality:
    """Create or update the reference data in `data` (the layout of
    cases/huddinge-organisation.json). Running it twice changes nothing."""
    municipality, _ = Municipality.objects.update_or_create(
        name=data["name"], defaults={
            "case_prefix": data.get("case_prefix", "KS"),
            "contact_email": data.get("contact_email", ""),
            "contact_phone": data.get("contact_phone", ""),
            "minute_layout": data.get("minute_layout", MinuteLayout.HUDDINGE_2021),
        }
    )
    for change in data.get("layout_changes", []):
        LayoutChange.objects.update_or_create(
            municipality=municipality, starts_on=datetime.date.fromisoformat(change["starts_on"]),
            defaults={"layout": change["layout"]},
        )
    parties = {}
    for party in data.get("parties", []):
        parties[party["abbreviation"]], _ = Party.objects.update_or_create(
            abbreviation=party["abbreviation"], defaults={"name": party["name"]}
        )
    bodies = {}
    # Parents first: a body names its parent by name.
    for body in sorted(data.get("bodies", []), key=lambda b: bool(b.get("parent"))):
        bodies[body["name"]], _ = Body.objects.update_or_create(
            municipality=municipality, name=body["name"],
            defaults={
                "short_name": body.get("short_name", ""),
                "kind": body["kind"],
                "parent": bodies.get(body.get("parent")),
                "genitive": body["genitive"],
                "decision_subject": body["decision_subject"],
            },
        )
    for person in data.get("people", []):
        Person.objects.update_or_create(
            municipality=municipality, name=person["name"],
            defaults={"party": parties.get(person.get("party")) if person.get("party") else None},
        )
    return municipality


def meeting_on(body: Body, date, *, place: str = "") -> Meeting:
    """The body's meeting on `date`, created when it is not yet recorded.
    A place is filled in when the meeting has none, unless its minutes are signed."""
    meeting, created = Meeting.objects.get_or_create(body=body, date=date, defaults={"place": place})
    if not created and place and not meeting.place and not meeting.is_signed:
        meeting.place = place
        meeting.save(update_fields=["place"])
    return meeting
