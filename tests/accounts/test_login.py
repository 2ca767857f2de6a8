"""The menu's "Logga in" brings the visitor back to where they were, never to the login page."""

import re
from html import unescape

import pytest
from django.test import Client


def login_link(html: str) -> str:
    return unescape(re.search(r'<a class="nav-link" href="([^"]*)">Logga in</a>', html).group(1))


@pytest.mark.parametrize(("page", "link"), [
    ("/", "/konto/logga-in/?next=%2F"),
    ("/sammantraden/?ar=2021", "/konto/logga-in/?next=%2Fsammantraden%2F%3Far%3D2021"),
    # On the login page: the page the visitor was on their way to, not the login page.
    ("/konto/logga-in/", "/konto/logga-in/"),
    ("/konto/logga-in/?next=/sammantraden/", "/konto/logga-in/?next=%2Fsammantraden%2F"),
    ("/konto/logga-in/?next=/konto/logga-in/", "/konto/logga-in/"),
    ("/konto/logga-in/?next=https://example.org/", "/konto/logga-in/"),
])
def test_the_login_link_carries_the_page_as_next_but_never_the_login_page(huddinge, page, link):
    assert login_link(Client().get(page).content.decode()) == link


def test_signing_in_from_the_login_pages_own_link_goes_to_the_front_page(huddinge, registry_user):
    client = Client()
    link = login_link(client.get("/konto/logga-in/").content.decode())
    response = client.post(link, {"username": registry_user.username, "password": "demo"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_next_pointing_at_the_login_page_is_not_followed(huddinge, registry_user):
    response = Client().post("/konto/logga-in/?next=/konto/logga-in/%3Fnext%3D/",
                             {"username": registry_user.username, "password": "demo"})
    assert response["Location"] == "/"
