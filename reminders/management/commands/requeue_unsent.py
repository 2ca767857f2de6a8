from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from decisions.models import RenderJob
from decisions.services.rendering import requeue_stale_renders
from reminders.services import plan_mailings
from reminders.tasks import queue_mailings


class Command(BaseCommand):
    help = ("Lämnar till bakgrundstjänsten det som väntar på den: protokoll som aldrig köades (kön var nere), "
            "som kön tappade eller vars arbetare avbröts, och utskick som aldrig försökts. Detsamma görs av "
            "schemat (install_schedule) var 15:e sekund och varje minut; kommandot gör det genast. "
            "Säkert att köra flera gånger: inget skapas eller skickas två gånger.")

    def handle(self, *args, **options):
        renders = requeue_stale_renders()
        mailing_ids = plan_mailings(timezone.localdate(), deadlines=False)
        mailings = queue_mailings(mailing_ids)
        self.stdout.write(f"Köade {renders} protokoll och {mailings} utskick.")
        if mailings < len(mailing_ids) or RenderJob.objects.filter(
                state=RenderJob.State.QUEUED, sent_at__isnull=True).exists():
            raise CommandError("Bakgrundstjänstens kö nås inte; det som väntar köas när den är tillgänglig igen.")
