"""The OParl API's views: thin, each reads through public.oparl.kinds and its selectors and answers
with public.oparl.http. Every answer is the same for everyone: what the public may see."""

import datetime

from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from decisions.access import public_paragraphs
from decisions.models import Decision, FiledMotion, MinuteItem
from organisation.models import Body, Municipality
from organisation.selectors import home_municipality
from public.models import BulkDump
from public.oparl import kinds
from public.oparl.catalogue import catalogue_rdf
from public.oparl.common import Context
from public.oparl.http import Payload, api_view, cors
from public.oparl.paging import list_page, whole_list
from public.oparl.params import parse_list_params
from public.oparl.selectors.organisation import term, terms_of
from public.oparl.serializers.legislative_term import legislative_term
from public.oparl.serializers.system import system as system_object


def _one(kind: kinds.Kind, pk: int, ctx: Context) -> Payload:
    """The object of `kind` with that id, as served at its address; 404 when there is none the
    public may see."""
    rows = list(kind.rows().filter(pk=pk))
    if not rows:
        raise Http404
    (obj,) = kind.write(rows, ctx)
    return Payload(obj, datetime.datetime.fromisoformat(obj["modified"]) if "modified" in obj else None)


def _list(request, sources, url: str, ctx: Context) -> Payload:
    params = parse_list_params(request.GET, kinds="".join(kind.letter for kind, _ in sources)
                               if len(sources) > 1 else "")
    return Payload(list_page(sources, params, ctx, url))


def _organisation(organisation_id: int) -> Municipality:
    found = Municipality.objects.filter(pk=organisation_id).first()
    if found is None:
        raise Http404
    return found


@api_view
def system(request):
    ctx = Context()
    organisations = list(Municipality.objects.order_by("pk"))
    home = home_municipality()
    obj = system_object(organisations, ctx, contact_email=home.contact_email if home else "")
    return Payload(obj, datetime.datetime.fromisoformat(obj["modified"]) if "modified" in obj else None)


@api_view
def bodies(request):
    ctx = Context()
    return _list(request, [(kinds.BODY, Q())], ctx.links.bodies(), ctx)


@api_view
def body(request, organisation_id: int):
    return _one(kinds.BODY, organisation_id, Context())


def _organisation_list(name: str):
    @api_view
    def view(request, organisation_id: int):
        ctx = Context()
        _organisation(organisation_id)
        return _list(request, kinds.in_organisation(organisation_id)[name],
                     ctx.links.body_list(organisation_id, name), ctx)
    view.__name__ = f"body_{name.replace('-', '_')}"
    view.__doc__ = f"The organisation's {name}: an external list."
    return view


body_organizations = _organisation_list("organizations")
body_people = _organisation_list("people")
body_memberships = _organisation_list("memberships")
body_meetings = _organisation_list("meetings")
body_agenda_items = _organisation_list("agenda-items")
body_papers = _organisation_list("papers")
body_consultations = _organisation_list("consultations")
body_files = _organisation_list("files")


@api_view
def body_legislative_terms(request, organisation_id: int):
    """The organisation's terms of office: few, on one page; the filters read the terms' times."""
    ctx = Context()
    _organisation(organisation_id)
    params = parse_list_params(request.GET)
    data = [legislative_term(found, ctx, standalone=True)
            for found in terms_of([organisation_id], today=ctx.today)[organisation_id]
            if params.created.holds(found.begun_at) and params.modified.holds(found.begun_at)]
    return Payload(whole_list(data, params, ctx.links.body_list(organisation_id, "legislative-terms")))


@api_view
def legislative_term_view(request, organisation_id: int, election_year: int):
    ctx = Context()
    found = term(organisation_id, election_year, today=ctx.today) if election_year < 10_000 else None
    if found is None:
        raise Http404
    return Payload(legislative_term(found, ctx, standalone=True), found.begun_at)


@api_view
def organization(request, body_id: int):
    return _one(kinds.ORGANIZATION, body_id, Context())


def _body_list(name: str):
    @api_view
    def view(request, body_id: int):
        ctx = Context()
        if not Body.objects.filter(pk=body_id).exists():
            raise Http404
        return _list(request, kinds.of_body(body_id)[name], ctx.links.organization_list(body_id, name), ctx)
    view.__name__ = f"organization_{name}"
    view.__doc__ = f"The body's {name}: an external list."
    return view


organization_meetings = _body_list("meetings")
organization_consultations = _body_list("consultations")


@api_view
def person(request, person_id: int):
    return _one(kinds.PERSON, person_id, Context())


@api_view
def membership(request, membership_id: int):
    return _one(kinds.MEMBERSHIP, membership_id, Context())


@api_view
def meeting(request, meeting_id: int):
    return _one(kinds.MEETING, meeting_id, Context())


@api_view
def agenda_item(request, agenda_item_id: int):
    return _one(kinds.AGENDA_ITEM, agenda_item_id, Context())


@api_view
def paper(request, motion_id: int):
    return _one(kinds.PAPER, motion_id, Context())


@api_view
def referral_consultation(request, referral_id: int):
    return _one(kinds.REFERRAL, referral_id, Context())


@api_view
def paragraph_consultation(request, item_id: int, motion_id: int):
    """A public paragraph that handled the motion: its own, or the council's filing of it."""
    ctx = Context()
    if MinuteItem.objects.filter(public_paragraphs(), pk=item_id, motion_id=motion_id).exclude(
            decision=Decision.FILE).exists():
        return _one(kinds.PARAGRAPH, item_id, ctx)
    filed = FiledMotion.objects.filter(public_paragraphs("item__"), item_id=item_id, motion_id=motion_id).first()
    if filed is None:
        raise Http404
    return _one(kinds.FILING, filed.pk, ctx)


@api_view
def document_file(request, document_id: int):
    return _one(kinds.CASE_DOCUMENT, document_id, Context())


@api_view
def minutes_file(request, rendered_id: int):
    return _one(kinds.MINUTES_DOCUMENT, rendered_id, Context())


@api_view
def body_dump(request, organisation_id: int):
    """The organisation's latest bulk dump (public.oparl.dump), as stored: JSON Lines, gzipped."""
    dump = BulkDump.objects.filter(municipality_id=organisation_id).order_by("-written_at", "-id").first()
    if dump is None:
        raise Http404
    etag = f'"{dump.sha256[:40]}"'
    timestamp = int(dump.written_at.timestamp())
    unchanged = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if unchanged is not None:
        return unchanged
    try:
        opened = default_storage.open(dump.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(opened, content_type="application/gzip", as_attachment=True,
                            filename=f"oparl-{organisation_id}-{dump.written_at:%Y-%m-%d}.jsonl.gz")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(timestamp)
    return response


@api_view
def catalogue(request):
    """The DCAT-AP-SE catalogue record of the open data (RDF/XML, as dataportal.se harvests it)."""
    ctx = Context()
    return cors(HttpResponse(catalogue_rdf(ctx), content_type="application/rdf+xml; charset=utf-8"))


@api_view
def not_found(request, rest: str):
    """Any other address under /oparl/: OParl's error object, not the site's page. An address that
    lacks only its closing slash is sent to the one with it, as the site's other pages are."""
    if not request.path.endswith("/"):
        with_slash = f"{request.path}/"
        try:
            found = resolve(with_slash)
        except Resolver404:
            found = None
        if found is not None and found.url_name != "not_found":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{with_slash}?{query}" if query else with_slash)
    raise Http404
