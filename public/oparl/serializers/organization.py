"""oparl:Organization: a body of the organisation (Body: the council, the board, its committee, a
service board, a preparatory committee)."""

from organisation.models import Body
from public.oparl.common import Context, extended, iso_datetime, label, oparl_object
from public.oparl.selectors.organisation import body_modified


def organization(body: Body, ctx: Context) -> dict:
    links = ctx.links
    obj = oparl_object(
        "Organization", links.organization(body.pk),
        body=links.body(body.municipality_id),
        name=body.name,
        shortName=body.short_name,
        membership=[links.membership(seat.pk) for seat in body.membership_list],
        meeting=links.organization_list(body.pk, "meetings"),
        consultation=links.organization_list(body.pk, "consultations"),
        subOrganizationOf=links.organization(body.parent_id) if body.parent_id else None,
        # OParl's categories: a body of elected members is a "Gremium".
        organizationType="Gremium",
        classification=label(Body.Kind, body.kind),
        created=iso_datetime(body.created_at),
        modified=iso_datetime(body_modified(body)),
        web=f"{links.home()}sammantraden/?organisation={body.municipality_id}&body={body.pk}",
    )
    return extended(obj, bodyKind=body.kind)
