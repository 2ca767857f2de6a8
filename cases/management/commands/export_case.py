import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.casefile.exporter import dumps, export_case
from motions.models import Motion


class Command(BaseCommand):
    help = "Skriver ut ett ärende (eller alla, med --all) som ärendefil (JSON, se docs/case-file.md)."

    def add_arguments(self, parser):
        parser.add_argument("case_number", nargs="?", help="diarienummer, t.ex. KS-2021/345")
        parser.add_argument("--all", action="store_true", help="alla ärenden, som en JSON-lista")
        parser.add_argument("-o", "--output", type=Path, help="fil att skriva till (annars standard ut)")

    def handle(self, *args, case_number, all, output, **options):
        if all == bool(case_number):
            raise CommandError("Ange antingen ett diarienummer eller --all.")
        if all:
            data = [export_case(m) for m in Motion.objects.order_by("filed_on", "case_number")]
        else:
            motion = Motion.objects.filter(case_number=case_number).first()
            if motion is None:
                raise CommandError(f"Inget ärende har diarienumret {case_number}.")
            data = export_case(motion)
        text = dumps(data)
        if output is None:
            sys.stdout.write(text)
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: kan inte skrivas ({error})") from None
