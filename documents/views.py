from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from documents import access
from documents.forms import DocumentForm, ReplaceForm
from documents.services import add_document, describe, printable, replace_document
from lib.errors import DomainError
from lib.filetypes import BY_CONTENT_TYPE
from motions import access as motion_access

# Sent files are saved, never shown in the site's own origin; shown anyway, they run nothing.
SANDBOX = "sandbox; default-src 'none'"
# Not in a file name as saved: folders' separators, quotes and what Windows refuses in a name.
_UNSAFE = set('/\\"*:<>?|')


def _case_documents_url(motion) -> str:
    return f"{motion.get_absolute_url()}#handlingar"


@login_required
@require_http_methods(["GET", "POST"])
def add(request, case_number):
    motion = motion_access.motion_for(request.user, case_number, motion_access.MANAGE)
    today = timezone.localdate()
    form = DocumentForm(request.POST or None, request.FILES or None, initial={"dated_on": today, "received_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = add_document(
                motion, file=data["file"], kind=data["kind"], dated_on=data["dated_on"], title=data["title"],
                sender=data["sender"], confidential=data["confidential"],
                secrecy_provision=data["secrecy_provision"], on=data["received_on"], by=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Handlingen är registrerad som %(document)s.")
                             % {"document": describe(document)})
            return redirect(_case_documents_url(motion))
    return render(request, "documents/add.html", {"motion": motion, "form": form})


@require_GET
def file(request, case_number, number):
    """The document's file, for those who may read it (documents.access)."""
    document = access.document_for(request.user, case_number, number, access.READ)
    try:
        opened = document.file.open("rb")
    except FileNotFoundError:
        # Registered, but its file is not in this installation's storage (say, a case file's import
        # on another installation): the document is listed, the file cannot be given.
        raise Http404(_("Filen till aktbilaga %(number)s finns inte i dokumentlagret.") % {"number": number}) from None
    kind = BY_CONTENT_TYPE[document.content_type]
    response = FileResponse(opened, content_type=document.content_type, as_attachment=True,
                            filename=download_name(document.original_name, kind.extension))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    if document.confidential:
        # Not kept by a shared cache or left in the browser's.
        response["Cache-Control"] = "private, no-store"
    return response


def download_name(original: str, extension: str) -> str:
    """The name a document is saved under: as it was received, without folders, control or invisible
    characters (a line break, a right-to-left mark) or characters a file name cannot hold, at most 100
    characters, and with its type's extension: "faktura.exe" that is a PDF is saved as "faktura.pdf"."""
    stem = PurePath(original.replace("\\", "/")).name.rsplit(".", 1)[0]  # ".pdf" has no name of its own
    stem = printable("".join(" " if char in _UNSAFE else char for char in stem))[:100].strip(" .")
    return f"{stem or _('handling')}.{extension}"


@login_required
@require_http_methods(["GET", "POST"])
def replace(request, case_number, number):
    document = access.document_for(request.user, case_number, number, access.MANAGE)
    motion = document.motion
    form = ReplaceForm(request.POST or None, request.FILES or None, initial={"dated_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = replace_document(document, file=data["file"], dated_on=data["dated_on"], title=data["title"],
                                   reason=data["reason"], by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Aktbilaga %(old)s är ersatt av %(new)s.")
                             % {"old": document.number, "new": describe(new)})
            return redirect(_case_documents_url(motion))
    refused = None
    if document.replaced_by_id:
        refused = _("Aktbilaga %(number)s är redan ersatt av aktbilaga %(by)s.") % {
            "number": document.number, "by": document.replaced_by.number}
    return render(request, "documents/replace.html",
                  {"motion": motion, "document": document, "form": form, "refused": refused})
