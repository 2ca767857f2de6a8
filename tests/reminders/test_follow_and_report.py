"""Following a case, and the report of motions not yet fully prepared."""

import re
import subprocess

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from accounts.services import update_email_settings
from motions.services import withdraw_motion
from reminders.models import Follow
from reminders.report import report_pdf, unprepared_motions
from reminders.services import run_watch
from tests.conftest import d


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_follower_gets_an_email_at_each_change_of_status_and_can_unfollow_in_one_click(
        councillor, motion, registrar, monkeypatch):
    councillor.email = "ledamot@kommun.se"
    councillor.save()
    update_email_settings(councillor, delivery="immediate", language="sv")  # each change on its own
    client = client_for(councillor)
    response = client.post(f"/arenden/{motion.case_number}/bevaka/", follow=True)
    assert "Du bevakar nu ärendet" in response.content.decode()
    assert "Sluta bevaka ärendet" in response.content.decode()
    run_watch(d("2021-04-01"))
    assert mail.outbox == []  # the filing happened before the follow
    withdraw_motion(motion, on=d("2021-04-01"), by=registrar)
    run_watch(d("2021-04-01"))
    run_watch(d("2021-04-01"))
    (message,) = mail.outbox
    assert message.to == ["ledamot@kommun.se"]
    assert message.subject == f"{motion.case_number}: Återkallad"
    assert "Väckt → Återkallad" in message.body
    link = re.search(r"http://\S+/bevakning/avsluta/\S+/", message.body).group(0)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = link.split("127.0.0.1:8000", 1)[1]
    # A link checker's GET changes nothing; the one click (a POST, as mail clients send it) does.
    assert "Vill du sluta bevaka" in Client().get(path).content.decode()
    assert Follow.objects.exists()
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert "Du bevakar inte längre" in response.content.decode()
    assert not Follow.objects.exists()
    assert Client().get(path.replace("avsluta/", "avsluta/x")).status_code == 404


def test_a_user_without_an_email_address_cannot_follow(councillor, motion):
    response = client_for(councillor).post(f"/arenden/{motion.case_number}/bevaka/", follow=True)
    assert "Ditt konto saknar e-postadress" in response.content.decode()
    assert not Follow.objects.exists()


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def test_the_report_before_the_decision_lists_the_motion_with_its_referrals(seed_case, tmp_path):
    rows = unprepared_motions(d("2021-06-01"))
    assert [row["case_number"] for row in rows] == ["KS-2021/345"]
    assert len(rows[0]["open_referrals"]) == 5
    text = pdf_text(report_pdf(d("2021-06-01")), tmp_path)
    assert "Redovisning av motioner som inte beretts färdigt" in text
    assert "KS-2021/345" in text and "Alacabek" in text and "Socialnämnden (senast 2021-09-30)" in text
    later = unprepared_motions(d("2022-01-20"))  # answered, prepared, not yet decided
    assert later[0]["open_referrals"] == [] and later[0]["status"] == "Beredd"


def test_the_report_after_the_decision_does_not_list_it(seed_case, tmp_path):
    assert unprepared_motions(d("2022-03-07")) == []
    assert "KS-2021/345" not in pdf_text(report_pdf(d("2022-04-01")), tmp_path)


def test_days_past_the_one_year_mark(motion):
    (row,) = unprepared_motions(d("2022-03-15"))
    assert row["days_over"] == 0  # the mark itself
    (row,) = unprepared_motions(d("2022-03-25"))
    assert (row["case_number"], row["days_over"], row["status"]) == (motion.case_number, 10, "Väckt")


def test_the_report_by_command_and_on_the_web(seed_case, tmp_path, client, councillor):
    out = tmp_path / "r.pdf"
    call_command("unprepared_motions_report", "--datum", "2021-06-01", "-o", str(out))
    assert "KS-2021/345" in pdf_text(out.read_bytes(), tmp_path)
    client.force_login(councillor)  # a report for any day is for the signed-in
    response = client.get("/rapporter/ej-fardigberedda-motioner.pdf?datum=2021-06-01")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    for raw in ("igår", "0001-01-01", "9999-12-31"):
        bad = client.get(f"/rapporter/ej-fardigberedda-motioner.pdf?datum={raw}", follow=True)
        assert "är inget datum (ÅÅÅÅ-MM-DD) mellan åren 1900 och 2199" in bad.content.decode()


def test_the_twice_yearly_task_stores_the_report_once(seed_case, settings, tmp_path):
    from reminders.models import Report
    from reminders.tasks import produce_report

    settings.MEDIA_ROOT = tmp_path
    first = produce_report.delay("2021-10-01").get()
    second = produce_report.delay("2021-10-01").get()
    assert first == second and Report.objects.count() == 1
    assert Report.objects.get().pdf.read().startswith(b"%PDF")


def test_watch_command_accepts_a_date(seed_case):
    call_command("watch_deadlines", "--datum", "2021-06-01")
    from django.core.management.base import CommandError
    with pytest.raises(CommandError, match="är inget datum"):
        call_command("watch_deadlines", "--datum", "igår")
