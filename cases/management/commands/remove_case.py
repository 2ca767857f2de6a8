from django.core.management.base import BaseCommand, CommandError

from accounts.roles import active_user
from cases.services import remove_case
from lib.errors import DomainError
from motions.models import Motion


class Command(BaseCommand):
    help = ("Tar bort ett ärende som inte finns i justerade protokoll. Ärendet sparas som ärendefil bland "
            "borttagna ärenden (i administrationen); läs in den med import_case för att ångra.")

    def add_arguments(self, parser):
        parser.add_argument("case_number", help="diarienummer, t.ex. KS-2021/345")
        parser.add_argument("--reason", required=True, help="varför ärendet tas bort")
        parser.add_argument("--by", required=True, metavar="ANVÄNDARNAMN",
                            help="vem som tar bort ärendet (står i historiken)")

    def handle(self, *args, case_number, reason, by, **options):
        user = active_user(by)
        if user is None:
            raise CommandError(f"Ingen aktiv användare har användarnamnet {by}.")
        motion = Motion.objects.filter(case_number=case_number).first()
        if motion is None:
            raise CommandError(f"Inget ärende har diarienumret {case_number}.")
        try:
            removed = remove_case(motion, by=user, reason=reason)
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Borttaget: {removed.case_number} {removed.title} (sparat som borttaget ärende "
                          f"nr {removed.pk}).")
