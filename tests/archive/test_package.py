"""The archive package of the demo case: valid against the schemas it names, every file named in
METS.xml with its checksum, every document of the case in it as stored, the same bytes twice."""

import datetime
import hashlib
import io
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from archive.package import objid, write_package
from archive.selectors import refusal
from decisions.models import MinuteItem, RenderedDocument
from decisions.services.signing import record_appeal, record_imported_signing
from documents.models import CaseDocument
from documents.services import add_document
from lib.errors import DomainError
from lib.pdf import html_to_pdf
from signatures.keys import trust_roots
from signatures.pdf import verify_pdf
from tests.archive.conftest import entries, package_bytes, schema
from tests.conftest import MINIMAL_PDF, d

NS = {"mets": "http://www.loc.gov/METS/", "xlink": "http://www.w3.org/1999/xlink",
      "premis": "http://www.loc.gov/premis/v3", "erms": "https://DILCIS.eu/XML/ERMS"}
HREF = "{http://www.w3.org/1999/xlink}href"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


@pytest.fixture
def package(closed_case):
    """The demo case's package: its files by their path in the package's root folder."""
    root = objid(closed_case)
    files = entries(package_bytes(closed_case))
    assert all(name.startswith(f"{root}/") for name in files)
    return {name.removeprefix(f"{root}/"): content for name, content in files.items()}


def test_the_package_is_named_after_the_organisation_and_the_case_number(closed_case):
    assert objid(closed_case) == "huddinge-kommun-KS-2021-345"


def test_the_metadata_validates_against_the_schemas(package):
    schema("mets.xsd").validate(package["METS.xml"])
    schema("premis-v3-0.xsd").validate(package["metadata/preservation/premis.xml"])
    schema("ERMS.xsd").validate(package["metadata/descriptive/erms.xml"])


def test_the_validation_would_see_a_wrong_csip_attribute(package):
    """The CSIP extension is checked too, not only METS itself: a content information type
    outside CSIP's vocabulary is refused."""
    wrong = package["METS.xml"].replace(b'"citserms_v2_1"', b'"citserms_v9"')
    assert not schema("mets.xsd").is_valid(wrong)


def test_mets_follows_csip(package, closed_case):
    mets = ET.fromstring(package["METS.xml"])
    csip = "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}"
    assert mets.get("OBJID") == objid(closed_case)
    assert mets.get("PROFILE") == "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
    assert mets.get(f"{csip}CONTENTINFORMATIONTYPE") == "citserms_v2_1"
    header = mets.find("mets:metsHdr", NS)
    assert header.get(f"{csip}OAISPACKAGETYPE") == "SIP"
    agents = [(agent.get("ROLE"), agent.get("TYPE"), agent.findtext("mets:name", namespaces=NS))
              for agent in header.findall("mets:agent", NS)]
    assert ("CREATOR", "OTHER", "Motionsregistret") in agents
    assert ("ARCHIVIST", "ORGANIZATION", "Huddinge kommun") in agents
    assert mets.find("mets:structMap", NS).get("LABEL") == "CSIP"


def test_every_file_is_named_in_mets_with_its_checksum_size_and_type(package):
    mets = ET.fromstring(package["METS.xml"])
    named = {}
    for reference in [*mets.iter("{http://www.loc.gov/METS/}mdRef"), *mets.iter("{http://www.loc.gov/METS/}file")]:
        location = reference if reference.get(HREF) else reference.find("mets:FLocat", NS)
        named[location.get(HREF)] = reference
    assert set(named) == set(package) - {"METS.xml"}
    for path, reference in named.items():
        assert reference.get("CHECKSUMTYPE") == "SHA-256"
        assert reference.get("CHECKSUM") == hashlib.sha256(package[path]).hexdigest(), path
        assert int(reference.get("SIZE")) == len(package[path]), path
        assert reference.get("MIMETYPE") and reference.get("CREATED"), path


def test_premis_gives_each_documents_checksum_and_format(package):
    premis = ET.fromstring(package["metadata/preservation/premis.xml"])
    objects = {obj.findtext("premis:objectIdentifier/premis:objectIdentifierValue", namespaces=NS): obj
               for obj in premis.findall("premis:object", NS)}
    case = objects.pop("KS-2021/345")
    assert case.get(f"{{{XSI}}}type") == "premis:intellectualEntity"
    data = {path for path in package if path.startswith("representations/rep1/data/")}
    assert set(objects) == data
    for path, obj in objects.items():
        characteristics = obj.find("premis:objectCharacteristics", NS)
        assert characteristics.findtext("premis:fixity/premis:messageDigest", namespaces=NS) == \
            hashlib.sha256(package[path]).hexdigest()
        if "/protokoll" in path:
            assert characteristics.findtext("premis:format/premis:formatRegistry/premis:formatRegistryKey",
                                            namespaces=NS) == "fmt/479"  # PDF/A-3a
    motion = objects["representations/rep1/data/handlingar/01-motion-avhoppare.pdf"]
    assert motion.findtext("premis:originalName", namespaces=NS) == "Motion avhoppare.pdf"


