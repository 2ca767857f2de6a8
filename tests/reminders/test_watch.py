"""Deadlines watched, with the clock set: who gets what, and nothing twice."""

import smtplib

import pytest
from django.core import mail

from accounts.services import update_email_settings
from referrals.services import ReferralRequest, record_referral_response, refer_motion
from reminders.models import Mailing
from reminders.services import run_watch
from tests.conftest import d


@pytest.fixture
def clock(monkeypatch):
    """Set today's date for the services and the e-mails."""
    def set_today(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: d(day))
        return d(day)
    return set_today


@pytest.fixture
def people(registry_user, social_secretary, school_secretary):
    """The registry and two board secretaries, who want e-mail at once: each mailing on its own
    (test_digest.py has the daily digest, the default)."""
    for user, email in ((registry_user, "reg@kommun.se"), (social_secretary, "sn@kommun.se"),
                        (school_secretary, "gsn@kommun.se")):
        user.email = email
        user.save()
        update_email_settings(user, delivery="immediate", language="sv")
    return registry_user, social_secretary, school_secretary


def sent(kind=None):
    return [(m.to[0], m.subject) for m in mail.outbox if kind is None or kind in m.subject]


@pytest.fixture
def referred(motion, body, registrar, people, clock):
    clock("2021-04-06")
    return refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30"))],
                        sent_on=d("2021-04-06"), by=registrar)[0]


def test_nothing_before_fourteen_days(referred, clock):
    clock("2021-09-15")
    run_watch()
    assert sent("Påminnelse") == []


@pytest.mark.parametrize(
    ("today", "subject"),
    [
        ("2021-09-16", "Påminnelse: remissvar i KS-2021/1 senast 2021-09-30"),  # 14 days before
        ("2021-09-27", "Påminnelse: remissvar i KS-2021/1 senast 2021-09-30"),  # 3 days before
        ("2021-09-30", "Påminnelse: remissvar i KS-2021/1 senast 2021-09-30"),  # the day itself
        ("2021-10-07", "Försenat remissvar från Socialnämnden i KS-2021/1"),  # 7 days late
    ],
)
def test_the_answering_bodys_secretary_is_reminded_once(referred, clock, people, today, subject):
    clock(today)
    run_watch()
    reminders = [m for m in mail.outbox if m.to == ["sn@kommun.se"]]
    assert [m.subject for m in reminders] == [subject]
    assert "gsn@kommun.se" not in [m.to[0] for m in mail.outbox]  # another body's secretary
    body = reminders[0].body
    assert f"/remisser/{referred.pk}/" in body
    assert reminders[0].alternatives and "text/html" == reminders[0].alternatives[0][1]
    run_watch()
    assert len([m for m in mail.outbox if m.to == ["sn@kommun.se"]]) == 1


def test_each_threshold_once_and_overdue_weekly(referred, clock):
    for day in ("2021-09-16", "2021-09-17", "2021-09-27", "2021-09-28", "2021-10-01", "2021-10-05",
                "2021-10-08", "2021-10-09"):
        clock(day)
        run_watch()
    subjects = [m.subject for m in mail.outbox if m.to == ["sn@kommun.se"]]
    assert subjects.count("Påminnelse: remissvar i KS-2021/1 senast 2021-09-30") == 2  # 14 and 3 days
    assert subjects.count("Försenat remissvar från Socialnämnden i KS-2021/1") == 2  # weeks 1 and 2


def test_an_answered_referral_is_not_reminded(referred, clock, registrar):
    clock("2021-09-10")
    record_referral_response(referred, decided_on=d("2021-09-10"), by=registrar)
    clock("2021-09-27")
    run_watch()
    assert sent("Påminnelse") == [] and sent("Försenat") == []


def test_the_registry_gets_a_daily_digest_of_overdue_referrals(referred, clock):
    clock("2021-10-07")
    run_watch()
    digests = [m for m in mail.outbox if m.to == ["reg@kommun.se"] and "försenat remissvar" in m.subject]
    assert [m.subject for m in digests] == ["Motionsregistret 2021-10-07: 1 försenat remissvar"]
    assert "KS-2021/1" in digests[0].body and "7 dagar för sent" in digests[0].body
    run_watch()
    clock("2021-10-08")
    run_watch()
    assert len([m for m in mail.outbox if m.to == ["reg@kommun.se"] and "försenat" in m.subject]) == 2


def test_unreachable_people_are_reported_in_the_digest(motion, body, registrar, people, clock, social_secretary):
    clock("2021-04-06")
    refer_motion(motion, requests=[ReferralRequest(body("Kultur- och fritidsnämnden"), d("2021-09-30")),
                                   ReferralRequest(body("Socialnämnden"), d("2021-09-30"))],
                 sent_on=d("2021-04-06"), by=registrar)
    social_secretary.email = ""
    social_secretary.save()
    clock("2021-04-07")
    run_watch()
    (digest,) = [m for m in mail.outbox if m.to == ["reg@kommun.se"]]
    assert "Kultur- och fritidsnämnden har ingen nämndsekreterare" in digest.body
    assert "användaren sn saknar e-postadress" in digest.body


