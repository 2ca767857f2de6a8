import io
import zipfile
from functools import cache

import pytest
import xmlschema
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.package import CSIP, SCHEMAS, SIP, write_package
from decisions.models import Reservation
from documents.services import add_document, replace_document
from organisation.models import Person
from tests.conftest import MINIMAL_PDF, d
from tests.support.files import docx


@cache
def schema(name: str) -> xmlschema.XMLSchema:
    """A schema of the package's, read offline from archive/schemas. METS with the E-ARK extensions
    loaded beside it, so that the csip: and sip: attributes METS lets in are checked too."""
    if name == "mets.xsd":
        return xmlschema.XMLSchema(str(SCHEMAS / name), locations=[
            (CSIP, str(SCHEMAS / "DILCISExtensionMETS.xsd")), (SIP, str(SCHEMAS / "DILCISExtensionSIPMETS.xsd"))])
    return xmlschema.XMLSchema(str(SCHEMAS / name))


def package_bytes(motion) -> bytes:
    out = io.BytesIO()
    write_package(motion, out)
    return out.getvalue()


def entries(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def closed_case(signed_seed_case, registrar):
    """The demo case (closed, its minutes signed, its decisions in force), with documents of its own:
    the motion as a PDF, a Word letter replaced by a new version, and a confidential one; and a written
    reservation handed in as a file at the council's paragraph (an annex of the minutes, stored as the
    paragraph page stores one)."""
    add_document(signed_seed_case, file=SimpleUploadedFile("Motion avhoppare.pdf", MINIMAL_PDF), kind="motion",
                 dated_on=d("2021-03-08"), title="Motion om avhopparverksamhet", sender="Nujin Alacabek (V)",
                 on=d("2021-03-08"), by=registrar)
    letter = add_document(signed_seed_case, file=SimpleUploadedFile("skrivelse.docx", docx()), kind="letter",
                          dated_on=d("2021-05-01"), title="Skrivelse från polisen", sender="Polisen",
                          on=d("2021-05-03"), by=registrar)
    replace_document(letter, file=SimpleUploadedFile("skrivelse v2.docx", docx()), dated_on=d("2021-05-10"),
                     title="Skrivelse från polisen, ny version", reason="Rättad version", by=registrar)
    add_document(signed_seed_case, file=SimpleUploadedFile("elev.pdf", MINIMAL_PDF), kind="letter",
                 dated_on=d("2021-06-01"), title="Om en enskild elev", confidential=True,
                 secrecy_provision="23 kap. 2 § OSL", on=d("2021-06-01"), by=registrar)
    council = signed_seed_case.minute_items.get(body__name="Kommunfullmäktige")
    Reservation.objects.create(item=council, person=Person.objects.get(name="Nujin Alacabek"), written=True,
                               position=1, document=default_storage.save("annexes/reservation.pdf",
                                                                         ContentFile(MINIMAL_PDF)))
    signed_seed_case.refresh_from_db()
    return signed_seed_case
