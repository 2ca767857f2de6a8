"""Whether a protocol signed electronically is as its signatories signed it."""

import hashlib

from django.core.cache import cache
from django.utils.translation import get_language

from decisions.models import RenderedDocument, SigningRound
from lib.errors import DomainError
from organisation.models import Municipality
from signatures.keys import trust_roots
from signatures.pdf import Verification, verify_pdf

# A file's check is remembered by its content: a changed byte is a new file, and checked anew.
CHECK_KEPT = 24 * 3600  # seconds


def signature_check(document: RenderedDocument, municipality: Municipality) -> Verification:
    """The signatures of `document` checked against the organisation's
    certificate: each valid and made with it, and the file unchanged since
    the last one (pyHanko, signatures.pdf). The certificate is checked as of
    the last signature as the register recorded it: a protocol signed while
    its certificate was valid stays so once the certificate has run out."""
    with document.file.open("rb") as file:
        data = file.read()
    # The check's words are in the reader's language.
    key = f"signature-check:{municipality.pk}:{get_language()}:{hashlib.sha256(data).hexdigest()}"
    check = cache.get(key)
    if check is None:
        try:
            trust = trust_roots(municipality)
        except DomainError:  # no certificate set up to check against: no signature is trusted
            trust = []
        signed = SigningRound.objects.filter(meeting=document.meeting_id, state=SigningRound.State.SIGNED).first()
        check = verify_pdf(data, trust=trust, at=signed.closed_at if signed else None)
        cache.set(key, check, CHECK_KEPT)
    return check
