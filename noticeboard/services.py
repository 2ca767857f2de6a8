"""The registry's notices on the notice board: putting one up, correcting it,
taking it down early. Each step locks the notice (a new one: checks its
one-time key), checks, writes and records a NoticeEvent in one transaction;
a new or changed text or file is read again by the publication review
(publication.services.assess).

A notice goes up and comes down by its dates alone: no job moves it
(noticeboard.selectors reads the dates against the day)."""

import datetime
import uuid

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.services import check_file, printable
from lib.errors import AlreadyDone, DomainError, Problems
from lib.jsonfile import max_length
from noticeboard.models import Notice, NoticeEvent
from organisation.models import Body, Municipality
from publication.services import assess
from publication.text import pdf_pages

# The fields a correction may change, in the order the history lists them.
CORRECTED_FIELDS = ("title", "body", "text", "posted_on", "removed_on", "file")


def _clean(text: str) -> str:
    return " ".join(text.split())


def check_details(municipality: Municipality, *, title: str, text: str, body: Body | None,
                  posted_on: datetime.date, removed_on: datetime.date, today: datetime.date,
                  posted_before: datetime.date | None = None) -> Problems:
    """Every problem with a notice's details, each at its field.
    `posted_before`: the day a notice already up went up (its correction
    cannot move it)."""
    problems = Problems()
    if not title:
        problems.add(DomainError(_("Ange anslagets rubrik."), field="title"))
    elif len(title) > max_length(Notice, "title"):
        problems.add(DomainError(_("Rubriken är för lång (högst %(max)s tecken).")
                                 % {"max": max_length(Notice, "title")}, field="title"))
    if len(text) > TEXT_LIMIT:
        problems.add(DomainError(_("Texten är för lång (högst %(max)s tecken); lägg det längre i en PDF.")
                                 % {"max": TEXT_LIMIT}, field="text"))
    if body is not None and body.municipality_id != municipality.pk:
        problems.add(DomainError(_("%(body)s hör inte till %(organisation)s.")
                                 % {"body": body, "organisation": municipality}, field="body"))
    if posted_before is not None:
        if posted_on != posted_before:
            problems.add(DomainError(_("Anslaget sitter uppe sedan %(on)s; den dagen kan inte ändras.")
                                     % {"on": posted_before.isoformat()}, field="posted_on"))
    elif posted_on < today:
        problems.add(DomainError(_("Ett anslag kan inte sättas upp i efterhand: välj i dag (%(today)s) eller en "
                                   "senare dag.") % {"today": today.isoformat()}, field="posted_on"))
    if removed_on <= posted_on:
        problems.add(DomainError(_("Anslaget ska tas ned efter dagen det sätts upp (%(on)s).")
                                 % {"on": posted_on.isoformat()}, field="removed_on"))
    elif removed_on <= today:
        problems.add(DomainError(_("Dagen då anslaget tas ned ska ligga efter i dag (%(today)s); för att ta ned "
                                   "det nu, ta ned det i förtid.") % {"today": today.isoformat()},
                                 field="removed_on"))
    return problems


# A notice's own text is short; a longer document is its PDF.
TEXT_LIMIT = 10_000
REASON_LIMIT = 2_000


def check_pdf(file) -> int:
    """An uploaded notice file: a PDF (checked as a case document is,
    documents.services.check_file); its size."""
    checked = check_file(file)
    if checked.type.content_type != "application/pdf":
        raise DomainError(_("Anslagets fil ska vara en PDF."), field="file")
    return checked.size


def _store(file) -> str:
    name = f"anslag/{timezone.localdate().year}/{uuid.uuid4().hex}.pdf"
    stored = default_storage.save(name, file)
    if stored != name:
        default_storage.delete(stored)
        raise RuntimeError(f"storage wrote {stored!r} instead of {name!r}")
    return stored


def _pages(notice: Notice) -> list[str] | None:
    """What the publication review reads: the title and text, and the
    file's pages; None when the file has no text to read (a scan)."""
    own = f"{notice.title}\n\n{notice.text}"
    if not notice.file:
        return [own]
    with notice.file.open("rb") as file:
        pages = pdf_pages(file)
    return None if pages is None else [own, *pages]


def _check_new(submission: uuid.UUID | None) -> None:
    if submission is not None and (done := Notice.objects.filter(submission=submission).first()):
        raise AlreadyDone(_("Formuläret skickades två gånger; anslaget ”%(title)s” registrerades första gången.")
                          % {"title": done.title}, record=done)


@transaction.atomic
def add_notice(municipality: Municipality, *, title: str, text: str = "", posted_on: datetime.date,
               removed_on: datetime.date, body: Body | None = None, file=None, submission: uuid.UUID | None = None,
               by) -> Notice:
    """Put a notice on the organisation's notice board, from `posted_on`
    (today or later) until `removed_on`, with an optional PDF. Published at
    once, or held for the registry's review (publication.services.assess).
    `submission` is the form's one-time key: sent again, AlreadyDone names
    the notice made the first time. Writes nothing when refused; a file
    written here is not removed if the caller's transaction rolls back after it."""
    _check_new(submission)
    title, text = _clean(title), text.strip()
    problems = check_details(municipality, title=title, text=text, body=body, posted_on=posted_on,
                             removed_on=removed_on, today=timezone.localdate())
    if file is not None:
        problems.check(check_pdf, file)
    problems.raise_any()
    name = _store(file) if file is not None else ""
    try:
        with transaction.atomic():
            notice = Notice.objects.create(municipality=municipality, body=body, title=title, text=text, file=name,
                                           file_size=file.size if file is not None else 0,
                                           original_name=_file_name(file), posted_on=posted_on,
                                           removed_on=removed_on, created_by=by, submission=submission)
            NoticeEvent.objects.create(notice=notice, kind=NoticeEvent.Kind.POSTED, recorded_by=by)
            return assess(notice, pages=_pages(notice))
    except IntegrityError:
        if name:
            default_storage.delete(name)
        _check_new(submission)  # the same form, sent twice at once
        raise
    except BaseException:
        if name:
            default_storage.delete(name)
        raise


