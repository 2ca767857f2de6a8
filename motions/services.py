"""Every change to a motion's status goes through `advance`; the public steps
here and in the referrals and decisions apps are built on it."""

import datetime
import uuid

from django.db import IntegrityError, router, transaction
from django.db.models import ProtectedError
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.roles import case_officers
from lib.errors import AlreadyDone, ConflictError, DomainError, TransitionError
from lib.sentences import Sentence, stored_texts
from lib.swedish import in_swedish, when_recorded
from lib.time_limits import FIRST_YEAR
from motions import rules
from motions.case_numbers import check_case_number, format_case_number, number_in_year
from motions.models import (
    CaseNumberSequence,
    Motion,
    MotionEvent,
    Mover,
    OperativeClause,
    Status,
)
from motions.search import index_motion
from organisation.models import Meeting, Municipality, Party, Person


def _allowed_text(current: str, path: rules.PreparationPath) -> str:
    allowed = path.next_statuses(current)
    if not allowed:
        return _("ärendet är avslutat och kan inte ändras")
    return _("möjliga nästa steg: %(steps)s") % {
        "steps": ", ".join(path.label(s) for s in allowed)
    }


def lock_motion(motion: Motion, *, version: int | None = None) -> Motion:
    """Lock the motion's row for the rest of the transaction and return it fresh.

    With `version`, refuse when the motion changed since the caller read it,
    saying who recorded what since then.
    Call inside transaction.atomic().
    """
    locked = Motion.objects.select_for_update().get(pk=motion.pk)
    if version is not None and locked.version != version:
        since = changes_since(locked, version)
        raise ConflictError(
            " ".join([
                *since,
                _("Ärendet har nu status ”%(status)s”; kontrollera det och skicka igen om steget fortfarande "
                  "ska göras.")
                % {"status": rules.status_label(locked.status, locked.municipality)},
            ]) if since else _(
                "Ärendet %(case)s har ändrats sedan formuläret öppnades (status nu: %(status)s). "
                "Kontrollera ärendet och skicka igen om steget fortfarande ska göras."
            ) % {"case": locked.case_number, "status": rules.status_label(locked.status, locked.municipality)},
            current_version=locked.version,
        )
    return locked


def changes_since(motion: Motion, version: int) -> list[str]:
    """What was recorded in the case after `version`, one plain sentence a
    step: "Anna Registrator registrerade ”Remitterad: Socialnämnden” i ärendet
    kl. 10.42 i dag, efter att du öppnade formuläret." """
    events = motion.events.filter(version__gt=version).select_related("recorded_by").order_by("version")
    sentences = []
    for event in events:
        what = event.get_kind_display()
        if event.description:
            what = f"{what}: {event.description_text()}"
        user = event.recorded_by
        values = {"what": what, "when": when_recorded(event.recorded_at)}
        if user is None:
            sentences.append(_("”%(what)s” registrerades i ärendet %(when)s, efter att du öppnade formuläret.")
                             % values)
        else:
            sentences.append(_("%(who)s registrerade ”%(what)s” i ärendet %(when)s, efter att du öppnade "
                               "formuläret.") % {**values, "who": user.get_full_name() or user.get_username()})
    return sentences


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
    motion.version += 1
    event = MotionEvent.objects.create(
        motion=motion, kind=kind, occurred_on=on, recorded_by=by, version=motion.version,
        from_status=motion.status, to_status=to, **stored_texts(description=description, reason=reason),
    )
    motion.status = to
    motion.status_since = motion.last_step_on = on
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
    motion.version += 1
    event = MotionEvent.objects.create(
        motion=motion, kind=kind, occurred_on=on, recorded_by=by, version=motion.version,
        from_status=motion.status, to_status=motion.status,
        **stored_texts(description=description, reason=reason),
    )
    motion.last_step_on = max(motion.last_step_on, on)
    motion.save(update_fields=["last_step_on", "version"])
    return event


def highest_used_number(municipality: Municipality, year: int) -> int:
    """The highest running number of `year` among the cases of the
    organisation's prefix, written in its form (a case registered by hand,
    or imported, with a number of its own): 0 when there is none."""
    numbers = Motion.objects.filter(
        municipality__case_prefix=municipality.case_prefix, case_number__contains=f"{year % 100:02d}",
    ).values_list("case_number", flat=True)
    return max((n for n in (number_in_year(municipality, number, year) for number in numbers) if n), default=0)