@pytest.mark.parametrize(
    ("today", "subject"),
    [
        ("2021-12-15", "Ettårsgränsen för KS-2021/1 om 90 dagar"),
        ("2022-02-13", "Ettårsgränsen för KS-2021/1 om 30 dagar"),
        ("2022-03-08", "Ettårsgränsen för KS-2021/1 om 7 dagar"),
        ("2022-03-15", "Ettårsgränsen för KS-2021/1 har passerats"),
    ],
)
def test_the_registry_is_told_of_the_one_year_mark(motion, people, clock, today, subject):
    clock(today)
    run_watch()
    run_watch()
    assert [(m.to, m.subject) for m in mail.outbox if "Ettårsgränsen" in m.subject] == [(["reg@kommun.se"], subject)]


def test_a_decided_motion_is_not_watched(seed_case, people, clock):
    clock("2022-03-15")
    run_watch()
    assert sent("KS-2021/345") == []


def test_a_failed_send_is_retried_and_sent_once(referred, clock, monkeypatch):
    clock("2021-09-27")
    calls = {"n": 0}
    from django.core.mail import EmailMultiAlternatives
    original = EmailMultiAlternatives.send

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise smtplib.SMTPServerDisconnected("gone")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    assert run_watch() == (0, 1)
    mailing = Mailing.objects.get(kind="referral_due")
    assert mailing.sent_at is None and mailing.claimed_at is None
    run_watch()
    run_watch()
    assert len([m for m in mail.outbox if m.to == ["sn@kommun.se"]]) == 1


def test_a_notice_claimed_by_another_sender_is_not_sent_again(referred, clock):
    from django.utils import timezone

    from reminders.services import MailingBusy, plan_mailings, send_mailing

    clock("2021-09-27")
    (mailing_id,) = [n for n in plan_mailings(d("2021-09-27")) if Mailing.objects.get(pk=n).kind == "referral_due"]
    Mailing.objects.filter(pk=mailing_id).update(claimed_at=timezone.now())
    with pytest.raises(MailingBusy):
        send_mailing(mailing_id)
    assert sent("Påminnelse") == []


def test_one_failing_recipient_does_not_hold_up_the_others(referred, clock, monkeypatch):
    from django.core.mail import EmailMultiAlternatives
    original = EmailMultiAlternatives.send

    def refuse_registry(self, *args, **kwargs):
        if self.to == ["reg@kommun.se"]:
            raise smtplib.SMTPServerDisconnected("gone")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse_registry)
    clock("2021-10-07")
    assert run_watch() == (1, 1)  # the overdue mailing went; the digest waits
    assert sent("Försenat") == [("sn@kommun.se", "Försenat remissvar från Socialnämnden i KS-2021/1")]


def test_a_refusal_for_good_is_closed_and_reported_in_the_next_digest(referred, clock, monkeypatch):
    from django.core.mail import EmailMultiAlternatives
    original = EmailMultiAlternatives.send

    def refuse_secretary(self, *args, **kwargs):
        if self.to == ["sn@kommun.se"]:
            raise smtplib.SMTPRecipientsRefused({"sn@kommun.se": (550, b"no such user")})
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse_secretary)
    clock("2021-09-27")
    assert run_watch() == (0, 0)
    mailing = Mailing.objects.get(kind="referral_due")
    assert mailing.closed_at is not None and "no such user" in mailing.problem
    clock("2021-09-28")
    run_watch()
    (digest,) = [m for m in mail.outbox if m.to == ["reg@kommun.se"]]
    assert "Kunde inte skickas (nekade av e-postservern)" in digest.body and "sn@kommun.se" in digest.body


def test_a_notice_no_longer_relevant_is_not_sent(referred, clock, registrar, monkeypatch):
    from reminders.services import plan_mailings, send_mailing

    clock("2021-09-27")
    (mailing_id,) = [n for n in plan_mailings(d("2021-09-27")) if Mailing.objects.get(pk=n).kind == "referral_due"]
    record_referral_response(referred, decided_on=d("2021-09-27"), by=registrar)  # answered while queued
    assert send_mailing(mailing_id) is False
    assert Mailing.objects.get(pk=mailing_id).problem == "remissen är inte längre öppen"
    assert sent("Påminnelse") == []


def test_a_missed_mark_day_is_still_told_once(motion, people, clock):
    clock("2022-03-20")
    run_watch()
    run_watch()
    assert [m.subject for m in mail.outbox if "Ettårsgränsen" in m.subject] == [
        "Ettårsgränsen för KS-2021/1 har passerats"]


def test_an_email_tells_the_days_as_of_the_day_it_was_planned_for(motion, people, clock):
    clock("2026-11-26")
    run_watch(d("2021-12-15"))
    assert [m.subject for m in mail.outbox if "Ettårsgränsen" in m.subject] == [
        "Ettårsgränsen för KS-2021/1 om 90 dagar"]


def test_the_due_day_reads_today(referred, clock):
    clock("2021-09-30")
    run_watch()
    (message,) = [m for m in mail.outbox if m.to == ["sn@kommun.se"]]
    assert "Ärende: KS-2021/1 Inför en avhopparverksamhet" in message.body
    assert "Händelse: Socialnämnden ska svara på remissen i dag, 2021-09-30." in message.body
