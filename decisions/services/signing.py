"""Signing the minutes, the notice of signing's dates, and appeals against
the decisions."""

import datetime
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from decisions.models import PREPARATORY, Appeal, MinuteItem
from decisions.services.rendering import start_render
from decisions.services.search import index_signed_minutes
from lib.errors import AlreadyDone, DomainError, Problems
from lib.sentences import Sentence
from lib.time_limits import (
    DAY,
    last_day_to_appeal,
    latest_posting_date,
    proposed_posting_date,
)
from organisation.models import Attendance, Meeting, MeetingEvent
from organisation.services import lock_meeting, record_meeting_event, write_details


@dataclass(frozen=True)
class NoticeDates:
    """The dates the notice of signing prints."""

    posted_on: datetime.date
    appeal_until: datetime.date
    notice_removed_on: datetime.date


def propose_notice_dates(signed_on: datetime.date) -> NoticeDates:
    """Posted on a weekday no later than the second day after signing
    (KL 8 kap. 12 §); appeals within three weeks of posting (KL 13 kap. 5 §);
    the notice comes down the day after the last day to appeal."""
    posted_on = proposed_posting_date(signed_on)
    appeal_until = last_day_to_appeal(posted_on)
    return NoticeDates(posted_on, appeal_until, appeal_until + DAY)


# What the notice of signing states of the meeting (KL 8 kap. 12 §: when
# and where it was held, where the minutes are kept): the field and the words
# naming it when it is missing.
NOTICE_DETAILS = {
    "starts_at": _lazy("Ange när sammanträdet började; anslaget om justeringen ska ange tiden."),
    "place": _lazy("Ange var sammanträdet hölls; anslaget om justeringen ska ange platsen."),
    "kept_at": _lazy("Ange var protokollet förvaras; anslaget om justeringen ska ange förvaringsplatsen."),
}


def notice_gaps(meeting: Meeting) -> dict[str, str]:
    """The details the notice must state that the meeting lacks: field → message."""
    return {field: str(message) for field, message in NOTICE_DETAILS.items() if not getattr(meeting, field)}


def signing_problems(meeting: Meeting) -> list[str]:
    """What stops the minutes from being signed now, in words for the secretary."""
    return [*notice_gaps(meeting).values(), *minutes_problems(meeting)]


def minutes_problems(meeting: Meeting) -> list[str]:
    """What the minutes themselves lack: the attendance's roles, a paragraph
    for every agenda item, numbers without gaps."""
    problems = []
    attendance = list(meeting.attendance.all())
    if not any(a.duty == Attendance.Duty.CHAIR for a in attendance):
        problems.append(_("Närvarolistan saknar ordförande."))
    if not any(a.duty == Attendance.Duty.SECRETARY for a in attendance):
        problems.append(_("Närvarolistan saknar sekreterare."))
    if not any(a.signs and a.duty != Attendance.Duty.CHAIR for a in attendance):
        problems.append(_("Närvarolistan saknar justerare."))
    recorded = {item.number for item in meeting.items.all()}
    if not recorded:
        problems.append(_("Inga paragrafer är protokollförda."))
    agenda = list(meeting.agenda.select_related("motion").order_by("position"))
    for agenda_item in agenda:
        if agenda_item.number is None or agenda_item.number not in recorded:
            what = agenda_item.motion.case_number if agenda_item.motion_id else agenda_item.title
            problems.append(_("Punkt %(position)s (%(what)s) är inte protokollförd.")
                            % {"position": agenda_item.position, "what": what})
    numbers = [item.number for item in agenda if item.number is not None]
    if numbers and numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        problems.append(_("Paragraferna (%(numbers)s) följer inte föredragningslistan utan luckor.")
                        % {"numbers": ", ".join(f"§ {n}" for n in numbers)})
    return problems


