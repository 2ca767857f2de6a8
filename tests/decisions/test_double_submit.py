"""The appeal form sent twice (a double click, a reload of the POST) records one appeal."""

import re

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from decisions.models import Appeal, MinuteItem


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submission_key(page: str) -> str:
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', page)[1]


def test_the_appeal_form_sent_twice_records_one_appeal(signed, registry_user):
    item = MinuteItem.objects.filter(meeting=signed, motion__isnull=True).get()  # the election of signatories
    client = client_for(registry_user)
    url = reverse("decisions:appeal", args=[item.pk])
    form = {"lodged_on": "2022-02-10", "court_case": "1234-22", "submission": submission_key(
        client.get(url).content.decode())}
    first = client.post(url, form)
    second = client.post(url, form)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Appeal.objects.count() == 1
    assert "överklagandet av" in [str(m) for m in get_messages(second.wsgi_request)][-1]
