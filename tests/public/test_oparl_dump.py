"""The nightly bulk dump (every public object, as the API serves it, in one gzipped JSON Lines file
in the storage) and the DCAT-AP-SE catalogue record that describes the API and the dump."""

import gzip
import json
from xml.etree import ElementTree

import pytest
from django.core.files.storage import default_storage
from django_celery_beat.models import PeriodicTask

from organisation.models import Municipality
from public.models import BulkDump
from public.oparl.catalogue import NAMESPACES
from public.oparl.common import LICENSE, Links
from public.oparl.dump import write_dump
from public.tasks import write_oparl_dumps
from tests.test_commands import manage

LISTS = ("organizations", "people", "memberships", "legislative-terms", "meetings", "agenda-items", "papers",
         "consultations", "files")


def lines_of(dump: BulkDump) -> list[dict]:
    with default_storage.open(dump.file.name, "rb") as stored:
        return [json.loads(line) for line in gzip.decompress(stored.read()).decode("utf-8").splitlines()]


def test_the_dump_holds_every_public_object_as_the_api_serves_it(world, api):
    dump = write_dump(Municipality.objects.get(pk=world.organisation))
    lines = lines_of(dump)
    assert dump.objects_written == len(lines) and dump.size > 0 and len(dump.sha256) == 64
    links = Links()
    served = [api.json(links.body(world.organisation))]
    for name in LISTS:
        served += api.every_page(links.body_list(world.organisation, name))
    assert [line["id"] for line in lines] == [obj["id"] for obj in served]
    assert lines == served
    for line in lines[::7]:  # and each as it is at its own address
        assert api.json(line["id"]) == line


def test_the_dump_is_the_same_read_in_batches_of_any_size(world):
    organisation = Municipality.objects.get(pk=world.organisation)
    assert lines_of(write_dump(organisation, size=1)) == lines_of(write_dump(organisation, size=500))


def test_the_latest_dump_is_served_at_a_stable_address_and_the_older_one_goes(world, api,
                                                                               django_capture_on_commit_callbacks):
    organisation = Municipality.objects.get(pk=world.organisation)
    url = Links().dump(organisation.pk)
    assert api.get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        first = write_dump(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        second = write_dump(organisation)
    assert list(BulkDump.objects.filter(municipality=organisation)) == [second]
    assert not default_storage.exists(first.file.name)
    response = api.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/gzip"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert b"".join(response.streaming_content) == default_storage.open(second.file.name, "rb").read()
    assert api.get(url, if_none_match=response["ETag"]).status_code == 304


def test_the_nightly_task_and_the_command_write_every_organisation(world, db):
    Municipality.objects.create(name="Annan kommun", contact_email="info@annan.se")
    written = write_oparl_dumps()
    assert BulkDump.objects.filter(pk__in=written).count() == Municipality.objects.count()
    status, out, err = manage("write_oparl_dump")
    assert (status, err) == (0, "") and "Annan kommun: 2 objekt" in out  # the organisation and its term


def test_the_schedule_writes_the_dump_every_night(db):
    status, _out, err = manage("install_schedule")
    assert (status, err) == (0, "")
    crontab = PeriodicTask.objects.get(task="public.tasks.write_oparl_dumps").crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_month) == ("0", "2", "*")


# --- The catalogue record (DCAT-AP-SE) ------------------------------------------------------------

def _name(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


RESOURCE = _name("rdf:resource")
ABOUT = _name("rdf:about")


def _values(element, tag: str) -> list[str]:
    return [child.get(RESOURCE) or (child.text or "").strip() for child in element.findall(_name(tag))]


@pytest.fixture
def catalogue(world, api):
    response = api.get(Links().catalogue())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rdf+xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    return {element.get(ABOUT): element for element in root}, root


def test_the_catalogue_has_what_dcat_ap_se_makes_mandatory(world, catalogue):
    nodes, root = catalogue
    links = Links()
    (catalog,) = root.findall(_name("dcat:Catalog"))
    assert catalog.get(ABOUT) == links.catalogue()
    for tag in ("dcterms:title", "dcterms:description", "dcterms:publisher", "dcat:dataset"):
        assert all(_values(catalog, tag)), tag
    # The catalogue's metadata is CC0 in Sweden, written exactly so.
    assert _values(catalog, "dcterms:license") == ["http://creativecommons.org/publicdomain/zero/1.0/"] == [LICENSE]
    datasets = _values(catalog, "dcat:dataset")
    assert len(datasets) == Municipality.objects.count()
    for uri in datasets:
        dataset = nodes[uri]
        assert dataset.tag == _name("dcat:Dataset")
        for tag in ("dcterms:title", "dcterms:description", "dcterms:publisher"):
            assert all(_values(dataset, tag)), tag
        (publisher,) = _values(dataset, "dcterms:publisher")
        assert _values(nodes[publisher], "foaf:name") and _values(nodes[publisher], "dcterms:type")
        distributions = [nodes[found] for found in _values(dataset, "dcat:distribution")]
        assert len(distributions) == 2
        for distribution in distributions:
            assert distribution.tag == _name("dcat:Distribution")
            assert len(_values(distribution, "dcat:accessURL")) == 1 and _values(distribution, "dcterms:format")
            assert _values(distribution, "dcterms:license") == [LICENSE]
        for service in _values(catalog, "dcat:service"):
            assert _values(nodes[service], "dcterms:title") and _values(nodes[service], "dcat:endpointURL")
    huddinge = nodes[f"{links.body(world.organisation)}#dataset"]
    (contact,) = _values(huddinge, "dcat:contactPoint")
    assert nodes[contact].tag == _name("vcard:Organization")
    assert _values(nodes[contact], "vcard:fn") and _values(nodes[contact], "vcard:hasEmail") == [
        "mailto:registrator@example.se"]
    api_distribution, dump_distribution = (nodes[found] for found in _values(huddinge, "dcat:distribution"))
    assert _values(api_distribution, "dcat:accessURL") == [links.body(world.organisation)]
    assert _values(dump_distribution, "dcat:downloadURL") == [links.dump(world.organisation)]
    assert _values(nodes[f"{links.system()}#service"], "dcat:endpointURL") == [links.system()]


def test_an_organisation_without_an_email_has_no_contact_point(world, api):
    Municipality.objects.create(name="Annan kommun")
    root = ElementTree.fromstring(api.get(Links().catalogue()).content)
    nodes = {element.get(ABOUT): element for element in root}
    other = Municipality.objects.get(name="Annan kommun")
    assert _values(nodes[f"{Links().body(other.pk)}#dataset"], "dcat:contactPoint") == []