def next_case_number(municipality: Municipality, year: int) -> str:
    """Take the registry's next free number for `year`, written in the
    organisation's form (motions.case_numbers).

    The sequence is the prefix's and the year's, whether or not the form
    shows the prefix. The sequence row is locked, so two registrations at
    once get different numbers; the next number follows the highest number
    used in the year, so that a number registered by hand or imported is
    never given again.
    """
    prefix = municipality.case_prefix
    with transaction.atomic():
        try:
            with transaction.atomic():
                CaseNumberSequence.objects.get_or_create(prefix=prefix, year=year)
        except IntegrityError:
            pass  # created by a concurrent registration; lock it below
        sequence = CaseNumberSequence.objects.select_for_update().get(prefix=prefix, year=year)
        sequence.last_number = max(sequence.last_number, highest_used_number(municipality, year)) + 1
        candidate = format_case_number(municipality, year, sequence.last_number)
        # A number written in an earlier form of the organisation's may still read the same.
        while Motion.objects.filter(case_number=candidate).exists():
            sequence.last_number += 1
            candidate = format_case_number(municipality, year, sequence.last_number)
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
    registered_on: datetime.date | None = None,
    case_officer=None,
    illustrative: list[str] = (),
    parties: dict[int, Party | None] | None = None,
    submission: uuid.UUID | None = None,
    by,
) -> Motion:
    """Register a motion filed in the council and give it a case number.

    `movers` in the order they signed; each is recorded with the party they
    have now, or with `parties[person.pk]` when they filed for another (an
    older case). Without `case_number` (a number the case already has in
    the organisation's main registry), the registry's next number of the
    year of registration is assigned: `registered_on`, today unless an older
    case is being recorded. `case_officer` (handläggare) is the user at the
    administration who prepares the case. `submission` is the
    registration form's one-time key: a second motion with the same key is
    refused with AlreadyDone, naming the first.
    """
    _check_new_submission(submission)
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
    registered_on = registered_on or timezone.localdate()
    if registered_on < received_on:
        raise DomainError(
            _("Motionen registreras inte före dagen den inkom (%(received)s).") % {"received": received_on.isoformat()},
            field="registered_on")
    check_not_future(registered_on, field="registered_on")
    if case_number is None:
        case_number = next_case_number(municipality, registered_on.year)
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
                case_officer=check_case_officer(case_officer), submission=submission,
            )
    except IntegrityError:
        # The same form, sent twice at once, registered a moment ago by the request beside this one.
        _check_new_submission(submission)
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
        version=motion.version, from_status="", to_status=Status.FILED, description=where,
    )
    index_motion(motion)
    return motion


def _check_new_submission(submission: uuid.UUID | None) -> None:
    if submission is not None and (done := Motion.objects.filter(submission=submission).first()):
        raise AlreadyDone(_("Formuläret skickades två gånger; motionen registrerades första gången, med "
                            "diarienummer %(case)s.") % {"case": done.case_number}, record=done)


def officer_name(user) -> str:
    """A user as a case's timeline names them."""
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def check_case_officer(user):
    """`user` if they may be a case's officer (an active case officer or
    registry secretary), else a DomainError at the field."""
    if user is not None and not case_officers().filter(pk=user.pk).exists():
        raise DomainError(
            _("%(name)s kan inte vara handläggare: bara aktiva användare med rollen handläggare eller registrator "
              "kan väljas.") % {"name": officer_name(user)},
            field="case_officer",
        )
    return user


