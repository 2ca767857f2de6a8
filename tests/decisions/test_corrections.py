"""Correcting and undoing a draft decision and a paragraph before signing, and
the correction note (rättelse) after it."""

import pytest
from django.core.files.storage import default_storage
from django.test import TestCase

from decisions.documents import extract_html
from decisions.models import AgendaItem, Decision, MinuteItem, Rectification, RenderedDocument
from decisions.selectors.minutes import minute_items_for_render
from decisions.services.case_steps import (
    decide_at_council,
    handle_at_board,
    handle_at_working_committee,
    prepare_draft_decision,
)
from decisions.services.corrections import (
    correct_draft_decision,
    correct_paragraph,
    record_rectification,
    undo_draft_decision,
    undo_paragraph,
)
from decisions.services.signing import sign_minutes
from lib.errors import ConflictError, DomainError, TransitionError
from motions.models import Motion, MotionEvent, Status
from motions.services import correct_motion
from organisation.models import MeetingEvent
from tests.conftest import d
from tests.support.meetings import planned


@pytest.fixture
def prepared(motion, registrar):
    prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject", summary="Bedömningen.",
                           by=registrar)
    return Motion.objects.get(pk=motion.pk)


@pytest.fixture
def decided(prepared, meeting, registrar):
    """The motion through its committee and board to the council's decision (rejected), not yet signed."""
    handle_at_working_committee(prepared, meeting=meeting("Kommunstyrelsens arbetsutskott", "2022-01-25"),
                                by=registrar)
    handle_at_board(prepared, meeting=meeting("Kommunstyrelsen", "2022-02-07"), proposal="partly_approve",
                    clauses={1: True, 2: False}, by=registrar)
    item = decide_at_council(prepared, meeting=meeting("Kommunfullmäktige", "2022-03-07"), outcome="reject",
                             by=registrar)
    return item


def _state(motion):
    motion = Motion.objects.get(pk=motion.pk)
    return (motion.status, motion.version, motion.status_since, motion.last_step_on,
            list(motion.events.values_list("kind", "occurred_on", "to_status")),
            list(MinuteItem.objects.filter(motion=motion).values_list("pk", "decision", "proposal", "summary",
                                                                      "decision_clauses")),
            list(motion.drafts.values_list("drafted_on", "proposal")), MeetingEvent.objects.count())


# --- The draft decision -------------------------------------------------------

def test_a_draft_decision_is_corrected_and_its_step_redated(prepared, registrar):
    draft = prepared.drafts.get()
    correct_draft_decision(draft, drafted_on=d("2021-06-03"), proposal="deem_answered", summary="Bedömningen ny.",
                           reason="Fel förslag", by=registrar, version=prepared.version)
    motion = Motion.objects.get(pk=prepared.pk)
    assert (motion.status_since, motion.last_step_on) == (d("2021-06-03"), d("2021-06-03"))
    step = motion.events.get(kind=MotionEvent.Kind.PREPARED)
    assert (step.occurred_on, step.description) == (d("2021-06-03"), "Anses besvarad")
    assert {c["field"] for c in motion.events.last().changes} == {"Datum", "Förslag till beslut", "Sammanfattning"}


def test_a_draft_decision_is_undone_and_the_case_is_as_before(prepared, registrar):
    undo_draft_decision(prepared.drafts.get(), reason="Registrerad på fel ärende", by=registrar)
    motion = Motion.objects.get(pk=prepared.pk)
    assert motion.status == Status.FILED
    assert not motion.drafts.exists()
    assert not motion.events.filter(kind=MotionEvent.Kind.PREPARED).exists()
    assert motion.events.last().kind == MotionEvent.Kind.UNDONE


def test_a_draft_decision_a_paragraph_builds_on_is_not_undone(held, registrar):
    motion = held.items.get(motion__isnull=False).motion
    before = _state(motion)
    with pytest.raises(DomainError, match="ett senare steg i ärendet bygger på det .*Behandlad 2022-01-25"):
        undo_draft_decision(motion.drafts.get(), reason="Fel", by=registrar)
    assert _state(motion) == before


def test_the_draft_decision_of_a_closed_case_is_not_corrected(decided, prepared, registrar):
    before = _state(prepared)
    with pytest.raises(TransitionError, match="avslutat"):
        correct_draft_decision(prepared.drafts.get(), drafted_on=d("2021-06-01"), proposal="approve",
                               reason="Fel", by=registrar)
    assert _state(prepared) == before


