"""Corrections, undoings, documents and case officers in the reader's language: what the system
wrote into the event (its description, the changed fields' labels, values such as a referral or a
document) is kept in Swedish in the record and shown translated on the English case page.

The English words are compared with the catalogue's (gettext of the same message id), so that the
test reads the same before and after a message id's English is added."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from documents.models import CaseDocument
from documents.services import add_document
from motions.models import Motion, MotionEvent
from motions.services import assign_case_officer, correct_motion
from referrals.services import ReferralRequest, correct_referral, refer_motion, undo_referral
from tests.conftest import _user, d
from tests.support import files


def page_in(language, motion) -> str:
    """The case's timeline as a reader sees it, without its markup."""
    client = Client()
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    html = client.get(motion.get_absolute_url()).content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html[html.index('class="timeline"'):]).split())


def english(msgid: str, **values) -> str:
    """The message as the English page shows it (escaped, as the page has it)."""
    with translation.override("en"):
        return escape(gettext(msgid) % values if values else gettext(msgid))


def swedish(msgid: str, **values) -> str:
    return escape(msgid % values if values else msgid)


@pytest.fixture
def officer(huddinge):
    return _user("handlaggare", "case_officer", first_name="Sara", last_name="Lund")


@pytest.fixture
def corrected(motion, body, officer, registrar, registry_user):
    """A case with a correction, an undone referral, two documents and a case officer, each recorded
    by someone using the English pages."""
    with translation.override("en"):
        refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30")),
                                       ReferralRequest(body("Grundskolenämnden"), d("2021-10-15"))],
                     sent_on=d("2021-04-06"), by=registrar)
        fields = {"movers": [m.person for m in motion.movers.all()], "received_on": motion.received_on,
                  "filed_on": motion.filed_on, "summary": motion.summary, "text": motion.text,
                  "clauses": [c.text for c in motion.clauses.all()]}
        correct_motion(Motion.objects.get(pk=motion.pk), title="Avhopparverksamhet", reason="Skrivfel", by=registrar,
                       **fields)
        undo_referral(motion.referrals.get(body__name="Grundskolenämnden"), reason="Fel nämnd", by=registrar)
        correct_referral(motion.referrals.get(), body=body("Socialnämnden"), due_on=d("2021-10-01"),
                         reason="Fel datum", by=registrar)
        for confidential in (False, True):
            add_document(motion, file=SimpleUploadedFile("handling.pdf", files.pdf()), kind=CaseDocument.Kind.LETTER,
                         dated_on=d("2021-04-01"), title="Skrivelse om trygghet", sender="Polisen",
                         confidential=confidential, secrecy_provision="26 kap. 1 § OSL", by=registrar)
        assign_case_officer(motion, officer=officer, by=registry_user)
        assign_case_officer(motion, officer=None, by=registry_user)
    return Motion.objects.get(pk=motion.pk)


