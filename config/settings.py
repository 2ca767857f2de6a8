"""Settings for the motion register.

Every value that differs between machines comes from the environment through
config.env; the defaults give a working local setup: SQLite in the project
folder, background tasks run in-process, e-mail printed to the console.
"""

import datetime
from pathlib import Path

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    env_bool,
    env_cache,
    env_choice,
    env_database,
    env_int,
    env_int_list,
    env_list,
    env_storage,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "local-development-only-not-secret"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_celery_beat",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # The apps depend one way, bottom first.
    "organisation",
    "signatures",
    "accounts",
    "publication",
    "motions",
    "documents",
    "referrals",
    "decisions",
    "archive",
    "reminders",
    "cases",
    "noticeboard",
    "feeds",
    "public",
    "stats",
]

MIDDLEWARE = [
    # First: an over-large request is refused before anything reads its body.
    "lib.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cases.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env_database("DATABASE_URL")
    or {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and its scheduler share the file: a transaction takes the
    # write lock when it begins, so that one waits for another's write (up to 20 s) instead of
    # failing with "database is locked" when a read turns into a write.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE",
                                       **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# What does not change between requests (the case list's filter choices, the public's case
# pages, the signed documents' places): each process's memory, or a Redis server they share.
CACHES = {"default": env_cache("CACHE_URL")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where `collectstatic` (run by bin/serve at start-up) gathers the files served with DEBUG off.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
# Uploads, rendered minutes and reports: on the file system under MEDIA_ROOT, or in a bucket of
# S3-compatible object storage (AWS_STORAGE_BUCKET_NAME; config.env.env_storage) that web
# processes and workers on several machines share. The code reaches them only through the
# storage API (default_storage, FieldFile.open), never by a path on the local disk.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    # A file read back is held in memory up to 2.5 MB (as an upload), in a temporary file beyond.
    "default": env_storage(spool_over=2_621_440),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Background work: in-process unless a broker is named. filesystem:// is a
# queue of files in CELERY_FILESYSTEM_FOLDER, which needs no server: `make run`
# starts its worker and scheduler on it.
CELERY_BROKER_URL = env_url(
    "CELERY_BROKER_URL", schemes={"redis", "rediss", "amqp", "amqps", "pyamqp", "filesystem"}
)
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
if CELERY_TASK_ALWAYS_EAGER:
    # Never used, since tasks run in-process; without it Celery would reach
    # for its default, a RabbitMQ on localhost.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A job whose worker died unacknowledged is delivered again after this many
# seconds (Redis; RabbitMQ redelivers when the connection drops).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    # How often a worker looks for such jobs: every interval × throttle seconds.
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": env_int("CELERY_UNACKED_RESTORE_THROTTLE", 10),
}
CELERY_TASK_REJECT_ON_WORKER_LOST = True
if CELERY_BROKER_URL.startswith("filesystem:"):
    # Sender and worker read and write the same folder (config.celery makes it).
    _queue_folder = env_str("CELERY_FILESYSTEM_FOLDER", str(BASE_DIR / "var" / "celery"))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": _queue_folder, "data_folder_out": _queue_folder,
        "control_folder": str(Path(_queue_folder) / "control"),
    }
# What a task prints (the console's e-mail) goes to the worker's output as printed.
CELERY_WORKER_REDIRECT_STDOUTS = False
# A broker outage loses nothing: work owed after a commit is recorded in its own row first (a
# render job, a mailing), and what the broker does not take is queued again by the sweeps of the
# schedule (install_schedule). A request tries the broker twice, each connection attempt given
# CELERY_BROKER_CONNECTION_TIMEOUT seconds, then goes on and says that the work waits.
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 2)
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2,
                                    "interval_max": 0.2}
if CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS["socket_connect_timeout"] = CELERY_BROKER_CONNECTION_TIMEOUT
# A render job that no worker has been heard from for this many seconds (queued and not picked
# up, or running without reporting progress: its worker died) is queued again by the sweep.
RENDER_STALE_AFTER = env_int("RENDER_STALE_AFTER", 45)

# Digital signing of the minutes (signatures app). The JSON file names each organisation's signing
# key and certificate (files beside it, or a key in a PKCS#11 module) and the certificates its
# signatures are trusted by; `manage.py make_demo_signing_keys` writes one for the demo.
SIGNING_KEYS_FILE = Path(env_str("SIGNING_KEYS_FILE", str(BASE_DIR / "var" / "signing" / "keys.json")))
# A time-stamping authority (RFC 3161) whose stamp each signature gets, when set; without one a
# signature holds the signing computer's own clock (PAdES B-B).
SIGNING_TIMESTAMP_URL = env_url("SIGNING_TIMESTAMP_URL", schemes={"http", "https"})

# E-mail: printed to the console unless EMAIL_HOST names an SMTP server.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "motioner@localhost")
# An SMTP call gives up well before a mailing's claim lapses (MAILING_CLAIM_TIMEOUT),
# so that no second sender takes over a mailing that is still being sent.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
MAILING_CLAIM_TIMEOUT = env_int("MAILING_CLAIM_TIMEOUT", 600)
# Links in e-mails point here.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Deadlines watched (reminders app). The notices before a motion's one-year
# mark and the months of the report to the council follow each organisation's
# rules of procedure (Municipality.one_year_notice_days, .report_months).
REFERRAL_REMINDER_DAYS = env_int_list("REFERRAL_REMINDER_DAYS", [14, 3])