def check_signing(meeting: Meeting, *, signed_on: datetime.date, posted_on: datetime.date | None = None,
                  appeal_until: datetime.date | None = None,
                  notice_removed_on: datetime.date | None = None) -> NoticeDates:
    """The notice's dates the minutes would be signed with (those not given
    proposed from the law), or every problem that stops the signing, each
    at its field: a detail the notice must state (each one missing named),
    the minutes not complete, a date against the law's limits. Changes nothing:
    the signing's confirmation page shows what sign_minutes will record."""
    # Every problem at once: what the notice must state, what the minutes lack, and each date,
    # checked with the dates as given or proposed.
    refused = Problems()
    for field, message in notice_gaps(meeting).items():
        refused.add(DomainError(message, field=field))
    problems = minutes_problems(meeting)
    if problems:
        refused.add(DomainError(" ".join(problems), field="meeting"))
    if signed_on < meeting.date:
        refused.add(DomainError(_("Protokollet kan inte justeras (%(on)s) före sammanträdet (%(date)s).")
                                % {"on": signed_on.isoformat(), "date": meeting.date.isoformat()}, field="signed_on"))
    if signed_on > timezone.localdate():
        refused.add(DomainError(_("Justeringsdagen %(on)s har inte kommit än.") % {"on": signed_on.isoformat()},
                                field="signed_on"))
    proposed = propose_notice_dates(signed_on)
    posted_on = posted_on or proposed.posted_on
    if posted_on < signed_on:
        refused.add(DomainError(_("Anslaget kan inte sättas upp (%(posted)s) före justeringen (%(signed)s).")
                                % {"posted": posted_on.isoformat(), "signed": signed_on.isoformat()},
                                field="posted_on"))
    if posted_on > latest_posting_date(signed_on):
        refused.add(DomainError(
            _("Anslaget ska sättas upp senast %(latest)s, andra dagen efter justeringen (KL 8 kap. 12 §).")
            % {"latest": latest_posting_date(signed_on).isoformat()}, field="posted_on"))
    earliest_appeal_day = last_day_to_appeal(posted_on)
    appeal_until = appeal_until or earliest_appeal_day
    if appeal_until < earliest_appeal_day:
        refused.add(DomainError(
            _("Sista dag att överklaga kan inte vara före %(day)s, tre veckor efter anslaget (KL 13 kap. 5 §).")
            % {"day": earliest_appeal_day.isoformat()}, field="appeal_until"))
    notice_removed_on = notice_removed_on or appeal_until + DAY
    if notice_removed_on <= appeal_until:
        refused.add(DomainError(_("Anslaget tas ned tidigast %(first)s, dagen efter sista dag att överklaga.")
                                % {"first": (appeal_until + DAY).isoformat()}, field="notice_removed_on"))
    refused.raise_any()
    return NoticeDates(posted_on, appeal_until, notice_removed_on)


@transaction.atomic
def sign_minutes(meeting: Meeting, *, signed_on: datetime.date, posted_on: datetime.date | None = None,
                 appeal_until: datetime.date | None = None, notice_removed_on: datetime.date | None = None,
                 starts_at: datetime.time | None = None, place: str | None = None, kept_at: str | None = None,
                 by) -> Meeting:
    """Record that the minutes are signed (justerade), with the dates the
    notice of signing prints; dates not given are proposed from the law.
    `starts_at`, `place` and `kept_at`, when given, are written to the
    meeting first (as update_meeting does): the notice states them, and
    the minutes are not signed without them (check_signing).

    Side effects: from now on nothing of the meeting may change; once this
    commits, the signed protocol, notice and extracts are rendered and kept
    (in the background).
    """
    meeting = lock_meeting(meeting)
    details = {"starts_at": starts_at, "place": place, "kept_at": kept_at}
    if any(value is not None for value in details.values()):
        given = {field: getattr(meeting, field) if value is None else value for field, value in details.items()}
        meeting = write_details(meeting, ends_at=meeting.ends_at, by=by, **given)
    dates = check_signing(meeting, signed_on=signed_on, posted_on=posted_on, appeal_until=appeal_until,
                          notice_removed_on=notice_removed_on)
    posted_on, appeal_until, notice_removed_on = dates.posted_on, dates.appeal_until, dates.notice_removed_on
    meeting.signed_on, meeting.posted_on = signed_on, posted_on
    meeting.appeal_until, meeting.notice_removed_on = appeal_until, notice_removed_on
    meeting.save(update_fields=["signed_on", "posted_on", "appeal_until", "notice_removed_on"])
    record_meeting_event(
        meeting, kind=MeetingEvent.Kind.SIGNED, by=by, to_value=_signed(signed_on),
        description=_notice(posted_on, appeal_until, notice_removed_on),
    )
    index_signed_minutes(meeting)
    start_render(meeting, archive=True, by=by)
    return meeting