def test_the_english_case_page_shows_what_the_system_wrote_in_english(corrected):
    shown, record = page_in("en", corrected), page_in("sv", corrected)
    referral = {"body": "Grundskolenämnden", "sent": "2021-04-06", "due": "2021-10-15"}
    lines = [
        # The correction of the motion: its description and a changed field's label.
        (english("Motionens uppgifter"), swedish("Motionens uppgifter")),
        (english("Rubrik") + ": Inför", swedish("Rubrik") + ": Inför"),
        # The undone referral, with what it was.
        (english("Remiss till %(body)s", body="Grundskolenämnden"), swedish("Remiss till %(body)s",
                                                                             body="Grundskolenämnden")),
        (english("Remiss") + ": " + english("%(body)s, skickad %(sent)s, svar senast %(due)s", **referral),
         swedish("Remiss") + ": " + swedish("%(body)s, skickad %(sent)s, svar senast %(due)s", **referral)),
        # The corrected referral's changed due date.
        (english("Svar senast") + ": 2021-09-30", swedish("Svar senast") + ": 2021-09-30"),
        # The documents, one of them confidential.
        (english("aktbilaga %(number)s, %(kind)s", number=1, kind=english("Skrivelse")) + " "
         + english("från %(sender)s", sender="Polisen") + ": Skrivelse om trygghet",
         swedish("aktbilaga %(number)s, %(kind)s", number=1, kind="Skrivelse") + " "
         + swedish("från %(sender)s", sender="Polisen") + ": Skrivelse om trygghet"),
        (english("aktbilaga %(number)s, %(kind)s", number=2, kind=english("Skrivelse")) + " "
         + english("(sekretess enligt %(provision)s)", provision="26 kap. 1 § OSL"),
         swedish("aktbilaga %(number)s, %(kind)s", number=2, kind="Skrivelse") + " "
         + swedish("(sekretess enligt %(provision)s)", provision="26 kap. 1 § OSL")),
        # The case officer named and taken off again: the field's label, never its name.
        (english("Handläggare") + ": – ", swedish("Handläggare") + ": – "),
        (english("ingen") + " " + english("(tidigare %(name)s)", name="Sara Lund"),
         swedish("ingen") + " " + swedish("(tidigare %(name)s)", name="Sara Lund")),
    ]
    for in_english, in_swedish in lines:
        assert in_english in shown
        assert in_swedish in record
        if in_english != in_swedish:
            assert in_swedish not in shown
    assert "case_officer" not in shown and "case_officer" not in record
    # What a person typed is shown as typed.
    assert "Fel nämnd" in shown and "Skrivfel" in shown


def test_the_record_keeps_swedish_whatever_the_language_it_was_recorded_in(corrected):
    events = corrected.events
    motion_corrected = events.filter(kind=MotionEvent.Kind.CORRECTED).first()
    assert motion_corrected.description == "Motionens uppgifter"
    assert ("Rubrik", "Avhopparverksamhet") in [(c["field"], c["after"]) for c in motion_corrected.changes]
    undone = events.get(kind=MotionEvent.Kind.UNDONE)
    assert undone.description == "Remiss till Grundskolenämnden"
    assert [(c["field"], c["before"], c["after"]) for c in undone.changes] == [
        ("Remiss", "Grundskolenämnden, skickad 2021-04-06, svar senast 2021-10-15", "–")]
    assert list(events.filter(kind=MotionEvent.Kind.DOCUMENT_ADDED).values_list("description", flat=True)) == [
        "aktbilaga 1, Skrivelse från Polisen: Skrivelse om trygghet",
        "aktbilaga 2, Skrivelse (sekretess enligt 26 kap. 1 § OSL)"]
    named, taken_off = events.filter(kind=MotionEvent.Kind.CASE_OFFICER)
    assert (named.description, taken_off.description) == ("Sara Lund", "ingen (tidigare Sara Lund)")
    assert [(c["field"], c["before"], c["after"]) for c in named.changes + taken_off.changes] == [
        ("Handläggare", "–", "Sara Lund"), ("Handläggare", "Sara Lund", "–")]


def test_changes_recorded_before_their_sentences_were_kept_show_as_stored(motion):
    for kind, changes in (
        (MotionEvent.Kind.CASE_OFFICER, [{"field": "case_officer", "before": "", "after": "Sara Lund"}]),
        (MotionEvent.Kind.CORRECTED, [{"field": "Rättelse 2026-11-30", "before": "–", "after": "Skrivfel rättat"}]),
    ):
        MotionEvent.objects.create(motion=motion, kind=kind, occurred_on=motion.filed_on, to_status=motion.status,
                                   changes=changes)
    shown, record = page_in("en", motion), page_in("sv", motion)
    assert english("Handläggare") + ": " in shown and "Handläggare: " in record
    assert "case_officer" not in shown
    assert "Rättelse 2026-11-30: – " in shown and "Skrivfel rättat" in shown
