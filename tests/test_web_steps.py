"""The steps of a case through the web forms, as each role takes them."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from motions.models import Motion
from referrals.models import Referral
from referrals.services import ReferralRequest, refer_motion
from tests.conftest import MINIMAL_PDF, d
from tests.support.meetings import planned


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def errors(response) -> str:
    return response.content.decode()


def test_registry_registers_a_motion_and_gets_a_case_number(registry_user, nujin, body):
    council = planned(body("Kommunfullmäktige"), "2026-01-26")
    reg = client_for(registry_user)
    response = reg.post("/arenden/ny/", {
        "title": "Fler parkbänkar", "movers": [nujin.pk], "received_on": "2026-01-10",
        "filed_meeting": council.pk, "summary": "", "clauses": "att fler bänkar ställs ut\n\natt de underhålls",
        "text": "",
    })
    motion = Motion.objects.get(title="Fler parkbänkar")
    case_number = f"KS-{timezone.localdate().year}/1"  # the year of registration's
    assert response.status_code == 302 and response["Location"] == motion.get_absolute_url()
    assert motion.case_number == case_number
    assert motion.filed_meeting == council
    assert [c.text for c in motion.clauses.all()] == ["att fler bänkar ställs ut", "att de underhålls"]
    page = reg.get(motion.get_absolute_url()).content.decode()
    assert f"Motionen är registrerad med diarienummer {case_number}." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "Detta fält måste fyllas i."),
        ({"movers": []}, "Välj minst en motionär."),
        ({"filed_meeting": "2026-01-01"}, "Sammanträdet kan inte ligga före dagen motionen inkom."),
        ({"received_on": "2026-13-45"}, "Ange datum som ÅÅÅÅ-MM-DD, t.ex. 2026-11-30."),
        ({"received_on": "10/3/2025"}, "Ange datum som ÅÅÅÅ-MM-DD, t.ex. 2026-11-30."),
        ({"title": "x" * 301}, "som mest 300 tecken"),
    ],
)
def test_registering_refuses_bad_input_next_to_the_field(registry_user, nujin, body, data, message):
    if "filed_meeting" in data:  # a council meeting of the plan, by its date
        data = {**data, "filed_meeting": planned(body("Kommunfullmäktige"), data["filed_meeting"]).pk}
    form = {"title": "Titel", "movers": [nujin.pk], "received_on": "2026-01-10", "filed_meeting": "", **data}
    response = client_for(registry_user).post("/arenden/ny/", form)
    assert response.status_code == 200
    assert message in errors(response)
    assert not Motion.objects.exists()
    assert not response.context["form"].is_valid()


def test_referring_with_one_date_for_all_and_an_own_date_for_one(registry_user, motion, body):
    social, school = body("Socialnämnden"), body("Grundskolenämnden")
    response = client_for(registry_user).post(f"/arenden/{motion.case_number}/remittera/", {
        "bodies": [social.pk, school.pk], "sent_on": "2021-04-06", "due_on": "2021-09-30",
        f"due_{school.pk}": "2021-10-15", "version": motion.version,
    })
    assert response.status_code == 302
    assert dict(motion.referrals.values_list("body__name", "due_on")) == {
        "Socialnämnden": d("2021-09-30"), "Grundskolenämnden": d("2021-10-15")}


def test_a_refused_step_shows_the_services_message(registry_user, motion, body):
    response = client_for(registry_user).post(f"/arenden/{motion.case_number}/remittera/", {
        "bodies": [body("Socialnämnden").pk], "sent_on": "2021-03-01", "due_on": "2021-09-30",
        "version": motion.version,
    })
    assert response.status_code == 200
    assert "ligger före dagen då motionen väcktes (2021-03-15)" in errors(response)
    assert not motion.referrals.exists()


def test_a_form_opened_before_someone_else_acted_is_refused(registry_user, motion, body):
    stale = motion.version
    client = client_for(registry_user)
    client.post(f"/arenden/{motion.case_number}/remittera/", {
        "bodies": [body("Socialnämnden").pk], "sent_on": "2021-04-06", "due_on": "2021-09-30", "version": stale})
    response = client.post(f"/arenden/{motion.case_number}/remittera/", {
        "bodies": [body("Grundskolenämnden").pk], "sent_on": "2021-04-06", "due_on": "2021-09-30",
        "version": stale,
    })
    assert "registrerade ”Remitterad: Socialnämnden” i ärendet kl." in errors(response)
    assert list(motion.referrals.values_list("body__name", flat=True)) == ["Socialnämnden"]
    # The form now carries the case as it is: sending it again is a deliberate step on that.
    motion.refresh_from_db()
    assert response.context["form"]["version"].value() == motion.version


def test_a_step_the_case_does_not_allow_is_not_offered_as_a_form(registry_user, seed_case):
    html = client_for(registry_user).get(f"/arenden/{seed_case.case_number}/remittera/").content.decode()
    assert "ärendet är avslutat och kan inte ändras" in html
    assert 'name="bodies"' not in html


def test_withdrawing_a_motion_calls_back_its_open_referrals(registry_user, social_referral):
    motion = social_referral.motion
    response = client_for(registry_user).post(f"/arenden/{motion.case_number}/aterkalla/", {
        "on": "2021-05-01", "reason": "Motionären återkallar", "version": motion.version, "confirm": "on"})
    assert response.status_code == 302
    social_referral.refresh_from_db()
    assert (social_referral.status, social_referral.withdrawn_on) == ("withdrawn", d("2021-05-01"))


def test_steps_cannot_be_dated_in_the_future(registry_user, nujin, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: d("2026-11-26"))
    response = client_for(registry_user).post("/arenden/ny/", {
        "title": "Framtid", "movers": [nujin.pk], "received_on": "2027-01-10"})
    assert "ligger i framtiden" in errors(response)
    response = client_for(registry_user).post("/arenden/ny/", {
        "title": "Forntid", "movers": [nujin.pk], "received_on": "0001-01-01"})
    assert "Ange ett datum mellan 1900-01-01 och 2199-12-31." in errors(response)
    assert not Motion.objects.exists()


@pytest.fixture
def social_referral(motion, body, registrar):
    (referral,) = refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30"))],
                               sent_on=d("2021-04-06"), by=registrar)
    return referral


def test_board_secretary_answers_with_a_pdf(social_secretary, social_referral, client):
    response = client_for(social_secretary).post(f"/remisser/{social_referral.pk}/", {
        "action": "answer", "decided_on": "2021-09-28", "paragraph": "§ 112", "body_case_number": "SN-2021/1",
        "text": "Socialnämnden tillstyrker.", "document": SimpleUploadedFile("svar.pdf", MINIMAL_PDF),
    })
    assert response.status_code == 302
    social_referral.refresh_from_db()
    assert social_referral.status == Referral.Status.ANSWERED
    # The answer's document is the case's first document (aktbilaga 1), public like the answer.
    document = client.get(f"{social_referral.motion.get_absolute_url()}handlingar/1/")
    assert document.status_code == 200 and b"".join(document.streaming_content).startswith(b"%PDF")
    assert document["Content-Type"] == "application/pdf"
    page = client.get(social_referral.motion.get_absolute_url()).content.decode()
    assert "Remissvar från Socialnämnden § 112" in page


def test_an_attachment_is_checked_by_content_not_by_name(social_secretary, social_referral):
    response = client_for(social_secretary).post(f"/remisser/{social_referral.pk}/", {
        "action": "answer", "decided_on": "2021-09-28", "text": "Svar",
        "document": SimpleUploadedFile("svar.pdf", b"MZ\x90\x00 not a pdf at all"),
    })
    assert response.status_code == 200
    assert "Filen är inte en PDF" in errors(response)
    social_referral.refresh_from_db()
    assert social_referral.status == Referral.Status.SENT


def test_an_attachment_over_the_limit_is_refused(social_secretary, social_referral, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    response = client_for(social_secretary).post(f"/remisser/{social_referral.pk}/", {
        "action": "answer", "decided_on": "2021-09-28", "text": "Svar",
        "document": SimpleUploadedFile("svar.pdf", MINIMAL_PDF + b" " * 2000),
    })
    assert "en handling får vara högst 1,0\xa0kB" in errors(response)
    social_referral.refresh_from_db()
    assert social_referral.status == Referral.Status.SENT


def test_a_draft_is_seen_only_by_the_bodys_secretary(social_secretary, school_secretary, social_referral, client):
    client_for(social_secretary).post(f"/remisser/{social_referral.pk}/", {"action": "draft", "text": "HEMLIGT UTKAST"})
    social_referral.refresh_from_db()
    assert social_referral.draft_text == "HEMLIGT UTKAST" and social_referral.status == Referral.Status.SENT
    assert "HEMLIGT UTKAST" in client_for(social_secretary).get(f"/remisser/{social_referral.pk}/").content.decode()
    assert client_for(school_secretary).get(f"/remisser/{social_referral.pk}/").status_code == 404
    assert "HEMLIGT UTKAST" not in client.get(social_referral.motion.get_absolute_url()).content.decode()


def test_board_secretary_cannot_answer_another_boards_referral(school_secretary, social_referral):
    response = client_for(school_secretary).post(f"/remisser/{social_referral.pk}/", {
        "action": "answer", "decided_on": "2021-09-28", "text": "Fel nämnd svarar",
    })
    assert response.status_code == 404
    social_referral.refresh_from_db()
    assert social_referral.status == Referral.Status.SENT
    assert client_for(school_secretary).post(f"/remisser/{social_referral.pk}/forlang/",
                                             {"due_on": "2021-12-01", "on": "2021-09-01"}).status_code == 404


def test_two_boards_answer_the_same_motion_at_once(social_secretary, school_secretary, motion, body, registrar):
    """Each body's answer is guarded by its own referral, not by the whole case."""
    social, school = refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30")),
                                                    ReferralRequest(body("Grundskolenämnden"), d("2021-09-30"))],
                                  sent_on=d("2021-04-06"), by=registrar)
    social_client, school_client = client_for(social_secretary), client_for(school_secretary)
    social_client.get(f"/remisser/{social.pk}/")
    school_client.get(f"/remisser/{school.pk}/")
    for client, referral in ((school_client, school), (social_client, social)):
        response = client.post(f"/remisser/{referral.pk}/", {
            "action": "answer", "decided_on": "2021-09-20", "text": "Svar"})
        assert response.status_code == 302
    assert set(motion.referrals.values_list("status", flat=True)) == {"answered"}


