"""PAdES signatures on the minutes' PDF: made (sign_pdf) and checked (verify_pdf).

Each signature is an incremental update: the bytes already signed stay as they are, so the
secretary's signature stays valid when the adjusters sign after. Each gets a visible block
on the first page ("Justerat digitalt", who, when) in a field of its own, laid out in a row
along the page's foot (signature_box), so a printed protocol shows who signed it.

The document stays PDF/A as far as pyHanko allows: the update adds only the signature, its
widget (printable, with an appearance) and the font it is drawn with, embedded (DejaVu Sans,
as the minutes themselves, so that å, ä and ö are drawn); pyHanko updates the XMP metadata
that PDF/A requires alongside the document information. The widget is not tagged in the
structure tree (pyHanko cannot), which a strict PDF/A-3a check notes.
"""

import asyncio
import concurrent.futures
import datetime
import logging
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from asn1crypto import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils import generic, misc
from pyhanko.pdf_utils.decode_limits import DecodePurpose
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext

from lib.errors import DomainError
from signatures.keys import SigningKey

logger = logging.getLogger(__name__)

# A signing certificate is for signatures (an organisation's e-seal has one or both of these);
# pyHanko's default asks for non-repudiation alone.
KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)

# The font of the visible signature, embedded in the update: the minutes' own (templates/decisions/
# _document.html), with the Swedish letters.
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
STAMP_TEXT = "Justerat digitalt\n%(signer)s\n%(tid)s"
TIME_FORMAT = "%Y-%m-%d %H:%M"

# Where the signature blocks go on the first page, in points (1/72 inch), from the page's lower
# left corner: a row of three along the foot, above the bottom margin, inside the side margins of
# the minutes' pages (25 mm left, 22 mm right, 38 mm bottom: templates/decisions/_document.html);
# further rows go up the page.
PER_ROW = 3
BOX_WIDTH = 170
BOX_HEIGHT = 48
GAP = 6
MARGIN_LEFT = 71
MARGIN_RIGHT = 62
MARGIN_BOTTOM = 108


class _Reader(PdfFileReader):
    """pyHanko's reader, finding an object in an object stream by the stream's table read once.

    pyHanko reads a stream's table from its start for each object it looks up there. A tagged
    protocol keeps the thousands of elements of its structure tree in object streams, and the
    check of what changed after a signature reads them all: the time grew with the square of the
    protocol's length (three minutes for 150 pages). Whatever this shortcut can't read is left
    to pyHanko's own way, with its checks."""

    def _get_object_from_stream(self, idnum, stmnum, idx):
        tables = self.__dict__.setdefault("_object_stream_tables", {})
        if stmnum not in tables:
            tables[stmnum] = self._object_stream_table(stmnum)
        stream, offsets = tables[stmnum]
        offset = offsets.get(idnum)
        if offset is None:
            return super()._get_object_from_stream(idnum, stmnum, idx)
        data = BytesIO(stream.read_data(DecodePurpose.OBJECT_STREAM))
        data.seek(stream["/First"] + offset)
        try:
            found = generic.read_object(data, generic.Reference(idnum, 0, self))
        except (misc.PdfStreamError, misc.PdfReadError):
            found = None
        if found is None or isinstance(found, generic.StreamObject | generic.IndirectObject):
            return super()._get_object_from_stream(idnum, stmnum, idx)
        return found

    def _object_stream_table(self, stmnum):
        """The stream and where each of its objects begins, after /First; no offsets when the
        stream or its table can't be read."""
        try:
            stream = generic.Reference(stmnum, 0, self).get_object()
            numbers = stream.read_data(DecodePurpose.OBJECT_STREAM)[: int(stream["/First"])].split()
            pairs = [int(number) for number in numbers[: 2 * int(stream["/N"])]]
        except (misc.PdfError, KeyError, TypeError, ValueError, AttributeError):
            return None, {}
        return stream, dict(zip(pairs[0::2], pairs[1::2], strict=False))


