"""The registration form sent twice (a double click, a reload of the POST) registers one motion,
as the steps on a case are guarded by the case's version."""

import re
import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from lib.errors import AlreadyDone
from motions.models import Motion
from motions.services import file_motion
from tests.conftest import d


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submission_key(page: str) -> str:
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', page)[1]


def test_the_registration_form_sent_twice_registers_one_motion(registry_user, nujin):
    client = client_for(registry_user)
    url = reverse("motions:register")
    key = submission_key(client.get(url).content.decode())
    assert submission_key(client.get(url).content.decode()) != key  # each form shown has its own
    form = {"title": "Fler parkbänkar", "received_on": "2021-03-08", "movers": [nujin.pk], "submission": key}
    first = client.post(url, form)
    second = client.post(url, form)
    (motion,) = Motion.objects.all()
    assert first["Location"] == second["Location"] == motion.get_absolute_url()
    assert [str(m) for m in get_messages(second.wsgi_request)][-1] == (
        f"Formuläret skickades två gånger; motionen registrerades första gången, med diarienummer "
        f"{motion.case_number}.")
    # A form shown anew registers another.
    client.post(url, {**form, "submission": submission_key(client.get(url).content.decode())})
    assert Motion.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_the_registration_sent_twice_at_once_registers_one_motion(huddinge, nujin, registrar):
    barrier, outcomes = threading.Barrier(2), []
    key = "5d0f5a36-6a7b-4d2e-9a51-3c3b8f1e2a10"

    def register():
        try:
            barrier.wait()
            outcomes.append(file_motion(huddinge, title="Fler parkbänkar", movers=[nujin],
                                        received_on=d("2022-02-01"), submission=key, by=registrar).case_number)
        except AlreadyDone as done:
            outcomes.append(f"already {done.record.case_number}")
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    (motion,) = Motion.objects.all()
    assert sorted(outcomes) == sorted([motion.case_number, f"already {motion.case_number}"])