def test_an_answer_sent_twice_is_recorded_once(social_secretary, social_referral):
    client = client_for(social_secretary)
    form = {"action": "answer", "decided_on": "2021-09-20", "text": "Svar"}
    assert client.post(f"/remisser/{social_referral.pk}/", form).status_code == 302
    again = client.post(f"/remisser/{social_referral.pk}/", form, follow=True)
    assert "Remissen har redan status ”Besvarad”; inget ändrades." in errors(again)
    assert social_referral.motion.events.filter(kind="referral_answered").count() == 1


def test_board_secretary_declines_to_comment(social_secretary, social_referral):
    response = client_for(social_secretary).post(f"/remisser/{social_referral.pk}/", {
        "action": "decline", "decline-decided_on": "2021-06-01", "decline-paragraph": "§ 40",
    })
    assert response.status_code == 302
    social_referral.refresh_from_db()
    assert social_referral.status == Referral.Status.DECLINED


def test_inbox_counts_referrals_due_soon_and_shows_the_days_left(social_secretary, social_referral, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: d("2021-09-20"))
    html = client_for(social_secretary).get("/remisser/").content.decode()
    assert "1 med svar inom 14 dagar" in html and "0 försenade" in html
    assert social_referral.motion.title in html and "10 dagar kvar" in html


