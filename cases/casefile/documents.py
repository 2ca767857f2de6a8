"""The case's documents (handlingar) in the case file: their details, and
each file with its SHA-256 checksum, either beside the case file (`file`: a
path relative to the case file's folder) or inline (`content`: the bytes in
base64). Importing reads a file only from there, never from the
installation's document storage by a name the file gives: a case file cannot
make a stored file, a draft protocol say, a document of a case
(docs/case-file.md, `documents[]`)."""

from __future__ import annotations

import base64
import binascii
import json
import re
import shutil
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from cases.casefile.validation import CaseFileError, Node, path_of
from documents import services as documents
from documents.models import CaseDocument
from lib.errors import DomainError
from lib.jsonfile import max_length
from motions.models import Motion
from publication.models import PublicationState, WithholdingGround
from publication.services import withhold
from referrals import services as referrals

REQUIRED = {"number", "dated_on", "kind", "title", "sha256"}
OPTIONAL = {"file", "content", "sender", "name", "size", "content_type", "confidential", "secrecy_provision",
            "received_on", "replaced_by", "referral", "publication"}
# The longest path of a file beside the case file that import reads.
MAX_FILE_NAME = 255


def file_name(document: CaseDocument) -> str:
    """Where export writes the document's file, relative to the case file's
    folder: handlingar/KS-2021-345/01-Motion.pdf (the case number and the
    name as received, made safe for any file system)."""
    case = re.sub(r"[^0-9A-Za-z]+", "-", document.motion.case_number).strip("-")
    name = PurePosixPath(document.original_name or document.file.name).name
    stem, dot, extension = name.rpartition(".")
    safe = re.sub(r"[^0-9A-Za-zÅÄÖåäöÉé_-]+", "-", stem if dot else name).strip("-")[:80] or "fil"
    if dot:
        safe += "." + re.sub(r"[^0-9A-Za-z]+", "", extension)[:10].lower()
    return f"handlingar/{case}/{document.number:02d}-{safe}"


