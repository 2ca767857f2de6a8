"""The public pages show what is published, and a board's or committee's decision once its minutes
are signed; the registry sees everything, with each document's publication state. Each page for
each role: anonymous (the cached public case page), a councillor, the registry."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from decisions.models import RenderedDocument
from decisions.services.case_steps import prepare_draft_decision, record_minute_item
from decisions.services.signing import record_imported_signing
from documents.models import CaseDocument
from documents.services import add_document
from motions.models import Motion
from organisation.models import Meeting
from publication.selectors import review_url
from publication.services import publish, withhold
from tests.conftest import d, text_pdf

ROLES = ["anonymous", "councillor", "registry"]
PUBLIC = ["anonymous", "councillor"]
HELD_NOTE = "Publiceras efter granskning; kan begäras ut från registraturen"
WITHHELD_NOTE = "Publiceras inte på webben"


@pytest.fixture
def as_role(councillor, registry_user):
    def client(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login({"councillor": councillor, "registry": registry_user}[role])
        return client
    return client


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def add(motion, by, content: str, title: str) -> CaseDocument:
    return add_document(motion, file=SimpleUploadedFile("skrivelse.pdf", text_pdf(content)), kind="letter",
                        dated_on=d("2021-04-01"), title=title, by=by)


def file_link(motion, number: int) -> str:
    return f'href="/arenden/{motion.case_number}/handlingar/{number}/"'


# --- The case's documents ----------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_a_held_document_is_listed_without_a_link_until_published(as_role, motion, registrar, registry_user,
                                                                    role):
    held = add(motion, registrar, "Anmälan om Tolvan Tolvansson 121212-1212.", "Skrivelse från Polisen")
    add(motion, registrar, "Yttrande.", "Yttrande från Socialnämnden")  # aktbilaga 2, published at once
    client = as_role(role)
    response = client.get(motion.get_absolute_url())
    html, page = response.content.decode(), text(response)
    assert "Skrivelse från Polisen" in page and file_link(motion, 2) in html
    if role == "registry":
        # The link, and a badge with the state that leads to the review page.
        assert file_link(motion, 1) in html and f'href="{review_url(held)}"' in html
        assert "Väntar på granskning : granska publiceringen av aktbilaga 1" in page
        assert HELD_NOTE not in page
    else:
        assert file_link(motion, 1) not in html and HELD_NOTE in page
        assert "Väntar på granskning" not in page and "/publicering/" not in html
        assert client.get(f"/arenden/{motion.case_number}/handlingar/1/").status_code == 403
    publish(held, by=registry_user)
    response = client.get(motion.get_absolute_url())  # the public's cached page changed with it
    assert file_link(motion, 1) in response.content.decode() and HELD_NOTE not in text(response)


@pytest.mark.parametrize("role", ROLES)
def test_a_withheld_document_says_it_is_not_on_the_web(as_role, motion, registrar, registry_user, role):
    document = add(motion, registrar, "Yttrande.", "Yttrande från Socialnämnden")
    client = as_role(role)
    assert file_link(motion, 1) in client.get(motion.get_absolute_url()).content.decode()
    withhold(document, ground="personal_data", reason="Namn på en enskild", by=registry_user)
    response = client.get(motion.get_absolute_url())  # cached for the public, and changed with it
    html, page = response.content.decode(), text(response)
    if role == "registry":
        assert file_link(motion, 1) in html and "Publiceras inte : granska publiceringen av aktbilaga 1" in page
    else:
        assert file_link(motion, 1) not in html and WITHHELD_NOTE in page
        assert "Yttrande från Socialnämnden" in page  # listed, its title public


# --- The signed documents: extracts on the case page, the protocol and notice on the meeting page ---

@pytest.mark.parametrize("role", ROLES)
def test_a_withheld_extract_is_listed_without_its_link(as_role, signed_seed_case, registry_user, role):
    extract = RenderedDocument.publication_documents().filter(kind="extract", item__motion=signed_seed_case).first()
    link = f'href="/paragrafer/{extract.item_id}/protokollsutdrag.pdf"'
    client = as_role(role)
    assert link in client.get(signed_seed_case.get_absolute_url()).content.decode()
    withhold(extract, ground="personal_data", reason="Namn på en enskild", by=registry_user)
    response = client.get(signed_seed_case.get_absolute_url())
    html, page = response.content.decode(), text(response)
    if role == "registry":
        assert link in html and f'href="{review_url(extract)}"' in html
    else:
        assert link not in html and f"Protokollsutdraget: {WITHHELD_NOTE}." in page
        meeting = text(client.get(extract.meeting.get_absolute_url()))
        assert f"Protokollsutdraget: {WITHHELD_NOTE}." in meeting


@pytest.mark.parametrize("role", ROLES)
def test_the_meeting_page_links_the_protocol_and_notice_once_published(as_role, signed_seed_case, registry_user,
                                                                       role, django_capture_on_commit_callbacks):
    protocol = RenderedDocument.publication_documents().get(kind="protocol", meeting__body__name="Kommunstyrelsen")
    notice = RenderedDocument.publication_documents().get(kind="notice", meeting=protocol.meeting)
    url = protocol.meeting.get_absolute_url()
    client = as_role(role)
    with django_capture_on_commit_callbacks(execute=True):
        withhold(protocol, ground="personal_data", reason="Namn på en enskild", by=registry_user)
        withhold(notice, ground="secrecy", reason="Prövas", by=registry_user)
    response = client.get(url)
    html, page = response.content.decode(), text(response)
    protocol_link = f'href="/sammantraden/{protocol.meeting_id}/protokoll.pdf"'
    notice_link = f'href="/sammantraden/{protocol.meeting_id}/anslag.pdf"'
    if role == "registry":
        assert protocol_link in html and notice_link in html
        assert f'href="{review_url(protocol)}"' in html and f'href="{review_url(notice)}"' in html
    else:
        assert protocol_link not in html and notice_link not in html
        assert f"Protokollet: {WITHHELD_NOTE}." in page
        assert f"Bevis om justering (anslag): {WITHHELD_NOTE}." in page
        assert client.get(f"/sammantraden/{protocol.meeting_id}/protokoll.pdf").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        publish(protocol, by=registry_user)
    assert protocol_link in client.get(url).content.decode()


# --- A board's or committee's decision before its minutes are signed ------------------------------

@pytest.fixture
def handled(motion, registrar, meeting):
    """The motion prepared (a proposal to reject it) and handled by the working committee, whose minutes
    are not signed: it proposes to reject it, and the case's status moved on."""
    prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject", by=registrar)
    ksau = meeting("Kommunstyrelsens arbetsutskott", "2021-06-14")
    item = record_minute_item(motion, step="handle", meeting=ksau, outcome="reject", by=registrar)
    return Motion.objects.get(pk=motion.pk), item


