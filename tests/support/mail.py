"""An e-mail backend for the worker tests: slow, so a test can stop the worker
in the middle of sending, and writing files the test can read."""

import os
import time
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"started-{os.getpid()}-{time.monotonic_ns()}.marker").write_text("sending")
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0")))
        return super().send_messages(email_messages)
