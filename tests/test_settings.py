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