def test_every_document_of_the_case_is_in_the_package_as_stored(package, closed_case):
    """The registered documents as received (replaced and confidential ones too), and the signed
    protocols, notices of signing and extracts as kept at signing, byte for byte."""
    held = {hashlib.sha256(content).hexdigest() for content in package.values()}
    documents = list(CaseDocument.objects.filter(motion=closed_case))
    assert len(documents) == 4
    for document in documents:
        assert document.sha256 in held, document
    items = MinuteItem.objects.filter(motion=closed_case)
    kept = list(RenderedDocument.objects.filter(archived=True, meeting__in=items.values("meeting"))
                .exclude(kind__in=["announcement", "summons"]))
    assert {document.kind for document in kept} == {"protocol", "notice", "extract"}
    assert len(kept) == 3 * 3  # three meetings: a protocol, a notice and the case's extract each
    for document in kept:
        with document.file.open("rb") as stored:
            assert hashlib.sha256(stored.read()).hexdigest() in held, document
    # The written reservation handed in at the council's paragraph.
    assert package["representations/rep1/data/bilagor/2022-03-07-kommunfullmaktige-paragraf-40-reservation-1.pdf"] \
        == MINIMAL_PDF


def test_the_records_metadata_describes_the_case(package, closed_case):
    erms = ET.fromstring(package["metadata/descriptive/erms.xml"])
    case = erms.find("erms:aggregations/erms:aggregation", NS)
    assert case.get("aggregationType") == "caseFile"
    assert case.findtext("erms:objectId", namespaces=NS) == "KS-2021/345"
    assert case.findtext("erms:title", namespaces=NS) == "Inför en avhopparverksamhet för ett tryggare Huddinge"
    movers = [agent.findtext("erms:name", namespaces=NS) for agent in case.findall("erms:agents/erms:agent", NS)
              if agent.get("agentType") == "mover"]
    assert movers == ["Nujin Alacabek"]
    dates = {date.get("dateType"): date.text for date in case.findall("erms:dates/erms:date", NS)}
    assert dates["closed"].startswith("2022-03-07")
    records = {record.get("systemIdentifier"): record for record in case.findall("erms:record", NS)}
    # The council's decision, in force the day after the last day to appeal.
    council = records["KS-2021/345:Kommunfullmäktige:2022-03-07:§ 40"]
    assert council.findtext("erms:description", namespaces=NS) == "Anses besvarad"
    notes = {note.get("noteType"): note.text for note in council.findall("erms:notes/erms:note", NS)}
    last_day = closed_case.minute_items.get(body__name="Kommunfullmäktige").meeting.appeal_until
    assert notes["laga kraft"] == (last_day + datetime.timedelta(days=1)).isoformat()
    files = [(appendix.get("description"), appendix.get("path"))
             for appendix in council.iter(f"{{{NS['erms']}}}appendix")]
    assert files == [
        ("Protokollsutdrag Kommunfullmäktige 2022-03-07 § 40",
         "../../representations/rep1/data/protokollsutdrag/2022-03-07-kommunfullmaktige-paragraf-40.pdf"),
        ("Skriftlig reservation, Nujin Alacabek",
         "../../representations/rep1/data/bilagor/2022-03-07-kommunfullmaktige-paragraf-40-reservation-1.pdf")]
    # The signed protocol names its signatories and its files.
    protocol = records["KS-2021/345:protokoll:Kommunfullmäktige:2022-03-07"]
    kinds = {agent.get("agentType") for agent in protocol.findall("erms:agents/erms:agent", NS)}
    assert {"main_signatory", "other_signatory"} <= kinds
    paths = [appendix.get("path") for appendix in protocol.iter("{https://DILCIS.eu/XML/ERMS}appendix")]
    assert paths == ["../../representations/rep1/data/protokoll/2022-03-07-kommunfullmaktige-protokoll.pdf",
                     "../../representations/rep1/data/protokoll/2022-03-07-kommunfullmaktige-bevis-om-justering.pdf"]
    # Signed electronically, as the demo signs it: the signatures are in the file, and verify.
    notes = {note.get("noteType"): note.text for note in protocol.findall("erms:notes/erms:note", NS)}
    assert notes["justering"] == (
        "Justerat elektroniskt; signaturerna (PAdES) finns i protokollfilen: Per Nyström (ordförande) "
        "2022-03-10T08:00:00Z; Sofia Åkesson (justerare) 2022-03-10T08:15:00Z; Karin Dahl (justerare) "
        "2022-03-10T08:30:00Z.")
    signed = package["representations/rep1/data/protokoll/2022-03-07-kommunfullmaktige-protokoll.pdf"]
    check = verify_pdf(signed, trust=trust_roots(closed_case.municipality))
    assert check.valid, check.problem
    # A confidential document keeps its secrecy provision; a replaced one points to its new version.
    secret = records["KS-2021/345:4"]
    assert secret.findtext("erms:restriction/erms:regulation", namespaces=NS) == "23 kap. 2 § OSL"
    assert records["KS-2021/345:2"].find("erms:relation", NS).text == "KS-2021/345:3"
    # An original that is no PDF/A is kept as it came in, and the record says so.
    word = {note.get("noteType"): note.text for note in records["KS-2021/345:2"].findall("erms:notes/erms:note", NS)}
    assert "Ingen PDF/A-version" in word["pdfa"]


