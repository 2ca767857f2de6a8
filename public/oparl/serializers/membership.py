"""oparl:Membership: someone's seat or post in a body for a time."""

from organisation.models import Membership
from public.oparl.common import Context, extended, iso_date, iso_datetime, label, oparl_object


def party(party) -> dict | None:
    return {"abbreviation": party.abbreviation, "name": party.name} if party is not None else None


def role_text(membership: Membership) -> str:
    """ "Ledamot", "Ledamot, ordförande", "Ersättare", "Sekreterare"."""
    role = label(Membership.Role, membership.role)
    return f"{role}, {label(Membership.Duty, membership.duty).lower()}" if membership.duty else role


def membership(membership: Membership, ctx: Context, *, standalone: bool = False) -> dict:
    """As the person embeds it; `standalone`: at its own address, with the person."""
    links = ctx.links
    obj = oparl_object(
        "Membership", links.membership(membership.pk),
        person=links.person(membership.person_id) if standalone else None,
        organization=links.organization(membership.body_id),
        role=role_text(membership),
        # A substitute votes only when serving in a member's place (attendance, the roll-calls).
        votingRight=membership.role == Membership.Role.MEMBER,
        startDate=iso_date(membership.starts_on),
        endDate=iso_date(membership.ends_on),
        created=iso_datetime(membership.created_at),
        modified=iso_datetime(membership.modified_at),
    )
    return extended(
        obj,
        role=membership.role,
        duty=membership.duty or None,
        substituteOrder=membership.substitute_order,
        party=party(membership.party),
        title=membership.title or None,
    )