@transaction.atomic
def assign_case_officer(motion: Motion, *, officer, by, version: int | None = None) -> Motion:
    """Name the case's officer (handläggare), change them, or (None) leave
    the case without one. Records the change in the case's timeline; the
    status stays as it is, and a closed case may still change hands."""
    motion = lock_motion(motion, version=version)
    check_case_officer(officer)
    before = motion.case_officer
    if (before.pk if before else None) == (officer.pk if officer else None):
        return motion
    motion.case_officer = officer
    motion.version += 1
    motion.save(update_fields=["case_officer", "version"])
    # "Anna Handläggare (tidigare Bo Registrator)", "ingen (tidigare …)": in Swedish in the record.
    name = officer_name(officer) or gettext_noop("ingen")
    description = Sentence("%(name)s %(before)s", {
        "name": name, "before": Sentence(gettext_noop("(tidigare %(name)s)"), {"name": officer_name(before)}),
    }, labels=() if officer else ("name",)) if before else name
    MotionEvent.objects.create(
        motion=motion, kind=MotionEvent.Kind.CASE_OFFICER, occurred_on=timezone.localdate(), recorded_by=by,
        version=motion.version, from_status=motion.status, to_status=motion.status,
        changes=[change(gettext_noop("Handläggare"), officer_name(before), officer_name(officer))],
        **stored_texts(description=description),
    )
    return motion


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


# --- Corrections and undoing -------------------------------------------------
#
# A step recorded wrongly is put right, or a step recorded by mistake undone,
# by a service like any step: it locks the case, checks, writes, and records a
# MotionEvent (CORRECTED or UNDONE) with who, when, what changed (before and
# after) and why. The record is Swedish, whatever language the secretary uses.

# Events of the case's record that are no step in it: a correction or an undo,
# a document registered or replaced, a case officer named. No step depends on
# them, and they neither move the case's dates nor stop a step being undone.
NOT_STEPS = (MotionEvent.Kind.CORRECTED, MotionEvent.Kind.UNDONE, MotionEvent.Kind.DOCUMENT_ADDED,
             MotionEvent.Kind.DOCUMENT_REPLACED, MotionEvent.Kind.CASE_OFFICER)


def change(label: str | Sentence, before, after) -> dict:
    """One line of a correction's `changes`: a field's label (a message id marked with
    gettext_noop, or a Sentence), its value before and after (a text, a date or a Sentence).

    Kept as stored_texts keeps a record's texts: "field", "before" and "after" in Swedish, as
    the record is read, and under "sentences" what the system wrote, to show in the reader's
    language (MotionEvent.changes_text)."""
    def text(value) -> str | Sentence:
        if value is None or value == "":
            return "–"
        if isinstance(value, Sentence):
            return value
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    return stored_texts(field=label if isinstance(label, Sentence) else Sentence(label), before=text(before),
                        after=text(after))


def status_sentence(status: str, municipality: Municipality) -> Sentence:
    """The status in the organisation's words (rules.PreparationPath.label), as a sentence to keep
    in a record: "Behandlad i regionstyrelsen", "Beredd"."""
    path = rules.path_of(municipality)
    body = {Status.WORKING_COMMITTEE: path.committee, Status.BOARD: path.board}.get(status)
    if body is None:
        return Sentence(in_swedish(Status(status).label))  # a choice's label: its message id
    return Sentence(gettext_noop("Behandlad i %(body)s"), {"body": body.name_in_sentence})


def check_reason(reason: str, *, undo: bool = False) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Skriv varför steget ångras.") if undo else _("Skriv varför uppgifterna rättas."),
                          field="reason")
    return reason


def steps_of(motion: Motion):
    """The case's own steps in timeline order: its events without those that are no step (NOT_STEPS)."""
    return motion.events.exclude(kind__in=NOT_STEPS).order_by("occurred_on", "id")


def step_name(event: MotionEvent) -> str:
    """A step as a refusal names it: "Remitterad 2021-04-06 (Socialnämnden)"."""
    name = f"{event.get_kind_display()} {event.occurred_on.isoformat()}"
    return f"{name} ({event.description})" if event.description else name


def check_nothing_after(motion: Motion, event: MotionEvent, *, what: str) -> None:
    """Refuse when a step was recorded after `event`: it may depend on it."""
    later = steps_of(motion).filter(id__gt=event.pk).first()
    if later is not None:
        raise DomainError(
            _("%(what)s kan inte ändras eller ångras: ett senare steg i ärendet bygger på det (%(step)s). "
              "Ångra eller rätta det senare steget först.") % {"what": what, "step": step_name(later)},
            field="reason",
        )


