"""The case list and the case page at a national scale: what a page costs does
not grow with the number of cases, people and bodies, and what is cached is
built again when the case changes."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motions.services import file_motion
from referrals.services import ReferralRequest, refer_motion
from tests.conftest import d


def add_organisations(count: int, *, people: int = 40, bodies: int = 12, motions: int = 60) -> None:
    """Organisations beside Huddinge, each with its people, bodies, motions moved by them and
    referrals to the bodies: written in bulk, as a large installation's data."""
    from motions.models import Motion, Mover
    from organisation.models import Body, Municipality, Party, Person
    from referrals.models import Referral

    party = Party.objects.order_by("pk").first()
    start = Municipality.objects.count()
    for n in range(start, start + count):
        organisation = Municipality.objects.create(name=f"Organisation {n}", case_prefix=f"O{n}")
        Body.objects.bulk_create(Body(municipality=organisation, name=f"Nämnd {n}-{i}", kind=Body.Kind.SERVICE_BOARD,
                                      genitive=f"Nämnd {n}-{i}s", decision_subject="Nämnden") for i in range(bodies))
        Person.objects.bulk_create(Person(municipality=organisation, name=f"Person {n}-{i}", party=party)
                                   for i in range(people))
        found_bodies = list(Body.objects.filter(municipality=organisation))
        found_people = list(Person.objects.filter(municipality=organisation))
        filed = datetime.date(2022, 3, 1)
        cases = Motion.objects.bulk_create(
            Motion(municipality=organisation, case_number=f"O{n}-2022/{i}", title=f"Motion {n}-{i}", received_on=filed,
                   filed_on=filed, status_since=filed, last_step_on=filed) for i in range(motions))
        Mover.objects.bulk_create(Mover(motion=case, person=found_people[i % people], party=party)
                                  for i, case in enumerate(cases))
        due = filed + datetime.timedelta(days=60)
        Referral.objects.bulk_create(Referral(motion=case, body=found_bodies[i % bodies], sent_on=filed, due_on=due)
                                     for i, case in enumerate(cases))


def page(client, url: str) -> tuple[str, int]:
    """The page's HTML and its number of queries, with nothing cached."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.mark.parametrize("url", ["/", "/?status=referred&year=2022", "/?ordning=title", "/?ordning=-status"])
def test_the_list_page_stays_small_and_its_queries_constant_with_many_organisations(client, seed_case, url):
    add_organisations(2)
    small, few = page(client, url)
    add_organisations(20)
    large, many = page(client, url)
    # 22 organisations' 880 people and 264 bodies are not offered on one page: the first organisation's are.
    assert len(large.encode()) < 60_000, len(large.encode())
    assert len(large.encode()) - len(small.encode()) < 2_000
    assert many == few
    assert "Person 5-1<" not in large and "Nämnd 5-1<" not in large


def test_the_movers_and_bodies_offered_are_the_chosen_organisations(client, seed_case, nujin):
    from organisation.models import Body, Municipality, Person

    add_organisations(3)
    other = Municipality.objects.get(name="Organisation 2")
    html = client.get(f"/?organisation={other.pk}").content.decode()
    assert ">Person 2-7<" in html and ">Nämnd 2-3<" in html and "Nujin Alacabek</option>" not in html
    # A mover or body of another organisation than the one chosen is named as unknown; the list is not filtered by it.
    person = Person.objects.get(name="Person 1-0")
    body = Body.objects.get(name="Nämnd 1-0")
    html = client.get(f"/?organisation={other.pk}&mover={person.pk}&body={body.pk}").content.decode()
    assert "Motionären finns inte bland personerna i Organisation 2. Välj en i listan." in html
    assert "Det finns inget organ med det valet i Organisation 2 som tar emot remisser. Välj ett i listan." in html
    assert "Motion 2-59<" in html
    # Chosen from the list, they filter.
    html = client.get(f"/?organisation={other.pk}&mover={Person.objects.get(name='Person 2-1').pk}").content.decode()
    assert re.findall(r">(Motion 2-\d+)<", html) == ["Motion 2-41", "Motion 2-1"]  # 40 movers in turn


def test_a_large_list_says_about_how_many_it_has_where_counting_would_read_them_all(client, seed_case):
    add_organisations(1, motions=1_100)
    html = client.get("/").content.decode()
    if connection.vendor == "postgresql":
        assert re.search(r"cirka [\d ]+ motioner", html) and "Sida 1 av cirka" in html
    else:  # SQLite keeps no estimate: it counts
        assert "1101 motioner" in html and "Sida 1 av 45" in html
    # A few filters' worth is counted exactly.
    assert "1 motion<" in client.get("/?q=avhopparverksamhet").content.decode()


def test_the_public_case_page_is_built_once_and_again_after_every_change(client, seed_case, registrar, body):
    from referrals.models import Referral
    from referrals.services import extend_referral_due_date

    motion = file_motion(seed_case.municipality, title="Fler parkbänkar", movers=[seed_case.movers.first().person],
                         received_on=d("2024-02-01"), by=registrar)
    url = motion.get_absolute_url()
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        assert "Fler parkbänkar" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as again:
        assert "Fler parkbänkar" in client.get(url).content.decode()
    assert len(again) == 1 < len(first)  # the case's key, and nothing else
    # A step: the public sees it at once.
    refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2024-05-01"))], sent_on=d("2024-02-10"),
                 by=registrar)
    assert "Socialnämnden" in client.get(url).content.decode()
    extend_referral_due_date(Referral.objects.get(motion=motion), due_on=d("2024-06-30"), on=d("2024-04-01"),
                             by=registrar)
    assert "2024-06-30" in client.get(url).content.decode()
    # A signed-in reader sees their own page, never the public's.
    assert "Bevaka ärendet" not in client.get(url).content.decode()
    client.force_login(registrar)
    assert "Bevaka ärendet" in client.get(url).content.decode()


def test_the_public_case_page_changes_with_its_meetings_and_with_a_bodys_new_name(
        client, signed_seed_case, registrar, admin_client, django_capture_on_commit_callbacks):
    from decisions.services.signing import record_appeal
    from organisation.models import Body

    url = signed_seed_case.get_absolute_url()
    assert "Överklagat" not in client.get(url).content.decode()
    item = signed_seed_case.minute_items.filter(meeting__signed_on__isnull=False).order_by("meeting__date").last()
    record_appeal(item, lodged_on=item.meeting.signed_on + datetime.timedelta(days=5), by=registrar)
    assert "Överklagat" in client.get(url).content.decode()
    # A body renamed in the admin: the public's page names it anew.
    social = Body.objects.get(municipality=signed_seed_case.municipality, name="Socialnämnden")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/organisation/body/{social.pk}/change/", {
            "municipality": social.municipality_id, "name": "Social- och omsorgsnämnden", "kind": social.kind,
            "genitive": social.genitive, "decision_subject": social.decision_subject, "short_name": social.short_name,
            "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Social- och omsorgsnämnden" in client.get(url).content.decode()
