import datetime
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase

from cases.casefile.importer import import_cases
from motions.services import file_motion
from organisation.models import Body, Meeting, Municipality, Person
from organisation.orgfile.loader import load_organisation
from tests.support.shared_data import SHARED, shared_fixture

DATA = Path(__file__).resolve().parent.parent / "cases" / "data"
SEED_CASE = DATA / "huddinge-avhopparverksamhet.json"


# Data built once for consecutive tests that use it (tests/support/shared_data.py): each
# test sees it fresh, in a transaction of its own that is rolled back.

@shared_fixture("shared_huddinge")
def shared_huddinge():
    """Huddinge's organisation (cases/data/huddinge-organisation.json); the municipality's pk."""
    return load_organisation(json.loads((DATA / "huddinge-organisation.json").read_text())).municipality.pk


@pytest.fixture
def huddinge(db, shared_huddinge):
    return Municipality.objects.get(pk=shared_huddinge)


@pytest.fixture
def registrar(db):
    return _user("registrator")


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
    return file_the_motion(huddinge, nujin, meeting, registrar)


def file_the_motion(huddinge, nujin, meeting, registrar):
    """The `motion` fixture's motion (`meeting` as the fixture of that name),
    registered the day it came in: KS-2021/1."""
    return file_motion(
        huddinge, title="Inför en avhopparverksamhet för ett tryggare Huddinge",
        movers=[nujin], received_on=datetime.date(2021, 3, 8), registered_on=datetime.date(2021, 3, 8),
        filed_meeting=meeting("Kommunfullmäktige", "2021-03-15"),
        summary="Motionären yrkar att en avhopparverksamhet inrättas.",
        clauses=["att en avhopparverksamhet inrättas", "att den får egen budget"],
        by=registrar,
    )


@pytest.fixture
def seed_data():
    return json.loads(SEED_CASE.read_text())


@shared_fixture("shared_seed_case", after="shared_huddinge")
def shared_seed_case():
    """The seed case (cases/data/huddinge-avhopparverksamhet.json) imported; its pk."""
    (motion,) = import_cases(json.loads(SEED_CASE.read_text()))
    return motion.pk


@pytest.fixture
def seed_case(huddinge, shared_seed_case):
    from motions.models import Motion

    return Motion.objects.get(pk=shared_seed_case)


# Rendering the documents takes about a second: its tests run together, once in the session.
@shared_fixture("shared_signed_seed_case", after="shared_seed_case", gather=True)
def shared_signed_seed_case():
    """The seed case's three meetings signed, as in the demo; their documents rendered and archived."""
    from cases.management.commands.load_demo import sign_demo_meetings

    # Signing archives the documents once its transaction commits; the test's never does.
    with TestCase.captureOnCommitCallbacks(execute=True):
        sign_demo_meetings()


@pytest.fixture
def signed_seed_case(seed_case, shared_signed_seed_case):
    """The seed case with its three meetings' minutes signed (and archived), as in the demo."""
    return seed_case


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow on purpose; the tests do not test it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Personas, one per role (STYLE: built once, used by every test that needs them).

def _user(username, role=None, bodies=(), **extra):
    """The user `username` (password "demo") with the role over `bodies`; the one already
    there when shared data (a shared fixture) made it."""
    from accounts.models import UserRole

    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        return user
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


def build_pdf(*objects: bytes, catalog: bytes = b"", page: bytes = b"") -> bytes:
    """A PDF whose objects 1 (the catalog, with `catalog` added to it), 2 (its pages: one empty page, 3,
    with `page` added to it) and 4, 5, ... (`objects`) are as given, with the cross-reference table that
    readers look for."""
    bodies = [b"<</Type/Catalog/Pages 2 0 R" + catalog + b">>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
              b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]" + page + b">>", *objects]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)
    return bytes(out)


def text_pdf(text: str) -> bytes:
    """A one-page PDF with `text` on it, in a standard font (a reader, and the publication review's
    scan, reads it back)."""
    line = text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    content = b"BT /F1 12 Tf 72 770 Td (" + line + b") Tj ET"
    return build_pdf(b"<</Length %d>>stream\n%s\nendstream" % (len(content), content),
                     b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
                     page=b"/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>")


# A document with a line of text and nothing in it that the publication review holds back.
MINIMAL_PDF = text_pdf("Handling i ärendet")


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings, tmp_path_factory):
    # Uploaded attachments and stored reports stay out of the project folder.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def _signing_keys_file(tmp_path_factory):
    return tmp_path_factory.mktemp("signing") / "keys.json"


@pytest.fixture(autouse=True)
def signing_keys_in_a_temporary_folder(settings, _signing_keys_file):
    # The demo's signing keys (make_demo_signing_keys, run by sign_demo_meetings) are made once in the
    # session, outside the project folder.
    settings.SIGNING_KEYS_FILE = _signing_keys_file


@pytest.fixture(autouse=True)
def swedish_again_after_the_test():
    # A request in English (the language switch) leaves English active in the thread; the next test
    # starts in the interface's default language again.
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    # The cache remembers signed documents by meeting id; ids come round again between tests.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# The shared data's machinery (tests/support/shared_data.py).

@pytest.fixture(scope="session")
def _shared_data_session(django_db_blocker, tmp_path_factory):
    SHARED.blocker, SHARED.tmp = django_db_blocker, tmp_path_factory
    return SHARED


@pytest.fixture(scope="session")
def _shared_data_db(django_db_setup, _shared_data_session):
    """Requested when shared data is first built, so that it is rolled back before the
    test database goes."""
    yield
    _shared_data_session.prune([])


@pytest.fixture(autouse=True)
def _shared_data(request, _shared_data_session, fast_password_hashing, media_in_a_temporary_folder,
                 signing_keys_in_a_temporary_folder, settings):
    """Before the test's own transaction opens: the shared data it wants, built or kept,
    and a copy of its files in the test's MEDIA_ROOT."""
    _shared_data_session.enter(request, settings.MEDIA_ROOT)
    return _shared_data_session


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    SHARED.group(items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        # Once the test's transaction is gone: keep only what the next test wants too.
        if nextitem is not None and SHARED.stack:
            SHARED.prune(SHARED.wanted(nextitem))