def _file_name(file) -> str:
    return printable(file.name.replace("\\", "/").rsplit("/", 1)[-1])[:255] if file is not None else ""


def lock_notice(notice: Notice) -> Notice:
    """The notice's row, locked and re-read; refused once it is down (or
    taken down early, to come down on the day it was to go up)."""
    notice = Notice.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=notice.pk)
    if notice.removal_reason:
        raise DomainError(_("Anslaget togs ned i förtid (%(on)s) och kan inte längre ändras.")
                          % {"on": notice.removed_on.isoformat()}, field="notice")
    if notice.removed_on <= timezone.localdate():
        raise DomainError(_("Anslaget togs ned %(on)s och kan inte längre ändras.")
                          % {"on": notice.removed_on.isoformat()}, field="notice")
    return notice


def _shown(value) -> str:
    if value is None or value == "":
        return ""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


@transaction.atomic
def correct_notice(notice: Notice, *, title: str, text: str, posted_on: datetime.date, removed_on: datetime.date,
                   body: Body | None = None, file=None, remove_file: bool = False, reason: str = "",
                   by) -> Notice:
    """Correct a notice not yet taken down: its title, text, body, dates or
    file (a new `file` replaces the old; `remove_file` takes it away). The
    day it went up cannot move once it is up. Recorded with each change
    before and after; a changed title, text or file is read again by the
    publication review. Refused when nothing changes."""
    notice = lock_notice(notice)
    today = timezone.localdate()
    title, text = _clean(title), text.strip()
    problems = check_details(notice.municipality, title=title, text=text, body=body, posted_on=posted_on,
                             removed_on=removed_on, today=today,
                             posted_before=notice.posted_on if notice.posted_on <= today else None)
    if file is not None:
        problems.check(check_pdf, file)
    if len(reason) > REASON_LIMIT:
        problems.add(DomainError(_("Motiveringen är för lång (högst %(max)s tecken).") % {"max": REASON_LIMIT},
                                 field="reason"))
    problems.raise_any()
    before = {name: getattr(notice, name) for name in CORRECTED_FIELDS}
    old_file, old_name = (notice.file.name if notice.file else ""), notice.original_name
    new_file = _store(file) if file is not None else ("" if remove_file else old_file)
    notice.title, notice.text, notice.body = title, text, body
    notice.posted_on, notice.removed_on = posted_on, removed_on
    if new_file != old_file:
        notice.file, notice.file_size, notice.original_name = new_file, file.size if file is not None else 0, \
            _file_name(file)
    changes = [{"field": name, "from": _shown(before[name]), "to": _shown(getattr(notice, name))}
               for name in CORRECTED_FIELDS if name != "file" and before[name] != getattr(notice, name)]
    if new_file != old_file:
        changes.append({"field": "file", "from": old_name, "to": notice.original_name})
    if not changes:
        raise DomainError(_("Inget av anslagets uppgifter ändrades."), field="title")
    try:
        notice.save(update_fields=["title", "text", "body", "posted_on", "removed_on", "file", "file_size",
                                   "original_name"])
        NoticeEvent.objects.create(notice=notice, kind=NoticeEvent.Kind.CORRECTED, recorded_by=by, changes=changes,
                                   reason=reason.strip())
        if {"title", "text", "file"} & {change["field"] for change in changes}:
            notice = assess(notice, pages=_pages(notice))
    except BaseException:
        if new_file and new_file != old_file:
            default_storage.delete(new_file)
        raise
    if old_file and old_file != new_file:
        # The old file goes once the correction is committed.
        transaction.on_commit(lambda: default_storage.delete(old_file))
    return notice


@transaction.atomic
def take_down_notice(notice: Notice, *, reason: str, by) -> Notice:
    """Take a notice down today, before its day (one not yet up never goes
    up), saying why. The notice stays in the archive with the days it was up."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Skriv varför anslaget tas ned i förtid."), field="reason")
    if len(reason) > REASON_LIMIT:
        raise DomainError(_("Motiveringen är för lång (högst %(max)s tecken).") % {"max": REASON_LIMIT},
                          field="reason")
    notice = lock_notice(notice)
    today = timezone.localdate()
    removed_on = max(today, notice.posted_on)
    changes = [{"field": "removed_on", "from": _shown(notice.removed_on), "to": _shown(removed_on)}]
    notice.removed_on, notice.removal_reason = removed_on, reason
    notice.save(update_fields=["removed_on", "removal_reason"])
    NoticeEvent.objects.create(notice=notice, kind=NoticeEvent.Kind.TAKEN_DOWN, recorded_by=by, changes=changes,
                               reason=reason)
    return notice