def room_for(count: int) -> int:
    """The height, in points above the bottom margin, that `count` signature blocks take on the first
    page: what a document to be signed leaves free there (the protocol's signature space)."""
    rows = -(-count // PER_ROW)
    return rows * (BOX_HEIGHT + GAP)


def signature_box(box: int, page_width: float, page_height: float) -> tuple[int, int, int, int]:
    """The rectangle (left, bottom, right, top) of the `box`th signature block (0, 1, 2, ...)
    on a page of this size. The blocks are narrowed to fit three in a row between the margins."""
    if box < 0:
        raise ValueError("box must be 0 or more")
    room = page_width - MARGIN_LEFT - MARGIN_RIGHT
    width = min(BOX_WIDTH, (room - GAP * (PER_ROW - 1)) / PER_ROW)
    row, column = divmod(box, PER_ROW)
    left = MARGIN_LEFT + column * (width + GAP)
    bottom = MARGIN_BOTTOM + row * (BOX_HEIGHT + GAP)
    if bottom + BOX_HEIGHT > page_height:
        raise ValueError("no room for another signature block on the page")
    return round(left), round(bottom), round(left + width), round(bottom + BOX_HEIGHT)


def sign_pdf(data: bytes, *, key: SigningKey, signer_name: str, field_name: str, box: int, reason: str,
             location: str, contact: str = "", signed_at: datetime.datetime | None = None) -> bytes:
    """Add one signature by `key` in the name of `signer_name` (the signature's /Name, shown in
    the block) in a new field `field_name` at block `box` on the first page; the new file.
    `signed_at` is the signing time it states (now: the demo signs minutes of years ago on their
    days; a time-stamping authority's stamp, when configured, says when it was really made).

    DomainError when the file can't be read as PDF, the field is already signed or the key
    refuses (a PKCS#11 module gone, say).

    The key should be RSA: with an ECDSA key pyHanko marks the document PDF 2.0 (ISO 32002's
    extension), and PDF/A-3 is PDF 1.7."""
    try:
        source = BytesIO(data)
        writer = IncrementalPdfFileWriter(source, prev=_Reader(source, strict=False))
        page_width, page_height = _page_size(writer.prev)
    except Exception as error:  # pyHanko's parser raises many kinds on a broken file
        logger.info("Unreadable PDF not signed: %s", error)
        raise DomainError(_("Filen kan inte läsas som PDF.")) from None
    try:
        rectangle = signature_box(box, page_width, page_height)
    except ValueError:
        raise DomainError(_("Det finns inte plats för fler signaturer på första sidan.")) from None
    for existing, signature, _field in fields.enumerate_sig_fields(writer.prev):
        if existing == field_name and signature is not None:
            raise DomainError(_("Signaturfältet %(field)s är redan signerat.") % {"field": field_name})
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=signer_name,
        reason=reason,
        location=location,
        contact_info=contact or None,
    )
    signed_at = signed_at or timezone.now()
    pdf_signer = _DatedSigner(
        signed_at,
        metadata,
        signer=key.signer,
        timestamper=_timestamper(),
        stamp_style=_stamp_style(),
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=field_name, on_page=0, box=rectangle,
            readable_field_name=f"Signatur: {signer_name}",
        ),
    )
    if not FONT.exists():
        logger.error("The signature's font %s is missing (Debian: fonts-dejavu-core)", FONT)
        raise DomainError(_("Signaturens typsnitt (DejaVu Sans) saknas på servern."))
    # The time in the block is the organisation's (TIME_ZONE), not the server's zone.
    shown = timezone.localtime(signed_at).strftime(TIME_FORMAT)
    try:
        output = _outside_event_loop(pdf_signer.sign_pdf, writer, appearance_text_params={"tid": shown})
    except SigningError as error:
        logger.warning("Signing by %s refused: %s", key.organisation, error)
        raise DomainError(_("Dokumentet kan inte signeras: %(error)s") % {"error": error}) from None
    except TimestampRequestError as error:  # the time-stamping authority down, or its answer refused
        logger.warning("No time stamp from %s: %s", settings.SIGNING_TIMESTAMP_URL, error)
        raise DomainError(_("Tidsstämpeltjänsten svarar inte; försök igen om en stund.")) from None
    except Exception as error:
        # A key in a PKCS#11 module fails with python-pkcs11's own errors (the module gone, the
        # session closed, a mechanism it lacks): the signing is refused, the fault logged.
        if not type(error).__module__.startswith("pkcs11"):
            raise
        logger.exception("The PKCS#11 key of %s did not sign", key.organisation)
        raise DomainError(_("Signeringsnyckeln för %(organisation)s i säkerhetsmodulen svarar inte (%(error)s).")
                          % {"organisation": key.organisation, "error": type(error).__name__}) from None
    return output.getvalue()


