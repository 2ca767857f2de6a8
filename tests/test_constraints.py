"""Invariants the database holds even when code bypasses the services."""

import pytest
from django.db import IntegrityError, transaction

from decisions.models import MinuteItem
from motions.models import Motion, Mover
from organisation.models import Attendance, Body, Meeting
from referrals.models import Referral
from tests.conftest import d


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_case_numbers_are_unique(motion):
    refused(lambda: Motion.objects.create(
        municipality=motion.municipality, case_number=motion.case_number, title="X",
        received_on=d("2021-03-08"), filed_on=d("2021-03-08"), status_since=d("2021-03-08"),
        last_step_on=d("2021-03-08")))


def test_motion_dates_and_status(motion):
    refused(lambda: Motion.objects.filter(pk=motion.pk).update(filed_on=d("2021-03-01")))
    refused(lambda: Motion.objects.filter(pk=motion.pk).update(status_since=d("2021-03-01")))
    refused(lambda: Motion.objects.filter(pk=motion.pk).update(status="lost"))
    refused(lambda: Motion.objects.filter(pk=motion.pk).update(last_step_on=d("2021-03-10")))


def test_a_person_moves_a_motion_once(motion, nujin):
    refused(lambda: Mover.objects.create(motion=motion, person=nujin, position=2))


def other_body(body):
    return body("Kultur- och fritidsnämnden")


def test_referral_invariants(motion, body):
    social = body("Socialnämnden")
    Referral.objects.create(motion=motion, body=social, sent_on=d("2021-04-06"), due_on=d("2021-09-30"))
    refused(lambda: Referral.objects.create(motion=motion, body=social, sent_on=d("2021-04-06"),
                                            due_on=d("2021-09-30")))
    refused(lambda: Referral.objects.create(motion=motion, body=other_body(body), sent_on=d("2021-04-06"),
                                            due_on=d("2021-09-30"), status="lost"))
    other = body("Grundskolenämnden")
    refused(lambda: Referral.objects.create(motion=motion, body=other, sent_on=d("2021-04-06"),
                                            due_on=d("2021-04-01")))
    refused(lambda: Referral.objects.create(motion=motion, body=other, sent_on=d("2021-04-06"),
                                            due_on=d("2021-09-30"), status="withdrawn"))
    refused(lambda: Referral.objects.create(motion=motion, body=other, sent_on=d("2021-04-06"),
                                            due_on=d("2021-09-30"), extended_due_on=d("2021-09-01"),
                                            extended_on=d("2021-08-01")))


def test_minute_item_numbers_are_unique_per_body_and_year(motion, meeting):
    first = meeting("Kommunstyrelsen", "2022-02-07")
    later = meeting("Kommunstyrelsen", "2022-05-02")
    MinuteItem.objects.create(meeting=first, body=first.body, year=2022, number=7, decision="defer", motion=motion)
    refused(lambda: MinuteItem.objects.create(meeting=later, body=later.body, year=2022, number=7,
                                              decision="defer", motion=motion))
    next_year = meeting("Kommunstyrelsen", "2023-02-06")
    MinuteItem.objects.create(meeting=next_year, body=next_year.body, year=2023, number=7, decision="defer",
                              motion=motion)


def test_an_other_matter_has_a_heading_and_a_decision_text_and_a_case_has_neither(motion, meeting):
    m = meeting("Kommunstyrelsen", "2022-02-07")
    refused(lambda: MinuteItem.objects.create(meeting=m, body=m.body, year=2022, number=1, decision="other",
                                              heading="Information"))
    refused(lambda: MinuteItem.objects.create(meeting=m, body=m.body, year=2022, number=2, decision="defer",
                                              motion=motion, decision_text="Informationen noteras."))
    refused(lambda: MinuteItem.objects.create(meeting=m, body=m.body, year=2022, number=3, decision="defer"))
    MinuteItem.objects.create(meeting=m, body=m.body, year=2022, number=4, decision="other",
                              heading="Information", decision_text="Informationen noteras.")


def test_the_dates_of_signing_and_posting_run_forwards(meeting):
    m = meeting("Kommunstyrelsen", "2022-02-07")
    for dates in [
        {"signed_on": d("2022-02-06")},
        {"signed_on": d("2022-02-10")},  # signed without the notice's dates
        {"signed_on": d("2022-02-10"), "posted_on": d("2022-02-09")},
        {"signed_on": d("2022-02-10"), "posted_on": d("2022-02-11"), "appeal_until": d("2022-02-11")},
        {"signed_on": d("2022-02-10"), "posted_on": d("2022-02-11"), "appeal_until": d("2022-03-04"),
         "notice_removed_on": d("2022-03-04")},
    ]:
        refused(lambda dates=dates: Meeting.objects.filter(pk=m.pk).update(**dates))


def test_attendance_roles_hold_together(meeting, person):
    m = meeting("Kommunstyrelsen", "2022-02-07")
    a, b = person("Nujin Alacabek"), person("Anna Berglund")
    refused(lambda: Attendance.objects.create(meeting=m, person=a, role="member", replaces=b))
    refused(lambda: Attendance.objects.create(meeting=m, person=a, role="other", signs=True))
    refused(lambda: Attendance.objects.create(meeting=m, person=a, role="other", duty="chair"))
    refused(lambda: Attendance.objects.create(meeting=m, person=a, role="member", duty="secretary"))
    Attendance.objects.create(meeting=m, person=a, role="member", duty="chair", signs=True)
    refused(lambda: Attendance.objects.create(meeting=m, person=a, role="member"))
    refused(lambda: Attendance.objects.create(meeting=m, person=b, role="member", duty="chair"))


def test_minute_item_decision_data_is_consistent(meeting):
    m = meeting("Kommunstyrelsen", "2022-02-07")
    refused(lambda: MinuteItem.objects.create(meeting=m, body=m.body, year=2022, number=1, decision="propose"))
    refused(lambda: MinuteItem.objects.create(meeting=m, body=m.body, year=2022, number=2, decision="reject",
                                              proposal="reject"))
    refused(lambda: MinuteItem.objects.create(meeting=m, body=m.body, year=2022, number=3, decision="send_back"))
    refused(lambda: MinuteItem.objects.create(meeting=m, body=m.body, year=2022, number=0, decision="defer"))
    refused(lambda: MinuteItem.objects.create(meeting=m, body=m.body, year=2022, number=4, decision="maybe"))


def test_one_meeting_per_body_and_day_and_committees_have_a_board(huddinge, body):
    Meeting.objects.create(body=body("Kommunstyrelsen"), date=d("2022-02-07"))
    refused(lambda: Meeting.objects.create(body=body("Kommunstyrelsen"), date=d("2022-02-07")))
    refused(lambda: Body.objects.create(municipality=huddinge, name="Utskott", kind="working_committee",
                                        genitive="Utskottets", decision_subject="Utskottet"))
