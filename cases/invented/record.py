"""Recording the planned cases through the services, as a registry
secretary, the boards and the bodies' meetings would, and signing the
minutes of the meetings held."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from accounts.roles import secretaries_by_body
from cases.invented.plan import PARAGRAPHS_A_YEAR, PlannedCase, invented_ids, open_day, plan_invented_cases
from decisions.models import AgendaItem, Decision, MinuteItem
from decisions.services.case_steps import prepare_draft_decision, put_on_agenda, record_decision
from decisions.services.filing import record_filing
from decisions.services.paragraphs import MinuteRecord
from decisions.services.signing import record_imported_signing, sign_minutes
from documents.models import CaseDocument
from documents.services import add_document
from lib.pdf import html_to_pdf
from motions import rules
from motions.models import INVENTED, Motion
from motions.services import file_motion
from organisation.models import Attendance, Body, Meeting, Membership, Municipality, Person
from organisation.selectors import roster_on
from organisation.services import AttendanceRecord, meeting_on, record_attendance, update_meeting
from referrals.models import Referral
from referrals.services import (
    ReferralRequest,
    extend_referral_due_date,
    record_referral_declined,
    record_referral_response,
    refer_motion,
    save_referral_draft,
    withdraw_motion_and_referrals,
)

# Where the signed minutes of an invented meeting would be: nowhere. Shown on
# the meeting's documents as "Överfört från …".
NO_ORIGINAL = "demons påhittade exempel (det finns inget original)"

# The meeting place of each demo organisation's meetings.
PLACES = {"Huddinge kommun": "Huddinge kommunhus", "Region Västernorrland": "Regionens hus, Härnösand"}

# Minutes not signed yet: those of meetings held in the last two weeks.
SIGNING_TAKES = datetime.timedelta(days=14)


class _Recorder:
    """Records planned cases through the services; remembers the meetings it
    recorded, so that it signs their minutes and no other's."""

    def __init__(self, municipality: Municipality, *, by):
        self.municipality, self.by = municipality, by
        self.place = PLACES.get(municipality.name, "")
        self.bodies = {body.name: body for body in Body.objects.filter(municipality=municipality)}
        self.people = {person.name: person for person in Person.objects.filter(municipality=municipality)}
        self.meetings: dict[int, Meeting] = {}
        self.path = rules.path_of(municipality)

    def meeting(self, body: Body, day: datetime.date) -> Meeting:
        meeting = meeting_on(body, day, place=self.place, by=self.by)
        self.meetings[meeting.pk] = meeting
        return meeting

    def role(self, body: Body) -> str:
        return {self.path.council: "council", self.path.board: "board"}.get(body, "committee")

    def number(self, meeting: Meeting) -> int:
        """The next free § number from where the meeting's numbers begin (PARAGRAPHS_A_YEAR)."""
        year = meeting.date.year
        number = 1 + meeting.date.timetuple().tm_yday * PARAGRAPHS_A_YEAR[self.role(meeting.body)] // 366
        taken = set(MinuteItem.objects.filter(body=meeting.body, year=year).values_list("number", flat=True))
        taken |= set(AgendaItem.objects.filter(meeting__body=meeting.body, meeting__date__year=year,
                                               number__isnull=False).values_list("number", flat=True))
        while number in taken:
            number += 1
        return number

    def record(self, plan: PlannedCase) -> Motion:
        filed_meeting = self.meeting(self.path.council, plan.filed_on)
        motion = file_motion(
            self.municipality, title=plan.title, movers=[self.people[name] for name in plan.movers],
            received_on=plan.received_on, filed_meeting=filed_meeting, summary=plan.summary, text=plan.text,
            clauses=list(plan.clauses), case_number=plan.case_number, illustrative=[INVENTED], by=self.by,
        )
        # The council is told of the motions filed at a meeting in one paragraph.
        joint = filed_meeting.items.filter(decision=Decision.FILE).first()
        record_filing(motion, number=joint.number if joint else self.number(filed_meeting), by=self.by)
        for step in plan.steps:
            getattr(self, f"_{step.kind}")(motion, step)
        return motion

    def _referral(self, motion, step) -> Referral:
        return motion.referrals.get(body__name=step.body, status=Referral.Status.SENT)

    def _refer(self, motion, step):
        refer_motion(motion, requests=[ReferralRequest(self.bodies[name], due) for name, due in
                                       step.values["requests"]], sent_on=step.on, by=self.by)

    def _answer(self, motion, step):
        record_referral_response(self._referral(motion, step), decided_on=step.on, by=self.by, **step.values)

    def _decline(self, motion, step):
        record_referral_declined(self._referral(motion, step), decided_on=step.on, by=self.by, **step.values)

    def _extend(self, motion, step):
        extend_referral_due_date(self._referral(motion, step), due_on=step.values["due_on"], on=step.on, by=self.by)

    def _draft_answer(self, motion, step):
        # Saved by the body's secretary, where the body has one among the users.
        referral = self._referral(motion, step)
        secretary = next(iter(secretaries_by_body().get(referral.body_id, [])), None)
        save_referral_draft(referral, text=step.values["text"], by=secretary)

    def _withdraw(self, motion, step):
        withdraw_motion_and_referrals(motion, on=step.on, reason=step.values["reason"], by=self.by)

    def _prepare(self, motion, step):
        prepare_draft_decision(motion, drafted_on=step.on, proposal=step.values["proposal"],
                               summary=step.values["summary"], by=self.by)

    def _minute(self, motion, step):
        meeting = self.meeting(self.bodies[step.body], step.on)
        record_decision(motion, meeting=meeting, decision=step.values["decision"],
                        proposal=step.values["proposal"], clauses=step.values["clauses"] or None,
                        reason=step.values["reason"], record=MinuteRecord(number=self.number(meeting)), by=self.by)

    def _agenda(self, motion, step):
        put_on_agenda(motion, meeting=self.meeting(self.bodies[step.body], step.on), by=self.by)

    def sign(self, *, today: datetime.date) -> list[Meeting]:
        """Sign the minutes of the meetings held more than two weeks ago: the
        latest council meeting's as a secretary would (its documents are
        rendered and archived), the others' as minutes without an original."""
        held = sorted((m for m in self.meetings.values() if m.date <= today - SIGNING_TAKES),
                      key=lambda m: (m.date, m.pk))
        councils = [m for m in held if m.body == self.path.council and m.items.exists()]
        kept_at = f"{self.path.board.name}s förvaltning, {self.municipality.name}" if self.path.board else ""
        signed = []
        for meeting in held:
            signed_on = open_day(meeting.date + datetime.timedelta(days=3))
            if councils and meeting == councils[-1]:
                self._attend(meeting, kept_at)
                signed.append(sign_minutes(meeting, signed_on=signed_on, by=self.by))
            else:
                signed.append(record_imported_signing(meeting, signed_on=signed_on, kept_at=kept_at,
                                                      source=NO_ORIGINAL, by=self.by))
        return signed

    def _attend(self, meeting: Meeting, kept_at: str):
        """The roster of the day (the latest, when none is in force) present, two members signing."""
        roster = roster_on(meeting.body, meeting.date)
        if not roster:
            last = (Membership.objects.filter(body=meeting.body, starts_on__lte=meeting.date)
                    .order_by("-starts_on").values_list("starts_on", flat=True).first())
            roster = roster_on(meeting.body, last) if last else []
        rows, signing = [], 0
        for membership in roster:
            if membership.role == Membership.Role.MEMBER:
                chair = membership.duty == Membership.Duty.CHAIR
                signs = not chair and signing < 2
                signing += signs
                rows.append(AttendanceRecord(person=membership.person, role=Attendance.Role.MEMBER,
                                             duty=Attendance.Duty.CHAIR if chair else "", signs=signs))
            elif membership.role == Membership.Role.SECRETARY:
                rows.append(AttendanceRecord(person=membership.person, role=Attendance.Role.OTHER,
                                             duty=Attendance.Duty.SECRETARY, title=membership.title))
        update_meeting(meeting, starts_at=datetime.time(18), ends_at=datetime.time(21, 30), place=self.place,
                       kept_at=kept_at, by=self.by)
        record_attendance(meeting, rows, by=self.by)


