from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.package import package_name, write_package
from archive.selectors import closed_in
from lib.errors import DomainError
from motions.models import Motion


class Command(BaseCommand):
    help = ("Skriver ett avslutat ärendes arkivpaket (E-ARK SIP, CITS ERMS; FGS Paketstruktur) som ZIP-fil. "
            "Med --year skrivs ett paket för varje ärende som avslutades det året, i mappen som -o anger.")

    def add_arguments(self, parser):
        parser.add_argument("case_number", nargs="?", help="diarienummer, t.ex. KS-2021/345")
        parser.add_argument("--year", type=int, help="alla ärenden som avslutades det året")
        parser.add_argument("-o", "--output", type=Path, required=True,
                            help="ZIP-filen att skriva (med --year: mappen att skriva paketen i)")

    def handle(self, *args, case_number, year, output, **options):
        if (year is None) == (case_number is None):
            raise CommandError("Ange antingen ett diarienummer eller --year.")
        if case_number is not None:
            motion = Motion.objects.select_related("municipality").filter(case_number=case_number).first()
            if motion is None:
                raise CommandError(f"Inget ärende har diarienumret {case_number}.")
            self._write(motion, output)
            return
        motions = list(closed_in(year))
        if not motions:
            raise CommandError(f"Inga ärenden avslutades {year}.")
        if not output.is_dir():
            raise CommandError(f"{output}: finns inte eller är ingen mapp.")
        skipped = []
        for motion in motions:
            try:
                self._write(motion, output / package_name(motion))
            except CommandError as error:
                skipped.append(str(error))
        for line in skipped:
            self.stderr.write(f"Hoppade över: {line}")
        if len(skipped) == len(motions):
            raise CommandError(f"Inget av de {len(motions)} ärenden som avslutades {year} kunde arkiveras.")

    def _write(self, motion: Motion, output: Path) -> None:
        """Written beside the file and moved into place: a refusal or an error leaves no half-written file."""
        partial = output.with_name(output.name + ".del")
        try:
            with partial.open("wb") as out:
                written = write_package(motion, out)
            partial.replace(output)
        except DomainError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"{motion.case_number}: {error.message}") from None
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"{output}: kan inte skrivas ({error})") from None
        self.stdout.write(f"Skrev {output}: {motion.case_number}, {written.files} filer")
