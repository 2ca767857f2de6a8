from django.core.management.base import BaseCommand, CommandError

from accounts.roles import active_user
from cases.casefile.importer import restore_case
from cases.casefile.validation import CaseFileError
from cases.models import RemovedCase
from lib.errors import DomainError


class Command(BaseCommand):
    help = "Återställer ett borttaget ärende, med dess handlingar, som det var när det togs bort."

    def add_arguments(self, parser):
        parser.add_argument("case_number", help="diarienummer, t.ex. KS-2021/345 (den senaste borttagningen)")
        parser.add_argument("--by", metavar="ANVÄNDARNAMN",
                            help="vem som återställer (står i ärendets och sammanträdenas historik)")

    def handle(self, *args, case_number: str, by: str | None, **options):
        user = None
        if by is not None:
            user = active_user(by)
            if user is None:
                raise CommandError(f"Ingen aktiv användare har användarnamnet {by}.")
        removed = RemovedCase.objects.filter(case_number=case_number).first()  # the latest first
        if removed is None:
            raise CommandError(f"Inget borttaget ärende har diarienumret {case_number}.")
        try:
            motion = restore_case(removed, by=user)
        except CaseFileError as error:
            raise CommandError(f"{case_number}: {str(error).rstrip('.')}; inget återställdes.") from None
        except DomainError as error:
            raise CommandError(f"{case_number}: {error.message.rstrip('.')}; inget återställdes.") from None
        self.stdout.write(f"Återställt: {motion.case_number} {motion.title} ({motion.get_status_display()})")
