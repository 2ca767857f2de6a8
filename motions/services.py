"""Every change to a motion's status goes through `advance`; the public steps
here and in the referrals and decisions apps are built on it."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.errors import ConflictError, DomainError, TransitionError
from lib.sentences import Sentence, stored_texts
from lib.time_limits import FIRST_YEAR
from motions import rules
from motions.case_numbers import check_case_number, format_case_number
from motions.models import (
    CaseNumberSequence,
    Motion,
    MotionEvent,
    Mover,
    OperativeClause,
    Status,
)
from organisation.models import Body, Meeting, Municipality, Party, Person
from organisation.selectors import body_of_kind
from organisation.services import meeting_on


def _allowed_text(current: str, path: rules.PreparationPath) -> str:
    allowed = path.next_statuses(current)
    if not allowed:
        return _("ärendet är avslutat och kan inte ändras")
    return _("möjliga nästa steg: %(steps)s") % {
        "steps": ", ".join(path.label(s) for s in allowed)
    }


def lock_motion(motion: Motion, *, version: int | None = None) -> Motion:
    """Lock the motion's row for the rest of the transaction and return it fresh.

    With `version`, refuse when the motion changed since the caller read it.
    Call inside transaction.atomic().
    """
    locked = Motion.objects.select_for_update().get(pk=motion.pk)
    if version is not None and locked.version != version:
        raise ConflictError(
            _(
                "Ärendet %(case)s har ändrats sedan formuläret öppnades (status nu: %(status)s). "
                "Kontrollera ärendet och skicka igen om steget fortfarande ska göras."
            ) % {"case": locked.case_number, "status": rules.status_label(locked.status, locked.municipality)},
            current_version=locked.version,
        )
    return locked


def check_not_future(on: datetime.date, *, field: str = "date") -> None:
    """A step is recorded when it has happened: its date is today or earlier."""
    today = timezone.localdate()
    if on > today:
        raise DomainError(
            _("Datumet %(on)s ligger i framtiden; ett steg registreras när det har skett (i dag är %(today)s).")
            % {"on": on.isoformat(), "today": today.isoformat()},
            field=field,
        )


def check_date(
    motion: Motion, on: datetime.date, *, field: str = "date", changes_status: bool = True
) -> None:
    """Dates run forwards: no step before filing or before the current status
    was set, no change of status before the latest step of any kind, and
    nothing dated in the future."""
    if on < motion.filed_on:
        raise DomainError(
            _("Datumet %(on)s ligger före dagen då motionen väcktes (%(filed)s).")
            % {"on": on.isoformat(), "filed": motion.filed_on.isoformat()},
            field=field,
        )
    check_not_future(on, field=field)
    floor = motion.last_step_on if changes_status else motion.status_since
    if on < floor:
        raise DomainError(
            _("Datumet %(on)s ligger före föregående steg i ärendet (%(since)s).")
            % {"on": on.isoformat(), "since": floor.isoformat()},
            field=field,
        )


def check_transition(motion: Motion, to: str) -> None:
    """TRANSITIONS allows the step, on the path of the motion's organisation
    (rules.PreparationPath.allows: the preparing committee, or the board
    where there is none, after the case is prepared)."""
    path = rules.path_of(motion.municipality)
    if not path.allows(motion.status, to):
        raise TransitionError(
            _("Steget till ”%(to)s” är inte möjligt när ärendet har status ”%(current)s”; %(allowed)s.")
            % {
                "to": path.label(to),
                "current": path.label(motion.status),
                "allowed": _allowed_text(motion.status, path),
            }
        )


def advance(
    motion: Motion,
    *,
    to: str,
    kind: str,
    on: datetime.date,
    by,
    description: str | Sentence = "",
    reason: str | Sentence = "",
) -> MotionEvent:
    """Move a locked motion to status `to` and record the event.

    Precondition: `motion` came from lock_motion() in the current transaction.
    Refuses (changing nothing) a transition TRANSITIONS does not allow and a
    date before the previous step.
    """
    check_transition(motion, to)
    check_date(motion, on)
    event = MotionEvent.objects.create(
        motion=motion, kind=kind, occurred_on=on, recorded_by=by,
        from_status=motion.status, to_status=to, **stored_texts(description=description, reason=reason),
    )
    motion.status = to
    motion.status_since = motion.last_step_on = on
    motion.version += 1
    motion.save(update_fields=["status", "status_since", "last_step_on", "version"])
    return event


def record_event(
    motion: Motion, *, kind: str, on: datetime.date, by, description: str | Sentence = "",
    reason: str | Sentence = "",
) -> MotionEvent:
    """Record a step that leaves the status as it is (an answer, an extension).

    Precondition: `motion` came from lock_motion(). Refuses a closed case and
    a date before the current status was set; the step's own date rules (not
    before its referral, say) are checked by the caller.
    """
    if motion.is_closed:
        path = rules.path_of(motion.municipality)
        raise TransitionError(
            _("Ärendet har status ”%(current)s”; %(allowed)s.")
            % {"current": path.label(motion.status), "allowed": _allowed_text(motion.status, path)}
        )
    check_date(motion, on, changes_status=False)
    event = MotionEvent.objects.create(
        motion=motion, kind=kind, occurred_on=on, recorded_by=by,
        from_status=motion.status, to_status=motion.status,
        **stored_texts(description=description, reason=reason),
    )
    motion.last_step_on = max(motion.last_step_on, on)
    motion.version += 1
    motion.save(update_fields=["last_step_on", "version"])
    return event


def next_case_number(municipality: Municipality, year: int) -> str:
    """Take the registry's next free number for `year`, written in the
    organisation's form (motions.case_numbers).

    The sequence is the prefix's and the year's, whether or not the form
    shows the prefix. The sequence row is locked, so two registrations at once get different
    numbers; numbers already used (say, by an imported case) are skipped.
    """
    prefix = municipality.case_prefix
    with transaction.atomic():
        try:
            with transaction.atomic():
                CaseNumberSequence.objects.get_or_create(prefix=prefix, year=year)
        except IntegrityError:
            pass  # created by a concurrent registration; lock it below
        sequence = CaseNumberSequence.objects.select_for_update().get(prefix=prefix, year=year)
        while True:
            sequence.last_number += 1
            candidate = format_case_number(municipality, year, sequence.last_number)
            if not Motion.objects.filter(case_number=candidate).exists():
                break
        sequence.save(update_fields=["last_number"])
    return candidate


@transaction.atomic
def file_motion(
    municipality: Municipality,
    *,
    title: str,
    movers: list[Person],
    received_on: datetime.date,
    filed_meeting: Meeting | None = None,
    summary: str = "",
    text: str = "",
    clauses: list[str] = (),
    case_number: str | None = None,
    illustrative: list[str] = (),
    parties: dict[int, Party | None] | None = None,
    by,
) -> Motion:
    """Register a motion filed in the council and give it a case number.

    `movers` in the order they signed; each is recorded with the party they
    have now, or with `parties[person.pk]` when they filed for another (an
    older case). Without `case_number`, the next number of the filing year is
    assigned.
    """
    title = " ".join(title.split())
    if not title:
        raise DomainError(_("Motionen måste ha en rubrik."), field="title")
    if not movers:
        raise DomainError(_("Motionen måste ha minst en motionär."), field="movers")
    if len({person.pk for person in movers}) != len(movers):
        raise DomainError(_("Samma person står flera gånger som motionär."), field="movers")
    if any(person.municipality_id != municipality.pk for person in movers):
        raise DomainError(_("En motionär hör till en annan kommun."), field="movers")
    if received_on.year < FIRST_YEAR:
        raise DomainError(
            _("Datumet %(on)s är för tidigt; registret börjar år %(year)s.")
            % {"on": received_on.isoformat(), "year": FIRST_YEAR},
            field="received_on",
        )
    check_not_future(received_on, field="received_on")
    filed_on = received_on
    if filed_meeting is not None:
        if filed_meeting.body.kind != filed_meeting.body.Kind.COUNCIL:
            raise DomainError(
                _("En motion väcks i fullmäktige, inte i %(body)s.") % {"body": filed_meeting.body},
                field="filed_meeting",
            )
        if filed_meeting.date < received_on:
            raise DomainError(
                _("Sammanträdet %(meeting)s ligger före dagen motionen inkom (%(received)s).")
                % {"meeting": filed_meeting.date.isoformat(), "received": received_on.isoformat()},
                field="filed_meeting",
            )
        filed_on = filed_meeting.date
        check_not_future(filed_on, field="filed_meeting")
    if len(title) > Motion._meta.get_field("title").max_length:
        raise DomainError(
            _("Rubriken är för lång (högst %(max)s tecken).")
            % {"max": Motion._meta.get_field("title").max_length},
            field="title",
        )
    if case_number is None:
        case_number = next_case_number(municipality, filed_on.year)
    else:
        check_case_number(municipality, case_number)
    if Motion.objects.filter(case_number=case_number).exists():
        raise DomainError(
            _("Diarienumret %(case)s finns redan.") % {"case": case_number}, field="case_number"
        )
    try:
        with transaction.atomic():
            motion = Motion.objects.create(
                municipality=municipality, case_number=case_number, title=title,
                search_text=f"{case_number} {title}".lower(), received_on=received_on,
                filed_meeting=filed_meeting, filed_on=filed_on,
                summary=summary.strip(), text=text.strip(), status=Status.FILED,
                status_since=filed_on, last_step_on=filed_on, illustrative=list(illustrative),
            )
    except IntegrityError:
        # Taken a moment ago by a registration running beside this one.
        raise DomainError(
            _("Diarienumret %(case)s finns redan.") % {"case": case_number}, field="case_number"
        ) from None
    parties = parties or {}
    Mover.objects.bulk_create(
        Mover(motion=motion, person=person, party=parties.get(person.pk, person.party),
              position=position)
        for position, person in enumerate(movers, start=1)
    )
    OperativeClause.objects.bulk_create(
        OperativeClause(motion=motion, number=number, text=clause.strip())
        for number, clause in enumerate(clauses, start=1)
    )
    where = filed_meeting.body.name if filed_meeting else ""
    MotionEvent.objects.create(
        motion=motion, kind=MotionEvent.Kind.FILED, occurred_on=filed_on, recorded_by=by,
        from_status="", to_status=Status.FILED, description=where,
    )
    return motion


@transaction.atomic
def file_motion_in_council(municipality: Municipality, *, filed_on: datetime.date | None, **fields) -> Motion:
    """file_motion, with the council's meeting on `filed_on` (recorded if new) as the filing meeting."""
    council = body_of_kind(municipality.pk, Body.Kind.COUNCIL) if filed_on else None
    return file_motion(municipality, filed_meeting=meeting_on(council, filed_on, by=fields["by"]) if council else None,
                       **fields)


@transaction.atomic
def withdraw_motion(
    motion: Motion, *, on: datetime.date, reason: str = "", by, version: int | None = None
) -> Motion:
    """The movers withdraw the motion; it waits for the council to strike it off.

    Side effect: open referrals stay as they are; the referrals app withdraws
    them through its own step if the registry wants to.
    """
    motion = lock_motion(motion, version=version)
    advance(motion, to=Status.WITHDRAWN, kind=MotionEvent.Kind.WITHDRAWN, on=on, by=by, reason=reason)
    return motion
