"""The daily watch and its e-mails cost what they plan and send, not what the
database holds: a run reads only the cases with a deadline reached since the
previous run (a missed day caught up once), a second run plans nothing, and
the digests summarise many cases in a bounded e-mail."""

import datetime

import pytest
from django.core import mail
from django.db import connection, transaction
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from accounts.services import update_email_settings
from motions.models import Motion
from referrals.models import Referral
from reminders.models import Mailing
from reminders.services import plan_mailings, run_watch
from tests.conftest import d
from tests.support.volume import many_cases

DAY = datetime.timedelta(days=1)
TODAY = d("2024-05-15")


@pytest.fixture
def clock(monkeypatch):
    def set_today(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
        return day
    return set_today


@pytest.fixture
def people(registry_user, social_secretary, school_secretary):
    """The registry and two board secretaries, with e-mail, on the daily digest (the default)."""
    for user, email in ((registry_user, "reg@kommun.se"), (social_secretary, "sn@kommun.se"),
                        (school_secretary, "gsn@kommun.se")):
        user.email = email
        user.save()
        update_email_settings(user, delivery="digest", language="sv")
    return registry_user, social_secretary, school_secretary


@pytest.fixture
def loaded():
    """How many motions and referrals are read into Python while it is open."""
    seen = {"n": 0}

    def count(sender, **kwargs):
        seen["n"] += 1

    for model in (Motion, Referral):
        post_init.connect(count, sender=model)
    yield seen
    for model in (Motion, Referral):
        post_init.disconnect(count, sender=model)


def quiet_cases(huddinge, nujin, body, n):
    """`n` open cases with nothing due around TODAY: filed two months before, referred to
    Socialnämnden with the answer due two months after."""
    return many_cases(huddinge, n, filed_on=TODAY - 60 * DAY, mover=nujin, referred_to=[body("Socialnämnden")],
                      due_on=TODAY + 60 * DAY)


def due_cases(huddinge, nujin, body, *, late=True):
    """Cases due on TODAY: a referral 14 days before its due date, one a week late (unless not
    `late`), and a motion 90 days before its one-year mark."""
    social = [body("Socialnämnden")]
    cases = many_cases(huddinge, 1, filed_on=TODAY - 30 * DAY, mover=nujin, referred_to=social,
                       due_on=TODAY + 14 * DAY)
    if late:
        cases += many_cases(huddinge, 1, filed_on=TODAY - 90 * DAY, mover=nujin, referred_to=social,
                            due_on=TODAY - 8 * DAY)
    return cases + many_cases(huddinge, 1, filed_on=TODAY + 90 * DAY - datetime.timedelta(days=366), mover=nujin)


def kinds():
    return sorted(Mailing.objects.exclude(kind__in=("digest", "registry_digest")).values_list("kind", flat=True))


@pytest.mark.parametrize("quiet", [30, 300])
def test_a_run_reads_only_the_cases_due_since_the_previous_run(
        huddinge, nujin, body, people, clock, loaded, quiet):
    quiet_cases(huddinge, nujin, body, quiet)
    plan_mailings(TODAY - DAY)  # the previous day's run
    due_cases(huddinge, nujin, body)
    loaded["n"] = 0
    plan_mailings(clock(TODAY))
    # The three cases due today (a referral read with its case), and the registry digest's
    # oldest overdue answer with its case: not the quiet ones.
    assert loaded["n"] == 7
    assert kinds() == ["one_year", "referral_due", "referral_overdue"]


def test_a_run_with_nothing_due_reads_no_case_and_a_second_run_plans_nothing(
        huddinge, nujin, body, people, clock, loaded):
    quiet_cases(huddinge, nujin, body, 50)
    due_cases(huddinge, nujin, body, late=False)
    plan_mailings(clock(TODAY))
    planned = Mailing.objects.count()
    assert kinds() == ["one_year", "referral_due"]
    loaded["n"] = 0
    plan_mailings(TODAY)
    assert loaded["n"] == 0 and Mailing.objects.count() == planned
    plan_mailings(clock(TODAY + DAY))  # nothing reached the next day
    assert loaded["n"] == 0
    assert kinds() == ["one_year", "referral_due"]


def test_the_same_queries_with_few_and_many_cases(huddinge, nujin, body, people, clock):
    def queries(quiet):
        with transaction.atomic():
            quiet_cases(huddinge, nujin, body, quiet)
            due_cases(huddinge, nujin, body)
            plan_mailings(clock(TODAY - DAY))
            with CaptureQueriesContext(connection) as run:
                plan_mailings(clock(TODAY))
            transaction.set_rollback(True)
        return len(run)

    assert queries(30) == queries(300)


def test_a_missed_day_is_caught_up_once(huddinge, nujin, body, people, clock):
    social = [body("Socialnämnden")]
    # Reached on the missed day: a reminder 14 days ahead, an answer a week late, a motion 30 days from its mark.
    reminded = many_cases(huddinge, 1, filed_on=TODAY - 30 * DAY, mover=nujin, referred_to=social,
                          due_on=TODAY + 13 * DAY)[0]
    late = many_cases(huddinge, 1, filed_on=TODAY - 90 * DAY, mover=nujin, referred_to=social,
                      due_on=TODAY - 9 * DAY)[0]
    marked = many_cases(huddinge, 1, filed_on=TODAY + 29 * DAY - datetime.timedelta(days=366), mover=nujin)[0]
    plan_mailings(clock(TODAY - 3 * DAY))  # the first run: each case at the stage it has reached
    Mailing.objects.all().delete()
    plan_mailings(clock(TODAY - 2 * DAY))
    assert kinds() == []
    # TODAY - DAY is missed.
    plan_mailings(clock(TODAY))
    plan_mailings(TODAY)
    plan_mailings(clock(TODAY + DAY))
    planned = {(m.kind, m.motion_id, m.key.split(" at ")[-1].split(" week ")[-1]) for m in Mailing.objects.exclude(
        kind__in=("digest", "registry_digest"))}
    assert planned == {("referral_due", reminded.pk, "14"), ("referral_overdue", late.pk, "1"),
                       ("one_year", marked.pk, "30")}
    assert Mailing.objects.filter(kind="referral_due", motion=reminded).count() == 1  # one secretary, once


def test_a_case_changed_since_the_previous_run_is_looked_at_again(huddinge, nujin, body, people, clock, registrar):
    """A referral recorded after the day its first reminder was reached (sent late, or recorded late)."""
    from referrals.services import ReferralRequest, refer_motion

    (motion,) = many_cases(huddinge, 1, filed_on=TODAY - 30 * DAY, mover=nujin)
    plan_mailings(clock(TODAY - 5 * DAY))
    refer_motion(Motion.objects.get(pk=motion.pk), requests=[ReferralRequest(body("Socialnämnden"),
                                                                             TODAY + 10 * DAY)],
                 sent_on=TODAY - 5 * DAY, by=registrar)
    plan_mailings(clock(TODAY))
    assert [m.key.split(" at ")[-1] for m in Mailing.objects.filter(kind="referral_due")] == ["14"]


@pytest.mark.parametrize("late", [30, 300])
def test_the_registrys_digest_counts_and_links_instead_of_listing_everything(
        huddinge, nujin, body, people, clock, late):
    many_cases(huddinge, late // 2, filed_on=TODAY - 100 * DAY, mover=nujin, referred_to=[body("Socialnämnden")],
               due_on=TODAY - 20 * DAY)
    many_cases(huddinge, late - late // 2, filed_on=TODAY - 100 * DAY, mover=nujin,
               referred_to=[body("Grundskolenämnden")], due_on=TODAY - 10 * DAY)
    clock(TODAY)
    run_watch(TODAY)
    (overview,) = [m for m in mail.outbox if m.to == ["reg@kommun.se"]]
    text = overview.body
    assert f"Försenade remissvar: {late}\n" in text
    social = body("Socialnämnden")
    assert (f"- Socialnämnden: {late // 2}  http://127.0.0.1:8000/remisser/?state=overdue"
            f"&organisation={huddinge.pk}&body={social.pk}\n") in text
    assert f"- Grundskolenämnden: {late - late // 2}  " in text
    assert "De 10 äldsta:\n" in text and text.count("20 dagar för sent") == 10
    assert "Hela listan: http://127.0.0.1:8000/remisser/?state=overdue\n" in text
    assert len(text) < 6000 and len(overview.alternatives[0][0]) < 12000


def test_the_digest_with_many_cases_tells_the_first_and_counts_the_rest(huddinge, nujin, body, people, clock):
    """The registry is told of 40 motions reaching a one-year notice: 30 in full, the rest counted."""
    many_cases(huddinge, 40, filed_on=TODAY + 7 * DAY - datetime.timedelta(days=366), mover=nujin)
    clock(TODAY)
    run_watch(TODAY)
    (digest,) = [m for m in mail.outbox if m.to == ["reg@kommun.se"]]
    assert digest.subject == "Motionsregistret 2024-05-15: 40 händelser i 40 ärenden"
    assert digest.body.count("Ärende: VOL-") == 30
    assert "Och 10 ärenden till:\n- Ettårsgränsen närmar sig: 10  http://127.0.0.1:8000/\n" in digest.body


@pytest.mark.parametrize("notices", [5, 60])
def test_a_digest_is_rendered_with_the_same_queries_for_many_cases(huddinge, nujin, body, people, clock, notices):
    from reminders.emails import render_mailing

    many_cases(huddinge, notices, filed_on=TODAY + 7 * DAY - datetime.timedelta(days=366), mover=nujin,
               referred_to=[body("Socialnämnden")], due_on=TODAY + 20 * DAY)
    clock(TODAY)
    plan_mailings(TODAY)
    digest = Mailing.objects.get(kind="digest", recipient=people[0])
    items = list(Mailing.objects.filter(recipient=people[0]).exclude(kind="digest").select_related(
        "recipient__role", "motion__municipality", "referral__body", "referral__motion", "event"))
    with CaptureQueriesContext(connection) as rendering:
        render_mailing(digest, items)
    assert len(rendering) <= 8
