from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.roles import active_user
from cases.casefile.documents import CaseFileFolder
from cases.casefile.importer import import_stream
from cases.casefile.validation import CaseFileError, read_cases
from lib.errors import DomainError

# Each case imported is named after the import, up to this many; then only how many more.
LISTED = 50


class Command(BaseCommand):
    help = ("Läser in ett eller flera ärenden från en ärendefil (JSON, se docs/case-file.md), ett ärende i "
            "taget; handlingarnas filer läses från ärendefilens mapp.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="ärendefil (JSON)")
        parser.add_argument(
            "--replace", action="store_true", help="ersätt ärenden vars diarienummer redan finns"
        )
        parser.add_argument("--by", metavar="ANVÄNDARNAMN",
                            help="vem som läser in (står i ärendenas och sammanträdenas historik)")

    def handle(self, *args, file: Path, replace: bool, by: str | None, **options):
        user = None
        if by is not None:
            user = active_user(by)
            if user is None:
                raise CommandError(f"Ingen aktiv användare har användarnamnet {by}.")
        listed = []

        def imported(motion):
            if len(listed) < LISTED:
                listed.append(f"Inläst: {motion.case_number} {motion.title} ({motion.get_status_display()})")

        try:
            with file.open(encoding="utf-8") as stream:
                count = import_stream(read_cases(stream), replace=replace, files=CaseFileFolder(file.parent),
                                      by=user, each=imported)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: kan inte läsas ({error}); inget lästes in.") from None
        except CaseFileError as error:
            raise CommandError(f"{file}: {str(error).rstrip('.')}; inget lästes in.") from None
        except DomainError as error:  # a rule the import did not tie to a place in the file
            raise CommandError(f"{file}: {error.message.rstrip('.')}; inget lästes in.") from None
        for line in listed:
            self.stdout.write(line)
        if count > len(listed):
            self.stdout.write(f"… och {count - len(listed)} ärenden till; {count} inlästa.")
