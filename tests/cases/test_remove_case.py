"""Removing a case from the register (cases.services.remove_case), also as
`import_case --replace` does it."""

import datetime
import json
import re

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse

from cases.casefile.exporter import export_case
from cases.casefile.importer import import_cases
from cases.casefile.validation import CaseFileError
from cases.models import RemovedCase
from cases.services import remove_case
from decisions.documents import extract_document
from decisions.models import AgendaItem, DraftDecision, MinuteItem, RenderedDocument
from decisions.services.case_steps import prepare_draft_decision, put_on_agenda
from decisions.services.meetings import add_other_matter, record_other_matter
from decisions.services.signing import sign_minutes
from lib.errors import DomainError
from motions.models import Motion, MotionEvent
from motions.services import withdraw_motion
from organisation.models import Attendance, Meeting, MeetingEvent
from organisation.services import AttendanceRecord, record_attendance
from referrals.models import Referral, ReferralResponse
from tests.support.meetings import NOTICE, planned
from tests.test_commands import manage

CASE = "KS-2021/345"


def snapshot():
    """What a removal could change, model by model."""
    models = [Motion, MotionEvent, Referral, ReferralResponse, DraftDecision, AgendaItem, MinuteItem,
              RenderedDocument, Meeting, MeetingEvent, RemovedCase]
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in models}


@pytest.fixture
def draft_extract(seed_case):
    """The working committee's § 12 of the (unsigned) seed case, rendered as a draft extract."""
    document = extract_document(MinuteItem.objects.get(motion=seed_case, number=12))
    assert not document.archived and default_storage.exists(document.file.name)
    return document


def test_a_case_with_a_paragraph_in_signed_minutes_is_refused_and_nothing_changes(signed_seed_case, registrar):
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        remove_case(signed_seed_case, by=registrar, reason="Registrerat två gånger")
    assert refused.value.message == (
        "Protokollet från Kommunstyrelsens arbetsutskott 2022-01-25 justerades 2022-01-27 och kan inte längre "
        "ändras; ärendet KS-2021/345 har § 12 i det och kan därför inte tas bort."
    )
    assert snapshot() == before


def test_a_case_whose_paragraph_is_followed_by_others_is_refused(motion, body, registrar):
    """Its § would leave a gap that no step can close, and minutes with a gap cannot be signed."""
    ksau = body("Kommunstyrelsens arbetsutskott")
    prepare_draft_decision(motion, drafted_on=datetime.date(2021, 6, 1), proposal="reject", by=registrar)
    agenda_item = put_on_agenda(motion, meeting=planned(ksau, datetime.date(2021, 6, 8)), by=registrar)
    record_other_matter(add_other_matter(agenda_item.meeting, title="Information", by=registrar),
                        decision_text="Informationen noteras.", by=registrar)  # numbers the agenda: §§ 1–2
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        remove_case(motion, by=registrar, reason="Registrerat två gånger")
    assert refused.value.message == (
        f"Ärendet {motion.case_number} har § 1 vid Kommunstyrelsens arbetsutskott 2021-06-08, och Kommunstyrelsens "
        "arbetsutskott har paragrafer efter den; tas ärendet bort blir det en lucka i numreringen.")
    assert snapshot() == before


@pytest.fixture
def struck(motion, body, person, registrar):
    """Withdrawn after it was put on the agenda, the case is recorded as
    "Ärendet utgår": a § of signed minutes with no motion, but the case's agenda item."""
    day = datetime.date(2021, 6, 8)
    prepare_draft_decision(motion, drafted_on=datetime.date(2021, 6, 1), proposal="reject", by=registrar)
    agenda_item = put_on_agenda(motion, meeting=planned(body("Kommunstyrelsens arbetsutskott"), day),
                                   by=registrar)
    withdraw_motion(motion, on=datetime.date(2021, 6, 2), by=registrar)
    record_other_matter(agenda_item, decision_text="Ärendet utgår.", number=7, by=registrar)
    record_attendance(agenda_item.meeting, [
        AttendanceRecord(person("Anna Berglund"), Attendance.Role.MEMBER, duty=Attendance.Duty.CHAIR),
        AttendanceRecord(person("Erik Sandberg"), Attendance.Role.MEMBER, signs=True),
        AttendanceRecord(person("Helena Strand"), Attendance.Role.OTHER, duty=Attendance.Duty.SECRETARY),
    ], by=registrar)
    sign_minutes(agenda_item.meeting, signed_on=datetime.date(2021, 6, 10), **NOTICE, by=registrar)
    return agenda_item


def test_a_case_struck_from_the_agenda_of_signed_minutes_is_refused(motion, struck, registrar):
    before = snapshot()
    with pytest.raises(DomainError, match=r"2021-06-08 justerades 2021-06-10 .* har § 7 i det"):
        remove_case(motion, by=registrar, reason="Registrerat två gånger")
    assert snapshot() == before


def test_import_replace_of_a_case_in_a_signed_agenda_is_refused_and_the_minutes_stay(
        motion, struck, registrar, client, tmp_path):
    client.force_login(registrar)
    page = reverse("decisions:meeting", args=[struck.meeting_id])
    def shown():  # the page without its form tokens, which are new each time
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", client.get(page).content)

    signed = shown()
    before = snapshot()
    path = tmp_path / "case.json"
    path.write_text(json.dumps(export_case(motion), ensure_ascii=False), encoding="utf-8")
    status, out, err = manage("import_case", str(path), "--replace")
    assert status == 1 and "Traceback" not in err
    assert "justerades 2021-06-10" in err and "inget lästes in" in err
    assert snapshot() == before
    assert shown() == signed


