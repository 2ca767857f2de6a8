"""Configuration from the environment: a bad value stops start-up with its name."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    environment.update(env)
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=environment,
                          capture_output=True, text=True)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "perhaps"}, "DEBUG='perhaps' is not a boolean"),
        ({"DATABASE_URL": "mysql://localhost/x"}, "DATABASE_URL has the scheme 'mysql'"),
        ({"CELERY_BROKER_URL": "localhost:6379"}, "CELERY_BROKER_URL has the scheme"),
        ({"DEBUG": "false"}, "SECRET_KEY must be set when DEBUG is off"),
        ({"DATABASE_URL": "postgres://u@h:notaport/x"}, "DATABASE_URL is not a valid database URL"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL='LOUD' is not one of"),
        ({"DOCUMENT_MAX_BYTES": "25MB"}, "DOCUMENT_MAX_BYTES='25MB' is not a whole number"),
        ({"DOCUMENT_MAX_BYTES": "0"}, "DOCUMENT_MAX_BYTES must be a positive number of bytes"),
        ({"AWS_STORAGE_BUCKET_NAME": "motioner", "AWS_S3_ENDPOINT_URL": "minio:9000"},
         "AWS_S3_ENDPOINT_URL has the scheme 'minio'"),
    ],
)
def test_invalid_configuration_fails_at_start_up_naming_the_variable(env, message):
    result = check(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_defaults_give_a_working_local_setup():
    result = check()
    assert result.returncode == 0, result.stderr


def test_defaults(settings):
    from django.conf import settings as live

    assert live.LANGUAGE_CODE == "sv"
    assert live.TIME_ZONE == "Europe/Stockholm"
    if not os.environ.get("CELERY_BROKER_URL"):
        assert live.CELERY_TASK_ALWAYS_EAGER is True


def test_celery_reads_its_configuration_from_the_settings(settings):
    from config import celery_app

    assert celery_app.conf.task_always_eager == settings.CELERY_TASK_ALWAYS_EAGER
    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.timezone == "Europe/Stockholm"


def test_a_bucket_named_in_the_environment_stores_the_files_in_object_storage(monkeypatch):
    from config.env import env_storage

    assert env_storage(spool_over=100) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "motioner")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://s3.example.org")
    storage = env_storage(spool_over=100)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "motioner", "endpoint_url": "https://s3.example.org", "addressing_style": "path",
        "region_name": None, "file_overwrite": False, "default_acl": None, "max_memory_size": 100}


# --- Security for the open internet ----------------------------------------------------------------

A_REAL_SECRET_KEY = "k3v9-Qz!r7Tq2Lm8Xw4Np6Hs1Jd5Fg0Bc3Vn7Mx9Za2Sy4Ue6Io8Pl1Kj5Hg3Fd7"


def test_with_debug_off_the_defaults_pass_the_deployment_check():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SESSION_", "CSRF_"))},
             "DEBUG": "false", "SECRET_KEY": A_REAL_SECRET_KEY, "ALLOWED_HOSTS": "motioner.example.se"},
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout


def settings_in(env: dict, *names: str) -> dict:
    """The settings `names` as the settings module reads them from `env`."""
    script = ("import json, django; from django.conf import settings; django.setup(); "
              f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}))")
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


HTTPS = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
         "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS")


def test_make_run_keeps_plain_http_and_production_is_https_only():
    local = settings_in({}, *HTTPS)
    assert local == {"SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False, "SECURE_SSL_REDIRECT": False,
                     "SECURE_HSTS_SECONDS": 0, "SECURE_HSTS_INCLUDE_SUBDOMAINS": False, "SECURE_HSTS_PRELOAD": False,
                     "SECURE_PROXY_SSL_HEADER": None, "CSRF_TRUSTED_ORIGINS": []}
    production = settings_in({"DEBUG": "false", "SECRET_KEY": A_REAL_SECRET_KEY}, *HTTPS)
    assert production == {"SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True, "SECURE_SSL_REDIRECT": True,
                          "SECURE_HSTS_SECONDS": 31536000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
                          "SECURE_HSTS_PRELOAD": True, "SECURE_PROXY_SSL_HEADER": None, "CSRF_TRUSTED_ORIGINS": []}


def test_each_https_setting_comes_from_the_environment():
    values = settings_in({"DEBUG": "false", "SECRET_KEY": A_REAL_SECRET_KEY, "SECURE_SSL_REDIRECT": "false",
                          "SECURE_HSTS_SECONDS": "600", "SECURE_HSTS_PRELOAD": "no",
                          "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
                          "CSRF_TRUSTED_ORIGINS": "https://motioner.example.se, https://www.motioner.example.se"},
                         *HTTPS)
    assert values["SECURE_SSL_REDIRECT"] is False and values["SECURE_HSTS_PRELOAD"] is False
    assert values["SECURE_HSTS_SECONDS"] == 600
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://motioner.example.se", "https://www.motioner.example.se"]


def test_a_lower_limit_per_address_than_per_user_stops_start_up():
    result = check(LOGIN_FAILURE_LIMIT="10", LOGIN_FAILURE_LIMIT_PER_ADDRESS="5")
    assert result.returncode != 0 and "LOGIN_FAILURE_LIMIT_PER_ADDRESS" in result.stderr