@transaction.atomic
def record_imported_signing(meeting: Meeting, *, signed_on: datetime.date, posted_on: datetime.date | None = None,
                            appeal_until: datetime.date | None = None,
                            notice_removed_on: datetime.date | None = None, kept_at: str = "", source: str,
                            by) -> Meeting:
    """Record minutes signed elsewhere (an archive, an earlier system) as
    signed, with `source` saying where the signed original is: brought over
    with a case file. The notice dates are those the original prints; dates
    not given are proposed from the law as sign_minutes proposes them.

    Unlike sign_minutes, nothing is rendered or archived: the signed
    document is the source's, and the register's documents of the meeting
    are rendered from the record when asked for. The signing problems of
    minutes kept here (attendance, every agenda item recorded, no gaps) are
    not asked of them: the register holds only what was brought over.

    Precondition: the paragraphs brought over are recorded; from now on
    nothing of the meeting may change.
    """
    meeting = lock_meeting(meeting)
    source = " ".join(source.split())
    if not source:
        raise DomainError(_("Ange varifrån det justerade protokollet kommer."), field="source")
    for value, field in ((source, "source"), (kept_at.strip(), "kept_at")):
        limit = Meeting._meta.get_field("imported_from" if field == "source" else field).max_length
        if len(value) > limit:
            raise DomainError(_("Högst %(max)s tecken.") % {"max": limit}, field=field)
    if signed_on < meeting.date:
        raise DomainError(_("Protokollet kan inte justeras (%(on)s) före sammanträdet (%(date)s).")
                          % {"on": signed_on.isoformat(), "date": meeting.date.isoformat()}, field="signed_on")
    if signed_on > timezone.localdate():
        raise DomainError(_("Justeringsdagen %(on)s har inte kommit än.") % {"on": signed_on.isoformat()},
                          field="signed_on")
    posted_on = posted_on or propose_notice_dates(signed_on).posted_on
    if posted_on < signed_on:
        raise DomainError(_("Anslaget kan inte sättas upp (%(posted)s) före justeringen (%(signed)s).")
                          % {"posted": posted_on.isoformat(), "signed": signed_on.isoformat()}, field="posted_on")
    appeal_until = appeal_until or last_day_to_appeal(posted_on)
    if appeal_until <= posted_on:
        raise DomainError(_("Sista dag att överklaga (%(until)s) ska ligga efter anslaget (%(posted)s).")
                          % {"until": appeal_until.isoformat(), "posted": posted_on.isoformat()},
                          field="appeal_until")
    notice_removed_on = notice_removed_on or appeal_until + DAY
    if notice_removed_on <= appeal_until:
        raise DomainError(_("Anslaget tas ned tidigast %(first)s, dagen efter sista dag att överklaga.")
                          % {"first": (appeal_until + DAY).isoformat()}, field="notice_removed_on")
    meeting.signed_on, meeting.posted_on = signed_on, posted_on
    meeting.appeal_until, meeting.notice_removed_on = appeal_until, notice_removed_on
    meeting.imported_from = source
    meeting.kept_at = kept_at.strip() or meeting.kept_at
    meeting.save(update_fields=["signed_on", "posted_on", "appeal_until", "notice_removed_on", "imported_from",
                                "kept_at"])
    record_meeting_event(
        meeting, kind=MeetingEvent.Kind.SIGNED, by=by, to_value=_signed(signed_on),
        description=Sentence(gettext_noop("importerat från %(source)s; %(notice)s"), {
            "source": source, "notice": _notice(posted_on, appeal_until, notice_removed_on).as_data()}),
    )
    index_signed_minutes(meeting)
    return meeting


