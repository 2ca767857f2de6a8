"""oparl:Person: a councillor or official, by name in their public role only (no personal identity
numbers are kept)."""

from organisation.models import Person
from public.oparl.common import Context, extended, iso_datetime, oparl_object
from public.oparl.selectors.organisation import person_modified
from public.oparl.serializers.membership import membership, party


def person(person: Person, ctx: Context) -> dict:
    links = ctx.links
    obj = oparl_object(
        "Person", links.person(person.pk),
        body=links.body(person.municipality_id),
        name=person.name,
        membership=[membership(seat, ctx) for seat in person.membership_list],
        created=iso_datetime(person.created_at),
        modified=iso_datetime(person_modified(person)),
    )
    return extended(obj, party=party(person.party))
