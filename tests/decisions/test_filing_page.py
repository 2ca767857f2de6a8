"""The registry records the council's filing paragraph from the meeting page:
one motion, or several in one paragraph."""

import datetime

import pytest
from django.test import Client

from decisions.models import Decision, MinuteItem
from decisions.selectors.minutes.case import filed_motions
from motions.services import file_motion
from organisation.models import Meeting
from tests.support.meetings import planned


@pytest.fixture
def filed(huddinge, body, person, registrar):
    def file(title: str):
        return file_motion(huddinge, title=title, movers=[person("Nujin Alacabek")],
                           received_on=datetime.date(2023, 1, 9),
                           filed_meeting=planned(body("Kommunfullmäktige"), "2023-01-16"), by=registrar)
    return file


def test_several_motions_filed_in_one_paragraph(filed, registry_user):
    first, second = filed("Motion om fler parkbänkar"), filed("Motion om längre öppettider")
    meeting = first.filed_meeting
    client = Client()
    client.force_login(registry_user)
    page = client.get(meeting.get_absolute_url())
    assert "Protokollför anmälan" in page.content.decode()
    response = client.post(f"/sammantraden/{meeting.pk}/anmalan/", {"motion": [first.pk, second.pk], "number": "7"})
    assert response.status_code == 302
    item = MinuteItem.objects.get(meeting=meeting)
    assert (item.number, item.decision, item.motion) == (7, Decision.FILE, None)
    assert filed_motions(item) == [first, second]
    assert [e.description for e in meeting.events.filter(kind="paragraph_recorded")] == [
        f"§ 7 {first.case_number}", f"§ 7: {second.case_number} anmäls"]
    assert "Protokollför anmälan" not in client.get(meeting.get_absolute_url()).content.decode()


def test_one_motion_filed_takes_the_next_number(filed, registry_user):
    motion = filed("Motion om fler parkbänkar")
    client = Client()
    client.force_login(registry_user)
    client.post(f"/sammantraden/{motion.filed_meeting_id}/anmalan/", {"motion": [motion.pk]})
    item = motion.filing_items.get()
    assert (item.motion, item.number) == (motion, 1)


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Välj minst en motion att anmäla."),
    ({"number": "sju"}, "Paragrafnumret ska vara ett heltal från 1 till 9999."),
    ({"number": "9" * 5000}, "Paragrafnumret ska vara ett heltal från 1 till 9999."),
])
def test_bad_input_changes_nothing(filed, registry_user, data, message):
    motion = filed("Motion om fler parkbänkar")
    client = Client()
    client.force_login(registry_user)
    response = client.post(f"/sammantraden/{motion.filed_meeting_id}/anmalan/",
                           {**({"motion": [motion.pk]} if data.get("number") else {}), **data}, follow=True)
    assert message in response.content.decode()
    assert not MinuteItem.objects.filter(meeting=Meeting.objects.get(pk=motion.filed_meeting_id)).exists()


def test_a_motion_removed_leaves_the_filing_paragraph_it_shared(filed, registry_user, registrar):
    from cases.services import remove_case

    first, second = filed("Motion om fler parkbänkar"), filed("Motion om längre öppettider")
    client = Client()
    client.force_login(registry_user)
    client.post(f"/sammantraden/{first.filed_meeting_id}/anmalan/", {"motion": [first.pk, second.pk]})
    item = MinuteItem.objects.get(meeting_id=first.filed_meeting_id)
    remove_case(first, by=registrar, reason="Registrerad två gånger")
    item.refresh_from_db()
    assert filed_motions(item) == [second] and item.motion == second
