"""Background jobs for the minutes. Thin: each calls a service."""

from celery import shared_task

from decisions.services import rendering


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
