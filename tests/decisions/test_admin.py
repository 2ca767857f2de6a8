"""The admin shows signed minutes and changes nothing in them."""

from django.test import Client

from organisation.models import Meeting


def test_the_admin_refuses_to_change_or_delete_a_signed_meeting(signed_seed_case, administrator):
    client = Client()
    client.force_login(administrator)
    meeting = Meeting.objects.get(body__short_name="KSAU", date="2022-01-25")
    url = f"/admin/organisation/meeting/{meeting.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and b'name="place"' not in page.content  # shown read-only
    response = client.post(url, {"body": meeting.body_id, "date": "2022-01-25", "place": "Intrång"})
    assert response.status_code == 403
    assert client.post(f"/admin/organisation/meeting/{meeting.pk}/delete/", {"post": "yes"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.place == "Huddinge kommunhus"


def test_the_admin_edits_an_unsigned_meetings_place_but_never_its_signing(seed_case, administrator):
    client = Client()
    client.force_login(administrator)
    meeting = Meeting.objects.get(body__short_name="KSAU", date="2022-01-25")
    url = f"/admin/organisation/meeting/{meeting.pk}/change/"
    response = client.post(url, {"place": "Stora salen", "signed_on": "2022-01-27"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Stora salen" and meeting.signed_on is None
