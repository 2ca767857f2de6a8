"""The minutes' signatures: made one after another on a PDF/A protocol, each seen on the first
page, and checked; a change anywhere, a foreign certificate or a broken file is found out."""

import binascii
import datetime
import io
import json

import pytest
from asn1crypto import cms
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from lib.errors import DomainError
from signatures.keys import signing_key, trust_roots
from signatures.pdf import sign_pdf, signature_box, verify_pdf
from tests.signatures.conftest import HUDDINGE, REGION, make_keys

CHANGED = "Dokumentet har ändrats efter justeringen."


def sign(data: bytes, name: str, box: int, organisation: str = HUDDINGE) -> bytes:
    return sign_pdf(data, key=signing_key(organisation), signer_name=name, field_name=f"justering-{box + 1}",
                    box=box, reason="Justering av protokoll", location="Huddinge")


@pytest.fixture(scope="module")
def signed_twice(protocol, demo_keys):
    """The protocol signed by the chair, then by the adjuster (the keys' settings made by hand,
    since the settings fixture is per test)."""
    from django.test import override_settings

    with override_settings(SIGNING_KEYS_FILE=demo_keys):
        once = sign(protocol, "Sara Åkesson", 0)
        return once, sign(once, "Örjan Lindström", 1)


def test_two_signatures_in_turn_both_verify(keys_file, signed_twice):
    once, twice = signed_twice
    before = timezone.now()

    result = verify_pdf(twice, trust=trust_roots(HUDDINGE))

    assert result.valid, result.problem
    assert result.problem is None
    assert [check.signer_name for check in result.signatures] == ["Sara Åkesson", "Örjan Lindström"]
    assert [check.field_name for check in result.signatures] == ["justering-1", "justering-2"]
    for check in result.signatures:
        assert check.intact and check.valid and check.trusted
        assert before - datetime.timedelta(minutes=5) < check.signed_at <= before
        assert "Huddinge kommun (DEMO)" in check.certificate_subject
        assert check.trust_problem is None and check.time_stamped_at is None  # no authority's stamp
    first, last = result.signatures
    assert not first.covers_whole_file and first.modification_level == "FORM_FILLING"
    assert last.covers_whole_file and last.modification_level == "NONE"
    # The first signature's file, before the second was added, is valid on its own.
    assert verify_pdf(once, trust=trust_roots(HUDDINGE)).valid


def test_each_signature_is_drawn_in_its_own_box_on_the_first_page(signed_twice):
    reader = PdfReader(io.BytesIO(signed_twice[1]))
    widgets = [annotation.get_object() for annotation in reader.pages[0]["/Annots"]]
    signatures = {widget["/T"]: widget for widget in widgets if widget.get("/FT") == "/Sig"}

    assert set(signatures) == {"justering-1", "justering-2"}
    rectangles = set()
    for widget in signatures.values():
        appearance = widget["/AP"]["/N"].get_object()
        assert appearance.get_data().strip()
        assert widget["/F"] & 4  # printed (PDF/A)
        rectangle = tuple(float(value) for value in widget["/Rect"])
        assert rectangle[2] > rectangle[0] and rectangle[3] > rectangle[1]
        rectangles.add(rectangle)
    assert len(rectangles) == 2
    value = signatures["justering-2"]["/V"].get_object()
    assert (value["/Name"], value["/Reason"], value["/Location"]) == (
        "Örjan Lindström", "Justering av protokoll", "Huddinge")
    assert value["/SubFilter"] == "/ETSI.CAdES.detached"
    assert all(len(page.get("/Annots", [])) == 0 for page in reader.pages[1:])


def test_the_stamp_reads_in_swedish_with_its_font_embedded(signed_twice):
    reader = PdfFileReader(io.BytesIO(signed_twice[1]))
    widget = reader.root["/Pages"]["/Kids"][0]["/Annots"][-1].get_object()
    appearance = widget["/AP"]["/N"]
    assert "Justerat digitalt" in appearance.data.decode("latin-1")
    assert "(\\326rjan Lindstr\\366m)" in appearance.data.decode("latin-1")  # /ActualText, PDFDocEncoding
    font = appearance["/Resources"]["/Font"]["/F1"]
    descendant = font["/DescendantFonts"][0].get_object()
    assert "/FontFile2" in descendant["/FontDescriptor"]  # embedded
    assert "DejaVuSans" in descendant["/BaseFont"]
    # Widths in thousandths of an em, as PDF reads them (DejaVu Sans has 2048 units to the em).
    widths = [width for item in descendant["/W"] if isinstance(item, list) for width in item]
    assert widths and max(widths) <= 1000


