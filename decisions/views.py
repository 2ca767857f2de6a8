from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from decisions import access
from decisions.documents import extract_document, notice_document
from decisions.forms import (
    AgendaForm, AppealForm, AttendanceFormSet, DraftDecisionForm, MeetingDetailsForm, MeetingForm, MinuteItemForm,
    OtherMatterForm, OtherMinuteForm, PersonTextFormSet, SigningForm,
)
from decisions.models import AgendaItem, MinuteItem, RenderedDocument
from decisions.selectors import (
    StoredFile, agenda_rows, archived_extract, archived_file, can_be_handled_at, cases_for_agenda, latest_draft, meetings_for_render, previous_attendance, minute_items_for_render, minute_steps, upcoming_agenda,
)
from decisions.services import (
    MinuteRecord, prepare_draft_decision, put_on_agenda, put_on_agenda_of, record_minute_item,
)
from decisions.services.meetings import (
    AttendanceRecord, add_other_matter, move_agenda_item, number_agenda, propose_notice_dates,
    record_appeal, record_attendance, remove_agenda_item, record_other_matter, schedule_meeting, sign_minutes,
    signing_problems, update_meeting,
)
from decisions.services.rendering import protocol_on_file, start_render
from lib.errors import DomainError
from motions import access as motion_access
from motions.models import Motion, Status
from motions.selectors import refusal
from organisation.models import Body, Meeting, Person


def _pdf(document, filename: str) -> FileResponse:
    return FileResponse(document.file.open("rb"), content_type="application/pdf", filename=filename)


def extract(request, item_id: int):
    """The extract (protokollsutdrag) of one minute item as PDF: as kept at
    signing, or (a draft, for the registry) rendered once per content."""
    signed = archived_extract(item_id)  # public, and kept as signed
    if signed is not None:
        return _stored(signed)
    item = access.minute_item_for(request.user, item_id, minute_items_for_render())
    filename = f"protokollsutdrag-{item.body.short_name or item.body_id}-{item.year}-{item.number}.pdf"
    return _pdf(extract_document(item), filename)


def _meeting_name(meeting) -> str:
    return f"{meeting.body.short_name or meeting.body_id}-{meeting.date:%Y-%m-%d}"


def meetings(request):
    """Every meeting, latest first; the registry records new ones here."""
    registry = access.can(request.user, access.RECORD)
    form = None
    if registry:
        bodies = Body.objects.order_by("name")
        form = MeetingForm(request.POST or None, bodies=bodies)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                meeting = schedule_meeting(data["body"], on=data["date"], starts_at=data["starts_at"],
                                           place=data["place"], by=request.user)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                return redirect(meeting)
    elif request.method == "POST":
        raise PermissionDenied
    page = Paginator(Meeting.objects.select_related("body").order_by("-date", "body__name"), 30).get_page(
        request.GET.get("sida"))
    return render(request, "decisions/meetings.html", {"page": page, "form": form})