class _DatedSigner(signers.PdfSigner):
    """pyHanko's signer, with the signing time given rather than the clock's."""

    def __init__(self, signed_at: datetime.datetime, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.signed_at = signed_at

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self.signed_at
        return session


def _outside_event_loop(function, *args, **kwargs):
    """Call `function`, which runs an event loop of its own (asyncio.run, as pyHanko's
    synchronous calls do), in a thread of its own when this thread already runs one (an async
    view): asyncio.run refuses to run inside another loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(function, *args, **kwargs).result()


def _page_size(reader: PdfFileReader) -> tuple[float, float]:
    """The first page's visible size: its crop box, or its media box (either may be inherited
    from the page tree)."""
    page = reader.root["/Pages"]
    while "/Kids" in page:
        page = page["/Kids"][0].get_object()
    box = None
    node = page
    while node is not None and box is None:
        box = node.get("/CropBox") or node.get("/MediaBox")
        node = node.get("/Parent")
        node = node.get_object() if node is not None else None
    left, bottom, right, top = (float(value) for value in box)
    return right - left, top - bottom


class _ThousandthsGlyphAccumulator(GlyphAccumulator):
    """pyHanko writes an embedded font's glyph widths (/W) and its kerning (TJ) in the font's own
    units, which PDF reads as thousandths of an em: right for fonts of 1000 units to the em (CFF),
    but DejaVu Sans has 2048, and its letters were spread twice as wide as they are. The text is
    shaped and measured in thousandths instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._to_thousandths = 1000 / self.units_per_em
        self.hb_font.scale = (1000, 1000)
        self.units_per_em = 1000

    def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
        if glyph_id not in self._glyphs:
            cid, width = super()._get_cid_and_width(glyph_id)
            self._glyphs[glyph_id] = cid, round(width * self._to_thousandths)
        return self._glyphs[glyph_id]


@dataclass(frozen=True)
class _FontFactory(GlyphAccumulatorFactory):
    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        with open(self.font_file, "rb") as file:
            handle = BytesIO(file.read())
        return _ThousandthsGlyphAccumulator(writer=writer, font_handle=handle, font_size=self.font_size,
                                            obj_stream=obj_stream)


def _stamp_style() -> TextStampStyle:
    font = _FontFactory(str(FONT), font_size=8)
    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(font=font, font_size=8, leading=10),
        border_width=1,
        timestamp_format=TIME_FORMAT,
    )


def _timestamper():
    if not settings.SIGNING_TIMESTAMP_URL:
        return None
    return HTTPTimeStamper(settings.SIGNING_TIMESTAMP_URL, timeout=10)


# --- verification -------------------------------------------------------------------------------