def test_the_signed_protocol_is_still_text_and_pdf_a(protocol, signed_twice):
    signed = signed_twice[1]
    assert signed.startswith(protocol)  # incremental: the original bytes untouched
    reader = PdfReader(io.BytesIO(signed))
    assert "Källbrinksskolan" in reader.pages[0].extract_text()
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfaid" in metadata
    assert 'pdfaid:part="3"' in metadata or "<pdfaid:part>3</pdfaid:part>" in metadata
    assert 'pdfaid:conformance="A"' in metadata or "<pdfaid:conformance>A</pdfaid:conformance>" in metadata
    assert "/MarkInfo" in reader.trailer["/Root"]
    # Still PDF 1.7, as PDF/A-3 is (PAdES's extension to it declared).
    assert reader.trailer["/Root"].get("/Version", "/1.7") == "/1.7"
    assert "/ESIC" in reader.trailer["/Root"]["/Extensions"]


def test_a_changed_byte_in_the_signed_part_is_found(keys_file, protocol, signed_twice):
    signed = bytearray(signed_twice[1])
    # A byte of the first page's content stream, signed by both.
    at = signed.index(b"stream", len(protocol) // 3) + 20
    signed[at] ^= 0x01

    result = verify_pdf(bytes(signed), trust=trust_roots(HUDDINGE))

    assert not result.valid
    assert result.problem == CHANGED
    assert not result.signatures[0].intact


def test_a_changed_signature_value_is_found(keys_file, signed_twice):
    signed = bytearray(signed_twice[1])
    last = PdfFileReader(io.BytesIO(bytes(signed))).embedded_regular_signatures[-1]
    value = bytes(cms.ContentInfo.load(last.pkcs7_content)["content"]["signer_infos"][0]["signature"].native)
    hexed = binascii.hexlify(value)
    at = bytes(signed).lower().index(hexed) + len(hexed) // 2
    signed[at] = ord("0") if signed[at] != ord("0") else ord("1")

    result = verify_pdf(bytes(signed), trust=trust_roots(HUDDINGE))

    assert not result.valid
    assert result.signatures[-1].intact and not result.signatures[-1].valid
    assert result.problem == "Signaturen från Örjan Lindström är ogiltig."


def test_bytes_after_the_last_signature_are_found(keys_file, signed_twice):
    result = verify_pdf(signed_twice[1] + b"\n% tillagt\n", trust=trust_roots(HUDDINGE))

    assert not result.valid
    assert result.problem == CHANGED
    assert not result.signatures[-1].covers_whole_file


def test_an_update_after_the_last_signature_is_found(keys_file, signed_twice):
    from pyhanko.pdf_utils.generic import NameObject, TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_twice[1]))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page[NameObject("/Tillagt")] = TextStringObject("ändrat")
    writer.update_container(page)
    changed = io.BytesIO()
    writer.write(changed)

    result = verify_pdf(changed.getvalue(), trust=trust_roots(HUDDINGE))

    assert not result.valid
    assert result.problem == CHANGED


def test_a_certificate_of_another_authority_is_not_trusted(settings, keys_file, other_keys, protocol):
    settings.SIGNING_KEYS_FILE = other_keys
    foreign = sign(protocol, "Sara Åkesson", 0)
    settings.SIGNING_KEYS_FILE = keys_file

    result = verify_pdf(foreign, trust=trust_roots(HUDDINGE))

    assert not result.valid
    check = result.signatures[0]
    assert check.intact and check.valid and not check.trusted
    # The other authority has the same name as the trusted one: the chain is built and fails.
    assert check.trust_problem in {"NO_CERTIFICATE_CHAIN_FOUND", "CERTIFICATE_CHAIN_GENERAL_FAILURE"}
    assert result.problem == "Certifikatet är inte utfärdat av organisationens signeringscertifikat."


