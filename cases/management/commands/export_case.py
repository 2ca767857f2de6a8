import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.casefile.exporter import dumps, export_case, write_cases
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
            # One case at a time, so that every case of the installation fits in memory.
            motions = Motion.objects.order_by("filed_on", "case_number")
            if output is None:
                write_cases(motions, sys.stdout)
                return
            # Written beside the file and moved into place: an error leaves no half-written file.
            partial = output.with_name(output.name + ".del")
            try:
                with partial.open("w", encoding="utf-8") as out:
                    write_cases(motions, out)
                partial.replace(output)
            except OSError as error:
                partial.unlink(missing_ok=True)
                raise CommandError(f"{output}: kan inte skrivas ({error})") from None
            return
        motion = Motion.objects.filter(case_number=case_number).first()
        if motion is None:
            raise CommandError(f"Inget ärende har diarienumret {case_number}.")
        text = dumps(export_case(motion))
        if output is None:
            sys.stdout.write(text)
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: kan inte skrivas ({error})") from None