class CaseFileFolder:
    """The files beside a case file: a `file` is a relative path inside the
    case file's folder, and nothing outside it is read (no absolute path, no
    "..", no link leading out)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder).resolve()

    def open(self, name: str) -> File | None:
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or "\\" in name or ":" in name:
            return None
        path = (self.folder / relative).resolve()
        if not path.is_relative_to(self.folder) or not path.is_file():
            return None
        return File(path.open("rb"), name=relative.name)


class RemovedCaseFiles:
    """The files of a removed case, still in the document storage: exactly
    the ones the case held when it was removed (RemovedCase.files), by the
    names its case file gave them."""

    stored = True

    def __init__(self, files: dict[str, str]):
        self.files = files

    def open(self, name: str) -> File | None:
        stored = self.files.get(name)
        if stored is None or not default_storage.exists(stored):
            return None
        # Named as the storage names it, so that the document keeps its stored file.
        return File(default_storage.open(stored, "rb"), name=stored)


def export_documents(motion: Motion, *, inline: bool = False) -> list[dict]:
    """The case's documents, each with its file named by `file_name` (to be
    written beside the case file: `write_files`) or, `inline`, its bytes.
    Reads what exporter.EXPORTED prefetches."""
    documents = sorted(motion.documents.all(), key=lambda document: document.number)
    by_pk = {document.pk: document for document in documents}
    referral_index = {}  # a document of an answer, and each later version of it → the referral's place
    for index, referral in enumerate(motion.referrals.all()):
        if getattr(referral, "response", None) is None:
            continue
        for document in referral.response.documents.all():
            while document is not None:
                referral_index[document.pk] = index
                document = by_pk.get(document.replaced_by_id)
    return [
        {
            "number": document.number,
            "dated_on": document.dated_on.isoformat(),
            "kind": document.kind,
            "sender": document.sender,
            "title": document.title,
            **({"content": _base64(document)} if inline else {"file": file_name(document)}),
            "name": document.original_name,
            "size": document.size,
            "content_type": document.content_type,
            "sha256": document.sha256,
            "confidential": document.confidential,
            "secrecy_provision": document.secrecy_provision,
            "received_on": document.received_on.isoformat(),
            "replaced_by": by_pk[document.replaced_by_id].number if document.replaced_by_id else None,
            "referral": referral_index.get(document.pk),
            "publication": _publication(document),
        }
        for document in documents
    ]


def _publication(document: CaseDocument) -> dict:
    if document.publication_state == PublicationState.WITHHELD:
        return {"state": document.publication_state, "ground": document.withheld_ground,
                "reason": document.withheld_reason}
    return {"state": document.publication_state}


def _base64(document: CaseDocument) -> str:
    with document.file.open("rb") as file:
        return base64.b64encode(file.read()).decode("ascii")


def write_files(motion: Motion, folder: Path) -> None:
    """Copy the case's documents' files into `folder`, where its case file's
    `file` names them (file_name)."""
    for document in motion.documents.all():
        path = Path(folder) / file_name(document)
        path.parent.mkdir(parents=True, exist_ok=True)
        with document.file.open("rb") as source, path.open("wb") as target:
            shutil.copyfileobj(source, target)


def removed_files(motion: Motion) -> dict[str, str]:
    """The case's files as its case file names them → their names in the
    storage, kept with a removed case (RemovedCaseFiles)."""
    return {file_name(document): document.file.name for document in motion.documents.all()}


def _file(node: Node, source) -> File:
    """The file the entry gives (inline, or beside the case file), checked against its checksum."""
    has_file, has_content = node.value.get("file") is not None, node.value.get("content") is not None
    if has_file == has_content:
        raise node.error(_("ange antingen file (en fil bredvid ärendefilen) eller content (filens innehåll i "
                           "base64)"), "file")
    if has_content:
        try:
            content = base64.b64decode(node.str("content"), validate=True)
        except (binascii.Error, ValueError):
            raise node.error(_("är inte giltig base64"), "content") from None
        file = ContentFile(content, name=PurePosixPath(node.str("name")).name or "fil")
    else:
        name = node.str("file", max_length=MAX_FILE_NAME)
        file = source.open(name) if source is not None else None
        if file is None:
            raise node.error(_("filen %(name)s finns inte i ärendefilens mapp (en sökväg i mappen, utan ..)")
                             % {"name": json.dumps(name, ensure_ascii=False)}, "file")
    try:
        checked = documents.check_file(file)
    except DomainError as error:
        file.close()
        raise node.error(error.message, "content" if has_content else "file") from None
    if checked.sha256 != node.str("sha256").strip().lower():
        file.close()
        raise node.error(_("filen har en annan kontrollsumma; den har ändrats"), "sha256")
    for key, value in (("size", checked.size), ("content_type", checked.type.content_type)):
        if node.value.get(key) is not None and node.value.get(key) != value:
            file.close()
            raise node.error(_("stämmer inte med filen (%(value)s)") % {"value": value}, key)
    return file


def import_documents(motion: Motion, case: Node, referral_nodes: list[Node], *, source, written: list[str],
                     by) -> None:
    """Register the file's `documents[]` in the case, in number order, after
    the case's steps: an answer's document to its referral's answer, a
    replacing document as the new version of the one it replaces. `source`
    opens a `file` by its name (CaseFileFolder, RemovedCaseFiles; None: only
    inline files); the names of the files written to the storage are added
    to `written`, for the caller to delete if the transaction rolls back."""
    nodes = case.list("documents")
    replaces: dict[int, CaseDocument] = {}  # a replacing number → the document it replaces
    created: dict[int, CaseDocument] = {}
    for position, node in enumerate(nodes, start=1):
        node.object(REQUIRED, OPTIONAL)
        if node.int("number") != position:
            raise node.error(_("aktbilagorna numreras 1, 2, 3 … i filens ordning; här väntas %(n)s")
                             % {"n": position}, "number")
        replaced_by = node.int("replaced_by")
        if replaced_by is not None and replaced_by <= position:
            raise node.error(_("en handling ersätts av en senare aktbilaga"), "replaced_by")
        referral = node.int("referral", minimum=0)
        if referral is not None and referral >= len(referral_nodes):
            raise node.error(_("ärendet har ingen remiss med det numret (räknat från 0)"), "referral")
    for position, node in enumerate(nodes, start=1):
        replaced_by = node.int("replaced_by")
        if replaced_by is not None and replaced_by > len(nodes):
            raise node.error(_("ärendet har ingen aktbilaga %(n)s") % {"n": replaced_by}, "replaced_by")
        document = _import_one(motion, node, replaces.get(position), referral_nodes, source=source, by=by)
        if not getattr(source, "stored", False) or node.value.get("file") is None:
            written.append(document.file.name)
        created[position] = document
        if replaced_by is not None:
            if replaced_by in replaces:
                raise node.error(_("aktbilaga %(n)s ersätter redan en annan handling") % {"n": replaced_by},
                                 "replaced_by")
            replaces[replaced_by] = document


def _withheld(node: Node) -> dict | None:
    """A document the file says was withheld from publication stays so, on
    its ground and reason. One it says was published, or waiting, is
    assessed anew as any document registered (the scan for personal
    identity numbers, the organisation's rule): an import publishes nothing
    that has not been reviewed here."""
    if node.value.get("publication") is None:
        return None
    publication = node.child("publication").object({"state"}, {"ground", "reason"})
    if publication.choice("state", PublicationState) != PublicationState.WITHHELD:
        return None
    publication.object({"state", "ground", "reason"}, set())  # checked before anything is written
    return {"ground": publication.choice("ground", WithholdingGround),
            "reason": publication.str("reason", max_length=max_length(CaseDocument, "withheld_reason"))}


def _import_one(motion: Motion, node: Node, replaces: CaseDocument | None, referral_nodes: list[Node], *,
                source, by):
    fields = {
        "kind": node.choice("kind", CaseDocument.Kind), "sender": node.str("sender"),
        "confidential": node.bool("confidential"), "secrecy_provision": node.str("secrecy_provision"),
    }
    if replaces is not None:
        for key, value in fields.items():
            if getattr(replaces, key) != value:
                raise node.error(_("en ny version har samma värde som den handling den ersätter (%(value)s)")
                                 % {"value": json.dumps(getattr(replaces, key), ensure_ascii=False)}, key)
    referral_at = node.int("referral", minimum=0)
    if referral_at is not None and fields["kind"] != CaseDocument.Kind.REFERRAL_ANSWER:
        raise node.error(_("bara ett remissvar hör till en remiss"), "referral")
    referral = referral_nodes[referral_at].referral if referral_at is not None else None
    if referral is not None and fields["confidential"]:
        # An answer's documents are public as the body sent them; a confidential one is registered apart.
        raise node.error(_("ett remissvar som hör till en remiss är allmänt; en handling med sekretess "
                           "registreras utan remiss"), "confidential")
    if referral is not None and fields["sender"] not in ("", referral.body.name):
        raise node.error(_("ett remissvar är från den remissinstans det svarar för (%(body)s)")
                         % {"body": referral.body.name}, "sender")
    file = _file(node, source)
    stored = getattr(source, "stored", False) and node.value.get("file") is not None
    details = {"file": file, "dated_on": node.date("dated_on"), "title": node.str("title"), "stored": stored,
               "original_name": node.str("name", max_length=max_length(CaseDocument, "original_name"))
               or PurePosixPath(node.str("file")).name,
               "on": node.date("received_on") or node.date("dated_on"), "by": by}
    withheld = _withheld(node)
    try:
        with file:
            if referral is not None:
                document = referrals.add_answer_document(referral, replaces=replaces, **details)
            elif replaces is not None:
                document = documents.replace_document(replaces, **details)
            else:
                document = documents.add_document(motion, **details, **fields)
        if withheld is not None and document.publication_state != PublicationState.WITHHELD:
            withhold(document, **withheld, by=by)
        return document
    except DomainError as error:
        raise CaseFileError(path_of(node, error, {"on": "received_on", "replaces": "replaced_by", "title": "title",
                                                      "ground": "publication", "reason": "publication"}),
                            error.message) from None