def test_another_organisations_key_is_not_trusted_by_this_one(keys_file, protocol):
    """Both keys come from the demo authority: trust is the authority's, so the region's
    signature is trusted by Huddinge's roots too. What names the organisation is the certificate."""
    result = verify_pdf(sign(protocol, "Sara Åkesson", 0, organisation=REGION), trust=trust_roots(HUDDINGE))

    assert result.valid
    assert "Region Västernorrland (DEMO)" in result.signatures[0].certificate_subject


def test_an_unsigned_or_unreadable_file(keys_file, protocol):
    assert verify_pdf(protocol, trust=trust_roots(HUDDINGE)).problem == "Dokumentet saknar signaturer."
    for garbage in (b"", b"inte en pdf", b"%PDF-1.7\n1 0 obj\n<<", protocol[: len(protocol) // 2]):
        result = verify_pdf(garbage, trust=trust_roots(HUDDINGE))
        assert not result.valid
        assert result.problem == "Filen kan inte läsas som PDF."


def test_signing_a_file_that_is_no_pdf_is_refused(keys_file):
    with pytest.raises(DomainError, match="Filen kan inte läsas som PDF."):
        sign(b"inte en pdf", "Sara Åkesson", 0)


def test_a_field_is_signed_once(keys_file, signed_twice):
    with pytest.raises(DomainError, match="justering-2 är redan signerat"):
        sign(signed_twice[1], "Sara Åkesson", 1)


def test_the_boxes_go_in_rows_up_the_page():
    width, height = 595.28, 841.89
    boxes = [signature_box(number, width, height) for number in range(7)]

    assert len(set(boxes)) == 7
    assert boxes[0][1] == boxes[1][1] == boxes[2][1] < boxes[3][1]
    assert boxes[0][0] < boxes[1][0] < boxes[2][0]
    assert all(0 < left < right < width and 0 < bottom < top < height for left, bottom, right, top in boxes)
    for one, other in zip(boxes, boxes[1:], strict=False):  # no two overlap
        assert one[2] <= other[0] or one[3] <= other[1]


def test_an_organisation_without_a_key_is_refused_in_swedish(keys_file):
    with pytest.raises(DomainError, match="Ingen signeringsnyckel är inställd för Okänd kommun"):
        signing_key("Okänd kommun")
    with pytest.raises(DomainError, match="Ingen signeringsnyckel är inställd för Okänd kommun"):
        trust_roots("Okänd kommun")


def test_a_missing_keys_file_is_refused_in_swedish(settings, tmp_path):
    settings.SIGNING_KEYS_FILE = tmp_path / "saknas.json"

    with pytest.raises(DomainError, match="Ingen signeringsnyckel är inställd för Huddinge kommun.*saknas.json"):
        signing_key(HUDDINGE)


def entry_with(demo_keys, tmp_path, **changes) -> None:
    """A keys file in tmp_path with Huddinge's entry from the demo keys, changed."""
    entry = json.loads(demo_keys.read_text())[HUDDINGE]
    entry = {field: [str(demo_keys.parent / item) for item in value] if isinstance(value, list)
             else str(demo_keys.parent / value) if field in ("key", "certificate") else value
             for field, value in entry.items()}
    entry.update(changes)
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({HUDDINGE: entry}))
    return path


def test_a_wrong_passphrase_is_refused_in_swedish(settings, demo_keys, tmp_path):
    settings.SIGNING_KEYS_FILE = entry_with(demo_keys, tmp_path, passphrase="fel")

    with pytest.raises(DomainError, match="Signeringsnyckeln för Huddinge kommun kan inte öppnas: lösenordet är fel"):
        signing_key(HUDDINGE)


def test_the_passphrase_is_read_from_the_variable_named(settings, demo_keys, tmp_path, monkeypatch):
    passphrase = json.loads(demo_keys.read_text())[HUDDINGE]["passphrase"]
    settings.SIGNING_KEYS_FILE = entry_with(demo_keys, tmp_path, passphrase=None, passphrase_env="NYCKEL_LOSEN")

    with pytest.raises(DomainError, match="Miljövariabeln NYCKEL_LOSEN"):
        signing_key(HUDDINGE)
    monkeypatch.setenv("NYCKEL_LOSEN", passphrase)
    assert signing_key(HUDDINGE).organisation == HUDDINGE


def test_the_trust_roots_are_read_without_the_key(settings, demo_keys, tmp_path):
    settings.SIGNING_KEYS_FILE = entry_with(demo_keys, tmp_path, key=str(tmp_path / "borta.key.pem"))

    roots = trust_roots(HUDDINGE)

    assert [root.subject.native["common_name"] for root in roots] == [
        "Motionsregistret DEMO-CA – inte för verkligt bruk"]
    with pytest.raises(DomainError, match="Nyckelfilen borta.key.pem kan inte läsas"):
        signing_key(HUDDINGE)


def test_the_keys_are_read_once_until_the_file_changes(settings, demo_keys, tmp_path):
    import os

    path = entry_with(demo_keys, tmp_path)
    settings.SIGNING_KEYS_FILE = path
    first = signing_key(HUDDINGE)
    assert signing_key(HUDDINGE) is first

    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    assert signing_key(HUDDINGE) is not first


def test_the_demo_keys_command_keeps_what_is_there(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    keys = make_keys(tmp_path, HUDDINGE)
    authority = (tmp_path / "demo-ca.cert.pem").read_bytes()
    entries = json.loads(keys.read_text())
    key = (tmp_path / entries[HUDDINGE]["key"]).read_bytes()

    output = StringIO()
    call_command("make_demo_signing_keys", directory=tmp_path, organisations=[HUDDINGE, REGION], stdout=output)

    assert output.getvalue().count("\n") == 1
    assert "1 nya, 1 fanns redan (befintlig DEMO-CA)" in output.getvalue()
    assert (tmp_path / "demo-ca.cert.pem").read_bytes() == authority
    again = json.loads(keys.read_text())
    assert again[HUDDINGE] == entries[HUDDINGE]
    assert (tmp_path / entries[HUDDINGE]["key"]).read_bytes() == key
    assert again[REGION]["key"] == "region-vasternorrland.key.pem"
    assert (keys.stat().st_mode & 0o777) == 0o600


def test_a_change_between_two_signatures_is_found(keys_file, signed_twice):
    """The adjuster's signature covers the change, but the chair's does not allow it."""
    from pyhanko.pdf_utils.generic import NameObject, TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_twice[0]))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page[NameObject("/Tillagt")] = TextStringObject("ändrat")
    writer.update_container(page)
    changed = io.BytesIO()
    writer.write(changed)
    signed_after = sign(changed.getvalue(), "Örjan Lindström", 1)

    result = verify_pdf(signed_after, trust=trust_roots(HUDDINGE))

    assert not result.valid
    assert result.problem == CHANGED
    assert result.signatures[0].modification_level == "OTHER"
    assert result.signatures[1].problem is None


