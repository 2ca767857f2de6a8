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


def signature_check(document: RenderedDocument, municipality: Municipality) -> Verification | None:
    """The signatures of `document` checked against the organisation's
    certificate: each valid and made with it, and the file unchanged since
    the last one (pyHanko, signatures.pdf). The certificate is checked as of
    the last signature as the register recorded it: a protocol signed while
    its certificate was valid stays so once the certificate has run out.
    None when the file or the organisation's certificates cannot be read now."""
    try:
        with document.file.open("rb") as file:
            data = file.read()
        trust = trust_roots(municipality)
    except (OSError, DomainError):
        # The stored file, or the certificates to check it against, cannot be read now: nothing to
        # say of the signatures, and nothing remembered.
        return None
    # By the file, the certificates it is checked against, and the reader's language (the check's words).
    fingerprint = hashlib.sha256(data + b"".join(certificate.dump() for certificate in trust)).hexdigest()
    key = f"signature-check:{get_language()}:{fingerprint}"
    check = cache.get(key)
    if check is None:
        signed = SigningRound.objects.filter(meeting=document.meeting_id, state=SigningRound.State.SIGNED).first()
        check = verify_pdf(data, trust=trust, at=signed.closed_at if signed else None)
        cache.set(key, check, CHECK_KEPT)
    return check
