"""The download of a closed case's archive package: the registry's, from the case page, once
the case's decisions have legal force; the same bytes as the command writes."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.archive.conftest import package_bytes


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_registry_downloads_the_same_bytes_as_the_command_writes(closed_case, registry_user):
    response = client_for(registry_user).get(reverse("archive:package", args=[closed_case.case_number]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="huddinge-kommun-KS-2021-345.zip"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == package_bytes(closed_case)


@pytest.mark.parametrize("persona", ["councillor", "social_secretary", "administrator"])
def test_no_one_else_downloads_it(closed_case, persona, request):
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("archive:package", args=[closed_case.case_number]))
    assert response.status_code == 403


def test_an_open_case_is_refused_with_the_reason(motion, registry_user):
    response = client_for(registry_user).get(reverse("archive:package", args=[motion.case_number]))
    assert response.status_code == 403
    assert "är inte avslutat" in response.content.decode()


def test_the_case_page_offers_it_to_the_registry_only(closed_case, registry_user, councillor):
    url = reverse("archive:package", args=[closed_case.case_number])
    assert url in client_for(registry_user).get(closed_case.get_absolute_url()).content.decode()
    assert url not in client_for(councillor).get(closed_case.get_absolute_url()).content.decode()
    assert url not in client_for(None).get(closed_case.get_absolute_url()).content.decode()


def test_the_case_page_does_not_offer_it_before_legal_force(closed_case, registry_user, monkeypatch):
    council = closed_case.minute_items.get(body__name="Kommunfullmäktige")
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: council.meeting.appeal_until)
    page = client_for(registry_user).get(closed_case.get_absolute_url()).content.decode()
    assert reverse("archive:package", args=[closed_case.case_number]) not in page


def test_an_open_case_page_does_not_offer_it(motion, registry_user):
    page = client_for(registry_user).get(motion.get_absolute_url()).content.decode()
    assert reverse("archive:package", args=[motion.case_number]) not in page
