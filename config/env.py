"""Typed readers for environment variables.

Each helper names the variable in its error, so a wrong setting stops the
start-up with a message that says what to fix instead of failing later.
"""

import os
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_int_list(name: str, default: list[int]) -> list[int]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return [int(item) for item in raw.split(",") if item.strip()]
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a comma-separated list of whole numbers.") from None


def env_choice(name: str, default: str, *, choices: set[str]) -> str:
    value = os.environ.get(name, default).strip().upper()
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not one of: {', '.join(sorted(choices))}."
        )
    return value


def env_database(name: str) -> dict | None:
    """The database named by the URL in `name`, or None when unset."""
    import dj_database_url

    url = env_url(name, schemes={"postgres", "postgresql", "sqlite"})
    if url is None:
        return None
    try:
        return dj_database_url.parse(url, conn_max_age=60)
    except (ValueError, dj_database_url.ParseError) as error:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {error}") from None


def env_url(name: str, *, schemes: set[str]) -> str | None:
    """Return the URL in `name`, or None when unset; refuse other schemes."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    scheme = urlparse(raw).scheme
    if scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(
            f"{name} has the scheme {scheme or '(none)'!r}; expected one of: {allowed}."
        )
    return raw


def env_storage(*, spool_over: int) -> dict:
    """The storage of uploads, rendered minutes and reports (STORAGES["default"]): a bucket in
    S3-compatible object storage when AWS_STORAGE_BUCKET_NAME names one, shared by every web
    process and worker on any machine; the file system under MEDIA_ROOT otherwise.

    AWS_S3_ENDPOINT_URL names a service other than Amazon's (MinIO, Ceph, a cloud's own),
    addressed by path; AWS_S3_REGION_NAME its region. The keys are read by boto3 from
    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or a machine's role). A file read from the
    bucket is held in memory up to `spool_over` bytes, in a temporary file beyond."""
    bucket = env_str("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        # A name is never written over: two annexes of the same name, or a document rendered at the
        # same moment by two workers (decisions.documents.store), each get a name of their own, as
        # on the file system.
        "file_overwrite": False,
        # Private: every file is served by the application, through its access checks.
        "default_acl": None,
        "max_memory_size": spool_over,
        "region_name": env_str("AWS_S3_REGION_NAME", "").strip() or None,
    }
    endpoint = env_url("AWS_S3_ENDPOINT_URL", schemes={"http", "https"})
    if endpoint:
        # Bucket names as host names (bucket.example.org) need DNS that such services seldom have.
        options.update(endpoint_url=endpoint, addressing_style="path")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def env_cache(name: str) -> dict:
    """The cache named by the URL in `name`: redis:// (or rediss://) for a Redis
    server that every process shares; locmem:// (the default) for each process's
    own memory; dummy:// for none."""
    url = env_url(name, schemes={"redis", "rediss", "locmem", "dummy"}) or "locmem://"
    scheme = urlparse(url).scheme
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    # The public case pages are the largest entries (some tens of kB each).
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}
