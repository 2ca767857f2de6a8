"""The open data's catalogue record in DCAT-AP-SE (3.0, docs.dataportal.se/dcat), as RDF/XML,
the form Sveriges dataportal harvests: a catalogue holding, for each organisation, a dataset (its
motions, decisions and minutes) with two distributions, the OParl API and the nightly bulk dump,
the API also as a data service. The properties DCAT-AP-SE makes mandatory are all given (the
catalogue's title, description, publisher, licence CC0 and datasets; each dataset's title,
description and publisher; each distribution's access URL and format; each data service's title
and endpoint; each publisher's name and type; a contact point's kind, name and e-mail), and the
recommended ones the data has."""

from xml.etree import ElementTree

from django.db.models import Max
from django.utils import timezone

from organisation.models import Municipality
from organisation.selectors import home_municipality
from public.models import BulkDump
from public.oparl.common import LICENSE, Context

NAMESPACES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "dcatap": "http://data.europa.eu/r5r/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
for _prefix, _uri in NAMESPACES.items():
    ElementTree.register_namespace(_prefix, _uri)

EU = "http://publications.europa.eu/resource/authority/"
SWEDISH = f"{EU}language/SWE"
THEME_GOVERNMENT = f"{EU}data-theme/GOVE"  # Government and public sector
PUBLIC = f"{EU}access-right/PUBLIC"
STABLE = f"{EU}planned-availability/STABLE"
DAILY = f"{EU}frequency/DAILY"
LOCAL_AUTHORITY = "http://purl.org/adms/publishertype/LocalAuthority"
OPARL_SPECIFICATION = "https://oparl.org/spezifikation/"
OPARL_SCHEMA = "https://schema.oparl.org/1.1/"
GZIP = "http://www.iana.org/assignments/media-types/application/gzip"
KEYWORDS = ("motioner", "beslut", "protokoll", "sammanträden", "fullmäktige", "OParl")


