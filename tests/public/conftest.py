"""The open data's world: the seed case signed (its three meetings, their documents archived and
published), and beside it what the public may not see yet, or ever, so that the tests can look
for it: a working committee's meeting signed, with a roll-call vote and a substitute; another
held and recorded but not signed; a case with a confidential document, one awaiting review and
one withheld."""

import datetime
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase

from decisions.services.case_steps import prepare_draft_decision, record_minute_item
from decisions.services.paragraphs import BallotRecord, MinuteRecord, VoteRecord
from decisions.services.signing import sign_minutes
from documents.models import CaseDocument
from documents.services import add_document
from motions.models import Motion
from motions.services import file_motion
from organisation.models import Body, Meeting, Municipality, Person
from organisation.services import record_attendance
from publication.services import withhold
from referrals.services import ReferralRequest, record_referral_response, refer_motion
from tests.conftest import MINIMAL_PDF, _user, d, text_pdf
from tests.support.meetings import KSAU, NOTICE, full_attendance, on_agenda, planned
from tests.support.shared_data import shared_fixture

SIGNED_DAY, UNSIGNED_DAY = "2022-02-22", "2022-03-08"
# What the public must never find in the open data (titles of documents it may not read, the
# hidden paragraph's summary).
SECRETS = ("Om en enskild elev", "Brev med personnummer", "Underlag som inte publiceras",
           "Hemlig sammanfattning av utskottets beslut")


@dataclass(frozen=True)
class World:
    organisation: int
    seed: int  # the seed case, closed
    voted: int  # handled at the signed meeting, with a roll-call
    hidden: int  # handled at the unsigned meeting
    documents: int  # referred, answered, with documents of every publication state
    signed_meeting: int
    unsigned_meeting: int
    public_document: int  # the answer's document
    confidential_document: int
    review_document: int
    withheld_document: int


def _prepared(huddinge, nujin, registrar, title: str) -> Motion:
    motion = file_motion(huddinge, title=title, movers=[nujin], received_on=d("2021-03-08"),
                         clauses=["att det görs", "att det görs snart"], by=registrar)
    prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject", by=registrar)
    return motion


@shared_fixture("shared_oparl_world", after="shared_signed_seed_case")
def shared_oparl_world(shared_huddinge, shared_seed_case):
    huddinge = Municipality.objects.get(pk=shared_huddinge)
    registrar = _user("registrator")
    person = lambda name: Person.objects.get(municipality=huddinge, name=name)  # noqa: E731
    nujin = person("Nujin Alacabek")
    ksau = Body.objects.get(municipality=huddinge, name=KSAU)

    # A case handled at a meeting of the working committee with a roll-call, a substitute serving
    # and voting in a member's place; the minutes signed (and their documents archived).
    voted = _prepared(huddinge, nujin, registrar, "Fler parkbänkar i Flemingsberg")
    meeting, _items = on_agenda(ksau, registrar, SIGNED_DAY, voted)
    record_attendance(meeting, full_attendance(person), by=registrar)
    vote = VoteRecord(question="ja för förslaget, nej för Lena Holms yrkande", result="enligt förslaget",
                      yes_for="förslaget", no_for="Lena Holms yrkande", ballots=(
                          BallotRecord(person("Anna Berglund"), "yes"), BallotRecord(person("Erik Sandberg"), "yes"),
                          BallotRecord(person("Lena Holm"), "no"),
                          BallotRecord(person("Karin Dahl"), "abstain", replaces=person("Johan Ek"))))
    record_minute_item(voted, step="handle", outcome="reject", meeting=planned(ksau, d(SIGNED_DAY)),
                       record=MinuteRecord(votes=[vote]), by=registrar)
    with TestCase.captureOnCommitCallbacks(execute=True):
        sign_minutes(Meeting.objects.get(pk=meeting.pk), signed_on=d("2022-02-24"), **NOTICE, by=registrar)

    # A case handled at the committee's next meeting, whose minutes are not signed: its paragraph, the
    # decision and who served are not public yet; the agenda is.
    hidden = _prepared(huddinge, nujin, registrar, "Längre öppettider på biblioteket")
    unsigned, _items = on_agenda(ksau, registrar, UNSIGNED_DAY, hidden)
    record_attendance(unsigned, full_attendance(person), by=registrar)
    record_minute_item(hidden, step="handle", meeting=planned(ksau, d(UNSIGNED_DAY)),
                       record=MinuteRecord(summary="Hemlig sammanfattning av utskottets beslut"), by=registrar)

    # A case out on referral, answered with a document, and with documents the public may not read.
    documents = file_motion(huddinge, title="Trygg skolväg", movers=[nujin], received_on=d("2021-05-03"),
                            by=registrar)
    (referral,) = refer_motion(documents, requests=[ReferralRequest(
        Body.objects.get(municipality=huddinge, name="Socialnämnden"), d("2021-09-30"))],
        sent_on=d("2021-05-10"), by=registrar)
    record_referral_response(referral, decided_on=d("2021-09-01"), text="Socialnämnden tillstyrker.",
                             paragraph="§ 7", document=SimpleUploadedFile("svar.pdf", MINIMAL_PDF), by=registrar)

    def document(title: str, content: bytes, **extra) -> CaseDocument:
        return add_document(documents, file=SimpleUploadedFile("handling.pdf", content), kind="letter",
                            dated_on=d("2021-06-01"), title=title, by=registrar, **extra)

    confidential = document("Om en enskild elev", MINIMAL_PDF, confidential=True,
                            secrecy_provision="23 kap. 2 § OSL")
    review = document("Brev med personnummer", text_pdf("Elev 19121212-1212 har ansökt"))
    withheld = withhold(document("Underlag som inte publiceras", MINIMAL_PDF), ground="personal_data",
                        reason="Uppgifter om en enskild", by=registrar)
    public = CaseDocument.objects.get(motion=documents, kind=CaseDocument.Kind.REFERRAL_ANSWER)
    return World(
        organisation=huddinge.pk, seed=shared_seed_case, voted=voted.pk, hidden=hidden.pk, documents=documents.pk,
        signed_meeting=meeting.pk, unsigned_meeting=unsigned.pk, public_document=public.pk,
        confidential_document=confidential.pk, review_document=review.pk, withheld_document=withheld.pk,
    )


@pytest.fixture
def world(signed_seed_case, shared_oparl_world) -> World:
    return shared_oparl_world


class Api:
    """The API as a client outside sees it: absolute addresses in, JSON out."""

    def __init__(self):
        self.client = Client()
        self.site = settings.SITE_URL.rstrip("/")

    def path(self, url: str) -> str:
        assert url.startswith(self.site), url
        parts = urlsplit(url)
        return f"{parts.path}?{parts.query}" if parts.query else parts.path

    def url(self, path: str) -> str:
        return f"{self.site}{path}"

    def get(self, url: str, **headers):
        return self.client.get(self.path(url) if url.startswith("http") else url, headers=headers)

    def json(self, url: str, **headers) -> dict:
        response = self.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        assert response["Content-Type"] == "application/json; charset=utf-8"
        return json.loads(response.content)

    def every_page(self, url: str) -> list[dict]:
        """The whole list, page after page by its `next` links."""
        found, pages = [], 0
        while url:
            page = self.json(url)
            found += page["data"]
            url = page["links"].get("next")
            pages += 1
            assert pages < 10_000
        return found


@pytest.fixture
def api() -> Api:
    return Api()


def day(text: str) -> datetime.date:
    return d(text)