def test_registry_prepares_and_records_the_three_meetings(registry_user, social_secretary, social_referral,
                                                          nujin, client, body):
    motion = social_referral.motion
    client_for(social_secretary).post(f"/remisser/{social_referral.pk}/", {
        "action": "answer", "decided_on": "2021-09-28", "text": "Svar"})
    reg = client_for(registry_user)
    url = f"/arenden/{motion.case_number}/"
    assert reg.post(url + "forslag-till-beslut/", {"drafted_on": "2022-01-10", "proposal": "deem_answered",
                                                   "summary": "Bedömning."}).status_code == 302
    # A meeting before the draft is not offered, and refused when sent anyway.
    ksau, board, council = (body("Kommunstyrelsens arbetsutskott"), body("Kommunstyrelsen"),
                            body("Kommunfullmäktige"))
    early = planned(ksau, "2021-12-01")
    assert f'value="{early.pk}"' not in reg.get(url + "protokollfor/").content.decode()
    response = reg.post(url + "protokollfor/", {"step": "handle", "meeting": early.pk})
    assert "Välj ett av de planerade sammanträdena." in errors(response)
    assert not motion.minute_items.exists()
    response = reg.post(url + "protokollfor/", {
        "step": "handle", "meeting": planned(ksau, "2022-01-25").pk, "number": "12", "summary": "Bedömning.",
    })
    assert response.status_code == 302
    item = motion.minute_items.get()
    assert (item.body.short_name, item.number, item.decision) == ("KSAU", 12, "hand_over")
    response = reg.post(url + "protokollfor/", {"step": "handle", "meeting": planned(board, "2022-02-07").pk})
    assert "Välj beslutet eller förslaget." in errors(response)
    assert reg.post(url + "protokollfor/", {"step": "handle", "meeting": planned(board, "2022-02-07").pk,
                                            "outcome": "deem_answered"}).status_code == 302
    assert reg.post(url + "protokollfor/", {"step": "handle", "meeting": planned(council, "2022-03-07").pk,
                                            "outcome": "deem_answered"}).status_code == 302
    motion.refresh_from_db()
    assert motion.status == "answered"
    html = client.get(url).content.decode()
    assert "Anses besvarad" in html and 'aria-current="step"' not in html


