import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.casefile.documents import write_files
from cases.casefile.exporter import dumps, export_case, write_cases
from motions.models import Motion


class Command(BaseCommand):
    help = ("Skriver ut ett ärende (eller alla, med --all) som ärendefil (JSON, se docs/case-file.md). Med -o "
            "skrivs handlingarnas filer i mappen handlingar/ bredvid filen, annars i filen (base64).")

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
        else:
            motions = Motion.objects.filter(case_number=case_number)
            if not motions.exists():
                raise CommandError(f"Inget ärende har diarienumret {case_number}.")
        if output is None:
            self._write(motions, sys.stdout, one=not all)
            return
        # Written beside the file and moved into place: an error leaves no half-written file.
        partial = output.with_name(output.name + ".del")
        try:
            with partial.open("w", encoding="utf-8") as out:
                self._write(motions, out, folder=output.parent, one=not all)
            partial.replace(output)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"{output}: kan inte skrivas ({error})") from None

    @staticmethod
    def _write(motions, out, *, folder=None, one=False):
        if not one:
            write_cases(motions, out, folder=folder)
            return
        motion = motions.get()
        out.write(dumps(export_case(motion, inline=folder is None)))
        if folder is not None:
            write_files(motion, folder)
