import datetime
import json
from collections import Counter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, UserRole
from cases.casefile.importer import import_cases
from cases.casefile.validation import CaseFileError
from cases.demo import demo_steps
from cases.invented import build_invented_cases
from decisions.services.digital_signing import send_for_signing, sign, signatories
from lib.errors import DomainError
from motions.models import Motion
from motions.services import assign_case_officer
from organisation.models import Body, Meeting, Person
from organisation.orgfile.loader import load_organisation
from organisation.orgfile.validation import OrganisationFileError
from organisation.services import AttendanceRecord, record_attendance, update_meeting

DATA = Path(__file__).resolve().parents[2] / "data"
ORGANISATION = DATA / "huddinge-organisation.json"
# A region beside the municipality: the product serves both (its organisation only, for now).
REGION = DATA / "region-vasternorrland-organisation.json"
CASES = [DATA / "huddinge-avhopparverksamhet.json"]
MEETINGS = DATA / "huddinge-meetings.json"

# The demo signatories' authenticator key (RFC 6238's test key; base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ),
# listed in the README: a demo signatory signs in with a code an app makes from it.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"

# Demo accounts, all with the password "demo" (listed in the README).
REGISTRY_SECRETARY = "registrator"
COUNCILLOR = "ledamot"
CASE_OFFICER = "handlaggare"
BOARD_SECRETARIES = {
    "grundskolenamnden": "Grundskolenämnden",
    "gymnasieocharbetsmarknadsnamnden": "Gymnasie- och arbetsmarknadsnämnden",
    "kulturochfritidsnamnden": "Kultur- och fritidsnämnden",
    "socialnamnden": "Socialnämnden",
    "trygghetsochdelaktighetsberedningen": "Trygghets- och delaktighetsberedningen",
}


def read_data(path: Path):
    """One of the demo's data files; a missing or broken file stops the command with one line."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: kan inte läsas ({error})") from None
    except json.JSONDecodeError as error:
        raise CommandError(f"{path}: ogiltig JSON på rad {error.lineno}, kolumn {error.colno}: {error.msg}") from None


def sign_electronically(meeting: Meeting, *, signed_on: datetime.date) -> Meeting:
    """The minutes sent to their signatories and signed by each in turn on `signed_on`, from
    9.00 a quarter apart, with the organisation's (demo) signing key."""
    for attendance, _capacity in signatories(meeting):
        demo_signatory(attendance.person)
    signing_round = send_for_signing(meeting, by=None)
    start = timezone.make_aware(datetime.datetime.combine(signed_on, datetime.time(9)))
    for signature in signing_round.signatures.select_related("user"):
        sign(signature, by=signature.user, at=start + datetime.timedelta(minutes=15 * signature.position))
    return Meeting.objects.get(pk=meeting.pk)


def demo_signatory(person: Person):
    """The demo account `person` signs minutes with (password "demo"), its authenticator app set up
    with DEMO_TOTP_KEY."""
    role = UserRole.objects.filter(person=person).select_related("user").first()
    if role is not None:
        return role.user
    username = slugify(person.name).replace("-", ".")
    user = get_user_model().objects.create_user(
        username, password="demo", email=f"{username}@example.se", first_name=person.name.split()[0],
        last_name=" ".join(person.name.split()[1:]))
    UserRole.objects.create(user=user, role=Role.COUNCILLOR, person=person)
    TOTPDevice.objects.create(user=user, name="Autentiseringsapp (demo)", key=DEMO_TOTP_KEY, confirmed=True)
    return user


def sign_demo_meetings() -> list[Meeting]:
    """Record the attendance and signing of the demo case's meetings (those
    not signed yet), signed electronically by their signatories with the
    demo's signing key (made now if there is none); their documents are
    archived as signing does."""
    call_command("make_demo_signing_keys", verbosity=0)
    signed = []
    for data in read_data(MEETINGS)["meetings"]:
        meeting = Meeting.objects.filter(body__name=data["body"], date=data["date"]).first()
        if meeting is None or meeting.is_signed:
            continue
        people = {p.name: p for p in Person.objects.filter(municipality=meeting.body.municipality)}
        try:
            update_meeting(meeting, starts_at=datetime.time.fromisoformat(data["starts_at"]),
                           ends_at=datetime.time.fromisoformat(data["ends_at"]), place=meeting.place,
                           kept_at=data["kept_at"], by=None)
            record_attendance(meeting, [
                AttendanceRecord(person=people[row["name"]], role=row["role"],
                                 replaces=people.get(row.get("replaces")), duty=row.get("duty", ""),
                                 title=row.get("title", ""), signs=row.get("signs", False))
                for row in data["attendance"]
            ], by=None)
            meeting = sign_electronically(meeting, signed_on=datetime.date.fromisoformat(data["signed_on"]))
        except (DomainError, KeyError) as error:
            raise CommandError(f"{MEETINGS.name}: {meeting}: {error}") from None
        signed.append(meeting)
    return signed


