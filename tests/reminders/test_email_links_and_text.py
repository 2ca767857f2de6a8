"""The status e-mail as its reader gets it: the plain text says what was written, and its one-click
unfollow link ends the follow it was made for and no other."""

import re

from django.core import mail, signing
from django.test import Client

from accounts.services import update_email_settings
from motions.services import file_motion, withdraw_motion
from referrals.services import ReferralRequest, refer_motion
from reminders.models import Follow
from reminders.services import run_watch
from tests.conftest import d

ODD_TITLE = "Bänkar & bord: <fler> \"sittplatser\" i 'parken'"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def following(councillor, motion):
    councillor.email = "ledamot@kommun.se"
    councillor.save()
    update_email_settings(councillor, delivery="immediate", language="sv")
    client = client_for(councillor)
    client.post(f"/arenden/{motion.case_number}/bevaka/")
    return client


def unfollow_path(message) -> str:
    link = re.search(r"http://\S+/bevakning/avsluta/\S+/", message.body).group(0)
    return link.split("127.0.0.1:8000", 1)[1]


def test_the_plain_text_says_a_title_as_written_and_the_html_escapes_it(huddinge, nujin, councillor, registrar):
    motion = file_motion(huddinge, title=ODD_TITLE, movers=[nujin], received_on=d("2021-03-08"),
                         registered_on=d("2021-03-08"), by=registrar)
    following(councillor, motion)
    withdraw_motion(motion, on=d("2021-04-01"), by=registrar)
    run_watch(d("2021-04-01"))
    (message,) = mail.outbox
    assert f"{motion.case_number} {ODD_TITLE}\n" in message.body
    assert "&amp;" not in message.body and "&lt;" not in message.body and "&#x27;" not in message.body
    html, _type = message.alternatives[0]
    assert "Bänkar &amp; bord: &lt;fler&gt; &quot;sittplatser&quot; i &#x27;parken&#x27;" in html
    assert "<fler>" not in html


def test_an_old_link_does_not_end_a_new_follow_of_the_same_case(councillor, motion, registrar, body):
    client = following(councillor, motion)
    refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30"))],
                 sent_on=d("2021-04-06"), by=registrar)
    run_watch(d("2021-04-06"))
    (message,) = mail.outbox
    old_link = unfollow_path(message)
    # Unfollowed on the case page, and followed again later.
    client.post(f"/arenden/{motion.case_number}/sluta-bevaka/")
    client.post(f"/arenden/{motion.case_number}/bevaka/")
    again = Follow.objects.get(user=councillor, motion=motion)
    response = Client().post(old_link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 404 and "Länken är inte giltig" in response.content.decode()
    assert Follow.objects.filter(pk=again.pk).exists()


def test_a_link_ends_its_own_follow_and_cannot_be_bent_to_another_case(
        huddinge, nujin, councillor, motion, registrar, body):
    other = file_motion(huddinge, title="Fler parkbänkar", movers=[nujin], received_on=d("2021-03-08"),
                        registered_on=d("2021-03-08"), by=registrar)
    following(councillor, motion)
    client_for(councillor).post(f"/arenden/{other.case_number}/bevaka/")
    refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30"))],
                 sent_on=d("2021-04-06"), by=registrar)
    run_watch(d("2021-04-06"))
    (message,) = mail.outbox
    link = unfollow_path(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    # The token's payload changed to name the other case's follow: its signature no longer holds.
    other_follow = Follow.objects.get(user=councillor, motion=other)
    _payload, signature = token.split(":", 1)
    bent = signing.b64_encode(f"[{other_follow.pk},0]".encode()).decode() + ":" + signature
    assert Client().post(link.replace(token, bent)).status_code == 404
    assert Client().post(link).status_code == 200
    assert list(Follow.objects.filter(user=councillor).values_list("motion", flat=True)) == [other.pk]
