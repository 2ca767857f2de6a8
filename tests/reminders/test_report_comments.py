"""A stored report's page: its motions, with the registry's comment on why
each is not yet prepared, kept with the report and printed in its PDF."""

import pytest
from django.test import Client

from reminders.models import Report, ReportComment
from reminders.report import comment_on_report, report_html, store_report
from tests.conftest import d
from tests.reminders.test_follow_and_report import pdf_text

PAGE = "/rapporter/ej-fardigberedda-motioner/"


@pytest.fixture
def report(seed_case, huddinge, settings, tmp_path):
    """The seed case's organisation's report of 2021-10-01, when the case was on referral."""
    settings.MEDIA_ROOT = tmp_path
    return store_report(huddinge, as_of=d("2021-10-01"))


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_page_lists_the_reports_motions_for_everyone(client, report, seed_case):
    html = client.get(f"{PAGE}{report.pk}/").content.decode()
    assert "Motioner som inte beretts färdigt per 2021-10-01" in html
    assert "KS-2021/345" in html and "Inför en avhopparverksamhet" in html
    assert "<textarea" not in html
    assert f'href="{PAGE}{report.pk}/"' in client.get(PAGE).content.decode()


def test_the_registry_writes_a_comment_kept_with_the_report_and_printed_in_its_pdf(
        registry_user, report, seed_case, tmp_path):
    client = client_for(registry_user)
    assert "<textarea" in client.get(f"{PAGE}{report.pk}/").content.decode()
    response = client.post(f"{PAGE}{report.pk}/", {f"comment-{seed_case.pk}": "Väntar på sista remissvaret."},
                           follow=True)
    html = response.content.decode()
    assert "Kommentarerna är sparade" in html and "Väntar på sista remissvaret.</textarea>" in html
    comment = ReportComment.objects.get()
    assert (comment.report, comment.motion, comment.written_by) == (report, seed_case, registry_user)
    report.refresh_from_db()
    text = pdf_text(report.pdf.read(), tmp_path)
    assert "Kommentar" in text and "Väntar på sista remissvaret." in text
    # The public page shows it, with who wrote it.
    public = Client().get(f"{PAGE}{report.pk}/").content.decode()
    assert "Väntar på sista remissvaret." in public and "reg," in public
    # An empty comment removes it; the PDF then has no comment column.
    client.post(f"{PAGE}{report.pk}/", {f"comment-{seed_case.pk}": "  "})
    assert not ReportComment.objects.exists()
    assert "Kommentar" not in report_html(d("2021-10-01"))


def test_a_comment_too_long_is_refused_with_what_was_typed_kept(registry_user, report, seed_case):
    response = client_for(registry_user).post(f"{PAGE}{report.pk}/", {f"comment-{seed_case.pk}": "x" * 2001})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kommentaren till KS-2021/345 får vara högst 2000 tecken." in html
    assert 'aria-invalid="true"' in html and "x" * 2001 + "</textarea>" in html
    assert not ReportComment.objects.exists()


def test_a_comment_with_a_nul_character_is_refused(report, seed_case, registrar):
    from lib.errors import DomainError

    with pytest.raises(DomainError, match="otillåtet tecken"):
        comment_on_report(report, comments={seed_case.pk: "a\x00b"}, by=registrar)
    assert not ReportComment.objects.exists()


def test_a_motion_not_in_the_report_cannot_be_commented(report, motion, registrar):
    from lib.errors import DomainError

    with pytest.raises(DomainError, match="finns inte med i redovisningen"):
        comment_on_report(report, comments={motion.pk + 1000: "Nej"}, by=registrar)


@pytest.mark.parametrize("who", ["councillor", "social_secretary", "administrator"])
def test_only_the_registry_writes_comments(request, report, seed_case, who):
    response = client_for(request.getfixturevalue(who)).post(f"{PAGE}{report.pk}/",
                                                              {f"comment-{seed_case.pk}": "Intrång"})
    assert response.status_code == 403
    assert Client().post(f"{PAGE}{report.pk}/", {f"comment-{seed_case.pk}": "Intrång"}).status_code == 302
    assert not ReportComment.objects.exists()


def test_the_registry_draws_up_the_report_of_a_day_once(registry_user, councillor, seed_case, huddinge, settings,
                                                       tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(registry_user)
    response = client.post(f"{PAGE}upprata/", {"organisation": huddinge.pk, "datum": "2021-06-01"})
    report = Report.objects.get()
    assert response["Location"] == f"{PAGE}{report.pk}/"
    assert report.as_of == d("2021-06-01") and report.pdf.read().startswith(b"%PDF")
    client.post(f"{PAGE}upprata/", {"organisation": huddinge.pk, "datum": "2021-06-01"})
    assert Report.objects.count() == 1
    bad = client.post(f"{PAGE}upprata/", {"organisation": huddinge.pk, "datum": "igår"}, follow=True)
    assert "är inget datum" in bad.content.decode() and Report.objects.count() == 1
    assert client_for(councillor).post(f"{PAGE}upprata/", {"datum": "2021-07-01"}).status_code == 403
    assert Report.objects.count() == 1
