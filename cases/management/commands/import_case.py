from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.roles import active_user
from cases.casefile.importer import import_cases
from cases.casefile.validation import CaseFileError, parse
from lib.errors import DomainError


class Command(BaseCommand):
    help = "Läser in ett eller flera ärenden från en ärendefil (JSON, se docs/case-file.md)."

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
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: kan inte läsas ({error})") from None
        try:
            motions = import_cases(parse(text), replace=replace, by=user)
        except CaseFileError as error:
            raise CommandError(f"{file}: {str(error).rstrip('.')}; inget lästes in.") from None
        except DomainError as error:  # a rule the import did not tie to a place in the file
            raise CommandError(f"{file}: {error.message.rstrip('.')}; inget lästes in.") from None
        for motion in motions:
            self.stdout.write(f"Inläst: {motion.case_number} {motion.title} ({motion.get_status_display()})")
