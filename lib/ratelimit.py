"""A limit on the expensive requests one client may make a minute (a report for a day, a list's
export, a search, a PDF rendered on request), so that a burst from one address cannot starve the
site. Counted in the Django cache, which every web process shares once CACHES names a shared
server (per process with the local-memory default)."""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from lib.http import client_address

WINDOW = 60  # seconds


def _client(request) -> str:
    # A signed-in user is counted as themselves: a council's staff often share one address.
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{client_address(request)}"


def over_limit(request, kind: str) -> bool:
    """Count this request of `kind` against its client's allowance for the current minute;
    True when the allowance (EXPENSIVE_REQUESTS_PER_MINUTE, each kind apart) is spent."""
    key = f"ratelimit:{kind}:{_client(request)}:{int(time.time()) // WINDOW}"
    cache.add(key, 0, timeout=WINDOW + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the count lapsed between the two calls: a new minute
        cache.set(key, 1, timeout=WINDOW + 1)
        count = 1
    return count > settings.EXPENSIVE_REQUESTS_PER_MINUTE


def too_many_requests(request):
    """The answer to a request over the limit: 429, a page saying so in Swedish, and when to try again."""
    wait = WINDOW - int(time.time()) % WINDOW
    response = render(request, "429.html", {"limit": settings.EXPENSIVE_REQUESTS_PER_MINUTE, "seconds": wait},
                      status=429)
    response["Retry-After"] = str(wait)
    return response


def rate_limited(kind: str):
    """A view limited to EXPENSIVE_REQUESTS_PER_MINUTE requests of `kind` a minute from one client."""
    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            if over_limit(request, kind):
                return too_many_requests(request)
            return view(request, *args, **kwargs)
        return limited
    return decorator
