"""oparl:System: the API's entry point."""

from public.oparl.common import LICENSE, VERSION, Context, extended, iso_datetime, latest, oparl_object

PRODUCT_NAME = "Motionsregistret"


def system(organisations: list, ctx: Context, *, contact_email: str = "") -> dict:
    """The system: its version of OParl, its organisations' list, its licence and where to write."""
    links = ctx.links
    created = min((organisation.created_at for organisation in organisations), default=None)
    modified = latest(*(organisation.modified_at for organisation in organisations))
    obj = oparl_object(
        "System", links.system(),
        oparlVersion=VERSION,
        body=links.bodies(),
        name=PRODUCT_NAME,
        license=LICENSE,
        contactEmail=contact_email,
        website=links.home(),
        created=iso_datetime(created),
        modified=iso_datetime(modified),
        web=links.home(),
    )
    return extended(obj, catalogue=links.catalogue())
