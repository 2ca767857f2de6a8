from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.management.commands._day import parse_day
from reminders.report import organisations, report_pdf


class Command(BaseCommand):
    help = "Skriver en organisations redovisning av motioner som inte beretts färdigt, per ett datum, som PDF."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", metavar="NAMN",
                            help="organisationens namn, som i organisationsfilen (den första om utelämnat)")
        parser.add_argument("--datum", help="per datum, ÅÅÅÅ-MM-DD (i dag om utelämnat)")
        parser.add_argument("-o", "--output", type=Path, required=True, help="PDF-fil att skriva")

    def handle(self, *args, organisation=None, datum=None, output, **options):
        day = parse_day(datum) if datum is not None else timezone.localdate()
        choices = organisations()
        if organisation is None:
            municipality = choices[0] if choices else None
        else:
            municipality = next((choice for choice in choices if choice.name == organisation.strip()), None)
            if municipality is None:
                known = (f"det finns {', '.join(f'”{choice.name}”' for choice in choices)}" if choices
                         else "ingen organisation är inlagd")
                raise CommandError(f"--organisation: det finns ingen organisation som heter ”{organisation}” "
                                   f"({known}).")
        try:
            output.write_bytes(report_pdf(day, municipality))
        except OSError as error:
            raise CommandError(f"{output}: kan inte skrivas ({error})") from None
        about = f"{municipality.name}, " if municipality else ""
        self.stdout.write(f"Skrev {output} ({about}per {day}).")
