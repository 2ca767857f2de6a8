from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from decisions.documents import extract_pdf
from decisions.selectors.minutes import minute_items_for_render


class Command(BaseCommand):
    help = "Skriver protokollsutdraget för ett ärendes paragraf hos ett organ som PDF."

    def add_arguments(self, parser):
        parser.add_argument("case_number", help="diarienummer, t.ex. KS-2021/345")
        parser.add_argument("--body", required=True, help="organets namn, t.ex. ”Kommunstyrelsens arbetsutskott”")
        parser.add_argument("-o", "--output", type=Path, required=True, help="PDF-fil att skriva")

    def handle(self, *args, case_number, body, output, **options):
        items = list(
            minute_items_for_render()
            .filter(motion__case_number=case_number, body__name__iexact=body)
            .order_by("-meeting__date", "-number")
        )
        if not items:
            raise CommandError(
                f"Ingen paragraf hos ”{body}” i ärendet {case_number}; kontrollera diarienumret och organets namn."
            )
        # A deferred case has several paragraphs at a body; the latest is the extract asked for.
        pdf = extract_pdf(items[0])
        try:
            output.write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"{output}: kan inte skrivas ({error})") from None
        self.stdout.write(f"Skrev {output} ({items[0]}, {len(pdf)} byte).")
