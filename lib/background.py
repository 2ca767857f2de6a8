"""Handing work to the background workers without letting the broker's
absence fail the caller. The work is recorded in a row of its own before it
is queued (a render job, a mailing), so what could not be queued now is
queued again by a periodic sweep once the broker is back."""

import logging

# kombu's error for a broker that cannot be reached (Redis or RabbitMQ down,
# refused, timed out), as Celery raises it when a task is sent.
from celery.exceptions import OperationalError

logger = logging.getLogger(__name__)


def queue(task, *args) -> bool:
    """Queue `task(*args)` for a worker (run at once when there is no broker).
    Returns False, and logs why, when the broker cannot be reached; the
    caller's row keeps the work for the sweep. The broker's absence costs the
    caller about two connection attempts (settings: CELERY_BROKER_CONNECTION_TIMEOUT,
    CELERY_TASK_PUBLISH_RETRY_POLICY)."""
    try:
        task.apply_async(args)
    except OperationalError as error:
        logger.warning("%s%r not queued, the broker cannot be reached (%s); the sweep queues it later.",
                       task.name, args, error)
        return False
    return True