def reset_step_dates(motion: Motion) -> None:
    """Set the locked motion's status_since and last_step_on from its steps,
    after a step was re-dated or undone (the caller saves the motion)."""
    steps = list(steps_of(motion))
    motion.last_step_on = max((step.occurred_on for step in steps), default=motion.filed_on)
    # The steps that set a status: a change of status, or another referral
    # (refer_motion advances a referred case to referred again).
    setting = [step for step in steps if step.from_status != step.to_status or step.kind == MotionEvent.Kind.REFERRED]
    motion.status_since = max((step.occurred_on for step in setting), default=motion.filed_on)


def record_correction(
    motion: Motion, *, kind: str = MotionEvent.Kind.CORRECTED, changes: list[dict], reason: str, by,
    description: str | Sentence = "", from_status: str | None = None,
) -> MotionEvent:
    """Record a correction (or an undoing) on the locked, already changed
    motion and bump its version. Refused when nothing changed.

    Dated with the case's latest step, so that it stands after the step it
    corrects and a later step is not dated before it; when it was made is its
    `recorded_at`. It does not move `last_step_on`: correcting a case today
    does not stop a step of last week from being recorded. `changes` are
    change()'s lines; a `description` the system writes is a Sentence.
    """
    changes = [c for c in changes if c["before"] != c["after"]]
    if not changes:
        raise DomainError(_("Inget är ändrat; rätta någon uppgift eller avbryt."), field=None)
    motion.version += 1
    event = MotionEvent.objects.create(
        motion=motion, kind=kind, occurred_on=motion.last_step_on, recorded_by=by, version=motion.version,
        from_status=from_status or motion.status, to_status=motion.status,
        changes=changes, **stored_texts(description=description, reason=reason),
    )
    motion.save()
    return event


def _check_open_case(motion: Motion) -> None:
    if motion.is_closed:
        raise TransitionError(
            _("Ärendet är avslutat (%(status)s) och dess uppgifter rättas inte längre; ett justerat protokoll "
              "rättas med en rättelse på paragrafen.") % {"status": rules.status_label(motion.status,
                                                                                       motion.municipality)}
        )


def _names(movers) -> str:
    return ", ".join(str(mover) for mover in movers)


