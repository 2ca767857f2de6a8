import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.views.decorators.http import require_GET

from archive import access
from archive.package import write_package
from lib.errors import DomainError


@login_required
@require_GET
def package(request, case_number):
    """The case's archive package, the same bytes as `manage.py export_archive` writes: built in a
    temporary file (a case's documents may not fit in memory twice) and streamed from there."""
    motion = access.package_for(request.user, case_number)
    out = tempfile.TemporaryFile()
    try:
        written = write_package(motion, out)
    except DomainError as error:  # a step recorded on the case since access looked (an appeal, say)
        out.close()
        raise PermissionDenied(error.message) from None
    out.seek(0)
    response = FileResponse(out, as_attachment=True, filename=written.name, content_type="application/zip")
    # It holds the confidential documents too: not kept by a shared cache or left in the browser's.
    response["Cache-Control"] = "private, no-store"
    return response