class Command(BaseCommand):
    help = ("Läser in Huddinge kommuns och Region Västernorrlands organisationer, demoärendet, några års påhittade "
            "exempelärenden och demoanvändarna (lösenord: demo).")

    def add_arguments(self, parser):
        parser.add_argument("--without-invented", action="store_true",
                            help="Bara demoärendet, utan de påhittade exempelärendena.")

    @transaction.atomic
    def handle(self, *args, **options):
        organisations = []
        for path in (ORGANISATION, REGION):
            try:
                organisations.append(load_organisation(read_data(path)).municipality)
            except OrganisationFileError as error:
                raise CommandError(f"{path.name}: {error}") from None
        for path in CASES:
            data = read_data(path)
            if Motion.objects.filter(case_number=data["case_number"]).exists():
                self.stdout.write(f"Finns redan: {data['case_number']}")
                continue
            try:
                (motion,) = import_cases(data)
            except (CaseFileError, DomainError) as error:
                raise CommandError(f"{path.name}: {error}") from None
            self.stdout.write(f"Inläst: {motion.case_number} {motion.title}")
        for meeting in sign_demo_meetings():
            self.stdout.write(f"Justerat: {meeting}")
        registrar = self._users()
        if not options["without_invented"]:
            self._invented(organisations, by=registrar)
            self._own_lists(organisations[0], by=registrar)
            # The other apps' parts of the demo (cases.demo), such as a filled notice board.
            for step in demo_steps():
                try:
                    lines = step(organisations, today=timezone.localdate(), by=registrar)
                except DomainError as error:
                    raise CommandError(f"{step.__module__}: {error}") from None
                for line in lines:
                    self.stdout.write(line)

    def _invented(self, organisations, *, by):
        """Beside the seed case, a few years of invented cases for each
        organisation (cases.invented), placed back from today."""
        today = timezone.localdate()
        for municipality in organisations:
            try:
                motions = build_invented_cases(municipality, today=today, by=by)
            except DomainError as error:
                raise CommandError(f"{municipality}: påhittade exempelärenden: {error}") from None
            if motions:
                self.stdout.write(f"Påhittade exempelärenden: {len(motions)} i {municipality}")

    def _own_lists(self, municipality, *, by):
        """Give the demo's councillor and case officer lists of their own: the
        councillor is the council member who moved most of the municipality's
        invented motions, and the case officer prepares its open invented cases."""
        invented = [motion for motion in Motion.objects.filter(municipality=municipality)
                    .prefetch_related("movers__person").order_by("case_number") if motion.is_invented]
        councillor = UserRole.objects.get(user__username=COUNCILLOR)
        moved = Counter(mover.person for motion in invented for mover in motion.movers.all())
        if councillor.person_id is None and moved:
            person = min(moved, key=lambda person: (-moved[person], person.name))
            if not UserRole.objects.filter(person=person).exists():
                councillor.person = person
                councillor.save(update_fields=["person"])
        officer = get_user_model().objects.get(username=CASE_OFFICER)
        for motion in invented:
            if motion.case_officer_id is None and not motion.is_closed:
                assign_case_officer(motion, officer=officer, by=by)

    def _users(self):
        User = get_user_model()
        accounts = [
            (REGISTRY_SECRETARY, "Registrator", Role.REGISTRY, []),
            (COUNCILLOR, "Ledamot", Role.COUNCILLOR, []),
            (CASE_OFFICER, "Handläggare", Role.CASE_OFFICER, []),
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
        return User.objects.get(username=REGISTRY_SECRETARY)