# --- Security for the open internet -------------------------------------------------------------
# With DEBUG off every default is the secure one (`manage.py check --deploy` has nothing to say);
# each can be changed from the environment. README.md, "Production", explains them.

# HTTPS: cookies only over HTTPS, HSTS, plain HTTP redirected.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Origins (scheme and host) a form may be posted from besides the site's own, e.g. https://motioner.example.se.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Behind a proxy that ends HTTPS: the header it sets to "https" (e.g. X-Forwarded-Proto). Opt-in,
# since a client could set the header itself where no proxy overwrites it.
_proxy_https_header = env_str("SECURE_PROXY_SSL_HEADER", "").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_https_header.upper().replace("-", "_"), "https") if _proxy_https_header else None
)
# How many proxies in front add themselves to X-Forwarded-For: the client's address (for the
# lock-out and the rate limits, lib.http.client_address) is the one that many places from its end.
# 0: no proxy, REMOTE_ADDR is the client's.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Content-Security-Policy (django-csp): scripts, styles and images from the site itself only, no
# inline script or style attribute; a view that sets its own header keeps it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap's CSS draws its small icons (the menu button, a select's arrow) as data: SVGs.
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Password guessing (django-axes): a user is locked out at one address after LOGIN_FAILURE_LIMIT
# failed sign-ins, an address after LOGIN_FAILURE_LIMIT_PER_ADDRESS (whatever the user names), for
# LOGIN_LOCKOUT_MINUTES from the last failure; the lock-out page is accounts.views.locked_out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "lib.http.client_address"
AXES_USERNAME_CALLABLE = "accounts.lockout.username_of"
# A successful sign-in clears nothing: axes would clear the address's failures too, so that one
# valid account would let an address guess on for ever (AXES_RESET_ON_SUCCESS stays off).
# Its start-up banner and a log line per attempt would fill every command's output.
AXES_VERBOSE = False
if AXES_FAILURE_LIMIT < 1 or LOGIN_FAILURE_LIMIT_PER_ADDRESS < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT must be at least 1, and LOGIN_FAILURE_LIMIT_PER_ADDRESS "
                               "at least LOGIN_FAILURE_LIMIT.")

# A second factor (django-otp, TOTP): a user with a confirmed device gives a code after the
# password; with OTP_REQUIRED_FOR_REGISTRY the registry and the administrators must enrol one.
OTP_REQUIRED_FOR_REGISTRY = env_bool("OTP_REQUIRED_FOR_REGISTRY", False)
OTP_TOTP_ISSUER = "Motionsregistret"

# The expensive public requests (a report for a day, the lists' exports, search, a PDF rendered on
# request) that one client may make per minute, each kind counted apart (lib.ratelimit).
EXPENSIVE_REQUESTS_PER_MINUTE = env_int("EXPENSIVE_REQUESTS_PER_MINUTE", 30)
# --- end of security for the open internet ---------------------------------------------------------

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:index"
LOGOUT_REDIRECT_URL = "cases:index"

# What users send: the limits on a request (documents app, lib/middleware.py).
#
# A case's document (documents app), and a reservation's or statement's annex, may be at most
# this large; the services check it.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 25 * 1024 * 1024)
if DOCUMENT_MAX_BYTES < 1:
    raise ImproperlyConfigured("DOCUMENT_MAX_BYTES must be a positive number of bytes.")
# An upload is held in memory up to this size, and streamed to a temporary file beyond it.
FILE_UPLOAD_MAX_MEMORY_SIZE = min(DOCUMENT_MAX_BYTES, 2_621_440)
# The form's other fields (an answer's text of up to 100 000 characters among them).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The most fields in one form: the largest, a council meeting's attendance, has about 500.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# A whole request, files included: one document and the form's fields. A larger one is answered
# 413 before its body is read (lib.middleware.RequestSizeLimitMiddleware); the web server in front
# must let a request this large through (nginx: client_max_body_size 28m for the defaults).
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", DOCUMENT_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE)
if REQUEST_MAX_BYTES < DOCUMENT_MAX_BYTES:
    raise ImproperlyConfigured("REQUEST_MAX_BYTES must be at least DOCUMENT_MAX_BYTES.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", choices={"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}),
    },
    "loggers": {
        # Refused requests (403, 404) are the access rules at work, not faults.
        "django.request": {"level": "ERROR"},
        # WeasyPrint reports every unsupported CSS property at WARNING.
        "weasyprint": {"level": "ERROR"},
        # Its page-by-page progress is counted by the protocol task, not logged.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "ERROR"},
        # Each sign-in, failed or not (a lock-out is logged at WARNING).
        "axes": {"level": "WARNING"},
        # pypdf reports each repair of a damaged upload; the upload's check says what matters.
        "pypdf": {"level": "ERROR"},
    },
}