def test_nothing_in_signed_minutes_can_be_deleted_by_any_path(motion, struck, signed_seed_case):
    """Below the services' own checks: a delete from anywhere (the admin, a cascade) is refused."""
    from decisions.models import FiledMotion

    before = snapshot()
    for rows in (AgendaItem.objects.filter(pk=struck.pk), MinuteItem.objects.filter(meeting=struck.meeting),
                 MinuteItem.objects.filter(motion=signed_seed_case),
                 FiledMotion.objects.filter(motion=signed_seed_case)):
        if not rows.exists():
            continue
        # Refused by this guard, or before it by an archived extract's protected link to its paragraph.
        with pytest.raises((DomainError, ProtectedError)), transaction.atomic():
            rows.delete()
    with pytest.raises(DomainError, match=r"justerades 2021-06-10; det som står i det kan inte tas bort"), \
            transaction.atomic():
        AgendaItem.objects.filter(pk=struck.pk).delete()
    assert snapshot() == before


def test_a_removal_needs_a_reason(seed_case, registrar):
    before = snapshot()
    with pytest.raises(DomainError, match="Ange varför ärendet tas bort"):
        remove_case(seed_case, by=registrar, reason="  ")
    assert snapshot() == before


def test_an_unsigned_case_is_removed_after_its_draft_extract_was_rendered_and_imports_back(
    seed_case, draft_extract, registrar, django_capture_on_commit_callbacks,
):
    exported = export_case(seed_case)
    meetings = set(Meeting.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        removed = remove_case(seed_case, by=registrar, reason=" Registrerat två gånger ")

    assert not Motion.objects.exists()
    for model in (MotionEvent, Referral, ReferralResponse, DraftDecision, AgendaItem, MinuteItem, RenderedDocument):
        assert not model.objects.exists(), model.__name__
    assert not default_storage.exists(draft_extract.file.name)
    assert set(Meeting.objects.values_list("pk", flat=True)) == meetings
    # Each meeting the case leaves records what went from its minutes and agenda, by whom and why.
    ksau = Meeting.objects.get(body__short_name="KSAU", date="2022-01-25")
    assert [(e.kind, e.description, e.recorded_by, e.reason) for e in ksau.events.order_by("id")][-2:] == [
        (MeetingEvent.Kind.PARAGRAPH_REMOVED, f"§ 12 {CASE}", registrar, "Registrerat två gånger"),
        (MeetingEvent.Kind.AGENDA_ITEM_REMOVED, f"{CASE} Inför en avhopparverksamhet för ett tryggare Huddinge",
         registrar, "Registrerat två gånger"),
    ]

    removed = RemovedCase.objects.get(pk=removed.pk)
    assert (removed.case_number, removed.title, removed.removed_by, removed.reason) == (
        CASE, "Inför en avhopparverksamhet för ett tryggare Huddinge", registrar, "Registrerat två gånger")
    assert removed.case_file == exported
    (again,) = import_cases(removed.case_file)
    assert export_case(again) == exported


def test_the_removal_keeps_naming_the_user_who_removed(seed_case, registrar):
    removed = remove_case(seed_case, by=registrar, reason="Registrerat två gånger")
    with pytest.raises(ProtectedError), transaction.atomic():
        registrar.delete()
    removed.refresh_from_db()
    assert removed.removed_by == registrar and removed.case_number == CASE


def test_a_replace_that_fails_later_keeps_the_case_and_its_extract(
    seed_case, seed_data, draft_extract, django_capture_on_commit_callbacks,
):
    """The stored case is removed before the file's steps run; a bad step
    rolls the removal back, and the extract's file must still be there."""
    before = snapshot()
    broken = {**seed_data, "movers": ["Ingen Sådan"]}
    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            pytest.raises(CaseFileError, match="okänd person"):
        import_cases(broken, replace=True)
    assert callbacks == []
    assert snapshot() == before
    assert default_storage.exists(draft_extract.file.name)


def test_import_case_replace_from_the_command_line_after_a_draft_extract(seed_case, draft_extract, registrar,
                                                                          tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(export_case(seed_case), ensure_ascii=False), encoding="utf-8")
    status, out, err = manage("import_case", str(path), "--replace", "--by", "registrator")
    assert (status, err) == (0, "")
    assert f"Inläst: {CASE}" in out
    removed = RemovedCase.objects.get()
    assert (removed.reason, removed.removed_by) == ("Ersatt genom import av ärendefil", registrar)
    assert Motion.objects.get(case_number=CASE).events.first().recorded_by == registrar
    assert not RenderedDocument.objects.exists()
    assert Motion.objects.get(case_number=CASE).minute_items.count() == 3


def test_the_removal_shows_read_only_in_the_admin(seed_case, administrator, client):
    removed = remove_case(seed_case, by=administrator, reason="Registrerat två gånger")
    client.force_login(administrator)
    listing = client.get(reverse("admin:cases_removedcase_changelist"))
    assert CASE in listing.content.decode()
    page = client.get(reverse("admin:cases_removedcase_change", args=[removed.pk])).content.decode()
    assert "Nujin Alacabek" in page  # the case file, to copy into a file and import
    assert 'name="_save"' not in page
    assert client.post(reverse("admin:cases_removedcase_delete", args=[removed.pk])).status_code == 403
    assert RemovedCase.objects.filter(pk=removed.pk).exists()
