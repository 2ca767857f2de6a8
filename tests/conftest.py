import datetime
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from cases.casefile.importer import import_cases
from motions.services import file_motion
from organisation.models import Body, Meeting, Person
from organisation.services import sync_reference_data

DATA = Path(__file__).resolve().parent.parent / "cases" / "data"
SEED_CASE = DATA / "huddinge-avhopparverksamhet.json"


@pytest.fixture
def huddinge(db):
    return sync_reference_data(json.loads((DATA / "huddinge-organisation.json").read_text()))


@pytest.fixture
def registrar(db):
    return get_user_model().objects.create_user("registrator", password="demo")


@pytest.fixture
def body(huddinge):
    def get(name: str) -> Body:
        return Body.objects.get(municipality=huddinge, name=name)
    return get


@pytest.fixture
def nujin(huddinge):
    return Person.objects.get(name="Nujin Alacabek")


@pytest.fixture
def person(huddinge):
    def get(name: str) -> Person:
        return Person.objects.get(municipality=huddinge, name=name)
    return get


@pytest.fixture
def meeting(body):
    def get(name: str, day: str) -> Meeting:
        return Meeting.objects.get_or_create(body=body(name), date=datetime.date.fromisoformat(day))[0]
    return get


@pytest.fixture
def motion(huddinge, nujin, meeting, registrar):
    """A motion filed in the council on 2021-03-15, with two operative clauses."""
    return file_motion(
        huddinge, title="Inför en avhopparverksamhet för ett tryggare Huddinge",
        movers=[nujin], received_on=datetime.date(2021, 3, 8),
        filed_meeting=meeting("Kommunfullmäktige", "2021-03-15"),
        summary="Motionären yrkar att en avhopparverksamhet inrättas.",
        clauses=["att en avhopparverksamhet inrättas", "att den får egen budget"],
        by=registrar,
    )


@pytest.fixture
def seed_data():
    return json.loads(SEED_CASE.read_text())


@pytest.fixture
def seed_case(huddinge, seed_data):
    (motion,) = import_cases(seed_data)
    return motion


@pytest.fixture
def signed_seed_case(seed_case, django_capture_on_commit_callbacks):
    """The seed case with its three meetings' minutes signed (and archived), as in the demo."""
    from cases.management.commands.load_demo import sign_demo_meetings

    with django_capture_on_commit_callbacks(execute=True):
        sign_demo_meetings()
    return seed_case


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow on purpose; the tests do not test it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Personas, one per role (STYLE: built once, used by every test that needs them).

def _user(username, role=None, bodies=(), **extra):
    from accounts.models import UserRole

    user = get_user_model().objects.create_user(username, password="demo", **extra)
    if role:
        user_role = UserRole.objects.create(user=user, role=role)
        user_role.bodies.set(bodies)
    return user


@pytest.fixture
def registry_user(huddinge):
    return _user("reg", "registry")


@pytest.fixture
def councillor(huddinge):
    return _user("ledamot", "councillor")


@pytest.fixture
def social_secretary(body):
    return _user("sn", "board_secretary", [body("Socialnämnden")])


@pytest.fixture
def school_secretary(body):
    return _user("gsn", "board_secretary", [body("Grundskolenämnden")])


@pytest.fixture
def administrator(huddinge):
    return _user("admin", is_staff=True, is_superuser=True)


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings, tmp_path_factory):
    # Uploaded attachments and stored reports stay out of the project folder.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def empty_cache():
    # The cache remembers signed documents by meeting id; ids come round again between tests.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
