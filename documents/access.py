"""Who may do what with a case's documents. Every view asks here.

A document's existence is public: its number, date and kind are listed for
everyone. A public document is published on the site once the publication
review lets it (publication: at once, or after the registry's review when
its text holds a personal identity number); until then, and if withheld,
it is handed out on request by the registry (offentlighetsprincipen), not
on the web. A confidential one (sekretess, with its provision in OSL) is the
registry's only. The registry registers and replaces documents.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.roles import is_registry, secretary_body_ids
from documents.models import CaseDocument
from publication.models import PublicationState

READ = "read"  # open the file
MANAGE = "manage"  # register a document, replace one: the registry


def can_read(user, document: CaseDocument) -> bool:
    return is_public_document(document) or is_registry(user) or _answered_by_their_body(user, document)


def _answered_by_their_body(user, document: CaseDocument) -> bool:
    """A board secretary reads the documents of their board's own answer (referrals.AnswerDocument)
    while they wait for the publication review; a confidential document is never one."""
    bodies = secretary_body_ids(user)
    return bool(bodies) and not document.confidential and CaseDocument.objects.filter(
        pk=document.pk, answer__response__referral__body_id__in=bodies).exists()


def can_manage(user) -> bool:
    return is_registry(user)


def document_for(user, case_number: str, number: int, action: str = READ) -> CaseDocument:
    """The case's document with that number; 404 when there is none, 403 when
    `user` may not `action` it (its existence is public, so it is not hidden)."""
    document = get_object_or_404(
        CaseDocument.objects.select_related("motion", "replaced_by"),
        motion__case_number=case_number, number=number,
    )
    if action == READ and not can_read(user, document):
        raise PermissionDenied(
            _("Aktbilaga %(number)s omfattas av sekretess (%(provision)s). Den som vill ta del av handlingen "
              "vänder sig till registraturen, som prövar om den kan lämnas ut.")
            % {"number": document.number, "provision": document.secrecy_provision}
            if document.confidential else
            _("Aktbilaga %(number)s är inte publicerad på webben: den granskas först (den kan innehålla "
              "personuppgifter) eller publiceras inte. Du kan begära att få ta del av den hos registraturen.")
            % {"number": document.number})
    if action == MANAGE and not can_manage(user):
        raise PermissionDenied
    return document


def public_documents(queryset=None):
    """The case documents the public may read in the open data (public.oparl): not confidential, and
    published (the publication review). The one place the open data asks."""
    queryset = queryset if queryset is not None else CaseDocument.objects.all()
    return queryset.filter(public_document())


def is_public_document(document: CaseDocument) -> bool:
    """public_documents of one document: what can_read says of the public."""
    return not document.confidential and document.is_published


def public_document(prefix: str = "") -> Q:
    """public_documents as a filter, on CaseDocument or (with `prefix`, "document__") a relation to it."""
    return Q(**{f"{prefix}confidential": False, f"{prefix}publication_state": PublicationState.PUBLISHED})
