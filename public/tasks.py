"""Background jobs of the public side. Thin: each calls a service."""

from celery import shared_task

from public.oparl.dump import write_dumps


@shared_task(acks_late=True)
def write_oparl_dumps() -> list[int]:
    """Nightly (install_schedule): each organisation's open data as one file. Safe to run twice:
    each run writes a new file and keeps only the latest."""
    return [dump.pk for dump in write_dumps()]
