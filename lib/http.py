"""Who is asking: the client's address, as the proxies in front report it."""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the
    first of them saw, counted from the end of X-Forwarded-For. Each proxy appends the address it
    was called from, so the entries to its left are the client's to write and are never trusted."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies < 1:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    # Without the header the request did not come through the proxies: the address is the caller's.
    return forwarded[-proxies] if len(forwarded) >= proxies else (forwarded[0] if forwarded else remote)