def _tag(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def _node(parent, name: str, *, about: str | None = None, text: str | None = None, resource: str | None = None,
          lang: str | None = None, datatype: str | None = None):
    element = ElementTree.SubElement(parent, _tag(name)) if parent is not None else ElementTree.Element(_tag(name))
    if about is not None:
        element.set(_tag("rdf:about"), about)
    if resource is not None:
        element.set(_tag("rdf:resource"), resource)
    if lang is not None:
        element.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    if datatype is not None:
        element.set(_tag("rdf:datatype"), f"{NAMESPACES['xsd']}{datatype}")
    if text is not None:
        element.text = text
    return element


def publisher_uri(ctx: Context, organisation: Municipality) -> str:
    return f"{ctx.links.body(organisation.pk)}#publisher"


def dataset_uri(ctx: Context, organisation: Municipality) -> str:
    return f"{ctx.links.body(organisation.pk)}#dataset"


def catalogue_rdf(ctx: Context) -> bytes:
    links = ctx.links
    organisations = list(Municipality.objects.order_by("name", "pk"))
    home = home_municipality()
    dumps = dict(BulkDump.objects.values("municipality").annotate(last=Max("written_at"))
                 .values_list("municipality", "last"))
    root = _node(None, "rdf:RDF")
    service_uri = f"{links.system()}#service"

    catalogue = _node(root, "dcat:Catalog", about=links.catalogue())
    _node(catalogue, "dcterms:title", text="Motionsregistret: öppna data", lang="sv")
    _node(catalogue, "dcterms:description", lang="sv", text=(
        "Motioner, remisser, sammanträden, protokollsparagrafer och beslut ur motionsregistret, som öppna data "
        "enligt OParl 1.1: ett gränssnitt och en daglig export av allt som är offentligt."))
    if home is not None:
        _node(catalogue, "dcterms:publisher", resource=publisher_uri(ctx, home))
    _node(catalogue, "dcterms:license", resource=LICENSE)
    _node(catalogue, "dcterms:language", resource=SWEDISH)
    _node(catalogue, "foaf:homepage", resource=links.home())
    _node(catalogue, "dcat:themeTaxonomy", resource=f"{EU}data-theme")
    latest_change = max([*(dumps.values()), *(organisation.modified_at for organisation in organisations)],
                        default=ctx.now)
    _node(catalogue, "dcterms:modified", text=timezone.localdate(latest_change).isoformat(), datatype="date")
    for organisation in organisations:
        _node(catalogue, "dcat:dataset", resource=dataset_uri(ctx, organisation))
    _node(catalogue, "dcat:service", resource=service_uri)

    service = _node(root, "dcat:DataService", about=service_uri)
    _node(service, "dcterms:title", text="OParl-gränssnitt för motionsregistret", lang="sv")
    _node(service, "dcterms:description", lang="sv", text=(
        "Ett gränssnitt enligt OParl 1.1 (JSON) som bara läses; börja vid systemobjektet och följ länkarna."))
    _node(service, "dcat:endpointURL", resource=links.system())
    _node(service, "dcat:endpointDescription", resource=OPARL_SPECIFICATION)
    _node(service, "dcterms:format", text="application/json")
    _node(service, "dcterms:conformsTo", resource=OPARL_SCHEMA)
    _node(service, "dcterms:license", resource=LICENSE)
    _node(service, "dcterms:accessRights", resource=PUBLIC)
    if home is not None:
        _node(service, "dcterms:publisher", resource=publisher_uri(ctx, home))
    for organisation in organisations:
        _node(service, "dcat:servesDataset", resource=dataset_uri(ctx, organisation))

    for organisation in organisations:
        _dataset(root, ctx, organisation, dumps.get(organisation.pk), service_uri)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _dataset(root, ctx: Context, organisation: Municipality, dumped, service_uri: str) -> None:
    links = ctx.links
    publisher = _node(root, "foaf:Agent", about=publisher_uri(ctx, organisation))
    _node(publisher, "foaf:name", text=organisation.name, lang="sv")
    _node(publisher, "dcterms:type", resource=LOCAL_AUTHORITY)

    contact = None
    if organisation.contact_email:
        contact = f"{links.body(organisation.pk)}#contact"
        card = _node(root, "vcard:Organization", about=contact)
        _node(card, "vcard:fn", text=f"Registraturen, {organisation.name}")
        _node(card, "vcard:hasEmail", resource=f"mailto:{organisation.contact_email}")
        if organisation.contact_phone:
            telephone = _node(card, "vcard:hasTelephone")
            voice = _node(telephone, "vcard:Voice")
            _node(voice, "vcard:hasValue", resource=f"tel:{''.join(organisation.contact_phone.split())}")

    dataset = _node(root, "dcat:Dataset", about=dataset_uri(ctx, organisation))
    _node(dataset, "dcterms:title", text=f"Motioner och beslut i {organisation.name}", lang="sv")
    _node(dataset, "dcterms:description", lang="sv", text=(
        f"Motioner i {organisation.name} med motionärer, status och ettårsgräns; remisser med svarstider och svar; "
        "sammanträden med föredragningslistor, närvaro, omröstningar, justering, anslag och laga kraft; "
        "offentliga handlingar och protokoll. Bara det som är offentligt: en nämnds paragrafer när protokollet är "
        "justerat, handlingar utan sekretess."))
    _node(dataset, "dcterms:publisher", resource=publisher_uri(ctx, organisation))
    if contact:
        _node(dataset, "dcat:contactPoint", resource=contact)
    for keyword in KEYWORDS:
        _node(dataset, "dcat:keyword", text=keyword, lang="sv")
    _node(dataset, "dcat:theme", resource=THEME_GOVERNMENT)
    _node(dataset, "dcterms:accessRights", resource=PUBLIC)
    _node(dataset, "dcterms:accrualPeriodicity", resource=DAILY)
    _node(dataset, "dcterms:conformsTo", resource=OPARL_SCHEMA)
    _node(dataset, "dcterms:issued", text=timezone.localdate(organisation.created_at).isoformat(), datatype="date")
    _node(dataset, "foaf:page", resource=f"{links.home()}?organisation={organisation.pk}")
    api = f"{links.body(organisation.pk)}#api"
    dump = f"{links.dump(organisation.pk)}#distribution"
    _node(dataset, "dcat:distribution", resource=api)
    _node(dataset, "dcat:distribution", resource=dump)

    distribution = _node(root, "dcat:Distribution", about=api)
    _node(distribution, "dcterms:title", text="OParl-gränssnitt (JSON)", lang="sv")
    _node(distribution, "dcterms:description", lang="sv", text=(
        "Organisationen som OParl-objektet Body; därifrån listorna över motioner (papers), sammanträden, organ, "
        "personer och handlingar, sida för sida."))
    _node(distribution, "dcat:accessURL", resource=links.body(organisation.pk))
    _node(distribution, "dcat:accessService", resource=service_uri)
    _node(distribution, "dcterms:format", text="application/json")
    _node(distribution, "dcterms:conformsTo", resource=OPARL_SCHEMA)
    _node(distribution, "dcterms:license", resource=LICENSE)
    _node(distribution, "dcatap:availability", resource=STABLE)

    distribution = _node(root, "dcat:Distribution", about=dump)
    _node(distribution, "dcterms:title", text="Daglig export (JSON Lines, gzip)", lang="sv")
    _node(distribution, "dcterms:description", lang="sv", text=(
        "Varje offentligt objekt i gränssnittet som det ges på sin adress, ett JSON-objekt per rad, gzip-packat. "
        "Skrivs varje natt."))
    _node(distribution, "dcat:accessURL", resource=links.dump(organisation.pk))
    _node(distribution, "dcat:downloadURL", resource=links.dump(organisation.pk))
    _node(distribution, "dcterms:format", text="application/x-ndjson")
    _node(distribution, "dcat:compressFormat", resource=GZIP)
    _node(distribution, "dcterms:license", resource=LICENSE)
    _node(distribution, "dcatap:availability", resource=STABLE)
    if dumped is not None:
        _node(distribution, "dcterms:modified", text=timezone.localdate(dumped).isoformat(), datatype="date")
