from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organisation.orgfile.loader import load_organisation
from organisation.orgfile.validation import OrganisationFileError, parse


class Command(BaseCommand):
    help = ("Läser in en organisation (kommun eller region) från en organisationsfil (JSON, se "
            "docs/organisation.md), eller uppdaterar den så att den stämmer med filen. Allt eller inget.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="organisationsfil (JSON)")

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: kan inte läsas ({error})") from None
        try:
            result = load_organisation(parse(text))
        except OrganisationFileError as error:
            # One line for each problem, then the refusal (exit status 1).
            for problem in error.problems:
                self.stderr.write(f"{file}: {problem}")
            raise CommandError(f"{file}: {len(error.problems)} fel; inget lästes in.") from None
        municipality = result.municipality
        self.stdout.write(f"{'Inläst' if result.created else 'Uppdaterad'}: {municipality} "
                          f"({result.bodies} organ, {result.people} personer, {result.memberships} uppdrag)")
        for kept in result.kept:
            self.stdout.write(f"Finns kvar men saknas i filen: {kept}")
