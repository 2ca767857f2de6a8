"""The meeting plan: meetings planned on the plan page or imported from a
file, taken off while they hold nothing, and chosen (never typed) by the
forms of the steps at a meeting."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from decisions.services.case_steps import prepare_draft_decision, put_on_agenda
from decisions.services.meeting_plan import MeetingPlanError, import_meeting_plan, remove_planned_meeting
from lib.errors import DomainError
from motions.models import Motion
from organisation.models import Meeting
from tests.conftest import d
from tests.support.meetings import planned

PLAN = reverse("decisions:meeting_plan")


@pytest.fixture
def registry(registry_user) -> Client:
    client = Client()
    client.force_login(registry_user)
    return client


def upload(text: str, encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("plan.csv", text.encode(encoding), content_type="text/csv")


# --- entering the plan --------------------------------------------------------

def test_the_registry_plans_a_meeting_on_the_plan_page(registry, body):
    ksau = body("Kommunstyrelsens arbetsutskott")
    response = registry.post(PLAN, {"body": ksau.pk, "date": "2027-02-02", "starts_at": "13:00",
                                    "place": "Sessionssalen", "add": ""}, follow=True)
    meeting = Meeting.objects.get(body=ksau, date=d("2027-02-02"))
    assert (meeting.starts_at, meeting.place) == (datetime.time(13), "Sessionssalen")
    assert meeting.events.get().kind == "scheduled"
    page = response.content.decode()
    assert "Kommunstyrelsens arbetsutskott 2027-02-02 är inlagt i sammanträdesplanen." in page
    assert response.redirect_chain[-1][0] == f"{PLAN}?organ={ksau.pk}&ar=2027"
    assert "<td>13.00</td>" in page and "<td>Sessionssalen</td>" in page and "Inget ännu" in page


def test_the_plan_page_shows_a_bodys_year(registry, body, registrar):
    ksau = body("Kommunstyrelsens arbetsutskott")
    planned(ksau, "2027-02-02")
    planned(ksau, "2026-12-01")
    planned(body("Kommunstyrelsen"), "2027-02-09")
    page = registry.get(f"{PLAN}?organ={ksau.pk}&ar=2027").content.decode()
    assert "2027-02-02" in page and "2026-12-01" not in page and "2027-02-09" not in page


def test_the_import_plans_every_meeting_of_the_file(registry, body, huddinge):
    text = ("organ;datum;tid;plats\n"
            "Kommunstyrelsens arbetsutskott;2027-01-19;13:00;Sessionssalen\n"
            "KS;2027-02-02;9.30;\n"
            "Kommunfullmäktige;15 februari 2027;;Huddinge kommunhus\n"
            "Kommunstyrelsen;2027-03-02;0900;\n")
    response = registry.post(PLAN, {"file": upload(text, "cp1252"), "organisation": huddinge.pk, "import": ""},
                             follow=True)
    assert "4 sammanträden är inlagda i sammanträdesplanen." in response.content.decode()
    assert sorted(Meeting.objects.filter(date__year=2027).values_list(
        "body__name", "date", "starts_at", "place")) == [
        ("Kommunfullmäktige", d("2027-02-15"), None, "Huddinge kommunhus"),
        ("Kommunstyrelsen", d("2027-02-02"), datetime.time(9, 30), ""),
        ("Kommunstyrelsen", d("2027-03-02"), datetime.time(9), ""),
        ("Kommunstyrelsens arbetsutskott", d("2027-01-19"), datetime.time(13), "Sessionssalen"),
    ]


def test_a_plan_file_with_errors_plans_nothing_and_names_each_line(registry, body, huddinge):
    planned(body("Kommunstyrelsen"), "2027-03-02")
    text = ("body,date,time,place\n"
            "Kommunstyrelsen,2027-02-02,13:00,Sessionssalen\n"
            "Kommunstyrelsen,2027-02-02,13:00,Sessionssalen\n"
            "Tekniska nämnden,2027-02-30,25:00,\n"
            "\n"
            "Kommunstyrelsen,2027-03-02,,\n")
    with pytest.raises(MeetingPlanError) as refused:
        import_meeting_plan(huddinge, text, by=None)
    assert refused.value.field == "file"
    assert refused.value.problems == [
        "Rad 3: Kommunstyrelsen 2027-02-02 står redan på rad 2.",
        "Rad 4: organet ”Tekniska nämnden” finns inte hos Huddinge kommun; datumet ”2027-02-30” ska skrivas "
        "ÅÅÅÅ-MM-DD; tiden ”25:00” ska skrivas TT:MM, till exempel 13:00.",
        "Rad 6: Kommunstyrelsen har redan ett sammanträde 2027-03-02.",
    ]
    response = registry.post(PLAN, {"file": upload(text), "organisation": huddinge.pk, "import": ""})
    page = response.content.decode()
    assert "Filen lästes inte in; inget sammanträde lades till." in page
    assert "Rad 4: organet ”Tekniska nämnden” finns inte hos Huddinge kommun" in page
    assert not Meeting.objects.filter(date="2027-02-02").exists()


@pytest.mark.parametrize(("text", "message"), [
    ("", "Filen är tom"),
    ("namn;dag\nKS;2027-01-01\n", "Rad 1: rubrikraden ska vara organ;datum;tid;plats"),
    ("organ;datum\n", "Filen har inga sammanträden under rubrikraden."),
    ("organ;datum;datum;tid\nKS;2027-01-01;2027-01-02;13.00\n", "Rad 1: rubrikraden ska vara"),
    ("organ;datum;tid;plats\nKS;2027-01-01;;" + "x" * 200_000 + "\n", "Rad 2 kan inte läsas som CSV"),
    ('organ;datum;tid;plats\nKS;2027-01-01;;"' + "x" * 140_000, "kan inte läsas som CSV"),
    ("organ;datum;tid;plats\nKS;2027-01-01;;S\x00al\n", "otillåtet tecken"),
])
def test_a_file_that_is_not_a_plan_is_refused(huddinge, text, message):
    with pytest.raises(MeetingPlanError, match=message):
        import_meeting_plan(huddinge, text, by=None)


def test_the_import_command_plans_a_file_or_nothing(tmp_path, body, huddinge):
    good = tmp_path / "plan.csv"
    good.write_text("organ;datum;tid;plats\nKommunstyrelsen;2027-02-02;13:00;Sessionssalen\n", encoding="utf-8")
    call_command("import_meeting_plan", str(good))
    assert Meeting.objects.filter(body=body("Kommunstyrelsen"), date=d("2027-02-02")).exists()
    bad = tmp_path / "fel.csv"
    bad.write_text("organ;datum;tid;plats\nKommunstyrelsen;2027-02-09;;\nKS;2027-02-02;;\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"Rad 3: Kommunstyrelsen har redan ett sammanträde 2027-02-02\."):
        call_command("import_meeting_plan", str(bad))
    assert not Meeting.objects.filter(date=d("2027-02-09")).exists()


# --- taking a meeting off the plan -------------------------------------------------

def test_a_planned_meeting_holding_nothing_is_taken_off_the_plan(registry, body):
    meeting = planned(body("Kommunstyrelsen"), "2027-02-02")
    page = registry.get(f"{PLAN}?organ={meeting.body_id}&ar=2027").content.decode()
    assert reverse("decisions:remove_meeting", args=[meeting.pk]) in page
    response = registry.post(reverse("decisions:remove_meeting", args=[meeting.pk]), follow=True)
    assert "Kommunstyrelsen 2027-02-02 är borttaget ur sammanträdesplanen." in response.content.decode()
    assert not Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_meeting_holding_a_case_stays_in_the_plan(registry, body, motion, registrar):
    prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject", by=registrar)
    meeting = planned(body("Kommunstyrelsens arbetsutskott"), "2021-06-08")
    put_on_agenda(motion, meeting=meeting, by=registrar)
    with pytest.raises(DomainError, match=r"kan inte tas bort ur planen: där finns redan 1 punkt på "
                                          r"föredragningslistan\.") as refused:
        remove_planned_meeting(meeting, by=registrar)
    assert refused.value.field == "meeting"
    page = registry.get(f"{PLAN}?organ={meeting.body_id}&ar=2021").content.decode()
    assert "1 punkt på föredragningslistan" in page
    assert reverse("decisions:remove_meeting", args=[meeting.pk]) not in page
    response = registry.post(reverse("decisions:remove_meeting", args=[meeting.pk]), follow=True)
    assert "kan inte tas bort ur planen" in response.content.decode()
    # The council meeting the motion was filed at holds it.
    with pytest.raises(DomainError, match="1 motion väckt vid det"):
        remove_planned_meeting(motion.filed_meeting, by=registrar)
    assert Meeting.objects.filter(pk__in=[meeting.pk, motion.filed_meeting_id]).count() == 2


# --- the forms choose a planned meeting ---------------------------------------------------

def test_a_typed_date_makes_no_meeting(registry, motion, body, registrar):
    prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject", by=registrar)
    before = Meeting.objects.count()
    url = reverse("decisions:minute_item", args=[motion.case_number])
    response = registry.post(url, {"step": "handle", "meeting_date": "2021-06-08", "meeting": "2021-06-08"})
    assert response.context["form"].errors["meeting"] == ["Välj ett av de planerade sammanträdena."]
    response = registry.post(reverse("decisions:agenda", args=[motion.case_number]), {"meeting_date": "2021-06-08"})
    assert response.context["form"].errors["meeting"] == ["Välj ett sammanträde."]
    response = registry.post("/arenden/ny/", {"title": "Fler bänkar", "movers": [motion.movers.get().person_id],
                                              "received_on": "2021-03-08", "filed_on": "2021-04-19"})
    assert Motion.objects.get(title="Fler bänkar").filed_meeting is None
    assert Meeting.objects.count() == before


def test_a_form_with_no_planned_meeting_leads_to_the_plan(registry, motion, body, registrar):
    prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject", by=registrar)
    board = body("Kommunstyrelsen")
    # The case waits for the working committee, or the council's striking off, whose only meeting is signed.
    Meeting.objects.filter(pk=motion.filed_meeting_id).update(
        signed_on=d("2021-03-17"), posted_on=d("2021-03-17"), appeal_until=d("2021-04-07"),
        notice_removed_on=d("2021-04-08"))
    page = registry.get(reverse("decisions:agenda", args=[motion.case_number])).content.decode()
    assert ("Kommunstyrelsens arbetsutskott och Kommunfullmäktige har inga planerade sammanträden att välja. "
            f'<a href="{PLAN}">Lägg in dem i sammanträdesplanen</a>') in page
    Motion.objects.filter(pk=motion.pk).update(status="board")  # the council's to decide now
    page = registry.get(reverse("decisions:minute_item", args=[motion.case_number])).content.decode()
    council = body("Kommunfullmäktige")
    assert f'Kommunfullmäktige har inga planerade sammanträden att välja. <a href="{PLAN}?organ={council.pk}">' in page
    Motion.objects.filter(pk=motion.pk).update(status="working_committee")  # the board's to handle now
    meeting = planned(board, "2021-09-06")
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=datetime.time(13), place="Sessionssalen")
    page = registry.get(reverse("decisions:minute_item", args=[motion.case_number])).content.decode()
    assert f'<option value="{meeting.pk}">2021-09-06 kl. 13.00, Sessionssalen</option>' in page
    assert "har inga planerade sammanträden" not in page


def test_a_step_at_another_bodys_meeting_is_refused_at_the_meeting_field(registry, motion, body, registrar):
    prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject", by=registrar)
    council = planned(body("Kommunfullmäktige"), "2021-06-14")
    response = registry.post(reverse("decisions:minute_item", args=[motion.case_number]),
                             {"step": "handle", "meeting": council.pk})
    assert response.context["form"].errors["meeting"] == [
        "Steget ”Bereds i Kommunstyrelsens arbetsutskott” tas vid ett sammanträde med Kommunstyrelsens "
        "arbetsutskott, inte med Kommunfullmäktige."]
    assert not motion.minute_items.exists()


def test_signed_minutes_are_not_offered(registry, motion, body, registrar):
    prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject", by=registrar)
    meeting = planned(body("Kommunstyrelsens arbetsutskott"), "2021-06-08")
    Meeting.objects.filter(pk=meeting.pk).update(signed_on=d("2021-06-10"), posted_on=d("2021-06-10"),
                                                 appeal_until=d("2021-07-01"), notice_removed_on=d("2021-07-02"))
    page = registry.get(reverse("decisions:agenda", args=[motion.case_number])).content.decode()
    assert f'<option value="{meeting.pk}"' not in page


def test_a_file_too_large_for_a_plan_is_refused_at_its_field(registry, huddinge):
    big = SimpleUploadedFile("plan.csv", b"organ;datum;tid;plats\n" + b"x" * (1024 * 1024), content_type="text/csv")
    response = registry.post(PLAN, {"file": big, "organisation": huddinge.pk, "import": ""})
    assert response.context["upload"].errors["file"] == ["Filen är för stor för en sammanträdesplan (högst 1 MB)."]