@transaction.atomic
def record_appeal(item: MinuteItem, *, lodged_on: datetime.date, court_case: str = "", note: str = "",
                  submission: uuid.UUID | None = None, by) -> Appeal:
    """Record that the decision of `item` has been appealed. Not a change of
    the minutes: the case page shows the decision as appealed, not in force.
    `submission` is the form's one-time key: a second appeal with the same
    key is refused with AlreadyDone, naming the first."""
    _check_new_appeal(submission)
    meeting = item.meeting
    if meeting.signed_on is None:
        raise DomainError(_("Ett beslut kan överklagas först när protokollet är justerat."), field="item")
    if lodged_on < meeting.signed_on:
        raise DomainError(_("Överklagandet (%(on)s) kan inte ha kommit in före justeringen (%(signed)s).")
                          % {"on": lodged_on.isoformat(), "signed": meeting.signed_on.isoformat()},
                          field="lodged_on")
    if lodged_on > timezone.localdate():
        raise DomainError(_("Datumet %(on)s har inte kommit än.") % {"on": lodged_on.isoformat()}, field="lodged_on")
    if item.decision in PREPARATORY:
        raise DomainError(_("%(item)s är ett beredande beslut och kan inte överklagas (KL 13 kap. 2 §).")
                          % {"item": item}, field="item")
    if lodged_on > meeting.appeal_until:
        raise DomainError(
            _("Överklagandet kom in %(on)s, efter sista dagen att överklaga (%(last)s); "
              "beslutet har vunnit laga kraft.")
            % {"on": lodged_on.isoformat(), "last": meeting.appeal_until.isoformat()}, field="lodged_on")
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(item=item, lodged_on=lodged_on, court_case=court_case.strip(),
                                           note=note.strip(), submission=submission)
    except IntegrityError:
        _check_new_appeal(submission)  # the same form, sent twice at once, recorded by the request beside this one
        raise
    what = f"§ {item.number} {item.motion.case_number if item.motion_id else item.heading}"
    lodged = (Sentence(gettext_noop("inkom %(on)s, mål %(case)s"), {"on": str(lodged_on), "case": appeal.court_case})
              if appeal.court_case else Sentence(gettext_noop("inkom %(on)s"), {"on": str(lodged_on)}))
    record_meeting_event(meeting, kind=MeetingEvent.Kind.APPEAL_RECORDED, by=by, description=what,
                         to_value=lodged, reason=appeal.note)
    return appeal


def _check_new_appeal(submission: uuid.UUID | None) -> None:
    if submission is not None and (done := Appeal.objects.filter(submission=submission).select_related(
            "item__meeting__body", "item__motion").first()):
        raise AlreadyDone(_("Formuläret skickades två gånger; överklagandet av %(item)s registrerades första "
                            "gången (inkom %(on)s).") % {"item": done.item, "on": done.lodged_on.isoformat()},
                          record=done)


# The meeting's history of a signing, in the reader's language.
def _signed(signed_on) -> Sentence:
    return Sentence(gettext_noop("justerat %(on)s"), {"on": str(signed_on)})


def _notice(posted_on, appeal_until, removed_on) -> Sentence:
    return Sentence(
        gettext_noop("anslaget %(posted)s, sista dag att överklaga %(until)s, anslaget tas ned %(removed)s"),
        {"posted": str(posted_on), "until": str(appeal_until), "removed": str(removed_on)})
