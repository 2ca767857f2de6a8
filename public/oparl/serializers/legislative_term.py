"""oparl:LegislativeTerm: an organisation's term of office (mandatperiod), derived from the law's
rule (public.oparl.selectors.organisation.Term)."""

from public.oparl.common import Context, iso_date, iso_datetime, oparl_object


def legislative_term(term, ctx: Context, *, standalone: bool = False) -> dict:
    links = ctx.links
    return oparl_object(
        "LegislativeTerm", links.legislative_term(term.organisation_id, term.election_year),
        body=links.body(term.organisation_id) if standalone else None,
        name=term.name,
        startDate=iso_date(term.starts_on),
        endDate=iso_date(term.ends_on),
        created=iso_datetime(term.begun_at),
        modified=iso_datetime(term.begun_at),
    )