def test_a_second_export_of_an_unchanged_case_gives_the_same_bytes(closed_case):
    first = package_bytes(closed_case)
    with translation.override("en"):  # whatever the reader's language
        second = package_bytes(closed_case)
    assert first == second


def test_the_zip_entries_are_dated_with_the_cases_latest_change(closed_case):
    with zipfile.ZipFile(io.BytesIO(package_bytes(closed_case))) as archive:
        infos = archive.infolist()
    assert [info.filename for info in infos] == sorted(info.filename for info in infos)
    assert len({info.date_time for info in infos}) == 1


def test_an_open_case_has_no_package(motion):
    with pytest.raises(DomainError, match="inte avslutat"):
        write_package(motion, io.BytesIO())


def test_a_decision_open_to_appeal_is_not_in_force_yet(closed_case):
    council = closed_case.minute_items.get(body__name="Kommunfullmäktige")
    last_day = council.meeting.appeal_until
    assert "kan överklagas till och med" in refusal(closed_case, today=last_day)
    assert refusal(closed_case, today=last_day + datetime.timedelta(days=1)) is None


def test_an_appealed_decision_has_no_package(closed_case, registrar):
    council = closed_case.minute_items.get(body__name="Kommunfullmäktige")
    record_appeal(council, lodged_on=council.meeting.signed_on, court_case="1234-22", by=registrar)
    with pytest.raises(DomainError, match="överklagat"):
        write_package(closed_case, io.BytesIO())


def test_an_original_that_is_pdf_a_is_recorded_as_such(closed_case, registrar):
    """What the file says of itself (its XMP metadata): the officer's report came in as PDF/A-3a."""
    report = html_to_pdf('<html lang="sv"><head><title>Tjänsteskrivelse</title></head>'
                         "<body><p>Tjänsteskrivelse</p></body></html>").content
    add_document(closed_case, file=SimpleUploadedFile("tjansteskrivelse.pdf", report), kind="report",
                 dated_on=d("2021-12-01"), title="Tjänsteskrivelse", on=d("2021-12-01"), by=registrar)
    files = {name.split("/", 1)[1]: content for name, content in entries(package_bytes(closed_case)).items()}
    schema("premis-v3-0.xsd").validate(files["metadata/preservation/premis.xml"])
    premis = ET.fromstring(files["metadata/preservation/premis.xml"])
    formats = {obj.findtext("premis:objectIdentifier/premis:objectIdentifierValue", namespaces=NS):
               obj.findtext("premis:objectCharacteristics/premis:format/premis:formatRegistry/premis:formatRegistryKey",
                            namespaces=NS)
               for obj in premis.findall("premis:object", NS)}
    assert formats["representations/rep1/data/handlingar/05-tjansteskrivelse.pdf"] == "fmt/479"
    assert formats["representations/rep1/data/handlingar/01-motion-avhoppare.pdf"] is None  # a plain PDF
    erms = ET.fromstring(files["metadata/descriptive/erms.xml"])
    record = next(record for record in erms.iter(f"{{{NS['erms']}}}record")
                  if record.get("systemIdentifier") == "KS-2021/345:5")
    notes = {note.get("noteType"): note.text for note in record.findall("erms:notes/erms:note", NS)}
    assert notes["pdfa"] == "Handlingen kom in som PDF/A-3a (enligt filens egna uppgifter)."


def test_minutes_signed_elsewhere_are_recorded_without_a_file(seed_case, registrar):
    """Minutes brought over as signed elsewhere have no stored protocol: the package holds no file for
    them, and the protocol's record says where the signed original is."""
    for item in seed_case.minute_items.select_related("meeting"):
        record_imported_signing(item.meeting, signed_on=item.meeting.date + datetime.timedelta(days=2),
                                source="Huddinge kommuns arkiv", by=registrar)
    files = {name.split("/", 1)[1]: content for name, content in entries(package_bytes(seed_case)).items()}
    assert not [path for path in files if path.startswith("representations/")]
    schema("mets.xsd").validate(files["METS.xml"])
    schema("premis-v3-0.xsd").validate(files["metadata/preservation/premis.xml"])
    schema("ERMS.xsd").validate(files["metadata/descriptive/erms.xml"])
    erms = ET.fromstring(files["metadata/descriptive/erms.xml"])
    protocol = next(record for record in erms.iter(f"{{{NS['erms']}}}record")
                    if record.get("systemIdentifier") == "KS-2021/345:protokoll:Kommunfullmäktige:2022-03-07")
    notes = {note.get("noteType"): note.text for note in protocol.findall("erms:notes/erms:note", NS)}
    assert notes["protokoll"] == ("Protokollet justerades utanför registret (Huddinge kommuns arkiv) "
                                  "och finns inte i paketet.")