def test_send_back_needs_a_reason(registry_user, motion, body):
    Motion.objects.filter(pk=motion.pk).update(status="prepared")
    response = client_for(registry_user).post(f"/arenden/{motion.case_number}/protokollfor/", {
        "step": "send_back", "meeting": planned(body("Kommunstyrelsens arbetsutskott"), "2022-01-25").pk})
    assert "En återremiss måste ha en motivering." in errors(response)


def test_the_case_page_offers_only_the_steps_allowed_now(registry_user, seed_case, motion):
    closed = client_for(registry_user).get(seed_case.get_absolute_url()).content.decode()
    assert "Nästa steg" not in closed
    fresh = client_for(registry_user).get(motion.get_absolute_url()).content.decode()
    assert "Remittera" in fresh and "Registrera förslag till beslut" in fresh
    assert "Protokollför behandling" in fresh  # the council may strike it off
    assert "Återkalla motionen" in fresh


def test_registry_puts_the_case_on_an_agenda_and_the_minute_form_starts_from_it(registry_user, motion, client,
                                                                               body):
    from decisions.models import AgendaItem

    Motion.objects.filter(pk=motion.pk).update(status="prepared")
    reg = client_for(registry_user)
    meeting = planned(body("Kommunstyrelsens arbetsutskott"), "2022-01-25")
    page = reg.get(f"/arenden/{motion.case_number}/foredragningslista/").content.decode()
    # The planned meetings of the bodies that can handle the case now, under each body's name.
    assert re.search(rf'<optgroup label="Kommunstyrelsens arbetsutskott">\s*<option value="{meeting.pk}">'
                     r"2022-01-25</option>", page)
    response = reg.post(f"/arenden/{motion.case_number}/foredragningslista/", {"meeting": meeting.pk})
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    assert (item.meeting, item.position) == (meeting, 1)
    assert "På föredragningslistan för Kommunstyrelsens arbetsutskott 2022-01-25, punkt 1." in \
        client.get(motion.get_absolute_url()).content.decode()
    form = reg.get(f"/arenden/{motion.case_number}/protokollfor/").context["form"]
    assert form["meeting"].value() == meeting.pk and form["step"].value() == "handle"


def test_a_draft_with_a_nul_character_is_refused_without_a_500(social_secretary, social_referral):
    response = client_for(social_secretary).post(f"/remisser/{social_referral.pk}/",
                                                 {"action": "draft", "text": "utkast\x00"})
    assert response.status_code == 200
    assert "Null-tecken är inte tillåtna." in errors(response)
    social_referral.refresh_from_db()
    assert social_referral.draft_text == ""