def test_a_draft_decision_on_an_agenda_is_not_undone(prepared, body, registrar):
    from decisions.services.case_steps import put_on_agenda

    put_on_agenda(prepared, meeting=planned(body("Kommunstyrelsens arbetsutskott"), d("2022-01-25")), by=registrar)
    with pytest.raises(DomainError, match="står på föredragningslistan"):
        undo_draft_decision(prepared.drafts.get(), reason="Fel", by=registrar)


# --- A paragraph before signing -----------------------------------------------

def test_reopening_a_paragraph_fixes_its_decision_and_texts(decided, prepared, registrar):
    version = Motion.objects.get(pk=prepared.pk).version
    correct_paragraph(decided, heading="", summary="Bedömningen, rättad.", decision_clauses=["Motionen bifalls."],
                      outcome="approve", reason="Fullmäktige biföll motionen; fel beslut protokollfördes.",
                      by=registrar, version=version)
    decided.refresh_from_db()
    assert (decided.decision, decided.summary, decided.decision_clauses) == (
        Decision.APPROVE, "Bedömningen, rättad.", ["Motionen bifalls."])
    motion = Motion.objects.get(pk=prepared.pk)
    assert motion.status == Status.APPROVED
    assert motion.events.get(kind=MotionEvent.Kind.DECIDED).to_status == Status.APPROVED
    corrected = motion.events.last()
    assert (corrected.kind, corrected.from_status, corrected.to_status) == ("corrected", "rejected", "approved")
    assert ("Beslut", "Avslag", "Bifall") in [(c["field"], c["before"], c["after"]) for c in corrected.changes]
    assert corrected.description == "Kommunfullmäktige 2022-03-07 § 1"
    history = decided.meeting.events.last()
    assert history.kind == MeetingEvent.Kind.PARAGRAPH_CORRECTED
    assert "Beslut: Avslag" in history.from_value


def test_a_board_proposal_is_corrected_with_its_clauses(prepared, meeting, registrar):
    handle_at_working_committee(prepared, meeting=meeting("Kommunstyrelsens arbetsutskott", "2022-01-25"),
                                by=registrar)
    item = handle_at_board(prepared, meeting=meeting("Kommunstyrelsen", "2022-02-07"), proposal="reject",
                           by=registrar)
    with pytest.raises(DomainError, match="varje att-sats") as refused:
        correct_paragraph(item, outcome="partly_approve", reason="Fel förslag", by=registrar)
    assert refused.value.field == "clauses"
    correct_paragraph(item, outcome="partly_approve", clauses={1: True, 2: False}, reason="Fel förslag",
                      by=registrar)
    item.refresh_from_db()
    assert (item.decision, item.proposal) == (Decision.PROPOSE, "partly_approve")
    assert dict(item.clause_decisions.values_list("clause__number", "approved")) == {1: True, 2: False}
    assert Motion.objects.get(pk=prepared.pk).status == Status.BOARD


def test_a_paragraph_of_signed_minutes_is_not_reopened(held, registrar):
    item = held.items.get(motion__isnull=False)
    sign_minutes(held, signed_on=d("2022-01-27"), by=registrar)
    before = _state(item.motion)
    with pytest.raises(TransitionError, match="justerades 2022-01-27.*rättelse"):
        correct_paragraph(MinuteItem.objects.get(pk=item.pk), summary="Ny", reason="Fel", by=registrar)
    with pytest.raises(TransitionError, match="justerades 2022-01-27"):
        undo_paragraph(MinuteItem.objects.get(pk=item.pk), reason="Fel", by=registrar)
    assert _state(item.motion) == before


def test_a_stale_case_version_refuses_the_correction(decided, prepared, registrar):
    before = _state(prepared)
    with pytest.raises(ConflictError):
        correct_paragraph(decided, outcome="approve", reason="Fel", by=registrar, version=1)
    assert _state(prepared) == before


def test_a_refused_correction_writes_nothing(decided, prepared, registrar):
    before = _state(prepared)
    with pytest.raises(DomainError, match="annat beslut i sak"):
        correct_paragraph(decided, summary="Ändrad", outcome="defer", reason="Fel", by=registrar)
    assert _state(prepared) == before


def test_another_matters_paragraph_is_reopened(held, registrar):
    election = held.items.get(motion__isnull=True)
    correct_paragraph(election, heading="Val av justerare", decision_text="Lena Holm utses att justera protokollet.",
                      reason="Fel justerare", by=registrar)
    election.refresh_from_db()
    assert election.decision_text == "Lena Holm utses att justera protokollet."


