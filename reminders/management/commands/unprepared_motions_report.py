from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.management.commands._day import parse_day
from reminders.report import report_pdf


class Command(BaseCommand):
    help = "Skriver redovisningen av motioner som inte beretts färdigt, per ett datum, som PDF."

    def add_arguments(self, parser):
        parser.add_argument("--datum", help="per datum, ÅÅÅÅ-MM-DD (i dag om utelämnat)")
        parser.add_argument("-o", "--output", type=Path, required=True, help="PDF-fil att skriva")

    def handle(self, *args, datum=None, output, **options):
        day = parse_day(datum) if datum is not None else timezone.localdate()
        try:
            output.write_bytes(report_pdf(day))
        except OSError as error:
            raise CommandError(f"{output}: kan inte skrivas ({error})") from None
        self.stdout.write(f"Skrev {output} (per {day}).")