@transaction.atomic
def correct_motion(
    motion: Motion,
    *,
    title: str,
    movers: list[Person],
    received_on: datetime.date,
    filed_on: datetime.date,
    summary: str = "",
    text: str = "",
    clauses: list[str] = (),
    reason: str,
    by,
    version: int | None = None,
) -> Motion:
    """Correct what was registered of the motion: its title, movers, texts,
    operative clauses and dates, while the case is open.

    The filing date of a motion filed at a known council meeting is that
    meeting's and is not corrected here. No step of the case may end up dated
    before the new filing date. A clause the minutes decided on cannot be
    removed. Records a CORRECTED event with every change.
    """
    motion = lock_motion(motion, version=version)
    reason = check_reason(reason)
    _check_open_case(motion)
    title = " ".join(title.split())
    if not title:
        raise DomainError(_("Motionen måste ha en rubrik."), field="title")
    limit = Motion._meta.get_field("title").max_length
    if len(title) > limit:
        raise DomainError(_("Rubriken är för lång (högst %(max)s tecken).") % {"max": limit}, field="title")
    if not movers:
        raise DomainError(_("Motionen måste ha minst en motionär."), field="movers")
    if len({person.pk for person in movers}) != len(movers):
        raise DomainError(_("Samma person står flera gånger som motionär."), field="movers")
    if any(person.municipality_id != motion.municipality_id for person in movers):
        raise DomainError(_("En motionär hör till en annan kommun."), field="movers")
    if received_on.year < FIRST_YEAR:
        raise DomainError(_("Datumet %(on)s är för tidigt; registret börjar år %(year)s.")
                          % {"on": received_on.isoformat(), "year": FIRST_YEAR}, field="received_on")
    check_not_future(received_on, field="received_on")
    check_not_future(filed_on, field="filed_on")
    if motion.filed_meeting_id and filed_on != motion.filed_on:
        raise DomainError(
            _("Motionen väcktes vid %(meeting)s; dagen då den väcktes är sammanträdets och rättas inte här.")
            % {"meeting": motion.filed_meeting}, field="filed_on")
    if filed_on < received_on:
        raise DomainError(
            _("Motionen kan inte ha väckts (%(filed)s) före dagen den inkom (%(received)s).")
            % {"filed": filed_on.isoformat(), "received": received_on.isoformat()}, field="received_on")
    first_step = steps_of(motion).exclude(kind=MotionEvent.Kind.FILED).first()
    if first_step is not None and first_step.occurred_on < filed_on:
        raise DomainError(
            _("Ärendet har ett steg daterat före %(on)s (%(step)s); motionen kan inte ha väckts efter det.")
            % {"on": filed_on.isoformat(), "step": step_name(first_step)}, field="filed_on")

    old_movers = list(motion.movers.select_related("person", "party"))
    old_clauses = list(motion.clauses.all())
    changes = [
        change(gettext_noop("Rubrik"), motion.title, title),
        change(gettext_noop("Inkom"), motion.received_on, received_on),
        change(gettext_noop("Väckt"), motion.filed_on, filed_on),
        change(gettext_noop("Sammanfattning"), motion.summary, summary.strip()),
        change(gettext_noop("Motionstext"), motion.text, text.strip()),
    ]
    if [m.person_id for m in old_movers] != [p.pk for p in movers]:
        parties = {m.person_id: m.party for m in old_movers}
        motion.movers.all().delete()
        new_movers = Mover.objects.bulk_create(
            Mover(motion=motion, person=person, party=parties.get(person.pk, person.party), position=position)
            for position, person in enumerate(movers, start=1)
        )
        changes.append(change(gettext_noop("Motionärer"), _names(old_movers), _names(new_movers)))
    clauses = [clause.strip() for clause in clauses if clause.strip()]
    if [c.text for c in old_clauses] != clauses:
        before = "\n".join(f"{c.number}. {c.text}" for c in old_clauses)  # before the rows change
        _replace_clauses(motion, old_clauses, clauses)
        changes.append(change(gettext_noop("Att-satser"), before,
                              "\n".join(f"{n}. {c}" for n, c in enumerate(clauses, start=1))))
    if filed_on != motion.filed_on:
        motion.events.filter(kind=MotionEvent.Kind.FILED).update(occurred_on=filed_on)
    motion.title, motion.search_text = title, f"{motion.case_number} {title}".lower()
    motion.received_on, motion.filed_on = received_on, filed_on
    motion.summary, motion.text = summary.strip(), text.strip()
    reset_step_dates(motion)
    record_correction(motion, changes=changes, reason=reason, by=by,
                      description=Sentence(gettext_noop("Motionens uppgifter")))
    index_motion(motion)
    return motion


def _decided_on(clause: OperativeClause) -> bool:
    """Whether a paragraph decided on the clause: a decision per clause
    (decisions.ClauseDecision) protects it."""
    try:
        Collector(using=router.db_for_write(OperativeClause)).collect([clause])
    except ProtectedError:
        return True
    return False


def _replace_clauses(motion: Motion, old: list[OperativeClause], texts: list[str]) -> None:
    """Keep each clause's row by its number (decisions per clause point at
    it), change its text, add or remove clauses at the end."""
    for clause in old[len(texts):]:
        try:
            with transaction.atomic():
                clause.delete()
        except ProtectedError:
            raise DomainError(
                _("Att-sats %(number)s har ett beslut i en paragraf och kan inte tas bort.")
                % {"number": clause.number}, field="clauses") from None
    for clause, new_text in zip(old, texts, strict=False):
        if clause.text != new_text:
            if _decided_on(clause):
                # The minutes print the clause with the paragraph's decision on it.
                raise DomainError(
                    _("Att-sats %(number)s har ett beslut i en paragraf och dess text kan inte ändras; ångra "
                      "paragrafen först, eller skriv en rättelse om protokollet är justerat.")
                    % {"number": clause.number}, field="clauses")
            clause.text = new_text
            clause.save(update_fields=["text"])
    OperativeClause.objects.bulk_create(
        OperativeClause(motion=motion, number=number, text=new_text)
        for number, new_text in enumerate(texts, start=1) if number > len(old)
    )
