"""Correcting what was registered of a motion: who, when, what and why are recorded."""

import pytest

from lib.errors import ConflictError, DomainError, TransitionError
from motions.models import Motion, MotionEvent, Status
from motions.services import correct_motion
from referrals.services import ReferralRequest, refer_motion
from tests.conftest import d


def _fields(motion, **changes):
    fields = {"title": motion.title, "movers": [m.person for m in motion.movers.all()],
              "received_on": motion.received_on, "filed_on": motion.filed_on, "summary": motion.summary,
              "text": motion.text, "clauses": [c.text for c in motion.clauses.all()], "reason": "Skrivfel"}
    return {**fields, **changes}


def _snapshot(motion):
    motion = Motion.objects.get(pk=motion.pk)
    return (motion.title, motion.version, motion.received_on, motion.filed_on,
            list(motion.movers.values_list("person_id", "party_id", "position")),
            list(motion.clauses.values_list("number", "text")), motion.events.count())


def test_correcting_the_title_movers_and_clauses_records_before_and_after(motion, person, registrar):
    version = motion.version
    correct_motion(motion, **_fields(motion, title="Inför en avhopparverksamhet i Huddinge",
                                     movers=[person("Nujin Alacabek"), person("Erik Sandberg")],
                                     clauses=["att en avhopparverksamhet inrättas", "att den får en egen budget",
                                              "att den utvärderas"]),
                   by=registrar, version=version)
    motion = Motion.objects.get(pk=motion.pk)
    assert motion.title == "Inför en avhopparverksamhet i Huddinge"
    assert motion.search_text.startswith(motion.case_number.lower())
    assert [m.person.name for m in motion.movers.all()] == ["Nujin Alacabek", "Erik Sandberg"]
    assert [c.text for c in motion.clauses.all()][2] == "att den utvärderas"
    assert motion.version == version + 1
    event = motion.events.last()
    assert (event.kind, event.reason, event.recorded_by) == (MotionEvent.Kind.CORRECTED, "Skrivfel", registrar)
    fields = {c["field"]: (c["before"], c["after"]) for c in event.changes}
    assert fields["Rubrik"] == ("Inför en avhopparverksamhet för ett tryggare Huddinge",
                                "Inför en avhopparverksamhet i Huddinge")
    assert fields["Motionärer"][1].startswith("Nujin Alacabek")
    assert "3. att den utvärderas" in fields["Att-satser"][1]
    assert set(fields) == {"Rubrik", "Motionärer", "Att-satser"}


def test_correcting_the_dates_keeps_the_case_dates_in_order(huddinge, nujin, registrar):
    from motions.services import file_motion

    motion = file_motion(huddinge, title="Cykelbanor", movers=[nujin], received_on=d("2021-03-08"), by=registrar)
    correct_motion(motion, **_fields(motion, received_on=d("2021-03-01"), filed_on=d("2021-03-02")), by=registrar)
    motion = Motion.objects.get(pk=motion.pk)
    assert (motion.received_on, motion.filed_on, motion.status_since, motion.last_step_on) == (
        d("2021-03-01"), d("2021-03-02"), d("2021-03-02"), d("2021-03-02"))
    assert motion.events.get(kind=MotionEvent.Kind.FILED).occurred_on == d("2021-03-02")


def test_a_filing_date_after_a_later_step_is_refused_in_swedish(motion, body, registrar):
    refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30"))],
                 sent_on=d("2021-04-06"), by=registrar)
    motion = Motion.objects.get(pk=motion.pk)
    motion.filed_meeting = None  # a motion whose filing meeting is not known
    Motion.objects.filter(pk=motion.pk).update(filed_meeting=None)
    before = _snapshot(motion)
    with pytest.raises(DomainError, match="steg daterat före 2021-05-01") as refused:
        correct_motion(motion, **_fields(motion, filed_on=d("2021-05-01")), by=registrar)
    assert refused.value.field == "filed_on"
    assert _snapshot(motion) == before


def test_a_motion_cannot_be_filed_before_it_came_in(motion, registrar):
    with pytest.raises(DomainError, match="före dagen den inkom") as refused:
        correct_motion(motion, **_fields(motion, received_on=d("2021-03-20")), by=registrar)
    assert refused.value.field == "received_on"


def test_the_filing_date_of_a_motion_filed_at_a_meeting_is_the_meetings(motion, registrar):
    with pytest.raises(DomainError, match="väcktes vid") as refused:
        correct_motion(motion, **_fields(motion, filed_on=d("2021-03-16")), by=registrar)
    assert refused.value.field == "filed_on"


