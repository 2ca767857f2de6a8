"""One installation, several organisations: each gets its own report of
motions not yet fully prepared, in the months of its own rules of procedure,
in its own words; the page and the command ask which organisation's."""

import pytest
from django.core.files.base import ContentFile

from motions.services import file_motion
from reminders.models import Report
from reminders.report import report_html
from reminders.tasks import produce_report
from tests.conftest import d
from tests.reminders.test_follow_and_report import pdf_text
from tests.support.organisations import region_with_board_and_council
from tests.test_commands import assert_refused, manage

PAGE = "/rapporter/ej-fardigberedda-motioner/"
PDF = "/rapporter/ej-fardigberedda-motioner.pdf"


@pytest.fixture
def region(huddinge, motion, registrar):
    """Region Exempel beside Huddinge (the first organisation, report months
    April and October, with `motion`): report months May and November, and a
    motion of its own."""
    region = region_with_board_and_council()
    region.municipality.report_months = [5, 11]
    region.municipality.save()
    file_motion(region.municipality, title="Fler vårdplatser", movers=[region.member],
                received_on=d("2021-03-20"), by=registrar)
    return region


def test_the_monthly_task_produces_the_report_of_each_organisation_whose_month_it_is(
        huddinge, region, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert produce_report("2021-06-01") == []
    (region_report,) = produce_report("2021-05-01")
    assert produce_report("2021-05-01") == [region_report]  # once per organisation and day
    report = Report.objects.get()
    assert (report.pk, report.municipality, report.as_of) == (region_report, region.municipality, d("2021-05-01"))
    assert "region-exempel" in report.pdf.name
    text = pdf_text(report.pdf.read(), tmp_path)
    assert "Region Exempel" in text and "Fler vårdplatser" in text and "avhopparverksamhet" not in text

    (huddinge_report,) = produce_report("2021-10-01")
    assert Report.objects.get(pk=huddinge_report).municipality == huddinge

    # A month both organisations name: one report each, each once, the first organisation's first.
    region.municipality.report_months = [4, 10]
    region.municipality.save()
    both = produce_report("2022-04-01")
    assert produce_report("2022-04-01") == both
    assert [Report.objects.get(pk=pk).municipality for pk in both] == [huddinge, region.municipality]
    assert Report.objects.filter(as_of=d("2022-04-01")).count() == 2


def test_a_stored_report_without_its_pdf_is_finished_by_the_next_run(huddinge, region, settings, tmp_path):
    """The claim holds per organisation: a run that died after claiming one
    organisation's day leaves the row, and the next run fills it in."""
    settings.MEDIA_ROOT = tmp_path
    claimed = Report.objects.create(municipality=region.municipality, as_of=d("2021-05-01"))
    assert produce_report("2021-05-01") == [claimed.pk]
    claimed.refresh_from_db()
    assert claimed.pdf.read().startswith(b"%PDF")


def test_the_report_names_the_organisation_its_board_and_its_council(huddinge, region):
    ours = report_html(d("2021-05-01"), huddinge)
    assert "Huddinge kommun" in ours and "avhopparverksamhet" in ours and "Fler vårdplatser" not in ours
    assert "Kommunstyrelsen redovisar de motioner som väckts i kommunfullmäktige" in ours
    assert "så att kommunfullmäktige kan besluta inom ett år" in ours
    theirs = report_html(d("2021-05-01"), region.municipality)
    assert "Region Exempel" in theirs and "Fler vårdplatser" in theirs and "avhopparverksamhet" not in theirs
    assert "Regionstyrelsen redovisar de motioner som väckts i regionfullmäktige" in theirs
    assert "så att regionfullmäktige kan besluta inom ett år" in theirs


def test_the_page_offers_a_choice_of_organisation_the_first_by_default(huddinge, region, client, councillor):
    client.force_login(councillor)
    page = client.get(PAGE).content.decode()
    assert f'<option value="{huddinge.pk}" selected>Huddinge kommun</option>' in page
    assert f'<option value="{region.municipality.pk}">Region Exempel</option>' in page
    assert "Kommunfullmäktige får en redovisning" in page and "i dessa månader: april, oktober." in page

    ours = Report.objects.create(municipality=huddinge, as_of=d("2021-04-01"))
    theirs = Report.objects.create(municipality=region.municipality, as_of=d("2021-05-01"))
    for report in (ours, theirs):
        report.pdf.save(f"r{report.pk}.pdf", ContentFile(b"%PDF-1.7"), save=True)
    page = client.get(PAGE, {"organisation": region.municipality.pk}).content.decode()
    assert f'<option value="{region.municipality.pk}" selected>Region Exempel</option>' in page
    assert "Regionfullmäktige får en redovisning" in page and "i dessa månader: maj, november." in page
    assert f"/{theirs.pk}.pdf" in page and f"/{ours.pk}.pdf" not in page

    bad = client.get(PAGE, {"organisation": "999999"}, follow=True)
    assert "Det finns ingen sådan organisation (999999)" in bad.content.decode()


def test_the_pdf_is_the_chosen_organisations(huddinge, region, client, tmp_path, councillor):
    client.force_login(councillor)  # a report for any day is for the signed-in
    response = client.get(PDF, {"organisation": region.municipality.pk, "datum": "2021-06-01"})
    assert response.status_code == 200 and "region-exempel-2021-06-01" in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    assert "Region Exempel" in text and "Fler vårdplatser" in text and "avhopparverksamhet" not in text
    bad = client.get(PDF, {"organisation": "x", "datum": "2021-06-01"}, follow=True)
    assert "Det finns ingen sådan organisation (x)" in bad.content.decode()
    # A bad date keeps the organisation chosen.
    bad_day = client.get(PDF, {"organisation": region.municipality.pk, "datum": "igår"})
    assert bad_day.url.endswith(f"?organisation={region.municipality.pk}")


def test_the_command_writes_the_named_organisations_report(huddinge, region, tmp_path):
    out = tmp_path / "r.pdf"
    status, stdout, err = manage("unprepared_motions_report", "--organisation", "Region Exempel",
                                 "--datum", "2021-06-01", "-o", str(out))
    assert (status, err) == (0, "") and "(Region Exempel, per 2021-06-01)" in stdout
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "Fler vårdplatser" in text and "avhopparverksamhet" not in text
    status, stdout, err = manage("unprepared_motions_report", "--datum", "2021-06-01", "-o", str(out))
    assert status == 0 and "(Huddinge kommun, per 2021-06-01)" in stdout  # the first by default


def test_the_command_refuses_an_unknown_organisation(huddinge, region, tmp_path):
    out = tmp_path / "r.pdf"
    assert_refused(manage("unprepared_motions_report", "--organisation", "Region Okänd", "-o", str(out)),
                   "det finns ingen organisation som heter ”Region Okänd” "
                   "(det finns ”Huddinge kommun”, ”Region Exempel”)")
    assert not out.exists()