def stage_of(html: str, name: str) -> str:
    """The state of the stage `name` on the case's progress line."""
    return re.search(r'<li class="(\w+)"[^>]*>\s*<span class="stage">' + re.escape(name), html)[1]


@pytest.mark.parametrize("role", ROLES)
def test_an_unsigned_committee_decision_is_the_registrys_until_signing(as_role, handled, registrar, role):
    motion, item = handled
    client = as_role(role)
    response = client.get(motion.get_absolute_url())
    html, page = response.content.decode(), text(response)
    paragraph = f"Kommunstyrelsens arbetsutskott 2021-06-14 § {item.number}"
    assert paragraph in page  # that the committee took it up at its meeting is public (its agenda)
    if role == "registry":
        assert "Behandlad i kommunstyrelsens arbetsutskott" in page
        assert f"{paragraph} (PDF) : Förslag till beslut: avslag." in page
        assert f"Behandlad: Kommunstyrelsens arbetsutskott § {item.number}" in page
        assert stage_of(html, "Kommunstyrelsens arbetsutskott") == "done"
    else:
        assert "Status Beredd" in page and "Behandlad i kommunstyrelsens arbetsutskott" not in page
        assert f"{paragraph}: beslutet visas när protokollet har justerats." in page
        assert "Förslag till beslut: avslag" not in page and "Behandlad:" not in page
        assert stage_of(html, "Kommunstyrelsens arbetsutskott") == "current"
    # The meeting page lists the paragraph without what it decided.
    meeting_page = text(client.get(item.meeting.get_absolute_url()))
    assert "avslag" not in meeting_page.lower()
    record_imported_signing(item.meeting, signed_on=d("2021-06-17"), kept_at="Kommunstyrelsens förvaltning",
                            source="test", by=registrar)
    page = text(client.get(motion.get_absolute_url()))  # the public's cached page changed with the signing
    assert "Status Behandlad i kommunstyrelsens arbetsutskott" in page
    assert "Förslag till beslut: avslag" in page


