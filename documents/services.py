"""Registering the case's documents (handlingar).

Each step locks the case's row, so that two documents registered at once get
different numbers (and the database's unique constraint holds the rest), and
records an event in the case's timeline. A document is checked before
anything is written: a refused file leaves no row and no stored file.
"""

import datetime
import hashlib
import unicodedata
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from documents.models import CaseDocument
from lib import filetypes
from lib.errors import DomainError
from lib.filetypes import ActivePdf, FileType, MacroError, RefusedFile, UnreadablePdf, identify
from lib.jsonfile import max_length
from lib.sentences import Sentence, stored_texts
from lib.swedish import in_swedish, join_words
from lib.time_limits import FIRST_YEAR
from motions.models import Motion, MotionEvent
from motions.services import check_not_future, lock_motion
from publication.services import assess
from publication.text import document_pages


@dataclass(frozen=True)
class CheckedFile:
    type: FileType
    size: int
    sha256: str


def check_file(file, *, field: str = "file") -> CheckedFile:
    """The file's type by its content, its size and checksum; refuses an
    empty file, one over DOCUMENT_MAX_BYTES and any other format than those
    lib.filetypes keeps. `file` is an upload or an opened stored file."""
    size = file.size
    if not size:
        raise DomainError(_("Filen är tom."), field=field)
    limit = settings.DOCUMENT_MAX_BYTES
    if size > limit:
        raise DomainError(
            _("Filen är %(size)s; en handling får vara högst %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            field=field,
        )
    try:
        found = identify(file)
    except RefusedFile as refused:
        raise DomainError(refusal(refused), field=field) from None
    if found is None:
        raise DomainError(
            _("Filen är inte en PDF, ett Word-, Excel- eller OpenDocument-dokument eller en bild (PNG, JPEG)."),
            field=field,
        )
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return CheckedFile(found, size, digest.hexdigest())


def refusal(refused: RefusedFile) -> str:
    """Why a file of a kept format is refused, naming what was found in it."""
    if isinstance(refused, MacroError):
        return _("Filen innehåller makron (programkod) och tas inte emot; spara den utan makron eller som PDF.")
    if isinstance(refused, ActivePdf):
        names = {
            filetypes.JAVASCRIPT: _("JavaScript (programkod)"),
            filetypes.AUTOMATIC_ACTIONS: _("automatiska åtgärder (/AA)"),
            filetypes.LAUNCH: _("en åtgärd som startar program (/Launch)"),
            filetypes.EMBEDDED_FILES: _("inbäddade filer"),
            filetypes.FILE_ATTACHMENTS: _("bifogade filer (filbilagor)"),
        }
        return _("PDF-filen innehåller %(found)s och tas inte emot: sådant kan köra programkod eller gömma andra "
                 "filer. Skriv ut den till en ny PDF (Skriv ut → Spara som PDF) och ladda upp den.") % {
            "found": join_words([names[part] for part in refused.found])}
    assert isinstance(refused, UnreadablePdf)
    return _("Filen börjar som en PDF men går inte att läsa som en: den är skadad, ofullständig eller "
             "lösenordsskyddad. Spara den som PDF på nytt, utan lösenord, och försök igen.")


def _check_details(*, kind: str, dated_on: datetime.date, title: str, sender: str, confidential: bool,
                   secrecy_provision: str) -> None:
    if kind not in CaseDocument.Kind.values:
        raise DomainError(_("Välj vilket slags handling det är."), field="kind")
    if not title:
        raise DomainError(_("Ange handlingens rubrik."), field="title")
    for name, value in (("title", title), ("sender", sender), ("secrecy_provision", secrecy_provision)):
        if len(value) > max_length(CaseDocument, name):
            raise DomainError(
                _("Texten är för lång (högst %(max)s tecken).") % {"max": max_length(CaseDocument, name)},
                field=name,
            )
    if dated_on.year < FIRST_YEAR:
        raise DomainError(
            _("Datumet %(on)s är för tidigt; registret börjar år %(year)s.")
            % {"on": dated_on.isoformat(), "year": FIRST_YEAR},
            field="dated_on",
        )
    check_not_future(dated_on, field="dated_on")
    if confidential and not secrecy_provision:
        raise DomainError(
            _("Ange den bestämmelse som ger sekretess, till exempel 21 kap. 7 § OSL."), field="secrecy_provision"
        )


def printable(name: str) -> str:
    """A name as received, without control or invisible characters: NUL (which PostgreSQL does not
    store), a line break (which a header cannot carry), a right-to-left mark (which disguises
    "gnp.exe" as "exe.png"); white space as one space."""
    return " ".join("".join(" " if char.isspace() else char for char in name
                            if char.isspace() or unicodedata.category(char)[0] != "C").split())


def _store(file, checked: CheckedFile) -> str:
    """Write the file under a name of its own: the sender's file name may be
    anything, and a stored name must not tell what a confidential document is."""
    name = f"handlingar/{timezone.localdate().year}/{uuid.uuid4().hex}.{checked.type.extension}"
    stored = default_storage.save(name, file)
    if stored != name:  # a new random name cannot be taken; if it were, the row must name the file written
        default_storage.delete(stored)
        raise RuntimeError(f"storage wrote {stored!r} instead of {name!r}")
    return stored


def document_sentence(document: CaseDocument) -> Sentence:
    """The document as the timeline names it, "aktbilaga 1, Skrivelse från Polisen: Rubrik"; a
    confidential one by number and kind only."""
    kind = in_swedish(CaseDocument.Kind(document.kind).label)  # a choice's label: its message id
    what = Sentence(gettext_noop("aktbilaga %(number)s, %(kind)s"), {"number": document.number, "kind": kind},
                    labels=("kind",))
    if document.confidential:
        return Sentence("%(document)s %(secrecy)s", {"document": what, "secrecy": Sentence(
            gettext_noop("(sekretess enligt %(provision)s)"), {"provision": document.secrecy_provision})})
    if document.sender:
        what = Sentence("%(document)s %(sender)s", {
            "document": what, "sender": Sentence(gettext_noop("från %(sender)s"), {"sender": document.sender})})
    return Sentence("%(document)s: %(title)s", {"document": what, "title": document.title})


def describe(document: CaseDocument) -> str:
    """The document as the timeline names it, in the reader's language (document_sentence)."""
    return str(document_sentence(document))


def _record(motion: Motion, *, kind: str, on: datetime.date, by, description: Sentence, reason: str = "") -> None:
    """The document step in the case's timeline. It does not move the case
    on, so neither the status dates nor the case's version change: a form
    opened on the case stays valid, and a closed case still receives its
    documents (an extract of the council's minutes, a later letter).
    `description` is kept in the record's language, Swedish, and shown in the reader's."""
    texts = stored_texts(description=description, reason=reason)
    texts["description"] = texts["description"][:500]
    MotionEvent.objects.create(
        motion=motion, kind=kind, occurred_on=on, recorded_by=by, from_status=motion.status,
        to_status=motion.status, **texts,
    )


def _create(motion: Motion, *, file, checked: CheckedFile, stored: bool, original_name: str, **fields) -> CaseDocument:
    """The next number's row, then its file; the file goes again if the row cannot be written.

    Precondition: the motion is locked (lock_motion) in the current transaction."""
    number = (motion.documents.aggregate(last=Max("number"))["last"] or 0) + 1
    name = file.name if stored else _store(file, checked)
    try:
        with transaction.atomic():
            document = CaseDocument.objects.create(
                motion=motion, number=number, file=name, original_name=printable(original_name)[:255],
                size=checked.size, content_type=checked.type.content_type, sha256=checked.sha256, **fields,
            )
            # Published at once, or held for the registry's review (a personal identity number in its text).
            return assess(document, pages=document_pages(file, checked.type.content_type))
    except BaseException:
        if not stored:
            default_storage.delete(name)
        raise


def _add(motion: Motion, *, file, kind: str, dated_on: datetime.date, title: str, sender: str,
         confidential: bool, secrecy_provision: str, stored: bool, original_name: str, on: datetime.date | None,
         by):
    """Check, lock, number and write: add_document without its event. Returns the document and its day."""
    title, sender, secrecy_provision = " ".join(title.split()), sender.strip(), secrecy_provision.strip()
    if not confidential:
        secrecy_provision = ""
    _check_details(kind=kind, dated_on=dated_on, title=title, sender=sender, confidential=confidential,
                   secrecy_provision=secrecy_provision)
    checked = check_file(file)
    on = on or timezone.localdate()
    check_not_future(on, field="on")
    if on < dated_on:
        raise DomainError(
            _("Handlingen är daterad %(dated)s och kan inte ha kommit in före dess (%(on)s).")
            % {"dated": dated_on.isoformat(), "on": on.isoformat()},
            field="on",
        )
    motion = lock_motion(motion)
    document = _create(
        motion, file=file, checked=checked, stored=stored,
        original_name=original_name or file.name.rsplit("/", 1)[-1] or title,
        kind=kind, dated_on=dated_on, title=title, sender=sender, confidential=confidential,
        secrecy_provision=secrecy_provision, received_on=on, registered_by=by,
    )
    return motion, document, on


@transaction.atomic
def add_document(
    motion: Motion,
    *,
    file,
    kind: str,
    dated_on: datetime.date,
    title: str,
    sender: str = "",
    confidential: bool = False,
    secrecy_provision: str = "",
    stored: bool = False,
    original_name: str = "",
    on: datetime.date | None = None,
    by,
) -> CaseDocument:
    """Register a document in the case under its next number (aktbilaga).

    `file` is an upload; with `stored`, a file already in the document
    storage under `file.name` (a case file's import), which is kept where it
    is. `original_name` is the file's name as received (default the
    upload's). `on` is the day it came in or was drawn up (default today). A provision is kept
    only for a confidential document, which must have one. Refuses, writing
    nothing, a file lib.filetypes does not accept and missing or bad details.
    Call last in a larger step: a file written here is not removed if the
    caller's transaction rolls back after it.
    """
    motion, document, on = _add(
        motion, file=file, kind=kind, dated_on=dated_on, title=title, sender=sender, confidential=confidential,
        secrecy_provision=secrecy_provision, stored=stored, original_name=original_name, on=on, by=by,
    )
    _record(motion, kind=MotionEvent.Kind.DOCUMENT_ADDED, on=on, by=by, description=document_sentence(document))
    return document


@transaction.atomic
def replace_document(
    document: CaseDocument,
    *,
    file,
    dated_on: datetime.date,
    title: str = "",
    reason: str = "",
    stored: bool = False,
    original_name: str = "",
    on: datetime.date | None = None,
    by,
) -> CaseDocument:
    """Register a new version of a document under the case's next number;
    the old one is kept, marked as replaced by it. The new one has the old
    one's kind, sender and secrecy; `title` defaults to the old title.
    Refuses a document already replaced (replace its replacement instead).
    Call last in a larger step, as add_document."""
    lock_motion(document.motion)
    document = CaseDocument.objects.select_for_update(of=("self",)).select_related("replaced_by").get(pk=document.pk)
    if document.replaced_by_id is not None:
        raise DomainError(
            _("Aktbilaga %(number)s är redan ersatt av aktbilaga %(by)s; ersätt den i stället.")
            % {"number": document.number, "by": document.replaced_by.number},
            field="replaces",
        )
    motion, new, on = _add(
        document.motion, file=file, kind=document.kind, dated_on=dated_on, title=title or document.title,
        sender=document.sender, confidential=document.confidential,
        secrecy_provision=document.secrecy_provision, stored=stored, original_name=original_name, on=on, by=by,
    )
    document.replaced_by = new
    document.save(update_fields=["replaced_by"])
    _record(motion, kind=MotionEvent.Kind.DOCUMENT_REPLACED, on=on, by=by,
            description=Sentence(gettext_noop("aktbilaga %(old)s ersatt av %(new)s"),
                                 {"old": document.number, "new": document_sentence(new)}),
            reason=reason.strip())
    return new
