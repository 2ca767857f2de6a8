"""Withdrawing a motion or a referral: apart from the main steps, and taken only when confirmed."""

import re

import pytest
from django.test import Client

from motions.models import Motion
from referrals.models import Referral
from referrals.services import ReferralRequest, refer_motion
from tests.conftest import d


@pytest.fixture
def registry(registry_user):
    client = Client()
    client.force_login(registry_user)
    return client


@pytest.fixture
def referred(motion, body, registrar):
    return refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30")),
                                          ReferralRequest(body("Grundskolenämnden"), d("2021-09-30"))],
                        sent_on=d("2021-04-06"), by=registrar)


def test_the_case_page_sets_withdrawing_apart_from_the_main_steps(registry, motion, referred):
    html = registry.get(motion.get_absolute_url()).content.decode()
    main, destructive = html.split('class="list-inline destructive-actions"')
    withdraw = f'href="/arenden/{motion.case_number}/aterkalla/"'
    assert withdraw not in main and withdraw in destructive
    assert re.search(r'class="btn btn-outline-danger" ' + withdraw + r'>Återkalla motionen<', destructive)
    assert 'class="btn btn-primary" href="/arenden/' in main  # the main steps stay as they were
    referral = referred[0]
    assert re.search(r'class="btn btn-sm btn-outline-danger[^"]*" href="/remisser/%d/aterkalla/"' % referral.pk, html)


def test_the_withdrawal_page_says_what_happens_and_asks_for_confirmation(registry, motion, referred):
    html = registry.get(f"/arenden/{motion.case_number}/aterkalla/").content.decode()
    assert "Motionen får status ”Återkallad” och ärendet avslutas." in html
    assert "Remisserna som ännu inte besvarats återkallas samtidigt: Grundskolenämnden, Socialnämnden." in html
    assert re.search(r'<input type="checkbox" name="confirm"[^>]*required', html)
    assert html.count('name="confirm"') == 1  # once, in the red box, not also among the step's fields
    assert '<button type="submit" class="btn btn-danger">Återkalla motionen</button>' in html


def test_an_unconfirmed_withdrawal_changes_nothing_and_says_why_at_the_box(registry, motion, referred):
    response = registry.post(f"/arenden/{motion.case_number}/aterkalla/", {
        "on": "2021-05-01", "reason": "Motionären återkallar", "version": motion.version})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kryssa i rutan för att bekräfta att motionen ska återkallas." in html
    assert '<a href="#id_confirm" class="alert-link">' in html  # the summary leads to the box
    assert "Motionären återkallar" in html  # what was typed is kept
    motion.refresh_from_db()
    assert motion.status == "referred"
    assert not Referral.objects.filter(status=Referral.Status.WITHDRAWN).exists()


def test_a_confirmed_withdrawal_withdraws_the_motion(registry, motion, referred):
    response = registry.post(f"/arenden/{motion.case_number}/aterkalla/", {
        "on": "2021-05-01", "version": Motion.objects.get(pk=motion.pk).version, "confirm": "on"})
    assert response.status_code == 302
    assert Motion.objects.get(pk=motion.pk).status == "withdrawn"


def test_a_referral_is_withdrawn_only_when_confirmed(registry, referred):
    referral = referred[0]
    url = f"/remisser/{referral.pk}/aterkalla/"
    html = registry.get(url).content.decode()
    assert "Socialnämnden behöver inte längre svara på remissen" in html
    response = registry.post(url, {"on": "2021-05-01"})
    assert "Kryssa i rutan för att bekräfta att remissen ska återkallas." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    assert registry.post(url, {"on": "2021-05-01", "confirm": "on"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN
