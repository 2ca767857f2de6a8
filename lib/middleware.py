"""Refusing a request before Django reads it."""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string


class RequestSizeLimitMiddleware:
    """Answer 413, with a page that says why, to a request that declares a body larger than
    REQUEST_MAX_BYTES, before anything reads it: first in MIDDLEWARE, ahead of the sessions and
    the CSRF check, which read a POST's body. Django's own limits count only the fields held in
    memory (DATA_UPLOAD_MAX_MEMORY_SIZE), not the files, which it would stream to disk in full."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body it cannot measure
        if length > settings.REQUEST_MAX_BYTES:
            # The page alone, without the menu: no session or user has been read yet.
            page = render_to_string("413.html", {
                "size": filesizeformat(length), "limit": filesizeformat(settings.REQUEST_MAX_BYTES),
                "document_limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)})
            return HttpResponse(page, status=413)
        return self.get_response(request)
