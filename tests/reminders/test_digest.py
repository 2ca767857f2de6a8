"""The e-mail people want: by default one digest a day per person, its cases in
labelled lines; at once for whoever chose it; in each person's language; the
case officer told of the case's deadlines with the registry."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from accounts.services import update_email_settings
from motions.services import withdraw_motion
from referrals.services import ReferralRequest, refer_motion
from reminders.models import Mailing
from reminders.services import follow_motion, run_watch
from tests.conftest import d


@pytest.fixture
def clock(monkeypatch):
    def set_today(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: d(day))
        return d(day)
    return set_today


@pytest.fixture
def registry(registry_user):
    registry_user.email = "reg@kommun.se"
    registry_user.save()
    return registry_user


@pytest.fixture
def secretary(social_secretary):
    social_secretary.email = "sn@kommun.se"
    social_secretary.save()
    return social_secretary


@pytest.fixture
def referred(motion, body, registrar, registry, secretary, clock):
    """KS-2021/1, filed 2021-03-15, referred to Socialnämnden due 2021-09-30."""
    clock("2021-04-06")
    return refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30"))],
                        sent_on=d("2021-04-06"), by=registrar)[0]


def to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_a_secretarys_reminder_comes_in_the_days_digest_in_labelled_lines(referred, clock):
    clock("2021-09-27")
    run_watch()
    (digest,) = to("sn@kommun.se")
    assert digest.subject == "Motionsregistret 2021-09-27: 1 händelse i 1 ärende"
    assert "Ärende: KS-2021/1 Inför en avhopparverksamhet för ett tryggare Huddinge\n" in digest.body
    assert "Status: På remiss\n" in digest.body
    assert "Händelse: Socialnämnden ska svara på remissen senast 2021-09-30, om 3 dagar.\n" in digest.body
    assert "Nästa datum: 2021-09-30, remissvar från Socialnämnden\n" in digest.body
    assert f"Svara på remissen: http://127.0.0.1:8000/remisser/{referred.pk}/" in digest.body
    html = digest.alternatives[0][0]
    assert "<strong>Händelse:</strong> Socialnämnden ska svara på remissen senast 2021-09-30" in html
    assert Mailing.objects.get(kind="referral_due").digest == Mailing.objects.get(kind="digest", recipient__email=
                                                                                  "sn@kommun.se")


@pytest.fixture
def two_cases(motion, huddinge, nujin, registrar, registry, clock):
    """KS-2021/1 and KS-2021/2, both filed 2021-03-15: their one-year mark is 2022-03-15.
    The registry follows the first, which the movers withdraw on 2022-03-07."""
    from motions.services import file_motion

    clock("2022-03-01")
    other = file_motion(huddinge, title="Fler parkbänkar", movers=[nujin], received_on=d("2021-03-15"),
                        registered_on=d("2021-03-15"), by=registrar)
    follow_motion(motion, user=registry)
    clock("2022-03-07")
    withdraw_motion(motion, on=d("2022-03-07"), by=registrar)
    return motion, other


def test_a_digest_groups_the_days_news_per_case_and_its_subject_counts_them(two_cases, clock):
    clock("2022-03-08")
    run_watch()
    (digest,) = to("reg@kommun.se")
    assert digest.subject == "Motionsregistret 2022-03-08: 3 händelser i 2 ärenden"
    first, second = digest.body.split("Ärende: ")[1:]
    assert first.startswith("KS-2021/1 Inför en avhopparverksamhet")
    assert "Status: Återkallad\n" in first
    assert first.count("Händelse: ") == 2
    assert "Händelse: Ettårsgränsen (KL 5 kap. 35 §) är 2022-03-15, om 7 dagar" in first
    assert "Händelse: Ny status 2022-03-07: Väckt → Återkallad." in first
    assert "Nästa datum: 2022-03-15, ettårsgränsen (KL 5 kap. 35 §)" in first
    assert "Sluta bevaka ärendet med ett klick: http://127.0.0.1:8000/bevakning/avsluta/" in first
    assert second.startswith("KS-2021/2 Fler parkbänkar") and second.count("Händelse: ") == 1
    assert "bevakning/avsluta" not in second  # not followed
    assert "List-Unsubscribe" not in digest.extra_headers  # a digest is not one follow


def test_at_most_one_email_a_day_whatever_happens_later_that_day(two_cases, clock, registrar, registry, body):
    _motion, other = two_cases
    clock("2022-03-08")
    run_watch()
    run_watch()
    assert len(to("reg@kommun.se")) == 1
    # News later the same day waits for the next day's digest.
    follow_motion(other, user=registry)
    refer_motion(other, requests=[ReferralRequest(body("Socialnämnden"), d("2022-06-30"))], sent_on=d("2022-03-08"),
                 by=registrar)
    run_watch()
    assert len(to("reg@kommun.se")) == 1
    clock("2022-03-09")
    run_watch()
    run_watch()
    _first, second = to("reg@kommun.se")
    # The registry's overview too: Socialnämnden has no secretary to remind.
    assert second.subject == "Motionsregistret 2022-03-09: 1 händelse i 1 ärende, 1 sak att åtgärda"
    assert "Händelse: Ny status 2022-03-08: Väckt → På remiss (Socialnämnden)." in second.body
    assert "Socialnämnden har ingen nämndsekreterare" in second.body
    assert "Nästa datum: 2022-03-15, ettårsgränsen (KL 5 kap. 35 §)" in second.body
    assert Mailing.objects.filter(kind="digest", sent_at__isnull=False).count() == 2


def test_whoever_chose_at_once_gets_each_mailing_on_its_own(two_cases, clock, registry):
    update_email_settings(registry, delivery="immediate", language="sv")
    clock("2022-03-08")
    run_watch()
    run_watch()
    assert sorted(message.subject for message in to("reg@kommun.se")) == [
        "Ettårsgränsen för KS-2021/1 om 7 dagar", "Ettårsgränsen för KS-2021/2 om 7 dagar", "KS-2021/1: Återkallad"]
    (status,) = [message for message in to("reg@kommun.se") if message.subject == "KS-2021/1: Återkallad"]
    assert "Händelse: Ny status 2022-03-07: Väckt → Återkallad." in status.body
    assert status.extra_headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/bevakning/avsluta/")
    assert not Mailing.objects.filter(kind="digest").exists()


def test_news_waiting_for_a_digest_goes_at_once_after_switching(two_cases, clock, registry):
    from reminders.services import plan_mailings

    clock("2022-03-08")
    # The followers' run (every minute): the news waits for the registry's digest.
    assert plan_mailings(d("2022-03-08"), deadlines=False) == []
    update_email_settings(registry, delivery="immediate", language="sv")
    run_watch()
    assert "KS-2021/1: Återkallad" in [message.subject for message in to("reg@kommun.se")]


def test_the_email_is_in_the_recipients_language(referred, clock, secretary):
    update_email_settings(secretary, delivery="immediate", language="en")
    clock("2021-09-27")
    run_watch()
    (message,) = to("sn@kommun.se")
    assert message.subject == "Reminder: referral answer in KS-2021/1 due 2021-09-30"
    assert "Case: KS-2021/1 Inför en avhopparverksamhet" in message.body
    assert "Status: Out for referral\n" in message.body
    assert f"Answer the referral: http://127.0.0.1:8000/remisser/{referred.pk}/" in message.body
    assert '<html lang="en">' in message.alternatives[0][0]


def test_the_case_officer_gets_the_cases_reminders_with_the_registry(referred, clock, registry):
    officer = get_user_model().objects.create_user("handlaggare", email="handlaggare@kommun.se")
    referred.motion.case_officer = officer
    referred.motion.save()
    clock("2021-09-27")  # the secretary's reminder, before the due date: not the officer's
    run_watch()
    assert to("handlaggare@kommun.se") == []
    clock("2021-10-07")  # a week overdue
    run_watch()
    (digest,) = to("handlaggare@kommun.se")
    assert "Händelse: Remissvaret från Socialnämnden skulle ha kommit in senast 2021-09-30, för 7 dagar sedan." \
        in digest.body
    assert "Svara på remissen" not in digest.body  # the body's secretary answers
    (overview,) = to("reg@kommun.se")  # the registry's digest: its overview of overdue answers
    assert overview.subject == "Motionsregistret 2021-10-07: 1 försenat remissvar"
    assert "Försenade remissvar: 1\n- Socialnämnden: 1 " in overview.body
    assert "Det äldsta:\n- KS-2021/1 Inför en avhopparverksamhet" in overview.body
    clock("2022-03-08")
    run_watch()
    officers = [message.body for message in to("handlaggare@kommun.se")]
    registrys = [message.body for message in to("reg@kommun.se")]
    assert "Ettårsgränsen (KL 5 kap. 35 §) är 2022-03-15, om 7 dagar" in officers[-1]
    assert "Ettårsgränsen (KL 5 kap. 35 §) är 2022-03-15, om 7 dagar" in registrys[-1]


def test_a_case_officer_no_longer_on_the_case_is_not_told(referred, clock, registrar):
    officer = get_user_model().objects.create_user("handlaggare", email="handlaggare@kommun.se")
    motion = referred.motion
    motion.case_officer = officer
    motion.save()
    clock("2021-10-07")
    from reminders.services import plan_mailings

    plan_mailings(d("2021-10-07"))
    motion.case_officer = None
    motion.save()
    run_watch()
    assert to("handlaggare@kommun.se") == []
    assert Mailing.objects.get(kind="referral_overdue", recipient=officer).problem == (
        "mottagaren är inte längre sekreterare för organet")


def test_a_digest_whose_news_is_no_longer_relevant_is_not_sent(referred, clock, registrar):
    from referrals.services import record_referral_response
    from reminders.services import plan_mailings

    clock("2021-09-27")
    plan_mailings(d("2021-09-27"))
    record_referral_response(referred, decided_on=d("2021-09-27"), by=registrar)  # answered meanwhile
    run_watch()
    assert to("sn@kommun.se") == []
    assert Mailing.objects.get(kind="digest", recipient__email="sn@kommun.se").problem == "inget att skicka"


def test_a_digest_not_sent_on_its_day_gives_way_to_the_next(referred, clock, monkeypatch):
    import smtplib

    from django.core.mail import EmailMultiAlternatives

    original = EmailMultiAlternatives.send

    def mail_server_away(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(EmailMultiAlternatives, "send", mail_server_away)
    clock("2021-09-27")
    run_watch()
    monkeypatch.setattr(EmailMultiAlternatives, "send", original)
    clock("2021-09-28")
    run_watch()
    (digest,) = to("sn@kommun.se")
    assert digest.subject == "Motionsregistret 2021-09-28: 1 händelse i 1 ärende"
    assert Mailing.objects.get(kind="digest", key="day 2021-09-27").problem == "en nyare sammanställning ersätter den"


def test_a_mailing_whose_sender_died_is_queued_again_once_its_claim_has_lapsed(referred, clock, secretary, settings):
    import datetime

    from django.utils import timezone

    from reminders.services import plan_mailings

    update_email_settings(secretary, delivery="immediate", language="sv")
    clock("2021-09-27")
    (mailing_id,) = plan_mailings(d("2021-09-27"))
    # A sender claimed it and died: no job is left to send it (a queue of files does not deliver it again).
    Mailing.objects.filter(pk=mailing_id).update(claimed_at=timezone.now(), attempts=1)
    assert plan_mailings(d("2021-09-27"), deadlines=False) == []
    Mailing.objects.filter(pk=mailing_id).update(
        claimed_at=timezone.now() - datetime.timedelta(seconds=settings.MAILING_CLAIM_TIMEOUT + 1))
    assert plan_mailings(d("2021-09-27"), deadlines=False) == [mailing_id]
