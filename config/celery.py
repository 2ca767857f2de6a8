import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("motionsregistret")
# Settings are read from Django's settings, CELERY_-prefixed, when the app is
# first used, not at import time.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