def test_signing_and_verifying_work_inside_an_event_loop(keys_file, protocol):
    """An async view calls them as they are: pyHanko's own event loop runs beside the view's."""
    import asyncio

    async def view():
        signed = sign(protocol, "Sara Åkesson", 0)
        return verify_pdf(signed, trust=trust_roots(HUDDINGE))

    assert asyncio.run(view()).valid


def test_no_room_for_another_block_is_refused(keys_file, protocol):
    with pytest.raises(DomainError, match="inte plats för fler signaturer"):
        sign(protocol, "Sara Åkesson", 60)


def test_the_reader_reads_the_object_streams_as_pyhankos_own(signed_twice):
    """The shortcut through the object streams' tables (signatures.pdf._Reader) finds the same
    objects as pyHanko's reader."""
    from signatures.pdf import _Reader

    data = signed_twice[1]
    ours, theirs = _Reader(io.BytesIO(data), strict=False), PdfFileReader(io.BytesIO(data), strict=False)
    protocol = list(theirs.xrefs.explicit_refs_in_revision(0))
    assert len(protocol) > 20
    for ref in protocol:
        assert repr(ours.get_object(ref)) == repr(theirs.get_object(ref))
    assert ours.__dict__.get("_object_stream_tables")  # the protocol's objects are in object streams


