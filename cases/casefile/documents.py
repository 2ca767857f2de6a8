"""The case's documents (handlingar) in the case file: their details, and
each file by its name in the installation's document storage and its SHA-256
checksum. The files themselves are not carried in the case file; importing
needs them in the storage, unchanged (docs/case-file.md, `documents[]`)."""

from __future__ import annotations

import json

from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from cases.casefile.validation import CaseFileError, Node, path_of
from documents import services as documents
from documents.models import CaseDocument
from lib.errors import DomainError
from lib.jsonfile import max_length
from motions.models import Motion
from referrals import services as referrals
from referrals.selectors import answer_documents

REQUIRED = {"number", "dated_on", "kind", "title", "file", "sha256"}
OPTIONAL = {"sender", "name", "size", "content_type", "confidential", "secrecy_provision", "received_on",
            "replaced_by", "referral"}


def export_documents(motion: Motion) -> list[dict]:
    referral_index = {}  # a document of an answer, and each later version of it → the referral's place
    for index, referral in enumerate(motion.referrals.select_related("response").order_by("sent_on", "id")):
        if getattr(referral, "response", None) is not None:
            referral_index.update(dict.fromkeys((d.pk for d in answer_documents(referral.response)), index))
    return [
        {
            "number": document.number,
            "dated_on": document.dated_on.isoformat(),
            "kind": document.kind,
            "sender": document.sender,
            "title": document.title,
            "file": document.file.name,
            "name": document.original_name,
            "size": document.size,
            "content_type": document.content_type,
            "sha256": document.sha256,
            "confidential": document.confidential,
            "secrecy_provision": document.secrecy_provision,
            "received_on": document.received_on.isoformat(),
            "replaced_by": document.replaced_by.number if document.replaced_by else None,
            "referral": referral_index.get(document.pk),
        }
        for document in motion.documents.select_related("replaced_by").order_by("number")
    ]


def _stored(node: Node):
    """The stored file the entry names, checked against its checksum."""
    name = node.str("file", max_length=max_length(CaseDocument, "file"))
    try:
        exists = default_storage.exists(name)
    except SuspiciousFileOperation:
        exists = False
    if not exists:
        raise node.error(_("filen %(name)s finns inte i dokumentlagret")
                         % {"name": json.dumps(name, ensure_ascii=False)}, "file")
    # Named as the storage names it (the opened file's own name is its path on disk).
    file = File(default_storage.open(name, "rb").file, name=name)
    try:
        checked = documents.check_file(file)
    except DomainError as error:
        file.close()
        raise node.error(error.message, "file") from None
    if checked.sha256 != node.str("sha256").strip().lower():
        file.close()
        raise node.error(_("filen i dokumentlagret har en annan kontrollsumma; den har ändrats"), "sha256")
    for key, value in (("size", checked.size), ("content_type", checked.type.content_type)):
        if node.value.get(key) is not None and node.value.get(key) != value:
            file.close()
            raise node.error(_("stämmer inte med filen (%(value)s)") % {"value": value}, key)
    return file


def import_documents(motion: Motion, case: Node, referral_nodes: list[Node], *, by) -> None:
    """Register the file's `documents[]` in the case, in number order, after
    the case's steps: an answer's document to its referral's answer, a
    replacing document as the new version of the one it replaces."""
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
        document = _import_one(motion, node, replaces.get(position), referral_nodes, by=by)
        created[position] = document
        if replaced_by is not None:
            if replaced_by in replaces:
                raise node.error(_("aktbilaga %(n)s ersätter redan en annan handling") % {"n": replaced_by},
                                 "replaced_by")
            replaces[replaced_by] = document


def _import_one(motion: Motion, node: Node, replaces: CaseDocument | None, referral_nodes: list[Node], *, by):
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
    file = _stored(node)
    details = {"file": file, "dated_on": node.date("dated_on"), "title": node.str("title"), "stored": True,
               "original_name": node.str("name", max_length=max_length(CaseDocument, "original_name")),
               "on": node.date("received_on") or node.date("dated_on"), "by": by}
    try:
        with file:
            if referral is not None:
                return referrals.add_answer_document(referral, replaces=replaces, **details)
            if replaces is not None:
                return documents.replace_document(replaces, **details)
            return documents.add_document(motion, **details, **fields)
    except DomainError as error:
        raise CaseFileError(path_of(node, error, {"on": "received_on", "replaces": "replaced_by", "title": "title"}),
                            error.message) from None
