"""The pages show where a case is in its own organisation's words and steps:
a region whose board prepares motions (board → council) beside Huddinge
(committee → board → council)."""

import re

import pytest
from django.test import Client

from decisions.services.case_steps import prepare_draft_decision
from motions.models import Motion, Status
from motions.services import file_motion
from organisation.models import Meeting
from tests.conftest import d
from tests.support.organisations import region_with_board_and_council


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def region(huddinge):
    # Huddinge first: it stays the installation's own organisation (home_municipality).
    return region_with_board_and_council()


@pytest.fixture
def prepared(region, registrar) -> Motion:
    motion = file_motion(region.municipality, title="Fler vårdplatser", movers=[region.member],
                         received_on=d("2023-01-20"), by=registrar)
    prepare_draft_decision(motion, drafted_on=d("2023-03-01"), proposal="reject", by=registrar)
    motion.refresh_from_db()
    return motion


def stages(html: str) -> list[str]:
    line = html[html.index('<ol class="progress-line">'):]
    return re.findall(r'<span class="stage">([^<]+)</span>', line[:line.index("</ol>")])


FORMSETS = {f"{p}-{k}": v for p in ("proposals", "reservations")
            for k, v in {"TOTAL_FORMS": "3", "INITIAL_FORMS": "0"}.items()}


def test_a_regions_case_goes_from_its_board_to_its_council_on_the_pages(region, prepared, registry_user, client):
    url = prepared.get_absolute_url()
    html = client.get(url).content.decode()
    assert stages(html) == ["Väckt", "Remitterad", "Beredd", "Regionstyrelsen", "Regionfullmäktige"]
    assert "arbetsutskott" not in html.lower()
    reg = client_for(registry_user)
    form = reg.get(url + "protokollfor/").content.decode()
    assert "Förslag från Regionstyrelsen" in form and "Bereds i" not in form
    assert "utan eget ställningstagande." not in form  # only a preparing committee hands over without a position
    # The meeting page of the board lists the case as waiting for it.
    board_meeting = Meeting.objects.create(body=region.board, date=d("2023-03-13"))
    page = reg.get(board_meeting.get_absolute_url()).content.decode()
    assert "Ärenden som väntar på Regionstyrelsen" in page and prepared.title in page
    response = reg.post(url + "protokollfor/", {"step": "handle", "meeting": board_meeting.pk,
                                                 "outcome": "reject", **FORMSETS})
    assert response.status_code == 302
    assert Motion.objects.get(pk=prepared.pk).status == Status.BOARD
    # The board's minutes are not signed: the registry sees the step, the public the case as it was.
    assert "<strong>Beredd</strong>" in client.get(url).content.decode()
    html = reg.get(url).content.decode()
    assert "<strong>Behandlad i regionstyrelsen</strong>" in html
    assert "(Beredd → Behandlad i regionstyrelsen)" in html
    assert '<li class="current" aria-current="step">\n    <span class="stage">Regionfullmäktige</span>' in html
    # The case list says where each case is in its organisation's words.
    listing = client.get("/").content.decode()
    assert "<td>Behandlad i regionstyrelsen</td>" in listing


def test_the_working_committee_is_offered_only_where_it_prepares(huddinge, motion, registry_user, registrar):
    prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject", by=registrar)
    reg = client_for(registry_user)
    form = reg.get(motion.get_absolute_url() + "protokollfor/").content.decode()
    assert "Bereds i Kommunstyrelsens arbetsutskott" in form and "Förslag från Kommunstyrelsen" not in form
    assert "Kommunstyrelsens arbetsutskott kan lämna ärendet utan eget ställningstagande." in form
    assert stages(reg.get(motion.get_absolute_url()).content.decode())[3:] == [
        "Kommunstyrelsens arbetsutskott", "Kommunstyrelsen", "Kommunfullmäktige"]


def test_the_status_filter_names_the_installations_own_bodies(region, client):
    html = client.get("/").content.decode()
    options = re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', html)
    statuses = dict(options)
    assert statuses["working_committee"] == "Behandlad i kommunstyrelsens arbetsutskott"
    assert statuses["board"] == "Behandlad i kommunstyrelsen"


def test_a_regions_installation_filters_by_its_own_path(db, client):
    region_with_board_and_council()
    statuses = dict(re.findall(r'<option value="(\w+)"[^>]*>([^<]+)</option>', client.get("/").content.decode()))
    assert "working_committee" not in statuses
    assert statuses["board"] == "Behandlad i regionstyrelsen" and statuses["prepared"] == "Beredd"
