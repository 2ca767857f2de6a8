"""Removing a case from the register. The cases app sits on top of the
others, so this step may reach into all of them; none of them may call it."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases.casefile.documents import removed_files
from cases.casefile.exporter import export_case
from cases.models import RemovedCase
from decisions.models import AgendaItem, DraftDecision, FiledMotion, MinuteItem, RenderedDocument
from decisions.services.meetings import paragraph_number
from documents.models import CaseDocument
from lib.errors import DomainError
from lib.sentences import Sentence
from motions.models import Motion
from motions.search import forget
from motions.services import lock_motion
from organisation.models import Meeting, MeetingEvent
from organisation.services import record_meeting_event
from referrals.models import Referral, ReferralResponse


def _check_not_in_signed_minutes(motion: Motion) -> None:
    """Refuse a case that has a paragraph (or an agenda item) in signed minutes: that is the record.

    The case's meetings are locked first, so that minutes signed while the
    case is being removed cannot lose a paragraph. Call inside the motion's lock.
    """
    meeting_ids = {
        *MinuteItem.objects.filter(motion=motion).values_list("meeting_id", flat=True),
        *motion.filing_items.values_list("meeting_id", flat=True),
        *AgendaItem.objects.filter(motion=motion).values_list("meeting_id", flat=True),
    }
    meetings = Meeting.objects.select_for_update(of=("self",)).select_related("body").filter(pk__in=meeting_ids)
    for meeting in meetings.order_by("date", "pk"):
        if meeting.signed_on is None:
            continue
        # A case struck from the agenda ("Ärendet utgår") has its § only on the agenda item.
        number = (
            MinuteItem.objects.filter(meeting=meeting, motion=motion).values_list("number", flat=True).first()
            or motion.filing_items.filter(meeting=meeting).values_list("number", flat=True).first()
            or AgendaItem.objects.filter(meeting=meeting, motion=motion).values_list("number", flat=True).first()
        )
        # Worded as check_open words signed minutes, with the case's § in them.
        raise DomainError(
            _("Protokollet från %(meeting)s justerades %(on)s och kan inte längre ändras; ärendet %(case)s "
              "har %(where)s i det och kan därför inte tas bort.")
            % {"meeting": meeting, "on": meeting.signed_on.isoformat(), "case": motion.case_number,
               "where": f"§ {number}" if number else _("en punkt")},
            field="motion",
        )
    archived = RenderedDocument.objects.filter(item__motion=motion, archived=True).select_related("item__body").first()
    if archived is not None:  # archived only at signing; kept as a guard, not deleted
        raise DomainError(
            _("Protokollsutdraget för %(item)s är arkiverat; ärendet %(case)s kan inte tas bort.")
            % {"item": archived.item, "case": motion.case_number},
            field="motion",
        )


def _check_leaves_no_gap(motion: Motion) -> None:
    """A § the case holds in unsigned minutes goes with it, so it must be its
    body's last of the year: the numbers after it could not close up, and
    minutes with a gap in their numbers cannot be signed."""
    for agenda_item in AgendaItem.objects.filter(motion=motion, number__isnull=False).select_related("meeting__body"):
        meeting, number = agenda_item.meeting, agenda_item.number
        # The case's own later paragraphs (its filing's and its decision's at the council) go with it.
        later = (
            AgendaItem.objects.filter(meeting__body=meeting.body, meeting__date__year=meeting.date.year,
                                      number__gt=number).exclude(motion=motion).exists()
            or MinuteItem.objects.filter(body=meeting.body, year=meeting.date.year, number__gt=number)
            .exclude(motion=motion).exists()
        )
        if later:
            raise DomainError(
                _("Ärendet %(case)s har § %(number)s vid %(meeting)s, och %(body)s har paragrafer efter den; "
                  "tas ärendet bort blir det en lucka i numreringen.")
                % {"case": motion.case_number, "number": number, "meeting": meeting, "body": meeting.body},
                field="motion",
            )


def _leave_joint_filing(motion: Motion, *, by, reason: str) -> None:
    """A motion filed in a paragraph with others leaves it; the paragraph
    stays for them, its motions numbered on without a gap (the meeting is
    unsigned: _check_not_in_signed_minutes has refused signed ones)."""
    for item in motion.filing_items.filter(motion__isnull=True).select_related("meeting"):
        FiledMotion.objects.filter(item=item, motion=motion).delete()
        rest = list(FiledMotion.objects.filter(item=item).order_by("position"))
        for position, row in enumerate(rest, start=1):
            if row.position != position:
                row.position = position
                row.save(update_fields=["position"])
        if len(rest) == 1:  # a paragraph of one motion names it
            item.motion_id = rest[0].motion_id
            item.save(update_fields=["motion"])
        record_meeting_event(item.meeting, kind=MeetingEvent.Kind.PARAGRAPH_REMOVED, by=by,
                             description=Sentence(gettext_noop("§ %(number)s: %(case)s ur anmälan"), {
                                 "number": paragraph_number(item.number), "case": motion.case_number}),
                             reason=reason)


def _delete_stored_files(files: list[tuple]) -> None:
    for storage, name in files:
        storage.delete(name)


@transaction.atomic
def remove_case(motion: Motion, *, by, reason: str) -> RemovedCase:
    """Remove the case from the register, recording who removed it, when and
    why, with the case as its case file (import it to undo the removal).

    Refuses, changing nothing, a case with a paragraph in signed minutes, one
    whose § is followed by others of its body's that year, and an empty
    reason. Removes the case's draft extracts (and, once the transaction
    commits, their stored files), minute items, agenda items,
    drafts, referrals with their responses, and the motion with its movers,
    clauses, events, followers and search entries, and its documents' rows. Meetings stay, and
    so do the documents' stored files: the case file names them, and importing
    it needs them.
    """
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Ange varför ärendet tas bort."), field="reason")
    motion = lock_motion(motion)
    _check_not_in_signed_minutes(motion)
    _check_leaves_no_gap(motion)
    removed = RemovedCase.objects.create(
        case_number=motion.case_number, title=motion.title, removed_by=by, reason=reason,
        case_file=export_case(motion), files=removed_files(motion),
    )
    # The meetings the case leaves keep a record of what went from their agenda and minutes.
    for item in MinuteItem.objects.filter(motion=motion).select_related("meeting"):
        record_meeting_event(item.meeting, kind=MeetingEvent.Kind.PARAGRAPH_REMOVED, by=by,
                             description=f"§ {item.number} {motion.case_number}", reason=reason)
    for agenda_item in AgendaItem.objects.filter(motion=motion).select_related("meeting", "motion"):
        record_meeting_event(agenda_item.meeting, kind=MeetingEvent.Kind.AGENDA_ITEM_REMOVED, by=by,
                             description=agenda_item.label,
                             from_value=Sentence(gettext_noop("punkt %(n)s"), {"n": agenda_item.position}),
                             reason=reason)
    documents = RenderedDocument.objects.filter(item__motion=motion)
    files = [(document.file.storage, document.file.name) for document in documents if document.file]
    documents.delete()
    _leave_joint_filing(motion, by=by, reason=reason)
    MinuteItem.objects.filter(motion=motion).delete()
    AgendaItem.objects.filter(motion=motion).delete()
    DraftDecision.objects.filter(motion=motion).delete()
    ReferralResponse.objects.filter(referral__motion=motion).delete()
    Referral.objects.filter(motion=motion).delete()
    case_documents = CaseDocument.objects.filter(motion=motion)
    case_documents.update(replaced_by=None)  # each other's pointers first: they are protected
    case_documents.delete()
    forget(motion)
    motion.delete()
    # A file deleted now would be gone even if the transaction rolled back.
    transaction.on_commit(lambda: _delete_stored_files(files), robust=True)
    return removed
