"""Background jobs for the minutes. Thin: each calls a service."""

import logging

from celery import shared_task

from decisions.services import digital_signing, rendering
from lib.background import queue

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=3, default_retry_delay=30)
def render_protocol(self, job_id: int) -> int | None:
    try:
        job = rendering.run_render(job_id)
    except Exception as error:
        if self.request.retries >= self.max_retries or self.request.is_eager:
            rendering.fail_render(job_id, repr(error))
            raise
        raise self.retry(exc=error) from error
    return job.document_id if job else None


@shared_task
def requeue_renders() -> int:
    """Often (install_schedule: every 15 seconds): the protocols owed but not being
    rendered, queued again (never handed to the broker, lost by it, or their worker died)."""
    return rendering.requeue_stale_renders()



# The signing's e-mail: retried by the worker when the mail server fails; run at once without a
# broker, a failure is logged rather than failing the page that sent the minutes.

@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_signing_request(self, signature_id: int) -> bool:
    return _mail(self, digital_signing.send_signing_request, signature_id)


@shared_task(bind=True, max_retries=5, default_retry_delay=60)
def send_correction_notice(self, signature_id: int) -> bool:
    return _mail(self, digital_signing.send_correction_notice, signature_id)


@shared_task
def send_waiting_signing_requests() -> int:
    """Every minute (install_schedule): the signing requests not sent yet, queued again."""
    waiting = digital_signing.unsent_signing_requests()
    for signature_id in waiting:
        if not queue(send_signing_request, signature_id):
            break
    return len(waiting)


def _mail(task, send, signature_id: int) -> bool:
    try:
        return send(signature_id)
    except Exception as error:
        if task.request.is_eager:
            logger.exception("%s(%s) failed; the e-mail is not sent.", task.name, signature_id)
            return False
        raise task.retry(exc=error) from error
