"""A paragraph put right, a correction note and an attendance list in the reader's language: the
words the system wrote into the case's timeline and the meeting's history (a decision's and a
status's label, the role words of the attendance) are kept in Swedish and shown translated.

English is compared with the catalogue's (gettext of the same message id), as in
tests/cases/test_correction_language.py."""

import re

import pytest
from django.test import Client, TestCase
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from decisions.services.case_steps import (
    decide_at_council,
    handle_at_board,
    handle_at_working_committee,
    prepare_draft_decision,
)
from decisions.services.corrections import correct_draft_decision, correct_paragraph, record_rectification
from decisions.services.signing import sign_minutes
from motions.models import Motion, MotionEvent
from organisation.models import Attendance, MeetingEvent
from organisation.selectors import attendee_line
from organisation.services import AttendanceRecord, record_attendance
from tests.conftest import d

MEMBER, SUBSTITUTE, NOT_SERVING, OTHER = (Attendance.Role.MEMBER, Attendance.Role.SUBSTITUTE,
                                         Attendance.Role.NOT_SERVING, Attendance.Role.OTHER)


def text_of(html: str, start: str) -> str:
    section = html[html.index(start):]
    return " ".join(re.sub(r"<[^>]+>", " ", section[:section.index("</ol>")]).split())


def timeline(motion, language, user=None) -> str:
    client = Client()
    if user is not None:  # a committee's paragraph before signing is on the registry's timeline only
        client.force_login(user)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return text_of(client.get(motion.get_absolute_url()).content.decode(), 'class="timeline"')


def history(registry_user, meeting, language) -> str:
    client = Client()
    client.force_login(registry_user)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    return text_of(client.get(meeting.get_absolute_url()).content.decode(), 'id="historik"')


def english(msgid: str, **values) -> str:
    with translation.override("en"):
        return escape(gettext(msgid) % values if values else gettext(msgid))


def swedish(msgid: str, **values) -> str:
    return escape(msgid % values if values else msgid)


def shown_in_english(lines, shown: str, record: str) -> None:
    for in_english, in_swedish in lines:
        assert in_english in shown
        assert in_swedish in record
        if in_english != in_swedish:
            assert in_swedish not in shown


@pytest.fixture
def decided(motion, meeting, registrar):
    """The council's decision (rejected) on the motion, its minutes not yet signed."""
    prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject", summary="Bedömningen.",
                           by=registrar)
    motion = Motion.objects.get(pk=motion.pk)
    handle_at_working_committee(motion, meeting=meeting("Kommunstyrelsens arbetsutskott", "2022-01-25"), by=registrar)
    handle_at_board(motion, meeting=meeting("Kommunstyrelsen", "2022-02-07"), proposal="partly_approve",
                    clauses={1: True, 2: False}, by=registrar)
    return decide_at_council(motion, meeting=meeting("Kommunfullmäktige", "2022-03-07"), outcome="reject",
                             by=registrar)


def test_a_paragraph_put_right_reads_in_english(decided, registrar, registry_user):
    motion = decided.motion
    with translation.override("en"):  # recorded by someone using the English pages
        correct_paragraph(decided, summary="Bedömningen, rättad.", decision_clauses=["Motionen bifalls."],
                          outcome="approve", reason="Fel beslut protokollfördes.", by=registrar)
    decision, status = (english("Beslut"), swedish("Beslut")), (english("Status"), swedish("Status"))
    lines = [
        (f"{decision[0]}: {english('Avslag')}", f"{decision[1]}: Avslag"),
        (f"{status[0]}: {english('Avslagen')}", f"{status[1]}: Avslagen"),
    ]
    shown_in_english(lines, timeline(motion, "en"), timeline(motion, "sv"))
    reopened = ("§ %(number)s %(what)s: öppnad och protokollförd igen", {"number": decided.number,
                                                                          "what": motion.case_number})
    shown_in_english([(english(reopened[0], **reopened[1]), swedish(reopened[0], **reopened[1])), *lines],
                     history(registry_user, decided.meeting, "en"), history(registry_user, decided.meeting, "sv"))
    # The records keep Swedish.
    corrected = motion.events.filter(kind=MotionEvent.Kind.CORRECTED).last()
    assert [(c["field"], c["before"], c["after"]) for c in corrected.changes if c["field"] in {"Beslut", "Status"}] \
        == [("Beslut", "Avslag", "Bifall"), ("Status", "Avslagen", "Bifallen")]
    event = decided.meeting.events.get(kind=MeetingEvent.Kind.PARAGRAPH_CORRECTED)
    assert event.description == f"§ {decided.number} {motion.case_number}: öppnad och protokollförd igen"
    assert "Beslut: Avslag" in event.from_value and "Beslut: Bifall" in event.to_value