# A letter from a resident in the latest open invented case, whose text holds a personal identity number:
# the publication review holds it, and the registry's queue shows where. The number is the Swedish Tax
# Agency's test number (Tolvan Tolvansson's), valid but no one's.
LETTER_TITLE = "Skrivelse från en boende"
LETTER = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{title}</title></head><body>
<p>{day}</p>
<h1>{title}</h1>
<p>Angående motionen {case}, {motion}.</p>
<p>Jag bor i området och vill lämna synpunkter på motionen. Jag heter Tolvan Tolvansson (personnummer
19121212-1212) och har tidigare skrivit till kommunen i samma fråga.</p>
<p>Med vänlig hälsning<br>Tolvan Tolvansson</p>
<p><em>Påhittat exempel: skrivelsen är uppdiktad för demonstrationen.</em></p>
</body></html>"""


def add_letter_for_review(motion: Motion, *, today: datetime.date, by) -> CaseDocument:
    """Register the resident's letter (LETTER) in the case, rendered to PDF: held for the publication review."""
    html = LETTER.format(title=LETTER_TITLE, day=today.isoformat(), case=motion.case_number, motion=motion.title)
    pdf = html_to_pdf(html).content
    return add_document(motion, file=SimpleUploadedFile("skrivelse.pdf", pdf, content_type="application/pdf"),
                        kind=CaseDocument.Kind.LETTER, dated_on=today, title=LETTER_TITLE,
                        sender="Privatperson", on=today, by=by)


@transaction.atomic
def build_invented_cases(municipality: Municipality, *, today: datetime.date, by) -> list[Motion]:
    """Record the organisation's invented cases (plan_invented_cases), sign
    the minutes of their meetings held before the last two weeks, and
    register a resident's letter held for the publication review in the
    latest open one. Nothing when the organisation has invented cases
    already: building twice changes nothing."""
    if invented_ids(municipality):
        return []
    recorder = _Recorder(municipality, by=by)
    motions = [recorder.record(plan) for plan in plan_invented_cases(municipality, today=today)]
    recorder.sign(today=today)
    open_cases = [motion for motion in motions if not Motion.objects.get(pk=motion.pk).is_closed]
    if open_cases:
        add_letter_for_review(max(open_cases, key=lambda motion: (motion.filed_on, motion.pk)), today=today, by=by)
    return motions