def test_a_correction_needs_a_reason_and_a_change(motion, registrar):
    with pytest.raises(DomainError, match="varför") as refused:
        correct_motion(motion, **_fields(motion, title="Ny rubrik", reason=" "), by=registrar)
    assert refused.value.field == "reason"
    with pytest.raises(DomainError, match="Inget är ändrat"):
        correct_motion(motion, **_fields(motion), by=registrar)


def test_a_stale_form_is_refused_and_nothing_is_written(motion, registrar):
    before = _snapshot(motion)
    with pytest.raises(ConflictError):
        correct_motion(motion, **_fields(motion, title="Ny rubrik"), by=registrar, version=motion.version - 1)
    assert _snapshot(motion) == before


def test_a_date_in_the_future_is_refused_and_nothing_is_written(motion, person, registrar):
    before = _snapshot(motion)
    with pytest.raises(DomainError, match="i framtiden") as refused:
        correct_motion(motion, **_fields(motion, movers=[person("Erik Sandberg")], title="Ny rubrik",
                                         received_on=d("2030-01-01")), by=registrar)
    assert refused.value.field == "received_on"
    assert _snapshot(motion) == before


def test_a_closed_case_is_not_corrected(motion, registrar):
    Motion.objects.filter(pk=motion.pk).update(status=Status.REJECTED)
    with pytest.raises(TransitionError, match="avslutat"):
        correct_motion(Motion.objects.get(pk=motion.pk), **_fields(motion, title="Ny"), by=registrar)


def test_the_case_page_shows_the_correction_before_and_after_with_the_reason(client, motion, registrar):
    correct_motion(motion, **_fields(motion, title="Inför en avhopparverksamhet i Huddinge",
                                     reason="Rubriken stavades fel vid registreringen."), by=registrar)
    page = client.get(Motion.objects.get(pk=motion.pk).get_absolute_url()).content.decode()
    assert "Rättad" in page
    assert "<del>Inför en avhopparverksamhet för ett tryggare Huddinge</del>" in page
    assert "<ins>Inför en avhopparverksamhet i Huddinge</ins>" in page
    assert "Rubriken stavades fel vid registreringen." in page


def test_the_correction_page_corrects_the_motion(client, motion, registry_user):
    client.force_login(registry_user)
    url = f"/arenden/{motion.case_number}/ratta/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(title="Avhopparverksamhet", reason="Rubriken var fel", filed_on="2021-03-15")
    data["received_on"] = "2021-03-08"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert Motion.objects.get(pk=motion.pk).title == "Avhopparverksamhet"


def test_a_clause_corrected_alone_is_recorded_before_and_after(motion, registrar):
    before = [c.text for c in motion.clauses.all()]
    correct_motion(motion, **_fields(motion, clauses=[before[0] + " med egen budget", *before[1:]]), by=registrar)
    (change,) = Motion.objects.get(pk=motion.pk).events.last().changes
    assert change["field"] == "Att-satser"
    assert change["before"] == "\n".join(f"{n}. {text}" for n, text in enumerate(before, start=1))
    assert change["after"].startswith(f"1. {before[0]} med egen budget")


def test_documents_and_a_case_officer_neither_block_an_undo_nor_move_the_case_dates(motion, body, registrar):
    """Registering a document or naming a case officer is no step of the case: a referral sent
    by mistake is still undone, and the case's dates stay those of its steps."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import Role, UserRole
    from documents.models import CaseDocument
    from documents.services import add_document
    from motions.services import assign_case_officer
    from referrals.services import undo_referral
    from tests.conftest import MINIMAL_PDF

    (referral,) = refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), due_on=d("2021-09-30"))],
                               sent_on=d("2021-04-06"), by=registrar)
    motion = Motion.objects.get(pk=motion.pk)
    add_document(motion, file=SimpleUploadedFile("brev.pdf", MINIMAL_PDF), kind=CaseDocument.Kind.LETTER,
                 dated_on=d("2021-05-01"), title="Brev från motionären", on=d("2021-05-01"), by=registrar)
    officer = get_user_model().objects.create_user("sara", first_name="Sara", last_name="Handläggare")
    UserRole.objects.create(user=officer, role=Role.CASE_OFFICER)
    assign_case_officer(Motion.objects.get(pk=motion.pk), officer=officer, by=registrar)
    undo_referral(referral, reason="Skickad till fel nämnd", by=registrar)
    motion = Motion.objects.get(pk=motion.pk)
    assert (motion.status, motion.referrals.count()) == (Status.FILED, 0)
    assert motion.last_step_on == motion.filed_on