def meeting(request, meeting_id: int):
    """A meeting: its agenda, attendance and minutes; the registry runs it from here."""
    meeting = access.meeting_for(request.user, meeting_id, queryset=meetings_for_render())
    registry = access.can(request.user, access.RECORD)
    readable = access.can_read_minutes(request.user, meeting)
    rows = agenda_rows(meeting)
    context = {
        "meeting": meeting, "rows": rows, "registry": registry, "readable": readable,
        "attendance": meeting.attendance.all(), "open": not meeting.is_signed,
        "job": meeting.render_jobs.first() if registry else None,
    }
    if readable:
        context["protocol"] = protocol_on_file(meeting)
    if registry and not meeting.is_signed:
        context["problems"] = signing_problems(meeting)
        context["waiting"] = cases_for_agenda(meeting)
    return render(request, "decisions/meeting.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_details(request, meeting_id: int):
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD)
    form = MeetingDetailsForm(request.POST or None, initial={
        "starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "place": meeting.place,
        "kept_at": meeting.kept_at})
    if request.method == "POST" and form.is_valid():
        try:
            update_meeting(meeting, **form.cleaned_data, by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Sammanträdets uppgifter är sparade."))
            return redirect(meeting)
    return _meeting_step(request, meeting, form, _("Tid, plats och förvaring"), _("Spara"))


def _meeting_step(request, meeting, form, title, submit, **extra):
    return render(request, "decisions/meeting_step.html", {
        "meeting": meeting, "form": form, "title": title, "submit": submit,
        "refused": None if not meeting.is_signed else _("Protokollet är justerat och kan inte ändras."),
        **extra,
    })


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, meeting_id: int):
    """The attendance list. A new list starts from the body's previous meeting's."""
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD)
    people = Person.objects.filter(municipality=meeting.body.municipality).select_related("party")
    source = meeting if meeting.attendance.exists() else previous_attendance(meeting)
    initial = [
        {"person": a.person, "role": a.role, "replaces": a.replaces, "duty": a.duty, "title": a.title,
         "signs": a.signs}
        for a in (source.attendance.select_related("person", "replaces") if source else [])
    ]
    formset = AttendanceFormSet(request.POST or None, initial=initial, prefix="attendance",
                                form_kwargs={"people": people})
    errors = []
    if request.method == "POST" and formset.is_valid():
        rows = [
            AttendanceRecord(person=f.cleaned_data["person"], role=f.cleaned_data["role"],
                             replaces=f.cleaned_data["replaces"], duty=f.cleaned_data["duty"],
                             title=f.cleaned_data["title"], signs=f.cleaned_data["signs"])
            for f in formset if f.cleaned_data.get("person")
        ]
        try:
            record_attendance(meeting, rows, by=request.user)
        except DomainError as error:
            errors.append(error.message if error.index is None
                          else _("Rad %(n)s: %(message)s") % {"n": error.index + 1, "message": error.message})
        else:
            messages.success(request, _("Närvaron är sparad."))
            return redirect(meeting)
    return render(request, "decisions/attendance.html", {
        "meeting": meeting, "formset": formset, "errors": errors,
        "copied_from": source if source is not None and source != meeting else None,
        "refused": None if not meeting.is_signed else _("Protokollet är justerat och kan inte ändras."),
    })


@login_required
@require_http_methods(["GET", "POST"])
def other_matter(request, meeting_id: int):
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD)
    form = OtherMatterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_other_matter(meeting, title=form.cleaned_data["title"], by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Punkten är uppsatt på föredragningslistan."))
            return redirect(meeting)
    return _meeting_step(request, meeting, form, _("Ny punkt på föredragningslistan"), _("Sätt upp"))


@login_required
@require_POST
def agenda_item(request, meeting_id: int, agenda_item_id: int):
    """Move an agenda item up or down, or take it off the agenda."""
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD)
    item = get_object_or_404(AgendaItem, pk=agenda_item_id, meeting=meeting)
    action = request.POST.get("action")
    try:
        if action in ("up", "down"):
            move_agenda_item(item, up=action == "up", by=request.user)
        elif action == "remove":
            remove_agenda_item(item, by=request.user)
        else:
            raise DomainError(_("Okänd åtgärd."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(meeting)


@login_required
@require_POST
def add_case(request, meeting_id: int):
    """Put a case waiting for this body on the meeting's agenda."""
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD)
    motion_id = request.POST.get("motion", "")
    motion = Motion.objects.filter(pk=int(motion_id)).first() if motion_id.isdigit() else None
    if motion is None:
        messages.error(request, _("Välj ett ärende."))
        return redirect(meeting)
    try:
        item = put_on_agenda(motion, meeting=meeting, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(case)s är uppsatt som punkt %(n)s.")
                         % {"case": motion.case_number, "n": item.position})
    return redirect(meeting)


@login_required
@require_POST
def number(request, meeting_id: int):
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD)
    try:
        numbered = number_agenda(meeting, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ngettext("%(n)s punkt fick paragrafnummer.", "%(n)s punkter fick paragrafnummer.",
                                           len(numbered)) % {"n": len(numbered)})
    return redirect(meeting)


@login_required
@require_http_methods(["GET", "POST"])
def other_minute(request, meeting_id: int, agenda_item_id: int):
    """The paragraph of an agenda item that is not a case."""
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD)
    item = get_object_or_404(AgendaItem.objects.select_related("motion"), pk=agenda_item_id, meeting=meeting)
    if item.motion is not None and can_be_handled_at(item.motion, meeting):
        return redirect(f"{reverse('decisions:minute_item', args=[item.motion.case_number])}?sammantrade={meeting.pk}")
    closed = item.motion is not None  # a case that can no longer be handled here
    form = OtherMinuteForm(request.POST or None, initial={
        "number": item.number, "decision_text": _("Ärendet utgår.") if closed else ""})
    if request.method == "POST" and form.is_valid():
        try:
            minute = record_other_matter(item, **form.cleaned_data, by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("%(item)s är protokollförd.") % {"item": minute})
            return redirect(meeting)
    return _meeting_step(request, meeting, form, str(item.motion or item.title), _("Protokollför"),
                         lead=_("Ärendet kan inte längre behandlas här (det har status ”%(status)s”); "
                                "protokollför punkten så att dess paragraf inte står tom.")
                         % {"status": item.motion.get_status_display()} if closed else "")


