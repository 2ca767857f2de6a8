"""The case list: filters, search, pagination, and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motions.services import file_motion
from referrals.services import ReferralRequest, refer_motion
from tests.conftest import d
from tests.support.shared_data import shared_fixture


def today():
    return d("2026-11-26")


@shared_fixture("shared_cases", after="shared_seed_case")
def shared_cases(shared_huddinge):
    """The two cases beside the seed case, filed once for the module's tests; their pks."""
    from unittest import mock

    from organisation.models import Body, Municipality, Party, Person
    from tests.conftest import _user

    huddinge = Municipality.objects.get(pk=shared_huddinge)
    registrar = _user("registrator")  # as the fixture of that name
    with mock.patch("django.utils.timezone.localdate", lambda *args, **kwargs: today()):
        anna = Person.objects.create(municipality=huddinge, name="Anna Andersson",
                                     party=Party.objects.get(abbreviation="M"))
        parks = file_motion(huddinge, title="Fler parkbänkar", movers=[anna], received_on=d("2023-02-01"),
                            by=registrar)
        culture = Body.objects.get(municipality=huddinge, name="Kultur- och fritidsnämnden")
        refer_motion(parks, requests=[ReferralRequest(culture, d("2023-06-01"))],
                     sent_on=d("2023-02-10"), by=registrar)
        lights = file_motion(huddinge, title="Belysning i parker", movers=[Person.objects.get(name="Nujin Alacabek")],
                             received_on=d("2026-06-01"), by=registrar)
    return {"parks": parks.pk, "lights": lights.pk}


@pytest.fixture
def cases(seed_case, huddinge, nujin, body, registrar, monkeypatch, shared_cases):
    from motions.models import Motion

    # The clock: "past the one-year mark" depends on today.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: today())
    return {"seed": seed_case, **{name: Motion.objects.get(pk=pk) for name, pk in shared_cases.items()}}


def titles(client, query=""):
    html = client.get("/" + query).content.decode()
    return [t for t in ("Inför en avhopparverksamhet", "Fler parkbänkar", "Belysning i parker") if t in html]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Inför en avhopparverksamhet", "Fler parkbänkar", "Belysning i parker"]),
        ("?q=park", ["Fler parkbänkar", "Belysning i parker"]),
        ("?status=answered", ["Inför en avhopparverksamhet"]),
        ("?status=open", ["Fler parkbänkar", "Belysning i parker"]),
        ("?year=2023", ["Fler parkbänkar"]),
        ("?party=M", ["Fler parkbänkar"]),
        ("?party=V", ["Inför en avhopparverksamhet", "Belysning i parker"]),
        ("?overdue=on", ["Fler parkbänkar"]),
    ],
)
def test_filters(client, cases, query, expected):
    assert titles(client, query) == expected


def test_filter_by_mover_and_by_body_with_an_open_referral(client, cases, nujin, body):
    assert titles(client, f"?mover={nujin.pk}") == ["Inför en avhopparverksamhet", "Belysning i parker"]
    culture = body("Kultur- och fritidsnämnden")
    assert titles(client, f"?body={culture.pk}") == ["Fler parkbänkar"]  # the seed's is answered


@pytest.mark.parametrize("query", ["?year=abc", "?party=XX", "?mover=999999", "?status=lost", "?sida=-1",
                                   "?sida=abc", "?body=x", "?q=" + "x" * 500])
def test_bad_filter_values_never_fail(client, cases, query):
    response = client.get("/" + query)
    assert response.status_code == 200


def test_pagination_keeps_the_filters(client, huddinge, nujin, registrar):
    for i in range(30):
        file_motion(huddinge, title=f"Motion om park {i}", movers=[nujin], received_on=d("2024-01-10"),
                    by=registrar)
    html = client.get("/?q=park").content.decode()
    assert "Sida 1 av 2" in html
    assert 'href="?q=park&amp;sida=2"' in html
    assert "Sida 2 av 2" in client.get("/?q=park&sida=2").content.decode()


@pytest.mark.parametrize("url", ["/", "/?status=open&party=V&overdue=on", "/arenden/KS-2021/1/"])
def test_list_and_case_pages_answer_in_the_same_number_of_queries_for_1_and_50_cases(
        client, huddinge, nujin, body, registrar, url):
    def add(n):
        for i in range(n):
            motion = file_motion(huddinge, title=f"Motion {i}", movers=[nujin], received_on=d("2021-03-01"),
                                 registered_on=d("2021-03-01"), clauses=["att", "att"], by=registrar)
            refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-06-01")),
                                           ReferralRequest(body("Grundskolenämnden"), d("2021-06-01"))],
                         sent_on=d("2021-03-10"), by=registrar)

    add(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add(49)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(url).status_code == 200
    assert len(fifty) == len(one)


@pytest.mark.parametrize("url", ["/remisser/", "/arenden/KS-2021/1/", "/arenden/KS-2021/1/remittera/",
                                 "/arenden/KS-2021/1/protokollfor/", "/"])
@pytest.mark.parametrize("who", ["registry_user", "social_secretary"])
def test_signed_in_pages_answer_in_the_same_number_of_queries_for_1_and_50_cases(
        client, huddinge, nujin, body, registrar, url, who, request):
    client.force_login(request.getfixturevalue(who))

    def add(n):
        for i in range(n):
            motion = file_motion(huddinge, title=f"Motion {i}", movers=[nujin], received_on=d("2021-03-01"),
                                 registered_on=d("2021-03-01"), by=registrar)
            refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-06-01")),
                                           ReferralRequest(body("Grundskolenämnden"), d("2021-06-01"))],
                         sent_on=d("2021-03-10"), by=registrar)

    add(1)
    with CaptureQueriesContext(connection) as one:
        status = client.get(url).status_code
    add(49)
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(url).status_code == status
    assert len(fifty) == len(one)
