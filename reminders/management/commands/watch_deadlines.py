from django.core.management.base import BaseCommand, CommandError

from reminders.management.commands._day import parse_day
from reminders.services import run_watch


class Command(BaseCommand):
    help = ("Skickar påminnelser om remisser och ettårsgränsen, registraturens sammanställning och "
            "e-post om bevakade ärenden som är aktuella i dag (eller --datum): var och en får dagens "
            "sammanställning, eller varje e-brev för sig om de valt det. Säker att köra flera gånger: "
            "högst en sammanställning per person och dag.")

    def add_arguments(self, parser):
        parser.add_argument("--datum", help="dagen att räkna från, ÅÅÅÅ-MM-DD (i dag om utelämnat)")

    def handle(self, *args, datum=None, **options):
        today = parse_day(datum) if datum is not None else None
        sent, failed = run_watch(today)
        self.stdout.write(f"Skickade {sent} meddelanden.")
        if failed:
            raise CommandError(f"{failed} meddelanden kunde inte skickas; de försöks igen nästa gång.")