def test_a_draft_decision_put_right_names_its_new_proposal_in_english(motion, registrar):
    prepare_draft_decision(motion, drafted_on=d("2021-06-01"), proposal="reject", by=registrar)
    with translation.override("en"):
        correct_draft_decision(Motion.objects.get(pk=motion.pk).drafts.get(), drafted_on=d("2021-06-01"),
                               proposal="deem_answered", reason="Fel förslag", by=registrar)
    step = (english("Förslag till beslut upprättat") + ": " + english("Anses besvarad"),
            swedish("Förslag till beslut upprättat") + ": " + swedish("Anses besvarad"))
    changed = (english("Förslag till beslut") + ": " + english("Avslag"), swedish("Förslag till beslut") + ": Avslag")
    shown_in_english([step, changed], timeline(motion, "en"), timeline(motion, "sv"))
    assert motion.events.get(kind=MotionEvent.Kind.PREPARED).description == "Anses besvarad"


def test_a_proposal_put_right_names_it_in_english(held, registrar, registry_user):
    item = held.items.get(motion__isnull=False)
    motion = item.motion
    correct_paragraph(item, summary=item.summary, decision_clauses=item.decision_clauses, outcome="deem_answered",
                      reason="Fel förslag.", by=registrar, version=Motion.objects.get(pk=motion.pk).version)
    after = (english("Förslag till beslut") + ": " + english("Anses besvarad").lower(),
             swedish("Förslag till beslut") + ": " + swedish("Anses besvarad").lower())
    shown_in_english([after], history(registry_user, held, "en"), history(registry_user, held, "sv"))
    shown_in_english([after], timeline(motion, "en", registry_user), timeline(motion, "sv", registry_user))
    assert swedish("Förslag till beslut") + ": " not in timeline(motion, "sv")  # not the public's before signing


def test_a_correction_note_is_labelled_in_english(held, registrar):
    with TestCase.captureOnCommitCallbacks(execute=True):
        signed = sign_minutes(held, signed_on=d("2022-01-27"), by=registrar)
    item = signed.items.get(motion__isnull=False)
    record_rectification(item, text="Rätt datum är 2022-01-25.", made_on=d("2022-02-01"), by=registrar)
    note = (english("Rättelse %(on)s", on="2022-02-01") + ": – ", swedish("Rättelse %(on)s", on="2022-02-01") + ": – ")
    shown_in_english([note], timeline(item.motion, "en"), timeline(item.motion, "sv"))
    assert item.motion.events.last().changes[0]["field"] == "Rättelse 2022-02-01"


def test_the_attendance_lists_role_words_are_in_english(held, person, registrar, registry_user):
    rows = [AttendanceRecord(person("Anna Berglund"), MEMBER, duty=Attendance.Duty.CHAIR),
            AttendanceRecord(person("Erik Sandberg"), MEMBER, signs=True),
            AttendanceRecord(person("Karin Dahl"), SUBSTITUTE, replaces=person("Johan Ek")),
            AttendanceRecord(person("Maria Lind"), NOT_SERVING),
            AttendanceRecord(person("Helena Strand"), OTHER, duty=Attendance.Duty.SECRETARY),
            AttendanceRecord(person("Olof Wikström"), OTHER, title="kommundirektör")]
    with translation.override("en"):
        record_attendance(held, rows, by=registrar)
    lines = [(f"Anna Berglund (M), {english('Ordförande').lower()}", "Anna Berglund (M), ordförande"),
             (f"Erik Sandberg (S), {english('justerare')}", "Erik Sandberg (S), justerare"),
             (f"Karin Dahl (S), {english('ersätter %(name)s', name='Johan Ek')}", "Karin Dahl (S), ersätter Johan Ek"),
             (f"Maria Lind (C), {english('ej tjänstgörande')}", "Maria Lind (C), ej tjänstgörande"),
             (f"Helena Strand, {english('Sekreterare').lower()}", "Helena Strand, sekreterare"),
             ("Olof Wikström, kommundirektör", "Olof Wikström, kommundirektör")]  # a title as typed
    shown_in_english(lines, history(registry_user, held, "en"), history(registry_user, held, "sv"))
    # The record reads as the attendance list always did.
    recorded = held.events.filter(kind=MeetingEvent.Kind.ATTENDANCE_RECORDED).last()
    extra = {"Erik Sandberg": ", justerare", "Maria Lind": ", ej tjänstgörande"}
    assert recorded.to_value == "; ".join(attendee_line(a) + extra.get(a.person.name, "")
                                          for a in held.attendance.select_related("person", "party", "replaces"))
