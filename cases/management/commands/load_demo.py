import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role, UserRole
from cases.casefile import CaseFileError, import_cases
from motions.models import Motion
from organisation.models import Body
from organisation.services import sync_reference_data

DATA = Path(__file__).resolve().parents[2] / "data"
ORGANISATION = DATA / "huddinge-organisation.json"
CASES = [DATA / "huddinge-avhopparverksamhet.json"]

# Demo accounts, all with the password "demo" (listed in the README).
REGISTRY_SECRETARY = "registrator"
COUNCILLOR = "ledamot"
BOARD_SECRETARIES = {
    "grundskolenamnden": "Grundskolenämnden",
    "gymnasieocharbetsmarknadsnamnden": "Gymnasie- och arbetsmarknadsnämnden",
    "kulturochfritidsnamnden": "Kultur- och fritidsnämnden",
    "socialnamnden": "Socialnämnden",
    "trygghetsochdelaktighetsberedningen": "Trygghets- och delaktighetsberedningen",
}


class Command(BaseCommand):
    help = "Läser in Huddinge kommuns organisation, demoärendet och demoanvändarna (lösenord: demo)."

    @transaction.atomic
    def handle(self, *args, **options):
        sync_reference_data(json.loads(ORGANISATION.read_text(encoding="utf-8")))
        for path in CASES:
            data = json.loads(path.read_text(encoding="utf-8"))
            if Motion.objects.filter(case_number=data["case_number"]).exists():
                self.stdout.write(f"Finns redan: {data['case_number']}")
                continue
            try:
                (motion,) = import_cases(data)
            except CaseFileError as error:
                raise CommandError(f"{path.name}: {error}") from None
            self.stdout.write(f"Inläst: {motion.case_number} {motion.title}")
        self._users()

    def _users(self):
        User = get_user_model()
        accounts = [
            (REGISTRY_SECRETARY, "Registrator", Role.REGISTRY, []),
            (COUNCILLOR, "Ledamot", Role.COUNCILLOR, []),
            *((username, f"Sekreterare, {body}", Role.BOARD_SECRETARY, [body])
              for username, body in BOARD_SECRETARIES.items()),
        ]
        for username, name, role, bodies in accounts:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": name, "email": f"{username}@example.se"}
            )
            if created:
                user.set_password("demo")
                user.save(update_fields=["password"])
                self.stdout.write(f"Användare: {username}")
            user_role, _ = UserRole.objects.get_or_create(user=user, defaults={"role": role})
            user_role.bodies.add(*Body.objects.filter(name__in=bodies))