def test_a_correction_is_not_saved_over_another_made_since_the_page_was_opened(held, registrar):
    from decisions.services.corrections import paragraph_version

    election = held.items.get(motion__isnull=True)
    seen = paragraph_version(election)  # both secretaries open the page
    correct_paragraph(election, heading="Val av justerare", decision_text="Lena Holm utses att justera protokollet.",
                      reason="Fel justerare", by=registrar, seen=seen)
    with pytest.raises(DomainError, match="har ändrats sedan sidan öppnades") as refused:
        correct_paragraph(MinuteItem.objects.get(pk=election.pk), heading="Val av justerare",
                          decision_text="Erik Sandberg utses att justera protokollet.", reason="Fel", by=registrar,
                          seen=seen)
    assert refused.value.field == "seen"
    assert MinuteItem.objects.get(pk=election.pk).decision_text == "Lena Holm utses att justera protokollet."


# --- Undoing a paragraph -----------------------------------------------------

def test_a_paragraph_on_the_wrong_case_is_undone(held, registrar):
    item = held.items.get(motion__isnull=False)
    motion = item.motion
    assert Motion.objects.get(pk=motion.pk).status == Status.WORKING_COMMITTEE
    undo_paragraph(item, reason="Protokollfördes på fel ärende", by=registrar)
    motion = Motion.objects.get(pk=motion.pk)
    assert motion.status == Status.PREPARED
    assert (motion.status_since, motion.last_step_on) == (d("2021-06-01"), d("2021-06-01"))
    assert not MinuteItem.objects.filter(pk=item.pk).exists()
    assert not motion.events.filter(kind=MotionEvent.Kind.HANDLED).exists()
    undone = motion.events.last()
    assert undone.kind == MotionEvent.Kind.UNDONE
    assert undone.changes[0]["before"].startswith("Kommunstyrelsens arbetsutskott 2022-01-25 § ")
    # The last number is released; the case stays on the agenda, to be recorded again or taken off.
    agenda_item = AgendaItem.objects.get(meeting=held, motion=motion)
    assert agenda_item.number is None
    assert held.events.last().kind == MeetingEvent.Kind.PARAGRAPH_REMOVED


def test_a_paragraph_a_later_step_depends_on_is_not_undone(decided, prepared, registrar):
    board_item = prepared.minute_items.get(body__name="Kommunstyrelsen")
    before = _state(prepared)
    with pytest.raises(DomainError, match="senare steg i ärendet bygger på det .*Beslutad 2022-03-07"):
        undo_paragraph(board_item, reason="Fel", by=registrar)
    assert _state(prepared) == before


def test_undoing_the_councils_decision_reopens_the_case(decided, prepared, registrar):
    undo_paragraph(decided, reason="Fel ärende", by=registrar)
    motion = Motion.objects.get(pk=prepared.pk)
    assert motion.status == Status.BOARD
    assert motion.last_step_on == d("2022-02-07")


def test_a_clause_the_minutes_decided_on_is_not_removed_and_nothing_is_half_written(decided, prepared, person,
                                                                                      registrar):
    motion = Motion.objects.get(pk=prepared.pk)
    Motion.objects.filter(pk=motion.pk).update(status=Status.BOARD)  # as before the council's decision
    motion = Motion.objects.get(pk=motion.pk)
    before = (list(motion.movers.values_list("person_id")), motion.title, motion.events.count())
    with pytest.raises(DomainError, match="Att-sats 2 har ett beslut") as refused:
        correct_motion(motion, title="Ny rubrik", movers=[person("Erik Sandberg")], received_on=motion.received_on,
                       filed_on=motion.filed_on, clauses=["att en avhopparverksamhet inrättas"], reason="Fel",
                       by=registrar)
    assert refused.value.field == "clauses"
    motion = Motion.objects.get(pk=motion.pk)
    assert (list(motion.movers.values_list("person_id")), motion.title, motion.events.count()) == before


# --- After signing: the correction note ---------------------------------------

