"""The registry's review queue: the documents waiting, each one's page, its file, publishing and
withholding there, and the organisation's rules per kind of document."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from decisions.models import RenderedDocument
from documents.models import CaseDocument
from documents.services import add_document
from motions.services import file_motion
from publication.models import PublicationRule, PublicationState, ReviewCause
from publication.selectors import model_key, publishable_models, review_url, waiting_count
from publication.services import assess, withhold
from tests.conftest import d, text_pdf
from tests.support import files
from tests.support.organisations import region_with_board_and_council

QUEUE = "/publicering/"
RULES = "/publicering/regler/"


def add(motion, by, data: bytes, name: str = "skrivelse.pdf", **details) -> CaseDocument:
    fields = {"kind": CaseDocument.Kind.LETTER, "dated_on": d("2021-04-01"), "title": "Skrivelse från Polisen",
              **details}
    return add_document(motion, file=SimpleUploadedFile(name, data), by=by, **fields)


def held(motion, by, **details) -> CaseDocument:
    """A letter whose text holds a personal identity number (the Tax Agency's test number): it waits."""
    return add(motion, by, text_pdf("Anmälan gäller Tolvan Tolvansson, 121212-1212, boende i Huddinge."),
               **details)


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def reviewer(client, registry_user):
    client.force_login(registry_user)
    return client


# --- Every kind of publishable document ------------------------------------------------

def test_every_concrete_publishable_model_is_in_the_queue():
    keys = {model_key(model) for model in publishable_models()}
    assert {"documents-casedocument", "decisions-rendereddocument"} <= keys


def test_each_model_answers_the_queues_questions(motion, registrar, signed_seed_case):
    document = held(motion, registrar)
    assert document.publication_title() == f"{motion.case_number} aktbilaga 1, Skrivelse från Polisen"
    assert document.publication_place_url() == f"/arenden/{motion.case_number}/#handlingar"
    protocol = RenderedDocument.publication_documents().get(kind="protocol", meeting__body__name="Kommunstyrelsen")
    assert protocol.publication_title() == f"Protokoll, Kommunstyrelsen {protocol.meeting.date:%Y-%m-%d}"
    assert protocol.publication_place_url() == f"/sammantraden/{protocol.meeting_id}/#protokoll"
    extract = RenderedDocument.publication_documents().filter(kind="extract").first()
    assert extract.publication_title().startswith(f"Protokollsutdrag § {extract.item.number}, ")
    # Drafts rendered before signing are not published documents: the review does not hold them.
    assert not RenderedDocument.publication_documents().filter(archived=False).exists()


# --- The queue ------------------------------------------------------------------------------

def test_the_queue_lists_the_waiting_oldest_first_with_why_and_where(reviewer, motion, registrar):
    first = held(motion, registrar)
    add(motion, registrar, text_pdf("Yttrande utan personuppgifter."), title="Yttrande")  # published at once
    image = add(motion, registrar, files.png(), name="karta.png", title="Karta")
    page = text(reviewer.get(QUEUE))
    assert "2 handlingar väntar på granskning." in page
    assert page.index(first.publication_title()) < page.index(image.publication_title())
    assert "Yttrande" not in page
    assert str(ReviewCause.IDENTITY_NUMBERS.label) in page and str(ReviewCause.NO_TEXT.label) in page
    # Where: the page and the words around the number, the number masked.
    assert "Sidan 1: personnummer 121212-****" in page
    assert "Tolvan Tolvansson, 121212-****, boende i Huddinge" in page
    assert "1212-1212" not in page


def test_the_queue_holds_signed_documents_too(reviewer, signed_seed_case):
    protocol = RenderedDocument.publication_documents().get(kind="protocol", meeting__body__name="Kommunstyrelsen")
    assess(protocol, pages=["Ordföranden Tolvan Tolvansson 19121212-1212 förklarade sammanträdet öppnat."])
    page = text(reviewer.get(QUEUE))
    assert "1 handling väntar på granskning." in page
    assert protocol.publication_title() in page and "Sidan 1: personnummer 19121212-****" in page
    assert "Justerat protokoll" in page  # the kind, as the organisation's rules name it
    assert review_url(protocol) in reviewer.get(QUEUE).content.decode()


def test_the_withheld_and_the_published_lists(reviewer, motion, registrar, registry_user):
    letter = held(motion, registrar)
    withhold(letter, ground="personal_data", reason="Uppgifter om en enskild", by=registry_user)
    answer = add(motion, registrar, text_pdf("Yttrande."), title="Yttrande från Socialnämnden")
    withheld = text(reviewer.get(f"{QUEUE}?visa=publiceras-inte"))
    assert "1 handling publiceras inte." in withheld and "Handling i ärende" in withheld
    assert letter.publication_title() in withheld and "Uppgifter om en enskild" in withheld
    assert answer.publication_title() not in withheld
    published = text(reviewer.get(f"{QUEUE}?visa=publicerade"))
    assert answer.publication_title() in published and "Publicerad direkt" in published
    assert letter.publication_title() not in published
    # An unknown list is the waiting ones.
    assert "0 handlingar väntar på granskning." in text(reviewer.get(f"{QUEUE}?visa=%00"))


def test_the_queue_is_the_chosen_organisations(reviewer, motion, registrar, huddinge):
    region = region_with_board_and_council()
    regional = file_motion(region.municipality, title="Fler vårdplatser", movers=[region.member],
                           received_on=d("2021-03-08"), by=registrar)
    ours, theirs = held(motion, registrar), held(regional, registrar)
    page = text(reviewer.get(QUEUE))  # the first organisation recorded
    assert ours.publication_title() in page and theirs.publication_title() not in page
    page = text(reviewer.get(f"{QUEUE}?organisation={region.municipality.pk}"))
    assert theirs.publication_title() in page and ours.publication_title() not in page
    assert "Byt organisation" in page
    # An organisation that is not there, or no id at all: the first one.
    for odd in ("9" * 5000, "-1", "x"):
        assert ours.publication_title() in text(reviewer.get(f"{QUEUE}?organisation={odd}"))
    assert waiting_count() == 2 and waiting_count(municipality_id=region.municipality.pk) == 1


def test_the_menu_shows_the_registry_the_number_waiting(client, motion, registrar, registry_user, councillor):
    held(motion, registrar)
    client.force_login(registry_user)
    menu = text(client.get("/"))
    assert "Publicering 1 väntar på granskning" in menu
    client.force_login(councillor)
    assert "Publicering" not in text(client.get("/"))


@pytest.mark.parametrize("url", [QUEUE, RULES])
def test_the_queue_and_the_rules_are_the_registrys(client, motion, councillor, social_secretary, url):
    assert client.get(url).status_code == 302
    for user in (councillor, social_secretary):
        client.force_login(user)
        assert client.get(url).status_code == 403


# --- A document's review page ----------------------------------------------------------------

def test_the_review_page_shows_what_where_and_the_history(reviewer, motion, registrar):
    document = held(motion, registrar)
    response = reviewer.get(review_url(document))
    page = text(response)
    assert document.publication_title() in page
    assert "Väntar på granskning" in page and "Sidan 1: personnummer 121212-****" in page
    html = response.content.decode()
    assert f'href="{review_url(document)}fil/"' in html
    assert f'href="/arenden/{motion.case_number}/#handlingar"' in html
    assert "när handlingen registrerades eller justerades" in page  # the scan's decision, in the history
    assert 'value="publish"' in html and 'value="withhold"' in html


def test_publishing_from_the_review_page(reviewer, motion, registrar, registry_user, client):
    document = held(motion, registrar)
    response = reviewer.post(review_url(document), {"action": "publish"})
    assert response.status_code == 302 and response["Location"].startswith(QUEUE)
    document.refresh_from_db()
    assert (document.publication_state, document.reviewed_by) == (PublicationState.PUBLISHED, registry_user)
    page = text(reviewer.get(review_url(document)))
    assert f"av {registry_user.get_username()}" in page  # the history names who published it
    assert "Ta bort från webben" in page  # a published one can be taken down
    assert 'value="publish"' not in reviewer.get(review_url(document)).content.decode()
    client.logout()
    assert client.get(f"/arenden/{motion.case_number}/handlingar/1/").status_code == 200


def test_withholding_needs_a_ground_and_a_reason_each_said_at_its_field(reviewer, motion, registrar):
    document = held(motion, registrar)
    url = review_url(document)
    response = reviewer.post(url, {"action": "withhold", "ground": "", "reason": "   "})
    assert response.status_code == 200
    form = response.context["withhold_form"]
    assert form.errors == {"ground": ["Välj skälet till att handlingen inte publiceras."],
                           "reason": ["Skriv en motivering."]}
    response = reviewer.post(url, {"action": "withhold", "ground": "whim", "reason": "x" * 301})
    form = response.context["withhold_form"]
    assert form.errors["ground"] == ["Välj ett av skälen i listan."]
    assert "högst 300 tecken" in form.errors["reason"][0]
    assert 'href="#id_reason"' in response.content.decode()  # the summary leads to the field
    document.refresh_from_db()
    assert document.publication_state == PublicationState.REVIEW
    response = reviewer.post(url, {"action": "withhold", "ground": "personal_data",
                                   "reason": "Personnummer och adress till en enskild"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.publication_state, document.withheld_reason) == (
        PublicationState.WITHHELD, "Personnummer och adress till en enskild")
    # The same again is refused, and said on the form.
    response = reviewer.post(url, {"action": "withhold", "ground": "personal_data",
                                   "reason": "Personnummer och adress till en enskild"})
    assert "samma skäl" in text(response)


def test_odd_input_on_the_review_page_is_answered_with_a_page(reviewer, motion, registrar):
    document = held(motion, registrar)
    url = review_url(document)
    assert reviewer.post(url, {"action": "nonsense"}).status_code == 302
    assert reviewer.post(url, {}).status_code == 302
    response = reviewer.post(url, {"action": "withhold", "ground": "secrecy", "reason": "a\x00b"})
    assert response.status_code == 200 and response.context["withhold_form"].errors
    document.refresh_from_db()
    assert document.publication_state == PublicationState.REVIEW


def test_a_confidential_document_cannot_be_published_and_the_page_says_why(reviewer, motion, registrar):
    document = add(motion, registrar, text_pdf("Utredning."), confidential=True, secrecy_provision="26 kap. 1 § OSL")
    response = reviewer.get(review_url(document))
    assert "26 kap. 1 § OSL" in text(response) and 'value="publish"' not in response.content.decode()
    response = reviewer.post(review_url(document), {"action": "publish"})
    assert "sekretess" in " ".join(response.context["publish_form"].non_field_errors())
    document.refresh_from_db()
    assert document.publication_state == PublicationState.WITHHELD


def test_a_review_page_of_no_such_document_is_not_found(reviewer, motion, registrar, signed_seed_case):
    document = held(motion, registrar)
    draft = RenderedDocument.objects.filter(archived=False).first()
    for model, pk in (("documents-casedocument", document.pk + 1000), ("motions-motion", motion.pk),
                      ("nonsense", document.pk), ("decisions-rendereddocument", draft.pk if draft else 10**9)):
        assert reviewer.get(f"/publicering/{model}/{pk}/").status_code == 404
        assert reviewer.get(f"/publicering/{model}/{pk}/fil/").status_code == 404


def test_the_registry_opens_the_file_as_a_download_that_runs_nothing(client, reviewer, motion, registrar,
                                                                     councillor):
    document = held(motion, registrar)
    response = reviewer.get(f"{review_url(document)}fil/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;") and ".pdf" in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(councillor)
    assert client.get(f"{review_url(document)}fil/").status_code == 403


# --- The organisation's rules ----------------------------------------------------------------

def test_the_rules_page_chooses_per_kind_and_new_documents_follow_it(reviewer, motion, registrar, huddinge,
                                                                      registry_user):
    page = reviewer.get(RULES)
    html = page.content.decode()
    assert html.count('value="after_review"') == len(PublicationRule._meta.get_field("kind").choices)
    # Without a rule, a kind is published at once.
    checked = dict((name, value) for value, name in re.findall(r'value="(\w+)"\s+id="id_(\w+)_\d" required checked',
                                                               html))
    assert checked == {kind: "at_once" for kind, _label in PublicationRule._meta.get_field("kind").choices}
    data = {kind: "at_once" for kind, _label in PublicationRule._meta.get_field("kind").choices}
    response = reviewer.post(RULES, {**data, "referral_answer": "after_review"})
    assert response.status_code == 302
    rule = PublicationRule.objects.get(municipality=huddinge, kind="referral_answer")
    assert (rule.review_first, rule.changed_by) == (True, registry_user)
    assert PublicationRule.objects.filter(municipality=huddinge).count() == 1  # the others stay at once
    answer = add(motion, registrar, text_pdf("Yttrande."), kind=CaseDocument.Kind.REFERRAL_ANSWER)
    assert (answer.publication_state, answer.review_cause) == ("review", ReviewCause.RULE)
    page = text(reviewer.get(RULES))
    assert "Remissvar: efter granskning" in page  # the last change, with who made it
    # Nothing changed: said so.
    response = reviewer.post(RULES, {**data, "referral_answer": "after_review"}, follow=True)
    assert "Inga regler ändrades." in text(response)


def test_the_rules_page_refuses_a_missing_or_odd_choice_at_its_field(reviewer, huddinge):
    data = {kind: "at_once" for kind, _label in PublicationRule._meta.get_field("kind").choices}
    response = reviewer.post(RULES, {**data, "protocol": "sometimes", "extract": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {"protocol": ["Välj ett av de två alternativen."],
                      "extract": ["Välj när handlingar av det här slaget publiceras."]}
    assert not PublicationRule.objects.exists()


def test_the_rules_are_the_chosen_organisations(reviewer, huddinge):
    region = region_with_board_and_council()
    data = {kind: "at_once" for kind, _label in PublicationRule._meta.get_field("kind").choices}
    reviewer.post(f"{RULES}?organisation={region.municipality.pk}", {**data, "protocol": "after_review"})
    assert list(PublicationRule.objects.values_list("municipality", "kind")) == [(region.municipality.pk, "protocol")]
    page = reviewer.get(f"{RULES}?organisation={region.municipality.pk}").content.decode()
    assert f'<option value="{region.municipality.pk}" selected>' in page
