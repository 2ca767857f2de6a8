"""The meeting pages: details, attendance, agenda, numbering, signing, appeals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from decisions import access
from decisions.forms import (
    AppealForm,
    AttendanceFormSet,
    MeetingDetailsForm,
    MeetingForm,
    OtherMatterForm,
    OtherMinuteForm,
    SigningForm,
)
from decisions.models import AgendaItem, MinuteItem
from decisions.selectors.case_steps import can_be_handled_at, cases_for_agenda
from decisions.selectors.meetings import agenda_rows, previous_attendance
from decisions.selectors.minutes import meetings_for_render
from decisions.services.case_steps import put_on_agenda
from decisions.services.meetings import (
    add_other_matter,
    move_agenda_item,
    number_agenda,
    record_other_matter,
    remove_agenda_item,
)
from decisions.services.rendering import protocol_on_file
from decisions.services.signing import (
    propose_notice_dates,
    record_appeal,
    sign_minutes,
    signing_problems,
)
from lib.errors import DomainError
from motions.models import Motion
from organisation.models import Body, Meeting, Person
from organisation.services import AttendanceRecord, record_attendance, schedule_meeting, update_meeting


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
        "history": meeting.events.select_related("recorded_by") if registry else [],
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
        "refused": None if item.meeting.is_signed
        else _("Ett beslut kan överklagas först när protokollet är justerat."),
    })
