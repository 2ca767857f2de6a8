"""A closed case as an E-ARK information package (CSIP 2.1 / SIP 2.1, which the Swedish FGS
Paketstruktur 2.0 adopts), written as a ZIP file:

    <OBJID>/METS.xml                              the package: every file with its checksum
    <OBJID>/metadata/descriptive/erms.xml          the case's records metadata (CITS ERMS 2.1)
    <OBJID>/metadata/preservation/premis.xml       each file's checksum and format (PREMIS 3.0)
    <OBJID>/schemas/*.xsd                          the schemas the metadata follows
    <OBJID>/representations/rep1/data/...          the documents as received, the signed minutes as stored

The same case gives the same bytes: nothing in the package is read from the clock or made up at
random. Its date is the case's latest recorded change, its identifiers come from the organisation
and the case number, and the entries are written in name order with that date."""

import re
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.utils import timezone, translation
from django.utils.text import slugify

from archive.elements import XLINK, XSI, element, moment, sub, to_bytes
from archive.erms import erms_xml
from archive.files import PackageFile, case_files
from archive.selectors import Case, read_case, refusal
from lib.errors import DomainError
from motions.models import Motion

SCHEMAS = Path(__file__).resolve().parent / "schemas"
# The schemas the metadata follows, copied into the package (CSIP: schemas/).
SCHEMA_FILES = ("DILCISExtensionMETS.xsd", "DILCISExtensionSIPMETS.xsd", "ERMS.xsd", "mets.xsd",
                "premis-v3-0.xsd", "xlink.xsd")

METS = "http://www.loc.gov/METS/"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
PREMIS = "http://www.loc.gov/premis/v3"
PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
SOFTWARE = "Motionsregistret"

ERMS_PATH = "metadata/descriptive/erms.xml"
PREMIS_PATH = "metadata/preservation/premis.xml"


def objid(motion: Motion) -> str:
    """The package's identifier and its root folder's name, from the organisation and the case
    number: "huddinge-kommun-KS-2021-345"."""
    return f"{slugify(motion.municipality.name)}-{re.sub(r'[^0-9A-Za-z]+', '-', motion.case_number).strip('-')}"


def package_name(motion: Motion) -> str:
    return f"{objid(motion)}.zip"


def software_version() -> str:
    try:
        return metadata.version("motionsregistret")
    except metadata.PackageNotFoundError:
        return "okänd"


@dataclass(frozen=True)
class Written:
    name: str  # the package's file name
    files: int  # how many documents it holds


