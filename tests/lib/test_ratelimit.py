"""Expensive requests are limited per client: a burst from one address cannot starve the site."""

import pytest
from django.test import Client

from stats.sections import PER_YEAR

A, B = "192.0.2.10", "198.51.100.7"


@pytest.fixture
def three_a_minute(settings, monkeypatch):
    settings.EXPENSIVE_REQUESTS_PER_MINUTE = 3
    # One minute throughout: the window does not turn in the middle of the test.
    monkeypatch.setattr("lib.ratelimit.time.time", lambda: 1_800_000_010.0)


@pytest.mark.parametrize("url", ["/?format=csv", "/?format=xlsx", "/?q=avhoppare"])
def test_the_request_after_the_limit_gets_429_and_another_address_does_not(seed_case, three_a_minute, url):
    client = Client()
    for _request in range(3):
        assert client.get(url, REMOTE_ADDR=A).status_code == 200
    refused = client.get(url, REMOTE_ADDR=A)
    assert refused.status_code == 429 and refused["Retry-After"] == "50"
    page = refused.content.decode()
    assert "För många förfrågningar" in page and "Vänta 50 sekunder" in page
    assert client.get(url, REMOTE_ADDR=B).status_code == 200
    # The page itself is not limited.
    assert client.get("/", REMOTE_ADDR=A).status_code == 200


def test_each_kind_is_counted_apart(seed_case, three_a_minute):
    client = Client()
    for _request in range(3):
        client.get("/?format=csv", REMOTE_ADDR=A)
    assert client.get("/?q=avhoppare", REMOTE_ADDR=A).status_code == 200


def test_the_next_minute_starts_again(seed_case, three_a_minute, monkeypatch):
    client = Client()
    for _request in range(4):
        client.get("/?format=csv", REMOTE_ADDR=A)
    monkeypatch.setattr("lib.ratelimit.time.time", lambda: 1_800_000_070.0)
    assert client.get("/?format=csv", REMOTE_ADDR=A).status_code == 200


def test_a_report_for_any_day_is_limited_per_signed_in_user(seed_case, three_a_minute, councillor, registry_user):
    """Staff often share one address: the signed-in are counted each as themselves."""
    url = "/rapporter/ej-fardigberedda-motioner.pdf?datum=2021-06-01"
    client = Client()
    client.force_login(councillor)
    for _request in range(3):
        assert client.get(url, REMOTE_ADDR=A).status_code == 200
    assert client.get(url, REMOTE_ADDR=B).status_code == 429
    other = Client()
    other.force_login(registry_user)
    assert other.get(url, REMOTE_ADDR=A).status_code == 200


def test_the_public_cannot_ask_for_a_report_of_any_day(seed_case):
    response = Client().get("/rapporter/ej-fardigberedda-motioner.pdf?datum=2021-06-01")
    assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")
    page = Client().get("/rapporter/ej-fardigberedda-motioner/").content.decode()
    assert "Logga in</a> för att ta fram redovisningen per ett annat datum" in page
    assert 'name="datum"' not in page


def test_statistics_for_new_filters_are_limited_and_those_already_counted_are_not(seed_case, three_a_minute):
    client = Client()
    for year in (2019, 2020, 2021):
        assert client.get(f"/statistik/?from_year={year}", REMOTE_ADDR=A).status_code == 200
    assert client.get("/statistik/?from_year=2018", REMOTE_ADDR=A).status_code == 429
    assert client.get("/statistik/?from_year=2021", REMOTE_ADDR=A).status_code == 200  # kept: not counted again
    assert client.get(f"/statistik/?format=csv&chart={PER_YEAR}", REMOTE_ADDR=A).status_code == 429
