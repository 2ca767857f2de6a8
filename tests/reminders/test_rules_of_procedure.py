"""The reminders follow each organisation's rules of procedure (arbetsordning):
the notices before the one-year mark (Municipality.one_year_notice_days) and
the months of the report to the council (Municipality.report_months); and
they say where a case is in the organisation's own words."""

from django.contrib.auth import get_user_model
from django.core import mail
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from accounts.models import Role, UserRole
from accounts.services import update_email_settings
from decisions.services.case_steps import prepare_draft_decision, record_minute_item
from motions.services import file_motion
from reminders.models import Mailing, Report
from reminders.report import report_html, unprepared_motions
from reminders.services import follow_motion, plan_one_year_mailings, run_watch
from reminders.tasks import produce_report
from tests.conftest import d
from tests.support.meetings import planned
from tests.support.organisations import region_with_board_and_council
from tests.test_commands import manage


def test_the_report_is_produced_only_in_the_organisations_report_months(huddinge, motion):
    huddinge.report_months = [5]
    huddinge.save()
    assert produce_report("2021-10-01") == []  # October was a report month by default, not here
    assert not Report.objects.exists()
    (report_id,) = produce_report("2021-05-01")
    assert Report.objects.get().pk == report_id and Report.objects.get().as_of == d("2021-05-01")
    assert produce_report("2021-05-01") == [report_id]


def test_the_report_page_names_the_months_of_the_rules_of_procedure(huddinge, client):
    assert "i dessa månader: april, oktober." in client.get("/rapporter/ej-fardigberedda-motioner/").content.decode()
    huddinge.report_months = [5]
    huddinge.save()
    assert "i dessa månader: maj." in client.get("/rapporter/ej-fardigberedda-motioner/").content.decode()


def test_one_year_notices_follow_each_organisations_days(huddinge, nujin, registrar):
    UserRole.objects.create(user=get_user_model().objects.create_user("reg", email="reg@example.se"),
                            role=Role.REGISTRY)
    region = region_with_board_and_council()  # the default days: 90, 30, 7 and 0
    huddinge.one_year_notice_days = [10]
    huddinge.save()
    ours = file_motion(huddinge, title="Motion", movers=[nujin], received_on=d("2021-03-15"), by=registrar)
    theirs = file_motion(region.municipality, title="Motion", movers=[region.member], received_on=d("2021-03-15"),
                         by=registrar)

    def notices(day):
        return {(n.motion_id, n.key.rsplit(" ", 1)[1]) for n in plan_one_year_mailings(d(day))}

    assert notices("2022-02-13") == {(theirs.pk, "30")}  # 30 days before the mark on 2022-03-15
    assert notices("2022-03-05") == {(ours.pk, "10"), (theirs.pk, "30")}
    assert notices("2022-03-16") == {(ours.pk, "10"), (theirs.pk, "0")}  # past it: the last notice


def test_the_installed_schedule_runs_the_report_on_the_first_of_every_month(db):
    status, out, err = manage("install_schedule")
    assert (status, err) == (0, "")
    crontab = PeriodicTask.objects.get(task="reminders.tasks.produce_report").crontab
    assert (crontab.day_of_month, crontab.month_of_year, crontab.hour) == ("1", "*", "6")
    status, help_text, _err = manage("install_schedule", "--help")
    assert "den 1:a varje månad" in " ".join(help_text.split())


def test_a_schedule_installed_for_fixed_months_is_kept_with_a_note(db, settings):
    old = CrontabSchedule.objects.create(minute="0", hour="6", day_of_week="*", day_of_month="1",
                                         month_of_year="4,10", timezone=settings.TIME_ZONE)
    PeriodicTask.objects.create(name="Redovisning av motioner som inte beretts färdigt",
                                task="reminders.tasks.produce_report", crontab=old)
    status, out, _err = manage("install_schedule")
    assert status == 0 and "Finns redan: Redovisning" in out and "körs bara månaderna 4,10" in out
    assert PeriodicTask.objects.get(task="reminders.tasks.produce_report").crontab == old


def test_the_report_and_the_emails_say_where_a_case_is_in_the_organisations_words(db, registrar):
    region = region_with_board_and_council()
    follower = get_user_model().objects.create_user("ledamot", email="ledamot@region.se")
    update_email_settings(follower, delivery="immediate", language="sv")
    motion = file_motion(region.municipality, title="Fler vårdplatser", movers=[region.member],
                         received_on=d("2023-01-20"), by=registrar)
    prepare_draft_decision(motion, drafted_on=d("2023-03-01"), proposal="reject", by=registrar)
    follow_motion(motion, user=follower)
    record_minute_item(motion, step="handle", meeting=planned(region.board, d("2023-03-13")), outcome="reject",
                       by=registrar)
    (row,) = unprepared_motions(d("2023-04-01"), region.municipality)
    assert row["status"] == "Behandlad i regionstyrelsen"
    html = report_html(d("2023-04-01"), region.municipality)
    assert "väckts i regionfullmäktige" in html and "Region Exempel" in html
    run_watch(d("2023-03-14"))
    (message,) = [m for m in mail.outbox if m.to == ["ledamot@region.se"]]
    assert message.subject == f"{motion.case_number}: Behandlad i regionstyrelsen"
    assert "Beredd → Behandlad i regionstyrelsen" in message.body
    assert Mailing.objects.filter(kind=Mailing.Kind.STATUS_CHANGED, recipient=follower).count() == 1