PROPOSE = "propose"  # the signing form's button that fills in the proposed dates


@login_required
@require_http_methods(["GET", "POST"])
def sign(request, meeting_id: int):
    """Record the signing of the minutes: from then on they cannot change.
    The notice's dates left empty are proposed from the signing date; the
    "propose" button fills them in for checking first."""
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD)
    form = SigningForm(request.POST or None, initial={"signed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if PROPOSE in request.POST:
            proposed = propose_notice_dates(data["signed_on"])
            form = SigningForm(initial={"signed_on": data["signed_on"], "posted_on": proposed.posted_on,
                                        "appeal_until": proposed.appeal_until,
                                        "notice_removed_on": proposed.notice_removed_on})
        else:
            try:
                signed = sign_minutes(meeting, **data, by=request.user)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("Protokollet är justerat %(on)s.") % {"on": signed.signed_on.isoformat()})
                return redirect(meeting)
    return _meeting_step(request, meeting, form, _("Justera protokollet"), _("Registrera justeringen"),
                         problems=signing_problems(meeting) if not meeting.is_signed else [],
                         secondary=(PROPOSE, _("Föreslå datum")))


@require_POST
def render_minutes(request, meeting_id: int):
    """Start rendering the protocol (or follow the rendering already started)."""
    meeting = access.meeting_for(request.user, meeting_id)
    access.check_minutes_readable(request.user, meeting)
    if protocol_on_file(meeting) is None:
        with transaction.atomic():
            start_render(meeting, archive=meeting.is_signed)
    return redirect(f"{meeting.get_absolute_url()}#protokoll")


def render_status(request, meeting_id: int):
    """The rendering's progress, for the meeting page's progress bar."""
    meeting = access.meeting_for(request.user, meeting_id)
    access.check_minutes_readable(request.user, meeting)
    job = meeting.render_jobs.first()
    ready = protocol_on_file(meeting) if job is None or job.state == job.State.DONE else None
    return JsonResponse({
        "state": job.state if job else None,
        "label": job.get_state_display() if job else "",
        "items_done": job.items_done if job else 0, "items_total": job.items_total if job else 0,
        "pages_done": job.pages_done if job else 0,
        "url": reverse("decisions:protocol_pdf", args=[meeting.pk]) if ready else None,
    })


def _stored(stored: StoredFile) -> FileResponse:
    response = FileResponse(default_storage.open(stored.name, "rb"), content_type="application/pdf",
                            filename=stored.filename)
    # Signed documents never change: browsers and proxies may keep them.
    response["Cache-Control"] = "public, max-age=86400, immutable"
    return response


def protocol_pdf(request, meeting_id: int):
    """The full protocol: the signed one as stored, or the draft as last rendered."""
    signed = archived_file(meeting_id, RenderedDocument.Kind.PROTOCOL)  # public, and the common case
    if signed is not None:
        return _stored(signed)
    meeting = access.meeting_for(request.user, meeting_id)
    access.check_minutes_readable(request.user, meeting)
    document = protocol_on_file(meeting)
    if document is None:
        raise Http404
    return _pdf(document, f"protokoll-{_meeting_name(meeting)}.pdf")


def notice_pdf(request, meeting_id: int):
    """The notice of signing (anslag), once the minutes are signed."""
    signed = archived_file(meeting_id, RenderedDocument.Kind.NOTICE)
    if signed is not None:
        return _stored(signed)
    meeting = access.meeting_for(request.user, meeting_id, queryset=meetings_for_render())
    if not meeting.is_signed:
        raise Http404
    return _pdf(notice_document(meeting), f"anslag-{_meeting_name(meeting)}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request, item_id: int):
    item = access.minute_item_for(request.user, item_id, MinuteItem.objects.select_related("meeting__body"),
                                  access.RECORD)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_appeal(item, **form.cleaned_data, by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Överklagandet är registrerat."))
            return redirect(item.motion or item.meeting)
    return render(request, "decisions/meeting_step.html", {
        "meeting": item.meeting, "form": form, "title": _("Registrera överklagande av %(item)s") % {"item": item},
        "submit": _("Registrera"),
        "refused": None if item.meeting.is_signed else _("Ett beslut kan överklagas först när protokollet är justerat."),
    })


@login_required
@require_http_methods(["GET", "POST"])
def draft_decision(request, case_number):
    motion = motion_access.motion_for(request.user, case_number)
    access.check_decision_access(request.user, access.RECORD)
    form = DraftDecisionForm(request.POST or None,
                             initial={"version": motion.version, "drafted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            prepare_draft_decision(motion, drafted_on=data["drafted_on"], proposal=data["proposal"],
                                   summary=data["summary"], by=request.user, version=data["version"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Förslaget till beslut är registrerat."))
            return redirect(motion)
    return render(request, "motions/step.html", {
        "motion": motion, "form": form, "title": _("Förslag till beslut (tjänsteskrivelse)"),
        "submit": _("Spara förslaget"), "refused": refusal(motion, Status.PREPARED),
    })


@login_required
@require_http_methods(["GET", "POST"])
def agenda(request, case_number):
    """Put the case on the agenda of the meeting that is to handle it."""
    motion = motion_access.motion_for(request.user, case_number)
    access.check_decision_access(request.user, access.RECORD)
    bodies = {}
    for step in minute_steps(motion):
        bodies.setdefault(str(step.body.pk), step.body)
    form = AgendaForm(request.POST or None, steps=[(key, body.name) for key, body in bodies.items()])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = put_on_agenda_of(motion, body=bodies[data["step"]], meeting_date=data["meeting_date"],
                                    place=data["place"], by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Ärendet är uppsatt som punkt %(n)s på föredragningslistan för %(meeting)s.")
                             % {"n": item.position, "meeting": item.meeting})
            return redirect(motion)
    return render(request, "motions/step.html", {
        "motion": motion, "form": form, "title": _("Sätt upp på föredragningslistan"),
        "submit": _("Sätt upp"),
        "refused": None if bodies else _("Inget sammanträde kan behandla ärendet med dess nuvarande status."),
    })


def _people(formset) -> list[tuple[Person, str]]:
    return [
        (f.cleaned_data["person"], f.cleaned_data.get("text", ""))
        for f in formset if f.cleaned_data.get("person")
    ]


@login_required
@require_http_methods(["GET", "POST"])
def minute_item(request, case_number):
    """Record the paragraph of a meeting that handles the case: the steps
    offered are those the lifecycle allows now."""
    motion = motion_access.motion_for(request.user, case_number)
    access.check_decision_access(request.user, access.RECORD)
    steps = {step.key: step for step in minute_steps(motion)}
    people = Person.objects.filter(municipality=motion.municipality).select_related("party").order_by("name")
    outcomes = next((s.outcomes for s in steps.values() if s.outcomes), [])
    draft = latest_draft(motion)
    data = request.POST if request.method == "POST" else None
    form = MinuteItemForm(
        data, steps=[(key, step.label) for key, step in steps.items()], outcomes=outcomes,
        clauses=motion.clauses.all(), people=people,
        initial={"version": motion.version, "summary": draft.summary if draft else "",
                 **_planned_meeting(motion, steps)},
    )
    proposals = PersonTextFormSet(data, prefix="proposals", form_kwargs={"people": people, "text_required": True})
    reservations = PersonTextFormSet(data, prefix="reservations", form_kwargs={"people": people})
    if data is not None and all([form.is_valid(), proposals.is_valid(), reservations.is_valid()]):
        cleaned = form.cleaned_data
        step = steps[cleaned["step"]]
        record = MinuteRecord(
            number=cleaned["number"], summary=cleaned["summary"], speakers=list(cleaned["speakers"]),
            proposals=_people(proposals), reservations=_people(reservations), notes=form.note_list(),
        )
        try:
            item = record_minute_item(
                motion, step=cleaned["step"], body=step.body, meeting_date=cleaned["meeting_date"],
                place=cleaned["place"], outcome=cleaned["outcome"], clauses=form.clause_decisions(),
                reason=cleaned["reason"], record=record, by=request.user, version=cleaned["version"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("%(item)s är protokollförd.") % {"item": item})
            # Back to the meeting page when the secretary came from it.
            return redirect(item.meeting if request.GET.get("sammantrade") == str(item.meeting_id) else motion)
    return render(request, "decisions/minute_item.html", {
        "motion": motion, "form": form, "proposals": proposals, "reservations": reservations,
        "has_steps": bool(steps),
    })


def _planned_meeting(motion, steps) -> dict:
    """The meeting the case is on the agenda of, for the form to start from."""
    planned = upcoming_agenda(motion)
    for key, step in steps.items():
        for item in planned:
            if item.meeting.body_id == step.body.pk:
                return {"step": key, "meeting_date": item.meeting.date, "place": item.meeting.place}
    return {}