def write_package(motion: Motion, out, *, today=None) -> Written:
    """Write the archive package of `motion` to the binary file `out`.

    Refused with a DomainError, writing nothing, when the case cannot be archived yet
    (archive.selectors.refusal: not closed, minutes not signed, a decision without legal force)."""
    problem = refusal(motion, today=today or timezone.localdate())
    if problem:
        raise DomainError(problem)
    # The record is Swedish whatever language the request is in, and so the same bytes.
    with translation.override("sv"):
        case = read_case(motion)
        data, of = case_files(case)
        entries = _entries(case, data, of)
    stamp = timezone.localtime(case.changed_at).timetuple()[:6]
    root = objid(motion)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, content in sorted(entries.items()):
            info = zipfile.ZipInfo(f"{root}/{path}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever system writes it
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return Written(package_name(motion), len(data))


def _entries(case: Case, data: list[PackageFile], of: dict) -> dict[str, bytes]:
    """Every file of the package by its path from the root folder."""
    version = software_version()
    identifier = objid(case.motion)
    schemas = [PackageFile(f"schemas/{name}", (SCHEMAS / name).read_bytes(), "application/xml", case.changed_at,
                           "XML Schema") for name in SCHEMA_FILES]
    erms = PackageFile(ERMS_PATH, erms_xml(case, of, objid=identifier, software=SOFTWARE, version=version),
                       "application/xml", case.changed_at, "CITS ERMS", "2.1")
    premis = PackageFile(PREMIS_PATH, premis_xml(case, data, version=version), "application/xml",
                         case.changed_at, "PREMIS", "3.0")
    mets = mets_xml(case, erms=erms, premis=premis, schemas=schemas, data=data, version=version)
    return {"METS.xml": mets, **{file.path: file.content for file in (erms, premis, *schemas, *data)}}


def _m(tag: str) -> str:
    return f"{{{METS}}}{tag}"


def _checked(file: PackageFile) -> dict:
    """The attributes CSIP asks of every file and metadata reference."""
    return {"MIMETYPE": file.mimetype, "SIZE": file.size, "CREATED": moment(file.created),
            "CHECKSUM": file.sha256, "CHECKSUMTYPE": "SHA-256"}


def mets_xml(case: Case, *, erms: PackageFile, premis: PackageFile, schemas: list[PackageFile],
             data: list[PackageFile], version: str) -> bytes:
    """The package's METS document (CSIP 2.1, E-ARK SIP 2.1): who made it, where its metadata is,
    and every file with its size, date and SHA-256 checksum."""
    motion = case.motion
    identifier = objid(motion)
    created = moment(case.changed_at)
    root = element(_m("mets"), {
        "OBJID": identifier, "LABEL": f"{motion.case_number} {motion.title}",
        "TYPE": "Textual works – Digital", f"{{{CSIP}}}CONTENTINFORMATIONTYPE": "citserms_v2_1",
        "PROFILE": PROFILE,
        f"{{{XSI}}}schemaLocation": " ".join((METS, "schemas/mets.xsd", XLINK, "schemas/xlink.xsd",
                                              CSIP, "schemas/DILCISExtensionMETS.xsd",
                                              SIP, "schemas/DILCISExtensionSIPMETS.xsd")),
    })
    header = sub(root, _m("metsHdr"), {"CREATEDATE": created, "RECORDSTATUS": "NEW",
                                        f"{{{CSIP}}}OAISPACKAGETYPE": "SIP"})
    software = sub(header, _m("agent"), {"ROLE": "CREATOR", "TYPE": "OTHER", "OTHERTYPE": "SOFTWARE"})
    sub(software, _m("name"), text=SOFTWARE)
    sub(software, _m("note"), {f"{{{CSIP}}}NOTETYPE": "SOFTWARE VERSION"}, version)
    # The organisation whose register the case is in: the archival creator (arkivbildare), who submits it.
    for role in ("ARCHIVIST", "CREATOR"):
        sub(sub(header, _m("agent"), {"ROLE": role, "TYPE": "ORGANIZATION"}), _m("name"),
            text=motion.municipality.name)

    dmd = sub(root, _m("dmdSec"), {"ID": "dmd-erms", "CREATED": created, "STATUS": "CURRENT"})
    sub(dmd, _m("mdRef"), {"LOCTYPE": "URL", f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": erms.path,
                           "MDTYPE": "OTHER", "OTHERMDTYPE": "ERMS", **_checked(erms)})
    provenance = sub(sub(root, _m("amdSec")), _m("digiprovMD"),
                     {"ID": "digiprov-premis", "CREATED": created, "STATUS": "CURRENT"})
    sub(provenance, _m("mdRef"), {"LOCTYPE": "URL", f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": premis.path,
                                  "MDTYPE": "PREMIS", "MDTYPEVERSION": "3.0", **_checked(premis)})

    files = sub(root, _m("fileSec"), {"ID": "filesec"})
    groups = (("filegrp-schemas", "Schemas", schemas), ("filegrp-rep1", "Representations/rep1/data", data))
    numbers = {file.path: number for number, file in enumerate([*schemas, *data], start=1)}
    for group_id, use, members in groups:
        group = sub(files, _m("fileGrp"), {"ID": group_id, "USE": use})
        for file in members:
            entry = sub(group, _m("file"), {"ID": f"file-{numbers[file.path]:04d}", **_checked(file),
                                            f"{{{SIP}}}FILEFORMATNAME": file.format_name,
                                            f"{{{SIP}}}FILEFORMATVERSION": file.format_version,
                                            f"{{{SIP}}}FORMATREGISTRY": "PRONOM" if file.registry_key else "",
                                            f"{{{SIP}}}FORMATREGISTRYKEY": file.registry_key})
            sub(entry, _m("FLocat"), {"LOCTYPE": "URL", f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": file.path})

    structure = sub(root, _m("structMap"), {"ID": "structmap-csip", "TYPE": "PHYSICAL", "LABEL": "CSIP"})
    top = sub(structure, _m("div"), {"ID": "div-package", "LABEL": identifier})
    sub(top, _m("div"), {"ID": "div-metadata", "LABEL": "Metadata", "DMDID": "dmd-erms", "ADMID": "digiprov-premis"})
    for group_id, label in (("filegrp-schemas", "Schemas"), ("filegrp-rep1", "Representations/rep1")):
        sub(sub(top, _m("div"), {"ID": f"div-{group_id.removeprefix('filegrp-')}", "LABEL": label}), _m("fptr"),
            {"FILEID": group_id})
    return to_bytes(root, {"mets": METS, "csip": CSIP, "sip": SIP, "xlink": XLINK, "xsi": XSI})


def _p(tag: str) -> str:
    return f"{{{PREMIS}}}{tag}"


def premis_xml(case: Case, data: list[PackageFile], *, version: str) -> bytes:
    """The preservation metadata (PREMIS 3.0): the case as an intellectual entity, each of its files
    as an object with its checksum, size, format and, for a document that came in, its name as
    received; and the agents (the organisation, the software that made the package)."""
    root = element(_p("premis"), {"version": "3.0",
                                  f"{{{XSI}}}schemaLocation": f"{PREMIS} ../../schemas/premis-v3-0.xsd"})
    # The case itself, whose files follow (and which has none when its minutes were signed elsewhere).
    case_entity = sub(sub(root, _p("object"), {f"{{{XSI}}}type": "premis:intellectualEntity"}), _p("objectIdentifier"))
    sub(case_entity, _p("objectIdentifierType"), text="diarienummer")
    sub(case_entity, _p("objectIdentifierValue"), text=case.motion.case_number)
    for file in data:
        entry = sub(root, _p("object"), {f"{{{XSI}}}type": "premis:file"})
        identifier = sub(entry, _p("objectIdentifier"))
        sub(identifier, _p("objectIdentifierType"), text="local")
        sub(identifier, _p("objectIdentifierValue"), text=file.path)
        characteristics = sub(entry, _p("objectCharacteristics"))
        sub(characteristics, _p("compositionLevel"), text="0")
        fixity = sub(characteristics, _p("fixity"))
        sub(fixity, _p("messageDigestAlgorithm"), text="SHA-256")
        sub(fixity, _p("messageDigest"), text=file.sha256)
        sub(characteristics, _p("size"), text=str(file.size))
        format_ = sub(characteristics, _p("format"))
        designation = sub(format_, _p("formatDesignation"))
        sub(designation, _p("formatName"), text=file.format_name)
        if file.format_version:
            sub(designation, _p("formatVersion"), text=file.format_version)
        if file.registry_key:
            registry = sub(format_, _p("formatRegistry"))
            sub(registry, _p("formatRegistryName"), text="PRONOM")
            sub(registry, _p("formatRegistryKey"), text=file.registry_key)
        if file.original_name:
            sub(entry, _p("originalName"), text=file.original_name)
        storage = sub(sub(entry, _p("storage")), _p("contentLocation"))
        sub(storage, _p("contentLocationType"), text="URI")
        sub(storage, _p("contentLocationValue"), text=f"../../{file.path}")
    for name, kind, agent_version in ((case.motion.municipality.name, "organization", ""),
                                      (SOFTWARE, "software", version)):
        agent = sub(root, _p("agent"))
        identifier = sub(agent, _p("agentIdentifier"))
        sub(identifier, _p("agentIdentifierType"), text="local")
        sub(identifier, _p("agentIdentifierValue"), text=slugify(name))
        sub(agent, _p("agentName"), text=name)
        sub(agent, _p("agentType"), text=kind)
        if agent_version:
            sub(agent, _p("agentVersion"), text=agent_version)
    return to_bytes(root, {"premis": PREMIS, "xsi": XSI})