@pytest.mark.parametrize("role", ROLES)
def test_the_councils_decision_is_public_at_once_the_boards_not(as_role, handled, registrar, meeting, role):
    motion, committee_item = handled
    board = record_minute_item(motion, step="handle", meeting=meeting("Kommunstyrelsen", "2021-08-23"),
                               outcome="reject", by=registrar)
    council = record_minute_item(motion, step="handle", meeting=meeting("Kommunfullmäktige", "2021-09-13"),
                                 outcome="reject", by=registrar)
    page = text(as_role(role).get(motion.get_absolute_url()))
    assert re.search(rf"Kommunfullmäktige 2021-09-13 § {council.number}( \(PDF\) )?: Avslag\.", page)
    assert "Status Avslagen" in page  # the council's decision, taken in a public meeting
    board_line = f"Kommunstyrelsen 2021-08-23 § {board.number}"
    if role == "registry":
        assert f"{board_line} (PDF) : Förslag till beslut: avslag." in page
    else:
        assert f"{board_line}: beslutet visas när protokollet har justerats." in page


@pytest.mark.parametrize("role", ROLES)
def test_a_board_sending_the_case_back_is_not_shown_before_signing(as_role, handled, registrar, meeting, role):
    motion, _item = handled
    record_imported_signing(_item.meeting, signed_on=d("2021-06-17"), kept_at="Kommunstyrelsens förvaltning",
                            source="test", by=registrar)
    board_meeting = meeting("Kommunstyrelsen", "2021-08-23")
    record_minute_item(motion, step="send_back", meeting=board_meeting,
                       reason="Utred belysningsstolparnas driftkostnad", by=registrar)
    client = as_role(role)
    page = text(client.get(motion.get_absolute_url()))
    found = text(client.get("/?q=belysningsstolparnas"))
    if role == "registry":
        assert "Status Återremitterad" in page and "Utred belysningsstolparnas driftkostnad" in page
    else:
        assert "Status Behandlad i kommunstyrelsens arbetsutskott" in page
        assert "Återremitterad" not in page and "belysningsstolparnas" not in page
    # The case search reads a paragraph's text once its minutes are signed, for everyone.
    assert motion.case_number not in found
    record_imported_signing(Meeting.objects.get(pk=board_meeting.pk), signed_on=d("2021-08-26"),
                            kept_at="Kommunstyrelsens förvaltning", source="test", by=registrar)
    assert "Status Återremitterad" in text(client.get(motion.get_absolute_url()))
    assert motion.case_number in text(client.get("/?q=belysningsstolparnas"))


def test_an_undone_committee_paragraph_leaves_no_trace_for_the_public(as_role, handled, registrar):
    from decisions.services.corrections import undo_paragraph

    motion, item = handled
    undo_paragraph(item, reason="Fel ärende", by=registrar)
    page = text(as_role("anonymous").get(motion.get_absolute_url()))
    assert "Status Beredd" in page and "Förslag till beslut: avslag" not in page and "Ångrad" not in page
    assert "Ångrad" in text(as_role("registry").get(motion.get_absolute_url()))
