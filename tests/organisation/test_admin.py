"""The registry edits the organisation in the admin, held to the organisation
file's rules (organisation/orgfile/rules.py) with Swedish messages."""

import pytest
from django.test import Client

from organisation.models import Body, Membership


@pytest.fixture
def admin_client(administrator):
    client = Client()
    client.force_login(administrator)
    return client


@pytest.mark.parametrize("page", [
    "municipality/", "municipality/{huddinge}/change/", "body/", "body/{ksau}/change/", "person/",
    "person/{anna}/change/", "party/", "membership/", "membership/?role__exact=substitute&in_force=now",
    "membership/?in_force=ended&body__id__exact={ksau}", "membership/add/",
])
def test_the_admin_shows_the_organisation(admin_client, huddinge, body, person, page):
    url = "/admin/organisation/" + page.format(huddinge=huddinge.pk, ksau=body("Kommunstyrelsens arbetsutskott").pk,
                                              anna=person("Anna Berglund").pk)
    assert admin_client.get(url).status_code == 200


def test_the_path_of_preparation_offers_the_boards_committees_only(admin_client, huddinge, body):
    page = admin_client.get(f"/admin/organisation/municipality/{huddinge.pk}/change/")
    choices = list(page.context["adminform"].form.fields["preparing_committee"].queryset)
    assert choices == [body("Kommunstyrelsens arbetsutskott")]


def _municipality_form(huddinge, **changes):
    change = huddinge.layout_changes.get()
    return {
        "name": huddinge.name, "kind": huddinge.kind, "case_prefix": huddinge.case_prefix,
        "case_number_format": huddinge.case_number_format,
        "contact_email": huddinge.contact_email, "contact_phone": "", "report_months": "4, 10",
        "one_year_notice_days": "90, 30, 7, 0", "preparing_committee": huddinge.preparing_committee_id,
        "minute_layout": huddinge.minute_layout_id,
        "layout_changes-TOTAL_FORMS": "1", "layout_changes-INITIAL_FORMS": "1",
        "layout_changes-MIN_NUM_FORMS": "0", "layout_changes-MAX_NUM_FORMS": "1000",
        "layout_changes-0-id": change.pk, "layout_changes-0-municipality": huddinge.pk,
        "layout_changes-0-starts_on": "2024-01-01", "layout_changes-0-layout": change.layout_id,
        **changes,
    }


def test_the_rules_of_procedure_are_typed_as_numbers_and_checked(admin_client, huddinge):
    url = f"/admin/organisation/municipality/{huddinge.pk}/change/"
    refused = admin_client.post(url, _municipality_form(huddinge, report_months="4, 13"))
    assert refused.status_code == 200
    assert "En månad ska vara ett heltal från 1 till 12, inte 13." in refused.content.decode()
    assert admin_client.post(url, _municipality_form(huddinge, report_months="11; 5",
                                                     one_year_notice_days="0, 60")).status_code == 302
    huddinge.refresh_from_db()
    assert (huddinge.report_months, huddinge.one_year_notice_days) == ([5, 11], [60, 0])


def test_the_case_number_format_is_checked_as_the_organisation_file_checks_it(admin_client, huddinge):
    url = f"/admin/organisation/municipality/{huddinge.pk}/change/"
    refused = admin_client.post(url, _municipality_form(huddinge, case_number_format="{prefix}-{number}"))
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["case_number_format"] == [
        "Diarienumret ska innehålla året, {year} (fyra siffror) eller {yy} (två)."]
    assert admin_client.post(url, _municipality_form(huddinge, case_number_format="{prefix} {year}.{number:04}"),
                             ).status_code == 302
    huddinge.refresh_from_db()
    assert huddinge.case_number_format == "{prefix} {year}.{number:04}"


def test_a_membership_breaking_the_rules_is_refused_in_swedish(admin_client, body, person):
    form = {"person": person("Karin Dahl").pk, "body": body("Socialnämnden").pk, "role": "substitute",
            "duty": "chair", "party": "", "substitute_order": "", "title": "", "starts_on": "2022-10-15",
            "ends_on": "2022-01-01"}
    refused = admin_client.post("/admin/organisation/membership/add/", form)
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors
    assert errors["duty"] == ["Bara en ledamot kan vara ordförande eller vice ordförande."]
    assert not Membership.objects.filter(body=body("Socialnämnden")).exists()
    accepted = admin_client.post("/admin/organisation/membership/add/",
                                 {**form, "role": "member", "ends_on": "2026-10-14"})
    assert accepted.status_code == 302
    assert Membership.objects.get(body=body("Socialnämnden")).duty == "chair"


def test_a_membership_clashing_with_the_bodys_others_is_refused(admin_client, body, person):
    """As the organisation file refuses it: nobody twice at once, one chair at a time."""
    board = body("Socialnämnden")
    seat = {"body": board.pk, "party": "", "substitute_order": "", "title": "", "starts_on": "2022-10-15",
            "ends_on": "2026-10-14"}
    chair = admin_client.post("/admin/organisation/membership/add/",
                              {**seat, "person": person("Karin Dahl").pk, "role": "member", "duty": "chair"})
    assert chair.status_code == 302
    twice = admin_client.post("/admin/organisation/membership/add/",
                              {**seat, "person": person("Karin Dahl").pk, "role": "substitute", "duty": ""})
    assert twice.context["adminform"].form.errors["person"] == [
        "Karin Dahl har redan ett uppdrag i Socialnämnden under samma tid (ledamot)."]
    second_chair = admin_client.post("/admin/organisation/membership/add/",
                                     {**seat, "person": person("Lena Holm").pk, "role": "member", "duty": "chair"})
    assert second_chair.context["adminform"].form.errors["duty"] == [
        "Socialnämnden har redan en ordförande under samma tid: Karin Dahl."]
    assert Membership.objects.filter(body=board).count() == 1


def test_a_membership_across_organisations_is_refused(admin_client, body):
    from organisation.models import Municipality, Person

    stranger = Person.objects.create(municipality=Municipality.objects.create(name="Botkyrka kommun"),
                                     name="Bo Främling")
    refused = admin_client.post("/admin/organisation/membership/add/", {
        "person": stranger.pk, "body": body("Socialnämnden").pk, "role": "member", "starts_on": "2022-10-15"})
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["person"] == [
        "Bo Främling och Socialnämnden hör till olika organisationer."]


def test_a_working_committee_without_its_board_is_refused(admin_client, huddinge):
    form = {"municipality": huddinge.pk, "name": "Kommunstyrelsens personalutskott", "short_name": "KSPU",
            "kind": "working_committee", "parent": "", "genitive": "Kommunstyrelsens personalutskotts",
            "decision_subject": "Personalutskottet",
            "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000"}
    refused = admin_client.post("/admin/organisation/body/add/", form)
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["parent"] == [
        "Ett utskott ska ha ett överordnat organ (styrelsen)."]
    assert not Body.objects.filter(name="Kommunstyrelsens personalutskott").exists()
