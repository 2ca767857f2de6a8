"""The API's answers: JSON in UTF-8, open to scripts of any origin (CORS), with an ETag and a
Last-Modified for conditional requests, and errors as OParl's error objects."""

import hashlib
import json
from dataclasses import dataclass
from functools import wraps

from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from public.oparl.common import EXT, type_url
from public.oparl.params import ParameterError

JSON = "application/json; charset=utf-8"
READS = ("GET", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class Payload:
    """What a view answers: the data, and when it last changed (None: not known, as for a list)."""

    data: dict
    modified: object = None  # a datetime


def encode(data) -> bytes:
    """JSON as OParl asks for it (2.4): UTF-8 without a byte order mark, no HTML escaping."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def cors(response: HttpResponse) -> HttpResponse:
    """Any web page may read the API with a script (OParl 2.6). Nothing is read from cookies and
    nothing can be changed, so an origin gains nothing it could not have by asking itself."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


def error(status: int, message: str, *, debug: str = "", parameter: str | None = None) -> HttpResponse:
    """OParl's error object (2.9): its type, a message for the reader (in Swedish, as the data),
    and what more there is to say."""
    data = {"type": type_url("Error"), "message": message}
    if debug:
        data["debug"] = debug
    if parameter:
        data[f"{EXT}parameter"] = parameter
    return cors(HttpResponse(encode(data), status=status, content_type=JSON))


def json_response(request, payload: Payload) -> HttpResponse:
    body = encode(payload.data)
    response = HttpResponse(body, content_type=JSON)
    etag = f'"{hashlib.sha256(body).hexdigest()[:40]}"'
    response["ETag"] = etag
    timestamp = int(payload.modified.timestamp()) if payload.modified is not None else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    # Kept by browsers and proxies, but asked again each time: a 304 when nothing changed.
    patch_cache_control(response, public=True, no_cache=True)
    return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)


def api_view(view):
    """A view of the API: it answers GET and HEAD (and a browser's preflight, OPTIONS) as JSON in
    Swedish, whoever asks; refuses anything else; and turns an unknown object into a 404 and an
    unreadable parameter into a 400, both as error objects. Read only: no CSRF check is needed."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = cors(HttpResponse(status=204))
            response["Access-Control-Allow-Methods"] = ", ".join(READS)
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = ", ".join(READS)
            return response
        if request.method not in READS:
            response = error(405, f"Gränssnittet kan bara läsas: {request.method} tas inte emot.")
            response["Allow"] = ", ".join(READS)
            return response
        with translation.override("sv"):
            try:
                result = view(request, *args, **kwargs)
            except ParameterError as refused:
                return error(400, refused.message, parameter=refused.parameter)
            except Http404:
                return error(404, "Objektet finns inte, eller är inte offentligt.", debug=request.path)
            if isinstance(result, Payload):
                return cors(json_response(request, result))
        return cors(result)

    return wrapper