@pytest.fixture
def archived(held, person, registrar):
    """The working committee's minutes signed, their documents rendered and archived."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return sign_minutes(held, signed_on=d("2022-01-27"), by=registrar)


def test_a_rectification_on_unsigned_minutes_is_refused(held, registrar):
    with pytest.raises(DomainError, match="inte justerat"):
        record_rectification(held.items.first(), text="Fel", made_on=d("2022-01-27"), by=registrar)


def test_a_rectification_leaves_the_signed_protocol_byte_for_byte(archived, client, registrar):
    protocol = RenderedDocument.objects.get(meeting=archived, kind=RenderedDocument.Kind.PROTOCOL, archived=True)
    signed_bytes = default_storage.open(protocol.file.name, "rb").read()
    item = archived.items.get(motion__isnull=False)
    signed_extract = RenderedDocument.objects.get(item=item, archived=True)
    extract_bytes = default_storage.open(signed_extract.file.name, "rb").read()

    record_rectification(item, text="I beslutet ska det stå arbetsutskottet, inte styrelsen.",
                         made_on=d("2022-02-01"), by=registrar)

    served = b"".join(client.get(f"/sammantraden/{archived.pk}/protokoll.pdf").streaming_content)
    assert served == signed_bytes
    assert default_storage.open(signed_extract.file.name, "rb").read() == extract_bytes
    # The extract made now carries the note under the paragraph; the signed one is kept as it was.
    html = extract_html(minute_items_for_render().get(pk=item.pk))
    assert "Rättelse 2022-02-01" in html and "arbetsutskottet, inte styrelsen" in html
    fresh = b"".join(client.get(f"/paragrafer/{item.pk}/protokollsutdrag.pdf").streaming_content)
    assert fresh.startswith(b"%PDF") and fresh != extract_bytes
    assert Rectification.objects.get().recorded_by == registrar
    event = item.motion.events.last()
    assert (event.kind, event.changes[0]["after"]) == ("corrected",
                                                       "I beslutet ska det stå arbetsutskottet, inte styrelsen.")


def test_a_rectification_is_shown_with_the_paragraph(archived, client, registrar):
    item = archived.items.get(motion__isnull=False)
    record_rectification(item, text="Rätt datum är 2022-01-25.", made_on=d("2022-02-01"), by=registrar)
    for url in (item.motion.get_absolute_url(), archived.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Rättelse 2022-02-01:" in page and "Rätt datum är 2022-01-25." in page


def test_a_rectification_is_not_dated_before_signing(archived, registrar):
    with pytest.raises(DomainError, match="före justeringen") as refused:
        record_rectification(archived.items.first(), text="Fel", made_on=d("2022-01-26"), by=registrar)
    assert refused.value.field == "made_on"


# --- The pages -----------------------------------------------------------------

def test_undoing_a_paragraph_on_the_web_asks_for_confirmation(held, client, registry_user):
    from decisions.documents import extract_document

    item = held.items.get(motion__isnull=False)
    draft = extract_document(minute_items_for_render().get(pk=item.pk))  # a draft extract, rendered earlier
    client.force_login(registry_user)
    url = f"/sammantraden/{held.pk}/paragraf/{item.pk}/angra/"
    page = client.get(url).content.decode()
    assert "btn-danger" in page and "Ångra paragrafen" in page
    response = client.post(url, {"reason": "Fel ärende", "version": item.motion.version})
    assert response.status_code == 200
    assert "Kryssa i rutan" in response.content.decode()
    assert MinuteItem.objects.filter(pk=item.pk).exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"reason": "Fel ärende", "confirm": "on", "version": item.motion.version})
    assert response.status_code == 302
    assert not MinuteItem.objects.filter(pk=item.pk).exists()
    assert not RenderedDocument.objects.filter(pk=draft.pk).exists()
    assert not default_storage.exists(draft.file.name)


def test_reopening_a_paragraph_on_the_web_records_it_again(held, client, registry_user):
    item = held.items.get(motion__isnull=False)
    client.force_login(registry_user)
    url = f"/sammantraden/{held.pk}/paragraf/{item.pk}/oppna-igen/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision_clauses": "Ärendet överlämnas till kommunstyrelsen.",
                                 "summary": item.summary, "reason": "Beslutstexten saknades",
                                 "version": item.motion.version})
    assert response.status_code == 302, response.context["form"].errors
    item.refresh_from_db()
    assert item.decision_clauses == ["Ärendet överlämnas till kommunstyrelsen."]
    # Another meeting's id in the address finds no such paragraph.
    assert client.get(f"/sammantraden/{held.pk + 1000}/paragraf/{item.pk}/oppna-igen/").status_code == 404


def test_another_matters_paragraph_is_undone_with_the_meetings_record(held, registrar):
    election = held.items.get(motion__isnull=True)
    undo_paragraph(election, reason="Protokollförd två gånger", by=registrar)
    assert not MinuteItem.objects.filter(pk=election.pk).exists()
    event = held.events.last()
    assert (event.kind, event.from_value, event.reason) == (
        MeetingEvent.Kind.PARAGRAPH_REMOVED, "Erik Sandberg utses att justera protokollet.", "Protokollförd två gånger")
    # A later § (the case's) keeps its number, so this one's stays reserved on the agenda.
    assert AgendaItem.objects.get(meeting=held, title="Val av justerare").number == election.number
