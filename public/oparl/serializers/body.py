"""oparl:Body: an organisation with its own council (Municipality: a municipality or a region)."""

from organisation.models import Municipality
from public.oparl.common import LICENSE, Context, extended, iso_datetime, label, oparl_object
from public.oparl.serializers.legislative_term import legislative_term

# The organisation's external lists, by OParl's field and this API's address.
LISTS = {
    "organization": "organizations",
    "person": "people",
    "meeting": "meetings",
    "paper": "papers",
    "agendaItem": "agenda-items",
    "consultation": "consultations",
    "file": "files",
    "membership": "memberships",
    "legislativeTermList": "legislative-terms",
}


def body(organisation: Municipality, terms: list, ctx: Context) -> dict:
    """`terms`: its terms of office (selectors.organisation.terms_of)."""
    links = ctx.links
    obj = oparl_object(
        "Body", links.body(organisation.pk),
        system=links.system(),
        name=organisation.name,
        license=LICENSE,
        contactEmail=organisation.contact_email,
        contactName="Registraturen" if organisation.contact_email else None,
        classification=label(Municipality.Kind, organisation.kind),
        **{field: links.body_list(organisation.pk, path) for field, path in LISTS.items()},
        legislativeTerm=[legislative_term(term, ctx) for term in terms],
        created=iso_datetime(organisation.created_at),
        modified=iso_datetime(organisation.modified_at),
        web=f"{links.home()}?organisation={organisation.pk}",
    )
    return extended(
        obj,
        organisationKind=organisation.kind,
        contactPhone=organisation.contact_phone or None,
        dump=links.dump(organisation.pk),
    )