@dataclass(frozen=True)
class SignatureCheck:
    """One signature, as found: who and when by its own account, and what holds.

    `intact`: the signed bytes are those signed (their digest matches); `valid`: the signature
    over them is the certificate's key's; `trusted`: the certificate chains to the trust roots
    given. `covers_whole_file`: nothing follows it; `modification_level` is pyHanko's name for
    what was added after it ("NONE", "LTA_UPDATES", "FORM_FILLING" for further signatures,
    "ANNOTATIONS", "OTHER"), None when not known. `trust_problem` is pyHanko's (ETSI's) name for
    why the certificate is not trusted ("NO_CERTIFICATE_CHAIN_FOUND", "EXPIRED", "REVOKED", ...).
    `time_stamped_at`: the time of a time-stamping authority's stamp (SIGNING_TIMESTAMP_URL), if
    the signature has one."""

    field_name: str
    signer_name: str
    signed_at: datetime.datetime | None
    certificate_subject: str
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    modification_level: str | None
    problem: str | None = None
    trust_problem: str | None = None
    time_stamped_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Verification:
    """The signatures of a document, in signing order, and what is wrong, if anything."""

    signatures: list[SignatureCheck]
    unreadable: bool = False

    @property
    def problem(self) -> str | None:
        """The first problem, in Swedish; None when the document is valid."""
        if self.unreadable:
            return _("Filen kan inte läsas som PDF.")
        if not self.signatures:
            return _("Dokumentet saknar signaturer.")
        for check in self.signatures:
            if check.problem:
                return check.problem
        return None

    @property
    def valid(self) -> bool:
        return self.problem is None


def verify_pdf(data: bytes, *, trust: list, at: datetime.datetime | None = None) -> Verification:
    """Check every signature in the document against the trust roots (keys.trust_roots);
    never raises: a file that can't be read is a Verification saying so.

    The certificates are checked as of `at`, now by default. The signatures have no time stamp
    of a third party (PAdES B-B), so once a certificate has run out a signature is trusted only
    as of a time known otherwise: when the register recorded the signing, say.

    `trust`: certificates as asn1crypto's (what trust_roots gives), cryptography's, or PEM/DER
    bytes; anything else is a TypeError."""
    trust = _certificates(trust)
    try:
        reader = _Reader(BytesIO(data), strict=False)
        found = fields.enumerate_sig_fields(reader, filled_status=True)
        found = list(found)
    except Exception as error:  # pyHanko's parser raises many kinds on a broken file
        logger.info("Unreadable PDF not verified: %s", error)
        return Verification([], unreadable=True)
    try:
        checks = _outside_event_loop(asyncio.run, _verify_all(reader, found, trust, len(data), at))
    except Exception as error:  # a damaged file found while its revisions are compared
        logger.info("PDF not verified: %s", error)
        return Verification([], unreadable=True)
    return Verification(checks)


def _certificates(trust) -> list[x509.Certificate]:
    found = []
    for certificate in trust:
        if isinstance(certificate, x509.Certificate):
            found.append(certificate)
        elif hasattr(certificate, "public_bytes"):  # cryptography's
            found.append(x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER)))
        elif isinstance(certificate, bytes):
            found.extend(load_certs_from_pemder_data(certificate))
        else:
            raise TypeError(f"not a certificate: {certificate!r}")
    return found


async def _verify_all(reader: PdfFileReader, found, trust: list, size: int, at) -> list[SignatureCheck]:
    embedded, broken = [], []
    for field_name, signature, field in found:
        if signature is None:
            continue
        try:
            item = EmbeddedPdfSignature(reader, field, field_name)
        except Exception as error:  # the signature's container can't be read: not a valid one
            logger.info("Unreadable signature in %s: %s", field_name, error)
            broken.append(_broken(field_name, signature.get_object()))
            continue
        if item.sig_object_type == "/Sig":
            embedded.append(item)
    embedded.sort(key=lambda item: item.signed_revision)
    # Nothing is fetched (no network from the servers); the demo's and most organisations'
    # certificates name no revocation service, so missing revocation data is no fault.
    context = ValidationContext(trust_roots=trust, allow_fetching=False, revocation_mode="soft-fail", moment=at)
    checks = []
    try:
        for number, item in enumerate(embedded):
            last = number == len(embedded) - 1
            checks.append(await _check(item, context, last=last, size=size))
    finally:
        await context.aclose()
    return checks + broken


