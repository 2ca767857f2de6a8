"""Who can be picked as a motion's mover: the council's members and
substitutes on the day the motion came in (Huddinge's council roster,
cases/data/huddinge-organisation.json), not its officials; everyone of the
organisation when the council has no roster that day."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motions.forms import MotionForm
from motions.models import Motion
from organisation.models import Membership, Person

# Kommunfullmäktige's terms: 2018-10-15 – 2022-10-14 and 2022-10-15 – 2026-10-14.
FIRST_TERM, SECOND_TERM, NO_TERM = "2021-03-08", "2023-05-02", "2030-01-15"


@pytest.fixture
def client(registry_user) -> Client:
    client = Client()
    client.force_login(registry_user)
    return client


def offered(form) -> dict[str, str]:
    """The movers offered: the name, and the label shown."""
    field = form.fields["movers"]
    return {person.name: field.label_from_instance(person) for person in field.queryset}


def form_on(huddinge, day: str, **data) -> MotionForm:
    return MotionForm({"title": "Fler parkbänkar", "received_on": day, **data}, municipality=huddinge)


def test_the_councils_members_and_substitutes_are_offered_not_its_secretary(huddinge):
    movers = offered(form_on(huddinge, FIRST_TERM))
    council = Membership.objects.filter(body__name="Kommunfullmäktige", starts_on="2018-10-15")
    assert set(movers) == set(council.filter(role__in=["member", "substitute"]).values_list("person__name", flat=True))
    assert movers["Nujin Alacabek"] == "Nujin Alacabek (V)"
    assert movers["Gustav Blom"] == "Gustav Blom (M), ersättare"
    # The council's secretary and the board's director are officials, not councillors.
    assert "Helena Strand" not in movers and "Olof Wikström" not in movers


def test_the_movers_follow_the_term_of_the_day_the_motion_came_in(huddinge):
    # Gustav Blom was a substitute in the first term and a member in the second.
    assert offered(form_on(huddinge, SECOND_TERM))["Gustav Blom"] == "Gustav Blom (M)"
    assert "Fatima Haddad" in offered(form_on(huddinge, SECOND_TERM))


def test_an_official_is_refused_as_mover_with_a_clear_message(huddinge, client):
    official = Person.objects.get(name="Olof Wikström")
    response = client.post(reverse("motions:register"), {
        "title": "Fler parkbänkar", "received_on": FIRST_TERM, "movers": [official.pk]})
    assert response.status_code == 200
    assert ("Välj motionärer bland kommunfullmäktiges ledamöter och ersättare 2021-03-08, den dag motionen inkom."
            in response.content.decode())
    assert not Motion.objects.exists()


def test_a_member_is_registered_as_mover_through_the_page(huddinge, client, nujin):
    response = client.post(reverse("motions:register"), {
        "title": "Fler parkbänkar", "received_on": SECOND_TERM, "movers": [nujin.pk]})
    assert response.status_code == 302
    assert list(Motion.objects.get().movers.values_list("person__name", flat=True)) == ["Nujin Alacabek"]


def test_the_page_offers_todays_council_before_a_date_is_given(huddinge, client, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2023, 5, 2))
    page = client.get(reverse("motions:register")).content.decode()
    labels = re.findall(r'<label[^>]*for="id_movers_\d+"[^>]*>\s*([^<]*?)\s*</label>', page)
    assert "Nujin Alacabek (V)" in labels and "Mikael Öberg (SD), ersättare" in labels
    assert not any(label.startswith(("Helena Strand", "Olof Wikström")) for label in labels)


def test_without_a_council_roster_that_day_everyone_of_the_organisation_is_offered(huddinge):
    movers = offered(form_on(huddinge, NO_TERM))
    assert set(movers) == set(Person.objects.filter(municipality=huddinge).values_list("name", flat=True))
    assert "Olof Wikström" in movers


def test_the_registry_registers_a_motion_for_the_organisation_it_picks(registry_user, huddinge):
    """With two organisations in the installation, the page offers both and
    registers the motion, numbered in its own series, for the one picked."""
    from django.test import Client

    from motions.models import Motion
    from organisation.models import Body, Municipality, Person

    region = Municipality.objects.create(name="Region Exempel", kind="region", case_prefix="RS")
    Body.objects.create(municipality=region, name="Regionfullmäktige", kind="council", genitive="Regionfullmäktiges",
                        decision_subject="Regionfullmäktige")
    mover = Person.objects.create(municipality=region, name="Rut Exempel")
    client = Client()
    client.force_login(registry_user)
    page = client.get(f"/arenden/ny/?organisation={region.pk}").content.decode()
    assert "Region Exempel" in page and "Huddinge kommun" in page and "Rut Exempel" in page
    response = client.post(f"/arenden/ny/?organisation={region.pk}", {
        "title": "Motion om fler cykelbanor", "received_on": "2024-03-01", "movers": [mover.pk]})
    assert response.status_code == 302
    motion = Motion.objects.get(title="Motion om fler cykelbanor")
    # The number is the registry's next of the year of registration, not of the year the motion came in.
    assert (motion.municipality, motion.case_number) == (region, f"RS-{timezone.localdate().year}/1")