def test_a_missing_font_is_a_refusal(keys_file, protocol, monkeypatch, tmp_path):
    monkeypatch.setattr("signatures.pdf.FONT", tmp_path / "saknas.ttf")

    with pytest.raises(DomainError, match="typsnitt"):
        sign(protocol, "Sara Åkesson", 0)


def test_the_trust_roots_may_be_given_as_cryptographys_certificates_or_pem(keys_file, signed_twice):
    from cryptography import x509

    pem = (keys_file.parent / "demo-ca.cert.pem").read_bytes()

    assert verify_pdf(signed_twice[1], trust=[pem]).valid
    assert verify_pdf(signed_twice[1], trust=[x509.load_pem_x509_certificate(pem)]).valid
    with pytest.raises(TypeError):
        verify_pdf(signed_twice[1], trust=["demo-ca.cert.pem"])


def test_an_expired_certificate_is_named_as_such(settings, keys_file, protocol, tmp_path):
    """A certificate from the organisation's authority whose time is out: trusted no more, and
    the problem says why (not that someone else issued it)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    folder = keys_file.parent
    authority_key = serialization.load_pem_private_key((folder / "demo-ca.key.pem").read_bytes(), password=None)
    authority = x509.load_pem_x509_certificate((folder / "demo-ca.cert.pem").read_bytes())
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Huddinge kommun (utgånget)")]))
        .issuer_name(authority.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(long_ago).not_valid_after(long_ago + datetime.timedelta(days=30))
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .sign(authority_key, hashes.SHA256())
    )
    (tmp_path / "old.key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (tmp_path / "old.cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "keys.json").write_text(json.dumps({HUDDINGE: {
        "key": "old.key.pem", "certificate": "old.cert.pem", "trust": [str(folder / "demo-ca.cert.pem")]}}))
    settings.SIGNING_KEYS_FILE = tmp_path / "keys.json"
    signed = sign(protocol, "Sara Åkesson", 0)

    result = verify_pdf(signed, trust=trust_roots(HUDDINGE))

    assert not result.valid
    assert not result.signatures[0].trusted
    assert result.signatures[0].trust_problem in {"EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED"}
    assert result.problem == "Certifikatet för Sara Åkesson gäller inte nu: det har gått ut eller gäller ännu inte."
    # As of a time in the certificate's month, it was trusted.
    then = verify_pdf(signed, trust=trust_roots(HUDDINGE), at=long_ago + datetime.timedelta(days=10))
    assert then.signatures[0].trusted


def test_a_time_stamp_authority_is_asked_when_one_is_set(settings, keys_file, protocol, monkeypatch):
    """SIGNING_TIMESTAMP_URL names an RFC 3161 service; here pyHanko's stand-in answers for it, with
    a time-stamping certificate of the demo authority's."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    from signatures import pdf

    settings.SIGNING_TIMESTAMP_URL = "http://tsa.example.org/tsr"
    assert isinstance(pdf._timestamper(), HTTPTimeStamper)

    folder = keys_file.parent
    authority_key = serialization.load_pem_private_key((folder / "demo-ca.key.pem").read_bytes(), password=None)
    authority = x509.load_pem_x509_certificate((folder / "demo-ca.cert.pem").read_bytes())
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Motionsregistret DEMO-TSA")]))
        .issuer_name(authority.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(authority_key, hashes.SHA256())
    )
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
    )
    monkeypatch.setattr(pdf, "_timestamper", lambda: stamper)

    signed = sign(protocol, "Sara Åkesson", 0)
    result = verify_pdf(signed, trust=trust_roots(HUDDINGE))

    assert result.valid, result.problem
    assert abs(result.signatures[0].time_stamped_at - now) < datetime.timedelta(minutes=5)
    assert verify_pdf(sign(protocol, "Sara Åkesson", 0, organisation=REGION),
                      trust=trust_roots(HUDDINGE)).signatures[0].time_stamped_at is not None


def test_a_time_stamp_authority_that_does_not_answer_is_a_refusal(settings, keys_file, protocol):
    settings.SIGNING_TIMESTAMP_URL = "http://127.0.0.1:9/tsr"  # nothing listens there
    with pytest.raises(DomainError, match="Tidsstämpeltjänsten svarar inte"):
        sign(protocol, "Sara Åkesson", 0)
