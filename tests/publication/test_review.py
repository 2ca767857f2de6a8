"""The publication review: what is on the site, what waits for the registry, what is withheld."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import CaseDocument
from documents.services import add_document
from lib.errors import DomainError
from publication.models import PublicationRule, PublicationState, ReviewCause, WithholdingGround
from publication.selectors import decisions_for
from publication.services import publish, withhold
from tests.conftest import d, text_pdf
from tests.support import files


def add(motion, by, data: bytes, name: str = "skrivelse.pdf", **details) -> CaseDocument:
    fields = {"kind": CaseDocument.Kind.LETTER, "dated_on": d("2021-04-01"), "title": "Skrivelse", **details}
    return add_document(motion, file=SimpleUploadedFile(name, data), by=by, **fields)


def download(client, document):
    return client.get(f"/arenden/{document.motion.case_number}/handlingar/{document.number}/")


def test_a_document_without_personal_identity_numbers_is_published_at_once(client, motion, registrar):
    document = add(motion, registrar, text_pdf("Polisen ser positivt på en avhopparverksamhet."))
    assert document.publication_state == PublicationState.PUBLISHED and document.published_at is not None
    assert download(client, document).status_code == 200


def test_a_document_with_one_waits_for_review_and_the_reviewer_sees_where(client, motion, registrar, registry_user):
    document = add(motion, registrar, text_pdf("Anmälan gäller Tolvan Tolvansson (121212-1212)."))
    assert document.publication_state == PublicationState.REVIEW
    assert document.review_cause == ReviewCause.IDENTITY_NUMBERS
    assert document.identity_number_hits == [{"page": 1, "masked": "121212-****", "coordination": False,
                                             "excerpt": "Anmälan gäller Tolvan Tolvansson (121212-****)."}]
    refused = download(client, document)
    assert refused.status_code == 403 and "registraturen" in refused.content.decode()
    client.force_login(registry_user)
    assert download(client, document).status_code == 200  # the registry reads it to review it


def test_published_after_review_it_is_public(client, motion, registrar):
    document = add(motion, registrar, text_pdf("Personnummer 19121212-1212."))
    publish(document, by=registrar)
    document.refresh_from_db()
    assert (document.publication_state, document.reviewed_by) == (PublicationState.PUBLISHED, registrar)
    assert download(client, document).status_code == 200
    assert [decision.state for decision in decisions_for(document)] == ["review", "published"]


def test_withheld_it_names_the_ground_and_the_reason(client, motion, registrar):
    document = add(motion, registrar, text_pdf("Personnummer 19121212-1212."))
    with pytest.raises(DomainError) as refused:
        withhold(document, ground=WithholdingGround.PERSONAL_DATA, reason="  ", by=registrar)
    assert refused.value.field == "reason"
    with pytest.raises(DomainError) as refused:
        withhold(document, ground="whim", reason="Nej", by=registrar)
    assert refused.value.field == "ground"
    withhold(document, ground=WithholdingGround.PERSONAL_DATA, reason="Uppgifter om en enskild elev", by=registrar)
    document.refresh_from_db()
    assert (document.publication_state, document.withheld_reason) == ("withheld", "Uppgifter om en enskild elev")
    assert download(client, document).status_code == 403


def test_a_published_document_can_be_taken_down(client, motion, registrar):
    document = add(motion, registrar, text_pdf("Yttrande."))
    withhold(document, ground=WithholdingGround.SECRECY, reason="26 kap. 1 § OSL", by=registrar)
    assert download(client, document).status_code == 403


def test_a_confidential_document_is_withheld_and_never_published(motion, registrar):
    document = add(motion, registrar, text_pdf("Utredning."), confidential=True, secrecy_provision="26 kap. 1 § OSL")
    assert (document.publication_state, document.withheld_ground) == ("withheld", "secrecy")
    assert "26 kap. 1 § OSL" in document.withheld_reason
    with pytest.raises(DomainError, match="sekretess"):
        publish(document, by=registrar)


def test_an_image_waits_for_a_person_to_look_at_it(motion, registrar):
    document = add(motion, registrar, files.png(), name="karta.png")
    assert (document.publication_state, document.review_cause) == ("review", ReviewCause.NO_TEXT)


def test_the_organisation_may_review_a_kind_first(motion, registrar, huddinge):
    PublicationRule.objects.create(municipality=huddinge, kind="referral_answer", review_first=True)
    answer = add(motion, registrar, text_pdf("Yttrande."), kind=CaseDocument.Kind.REFERRAL_ANSWER)
    letter = add(motion, registrar, text_pdf("Skrivelse."))
    assert (answer.publication_state, answer.review_cause) == ("review", ReviewCause.RULE)
    assert letter.publication_state == "published"


def test_publishing_twice_is_refused(motion, registrar):
    document = add(motion, registrar, text_pdf("Skrivelse."))
    with pytest.raises(DomainError, match="redan publicerad"):
        publish(document, by=registrar)


def test_the_signed_documents_are_published_and_one_withheld_is_not_served(
        client, signed_seed_case, registry_user, django_capture_on_commit_callbacks):
    from decisions.models import RenderedDocument

    archived = RenderedDocument.objects.filter(archived=True)
    assert archived.exists()
    assert set(archived.values_list("publication_state", flat=True)) == {"published"}
    protocol = archived.filter(kind="protocol").first()
    url = f"/sammantraden/{protocol.meeting_id}/protokoll.pdf"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        withhold(protocol, ground=WithholdingGround.PERSONAL_DATA, reason="Namn på en enskild", by=registry_user)
    assert client.get(url).status_code == 403  # forgotten at once, not served from the cache
    client.force_login(registry_user)
    assert client.get(url).status_code == 200


def test_a_board_secretary_reads_their_own_answer_while_it_waits(client, motion, body, registrar, social_secretary,
                                                                  school_secretary):
    from referrals.services import ReferralRequest, record_referral_response, refer_motion

    (referral,) = refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30"))],
                               sent_on=d("2021-04-06"), by=registrar)
    response = record_referral_response(
        referral, decided_on=d("2021-09-28"), paragraph="§ 112", text="Svar", by=registrar,
        document=SimpleUploadedFile("svar.pdf", text_pdf("Handläggare: Tolvan Tolvansson 121212-1212")))
    document = response.documents.get()
    assert document.publication_state == PublicationState.REVIEW
    assert download(client, document).status_code == 403
    client.force_login(school_secretary)
    assert download(client, document).status_code == 403
    client.force_login(social_secretary)
    assert download(client, document).status_code == 200
