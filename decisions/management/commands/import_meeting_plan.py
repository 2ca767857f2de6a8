from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.roles import active_user
from decisions.services.meeting_plan import MeetingPlanError, import_meeting_plan
from organisation.models import Municipality


class Command(BaseCommand):
    help = ("Läser in en sammanträdesplan från en CSV-fil med rubrikraden organ;datum;tid;plats. "
            "Filen läses in helt eller inte alls.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="sammanträdesplan (CSV, UTF-8 eller Excels CSV-format)")
        parser.add_argument("--organisation", metavar="NAMN",
                            help="organisationen vars organ filen nämner (förvald: den första inlästa)")
        parser.add_argument("--by", metavar="ANVÄNDARNAMN",
                            help="vem som läser in (står i sammanträdenas historik)")

    def handle(self, *args, file: Path, organisation: str | None, by: str | None, **options):
        user = None
        if by is not None:
            user = active_user(by)
            if user is None:
                raise CommandError(f"Ingen aktiv användare har användarnamnet {by}.")
        organisations = Municipality.objects.order_by("id")
        municipality = (organisations.filter(name=organisation) if organisation else organisations).first()
        if municipality is None:
            raise CommandError(f"Organisationen {organisation} finns inte." if organisation
                               else "Ingen organisation är inläst; läs in organisationsfilen först.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: kan inte läsas ({error})") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")  # Excel's "CSV (semikolonavgränsad)"
        try:
            meetings = import_meeting_plan(municipality, text, by=user)
        except MeetingPlanError as error:
            raise CommandError(f"{file}: inget lästes in.\n" + "\n".join(error.problems)) from None
        for meeting in meetings:
            self.stdout.write(f"Planerat: {meeting}")