async def _check(item: EmbeddedPdfSignature, context, *, last: bool, size: int) -> SignatureCheck:
    signer_name = str(item.sig_object.get("/Name") or "") or _common_name(item)
    try:
        status = await async_validate_pdf_signature(item, context, key_usage_settings=KEY_USAGE)
    except Exception as error:  # a signature pyHanko can't evaluate is not a valid one
        logger.info("Signature in %s not validated: %s", item.field_name, error)
        return SignatureCheck(
            field_name=item.field_name, signer_name=signer_name, signed_at=item.self_reported_timestamp,
            certificate_subject=_subject(item), intact=False, valid=False, trusted=False,
            covers_whole_file=False, modification_level=None,
            problem=_("Signaturen från %(signer)s är ogiltig.") % {"signer": signer_name},
        )
    level = status.modification_level
    byte_range = [int(value) for value in item.byte_range]
    covers_whole_file = (status.coverage == SignatureCoverageLevel.ENTIRE_FILE
                         and byte_range[2] + byte_range[3] == size)
    if not status.intact:
        problem = _("Dokumentet har ändrats efter justeringen.")
    elif not status.valid:
        problem = _("Signaturen från %(signer)s är ogiltig.") % {"signer": signer_name}
    elif status.timestamp_validity is not None and not (status.timestamp_validity.intact
                                                        and status.timestamp_validity.valid):
        problem = _("Tidsstämpeln i signaturen från %(signer)s är ogiltig.") % {"signer": signer_name}
    elif not status.trusted:
        problem = _trust_problem(status, signer_name)
    elif last and not covers_whole_file:
        # The last signature must end the file: anything after it is signed by no one.
        problem = _("Dokumentet har ändrats efter justeringen.")
    elif not last and (status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION
                       or level is None or level > ModificationLevel.FORM_FILLING
                       or status.docmdp_ok is False):
        # An earlier signature: the revisions after it may only add signatures.
        problem = _("Dokumentet har ändrats efter justeringen.")
    else:
        problem = None
    return SignatureCheck(
        field_name=item.field_name,
        signer_name=signer_name,
        signed_at=item.self_reported_timestamp,
        certificate_subject=_subject(item),
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        covers_whole_file=covers_whole_file,
        modification_level=level.name if level is not None else None,
        problem=problem,
        trust_problem=getattr(status.trust_problem_indic, "name", None),
        time_stamped_at=status.timestamp_validity.timestamp if status.timestamp_validity is not None else None,
    )


# pyHanko's (ETSI EN 319 102-1) reasons for a certificate not trusted, beside its not chaining to
# the trust roots.
_REVOKED = {"REVOKED", "REVOKED_NO_POE", "REVOKED_CA_NO_POE"}
_OUT_OF_TIME = {"EXPIRED", "NOT_YET_VALID", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED"}
_NOT_FOR_SIGNING = {"SIG_CONSTRAINTS_FAILURE", "CHAIN_CONSTRAINTS_FAILURE"}


def _trust_problem(status, signer_name: str) -> str:
    reason = getattr(status.trust_problem_indic, "name", None)
    if status.revoked or reason in _REVOKED:
        return _("Certifikatet för %(signer)s är återkallat.") % {"signer": signer_name}
    if reason in _OUT_OF_TIME:
        return _("Certifikatet för %(signer)s gäller inte nu: det har gått ut eller gäller ännu inte.") % {
            "signer": signer_name}
    if reason in _NOT_FOR_SIGNING:
        return _("Certifikatet för %(signer)s är inte avsett för signaturer.") % {"signer": signer_name}
    return _("Certifikatet är inte utfärdat av organisationens signeringscertifikat.")


def _broken(field_name: str, signature) -> SignatureCheck:
    signer_name = str(signature.get("/Name") or "") or field_name
    return SignatureCheck(
        field_name=field_name, signer_name=signer_name, signed_at=None, certificate_subject="",
        intact=False, valid=False, trusted=False, covers_whole_file=False, modification_level=None,
        problem=_("Signaturen från %(signer)s är ogiltig.") % {"signer": signer_name},
    )


def _common_name(item: EmbeddedPdfSignature) -> str:
    try:
        return item.signer_cert.subject.native.get("common_name", "")
    except Exception:  # no certificate to name: the signature is refused elsewhere
        return ""


def _subject(item: EmbeddedPdfSignature) -> str:
    try:
        return item.signer_cert.subject.human_friendly
    except Exception:  # as above
        return ""
