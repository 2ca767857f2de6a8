"""An answer's documents: case documents of kind remissvar, numbered with the case's others, that the
body's secretary may replace or add to until the case moves on, and the registry after that too."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from decisions.services.case_steps import prepare_draft_decision
from documents.models import CaseDocument
from documents.services import add_document
from lib.errors import DomainError
from motions.models import MotionEvent
from referrals.models import AnswerDocument
from referrals.selectors import answer_documents
from referrals.services import (
    ReferralRequest,
    add_answer_document,
    record_referral_declined,
    record_referral_response,
    refer_motion,
)
from tests.conftest import d
from tests.support import files


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def referrals(motion, body, registrar):
    return refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30")),
                                          ReferralRequest(body("Grundskolenämnden"), d("2021-09-30"))],
                        sent_on=d("2021-04-06"), by=registrar)


@pytest.fixture
def answered(referrals, registrar):
    """Socialnämnden's answer, with a Word document; Grundskolenämnden's referral still open."""
    social = referrals[0]
    record_referral_response(social, decided_on=d("2021-09-28"), paragraph="§ 112", text="Nämnden tillstyrker.",
                             document=SimpleUploadedFile("yttrande.docx", files.docx()), by=registrar)
    return social


def test_an_answers_document_is_a_case_document_from_the_body(motion, registrar, answered):
    add_document(motion, file=SimpleUploadedFile("m.pdf", files.pdf()), kind="motion", dated_on=d("2021-03-08"),
                 title="Motionen", by=registrar)  # after the answer: numbers follow registration
    document = motion.documents.get(number=1)
    assert (document.kind, document.sender, document.title, document.dated_on) == (
        "referral_answer", "Socialnämnden", "Remissvar från Socialnämnden § 112", d("2021-09-28"))
    assert list(answered.response.documents.all()) == [document]
    assert document.content_type.endswith("wordprocessingml.document")
    event = motion.events.get(kind=MotionEvent.Kind.DOCUMENT_ADDED, occurred_on=d("2021-09-28"))
    assert event.description == "aktbilaga 1, Remissvar från Socialnämnden: Remissvar från Socialnämnden § 112"


def test_a_refused_document_refuses_the_whole_answer(motion, referrals, registrar):
    with pytest.raises(DomainError, match="Filen är inte en PDF") as refused:
        record_referral_response(referrals[0], decided_on=d("2021-09-28"), text="Svar",
                                 document=SimpleUploadedFile("svar.pdf", files.exe()), by=registrar)
    assert refused.value.field == "file"
    referrals[0].refresh_from_db()
    assert referrals[0].is_open and not CaseDocument.objects.exists()


def test_the_secretary_replaces_the_answers_document_and_the_old_one_stays(motion, answered, social_secretary):
    old = answered.response.documents.get()
    response = client_for(social_secretary).post(f"/remisser/{answered.pk}/", {
        "action": "document", "doc-file": SimpleUploadedFile("yttrande.pdf", files.pdf()),
        "doc-replaces": str(old.number), "doc-dated_on": "2021-09-29", "doc-title": "",
        "doc-reason": "Fel version bifogades."})
    assert response.status_code == 302
    old.refresh_from_db()
    new = old.replaced_by
    assert (new.number, new.kind, new.sender, new.registered_by) == (
        2, "referral_answer", "Socialnämnden", social_secretary)
    assert answer_documents(answered.response) == [old, new]
    event = motion.events.get(kind=MotionEvent.Kind.DOCUMENT_REPLACED)
    assert event.reason == "Fel version bifogades." and event.recorded_by == social_secretary
    page = client_for(social_secretary).get(f"/remisser/{answered.pk}/").content.decode()
    assert "ersatt av aktbilaga 2" in page


def test_the_secretary_adds_a_further_document_to_the_answer(answered, social_secretary):
    response = client_for(social_secretary).post(f"/remisser/{answered.pk}/", {
        "action": "document", "doc-file": SimpleUploadedFile("protokoll.odt", files.odt()),
        "doc-replaces": "", "doc-dated_on": "2021-09-29", "doc-title": "Protokollsutdrag SN § 112"})
    assert response.status_code == 302
    assert list(answered.response.documents.order_by("number").values_list("number", "title")) == [
        (1, "Remissvar från Socialnämnden § 112"), (2, "Protokollsutdrag SN § 112")]


def test_a_refused_answer_document_is_shown_at_its_field(answered, social_secretary):
    response = client_for(social_secretary).post(f"/remisser/{answered.pk}/", {
        "action": "document", "doc-file": SimpleUploadedFile("svar.pdf", b"text"), "doc-dated_on": "2021-09-29"})
    assert response.status_code == 200
    assert "Filen är inte en PDF" in response.context["document_form"].errors["file"][0]
    assert answered.response.documents.count() == 1


def test_once_the_case_moves_on_only_the_registry_changes_the_answers_documents(
        motion, referrals, answered, registrar, registry_user, social_secretary):
    record_referral_declined(referrals[1], decided_on=d("2021-09-20"), by=registrar)
    prepare_draft_decision(motion, drafted_on=d("2021-10-05"), proposal="reject", by=registrar)
    data = {"action": "document", "doc-file": SimpleUploadedFile("b.pdf", files.pdf()), "doc-dated_on": "2021-10-06"}
    secretary = client_for(social_secretary)
    assert "Ärendet har gått vidare" in secretary.get(f"/remisser/{answered.pk}/").content.decode()
    assert secretary.post(f"/remisser/{answered.pk}/", data).status_code == 403
    assert answered.response.documents.count() == 1
    data["doc-file"] = SimpleUploadedFile("b.pdf", files.pdf())
    assert client_for(registry_user).post(f"/remisser/{answered.pk}/", data).status_code == 302
    assert answered.response.documents.count() == 2


def test_another_bodys_secretary_cannot_touch_the_answers_documents(answered, school_secretary):
    response = client_for(school_secretary).post(f"/remisser/{answered.pk}/", {
        "action": "document", "doc-file": SimpleUploadedFile("b.pdf", files.pdf()), "doc-dated_on": "2021-09-29"})
    assert response.status_code == 404
    assert answered.response.documents.count() == 1


def test_only_the_answers_own_documents_can_be_replaced_through_it(motion, answered, registrar):
    other = add_document(motion, file=SimpleUploadedFile("m.pdf", files.pdf()), kind="motion",
                         dated_on=d("2021-03-08"), title="Motionen", by=registrar)
    with pytest.raises(DomainError, match="Aktbilaga 2 hör inte till svaret från Socialnämnden."):
        add_answer_document(answered, file=SimpleUploadedFile("b.pdf", files.pdf()), dated_on=d("2021-09-29"),
                            replaces=other, by=registrar)
    assert not AnswerDocument.objects.filter(document=other).exists() and other.replaced_by is None


def test_an_unanswered_referral_has_no_documents_to_change(referrals, registrar):
    with pytest.raises(DomainError, match="bara ett inkommet svar har handlingar"):
        add_answer_document(referrals[1], file=SimpleUploadedFile("b.pdf", files.pdf()), dated_on=d("2021-09-29"),
                            by=registrar)
    assert not CaseDocument.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_answers_attachments_from_before_become_case_documents(motion, referrals, registrar):
    """The data migration: an answer's attachment (the old ReferralResponse.document) becomes the
    case's document of kind remissvar, numbered after those already there."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    add_document(motion, file=SimpleUploadedFile("m.pdf", files.pdf()), kind="motion", dated_on=d("2021-03-08"),
                 title="Motionen", by=registrar)
    response = record_referral_response(referrals[0], decided_on=d("2021-09-28"), paragraph="§ 112", text="Svar",
                                        by=registrar)
    before = [("referrals", "0003_answer_documents")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("referrals", "ReferralResponse")
    name = default_storage.save("remissvar/2021/svar.pdf", ContentFile(files.pdf()))
    old.objects.filter(pk=response.pk).update(document=name)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    document = CaseDocument.objects.get(motion=motion, number=2)
    assert (document.kind, document.sender, document.title, document.dated_on, document.file.name) == (
        "referral_answer", "Socialnämnden", "Remissvar från Socialnämnden § 112", d("2021-09-28"), name)
    assert (document.size, document.sha256, document.content_type) == (
        len(files.pdf()), hashlib.sha256(files.pdf()).hexdigest(), "application/pdf")
    assert list(AnswerDocument.objects.values_list("response_id", "document_id")) == [(response.pk, document.pk)]
