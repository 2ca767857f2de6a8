"""The meeting pages: details, attendance, agenda, numbering, signing, appeals."""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from decisions import access
from decisions.forms import (
    AppealForm,
    AttendanceChangeForm,
    AttendanceFormSet,
    ExtraAttendanceFormSet,
    MeetingDetailsForm,
    MeetingFilterForm,
    OtherMatterForm,
    OtherMinuteForm,
    RosterAttendanceForm,
    SigningForm,
)
from decisions.models import AgendaItem, MinuteItem, RenderedDocument
from decisions.selectors.case_steps import can_be_handled_at, cases_for_agenda
from decisions.selectors.documents import archived_documents, archived_extracts, posted_agendas
from decisions.selectors.meetings import (
    MEETING_DEFAULT_SORT,
    MEETING_SORTS,
    agenda_rows,
    meeting_columns,
    meeting_list,
    minutes_choices,
    motions_to_file,
    previous_attendance,
)
from decisions.selectors.minutes import meetings_for_render
from decisions.selectors.signatures import signature_check
from decisions.services.case_steps import put_on_agenda
from decisions.services.digital_signing import current_round, signed_electronically
from decisions.services.filing import record_filing_paragraph
from decisions.services.meetings import (
    add_other_matter,
    move_agenda_item,
    number_agenda,
    numbers_to_give,
    record_other_matter,
    remove_agenda_item,
)
from decisions.services.posting import posted_kind
from decisions.services.rendering import protocol_on_file
from decisions.services.signing import (
    NOTICE_DETAILS,
    check_signing,
    propose_notice_dates,
    record_appeal,
    sign_minutes,
    signing_problems,
)
from decisions.views.documents import warn_if_render_waits
from lib.errors import AlreadyDone, DomainError
from lib.forms import parse_id
from lib.listing import PAGE, Sorting, export_format, export_response, page_query
from lib.swedish import paragraph_span
from motions.models import Motion
from organisation.models import Attendance, AttendanceChange, Meeting, Person
from organisation.selectors import roster_on
from organisation.services import (
    AttendanceRecord,
    record_attendance,
    record_attendance_change,
    update_meeting,
)
from publication.selectors import shown


def meetings(request):
    """Every meeting, latest first. With several organisations in the
    installation, each body is named with its own. The registry plans new
    meetings on the meeting plan page."""
    # The list, filtered and ordered in the database, or exported with the same filter and order.
    filter_form = MeetingFilterForm(request.GET or None, minutes=minutes_choices())
    filter_form.is_valid()  # a value that is not valid is left out, and shown at its field
    sorting = Sorting(MEETING_SORTS, MEETING_DEFAULT_SORT, request.GET)
    listed = meeting_list(filter_form.cleaned_data if filter_form.is_bound else {}, today=timezone.localdate(),
                          order=sorting.order_by())
    organisations = filter_form.several_organisations
    fmt = export_format(request.GET)
    if fmt:
        return export_response(fmt, filename="sammantraden", title=_("Sammanträden"), rows=listed,
                               columns=meeting_columns(organisations=organisations))
    page = Paginator(listed, 30).get_page(request.GET.get(PAGE))
    return render(request, "decisions/meetings.html", {
        "page": page, "registry": access.can(request.user, access.RECORD), "organisations": organisations,
        "filter_form": filter_form,
        "sorting": sorting, "headers": sorting.headers, "query": page_query(request.GET)})


def meeting(request, meeting_id: int):
    """A meeting: its agenda, attendance and minutes; the registry runs it from here."""
    meeting = access.meeting_for(request.user, meeting_id, queryset=meetings_for_render())
    registry = access.can(request.user, access.RECORD)
    readable = access.can_read_minutes(request.user, meeting)
    rows = agenda_rows(meeting)
    context = {
        "meeting": meeting, "rows": rows, "registry": registry, "readable": readable,
        "attendance": meeting.attendance.all(),
        # Changed by the registry until signed, and not while out with the signatories.
        "open": not meeting.is_signed and meeting.out_for_signing_since is None,
        "job": meeting.render_jobs.first() if registry else None,
        "history": meeting.events.select_related("recorded_by") if registry else [],
    }
    if readable:
        context["protocol"] = protocol_on_file(meeting)
    if registry or request.user.is_authenticated and not meeting.is_signed:
        # The electronic signing: the registry follows it; a signatory finds their way to it.
        context["signing_round"] = current_round(meeting)
        context["signs"] = context["signing_round"] is not None and any(
            s.user_id == request.user.pk for s in context["signing_round"].signatures.all())
    if meeting.is_signed:
        # The documents stored at signing are linked once published; the registry sees their state.
        signed = archived_documents(meeting)
        context["protocol_shown"], context["notice_shown"] = (
            shown(signed[kind], registry=registry) if kind in signed else None
            for kind in (RenderedDocument.Kind.PROTOCOL, RenderedDocument.Kind.NOTICE))
        extracts = archived_extracts(row.minute_item.pk for row in rows if row.minute_item)
        context["rows"] = [
            replace(row, extract=shown(extracts[row.minute_item.pk], registry=registry))
            if row.minute_item and row.minute_item.pk in extracts else row for row in rows]
        # Signed electronically: whether the signatures hold and the protocol is as signed, for all to see.
        signed_protocol = signed.get(RenderedDocument.Kind.PROTOCOL)
        if (signed_protocol is not None and (signed_protocol.is_published or registry)
                and signed_electronically(meeting)):
            context["signature_check"] = signature_check(signed_protocol, meeting.body.municipality)
    # The announcement or notice of meeting on the notice board, in each version: public once published.
    context["postings"] = posted_agendas(meeting)
    announced = posted_kind(meeting) == RenderedDocument.Kind.ANNOUNCEMENT
    context["postings_heading"] = (_("Kungörelsen på anslagstavlan") if announced
                                   else _("Kallelsen på anslagstavlan"))
    if registry and not meeting.is_signed and meeting.date >= timezone.localdate():
        context["post_label"] = (_("Sätt upp kungörelsen på anslagstavlan") if announced
                                 else _("Sätt upp kallelsen på anslagstavlan"))
    if registry and not meeting.is_signed:
        context["problems"] = signing_problems(meeting)
        context["waiting"] = cases_for_agenda(meeting)
        context["to_file"] = motions_to_file(meeting)
    return render(request, "decisions/meeting.html", context)


@login_required
@require_POST
def file_motions(request, meeting_id: int):
    """The council's paragraph telling it of the motions filed at the meeting."""
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD)
    ids = [i for i in map(parse_id, request.POST.getlist("motion")) if i is not None]
    motions = Motion.objects.in_bulk(ids)
    number = request.POST.get("number", "").strip()
    try:
        if number and parse_id(number, maximum=9999) is None:  # as the forms' paragraph numbers
            raise DomainError(_("Paragrafnumret ska vara ett heltal från 1 till 9999."), field="number")
        item = record_filing_paragraph(meeting, [motions[i] for i in ids if i in motions],
                                       number=int(number) if number else None, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Anmälan är protokollförd som %(item)s.") % {"item": item})
    return redirect(meeting)


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


# Which of the attendance page's forms was sent (its hidden "form" field).
ROSTER_FORM, LIST_FORM, CHANGE_FORM = "roster", "list", "change"
# ?fran=forteckning: a list taken already, started again from the roster.
FROM_ROSTER = ("fran", "forteckning")
# ?narvarande=ingen: the roster with nobody ticked present (the default: every member).
NOBODY_PRESENT = ("narvarande", "ingen")


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, meeting_id: int):
    """The attendance list, and those leaving or arriving during the meeting.
    A new list starts from the body's roster on the meeting day, or, when the
    body has none that day, from its previous meeting's list; a list taken
    already is shown as it is."""
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD)
    sent = None
    if request.method == "POST":
        sent = request.POST.get("form") or (LIST_FORM if "attendance-TOTAL_FORMS" in request.POST else None)
    data = request.POST if sent in (ROSTER_FORM, LIST_FORM) else None
    roster = roster_on(meeting.body, meeting.date)
    listed = meeting.attendance.exists()
    if sent == ROSTER_FORM or sent is None and roster and (
            not listed or request.GET.get(FROM_ROSTER[0]) == FROM_ROSTER[1]):
        context = _roster_attendance(request, meeting, roster, data)
    else:
        context = _list_attendance(request, meeting, data, roster_exists=bool(roster))
    if context is None:
        messages.success(request, _("Närvaron är sparad."))
        return redirect(meeting)
    change_form = None
    if listed and not meeting.is_signed:
        change_form = AttendanceChangeForm(request.POST if sent == CHANGE_FORM else None, prefix="change",
                                           people=Person.objects.filter(pk__in=meeting.attendance.values("person"))
                                           .select_related("party"))
        if sent == CHANGE_FORM and change_form.is_valid():
            try:
                record_attendance_change(meeting, **change_form.cleaned_data, by=request.user)
            except DomainError as error:
                change_form.add_domain_error(error)
            else:
                messages.success(request, _("Den ändrade närvaron är registrerad."))
                return redirect(reverse("decisions:attendance", args=[meeting.pk]) + "#andrad-narvaro")
    changes = meeting.attendance_changes.select_related("person", "replaced_by")
    return render(request, "decisions/attendance.html", {
        **context, "meeting": meeting, "listed": listed, "change_form": change_form,
        "changes": [_change_line(change) for change in changes],
        "forms": {"roster": ROSTER_FORM, "list": LIST_FORM, "change": CHANGE_FORM},
        "refused": None if not meeting.is_signed else _("Protokollet är justerat och kan inte ändras."),
    })


def _roster_attendance(request, meeting, roster, data) -> dict | None:
    """The attendance page started from the roster: its context, or None once recorded."""
    people = Person.objects.filter(municipality=meeting.body.municipality).select_related("party")
    form = RosterAttendanceForm(data, prefix="roster", roster=roster,
                                all_present=request.GET.get(NOBODY_PRESENT[0]) != NOBODY_PRESENT[1])
    extra = ExtraAttendanceFormSet(data, prefix="extra", form_kwargs={"people": people})
    if data is not None and all([form.is_valid(), extra.is_valid()]):  # both checked, to show every error
        free = [(_record(f), index) for index, f in enumerate(extra) if f.cleaned_data.get("person")]
        # Each group as the minutes list them: those serving, those not serving, others present.
        rank = {Attendance.Role.MEMBER: 0, Attendance.Role.SUBSTITUTE: 0, Attendance.Role.NOT_SERVING: 1}
        rows = sorted([*form.records(), *free], key=lambda row: rank.get(row[0].role, 2))
        try:
            record_attendance(meeting, [record for record, _target in rows], by=request.user)
        except DomainError as refused:
            for error in refused.errors:
                target = rows[error.index][1] if error.index is not None and error.index < len(rows) else None
                if isinstance(target, int):
                    extra[target].add_error(None, error.message)
                else:
                    form.add_error(target, error.message)
        else:
            return None
    summary = [*form.error_links(), *(("", error) for error in extra.non_form_errors())] if data is not None else []
    if data is not None:
        summary += _row_errors(extra, gettext_lazy("Fler närvarande, rad %(n)s"))
    return {"roster_form": form, "extra": extra, "replacing": meeting.attendance.exists(), "summary": summary,
            "all_present_url": "?" + "=".join(FROM_ROSTER), "nobody_present_url": "?" + "&".join(
                "=".join(pair) for pair in (FROM_ROSTER, NOBODY_PRESENT))}


def _list_attendance(request, meeting, data, *, roster_exists: bool) -> dict | None:
    """The attendance page as a list of rows: the list taken, or a new one
    started from the previous meeting's. Its context, or None once recorded."""
    people = Person.objects.filter(municipality=meeting.body.municipality).select_related("party")
    source = meeting if meeting.attendance.exists() else previous_attendance(meeting)
    initial = [
        {"person": a.person, "role": a.role, "replaces": a.replaces, "duty": a.duty, "title": a.title,
         "signs": a.signs}
        for a in (source.attendance.select_related("person", "replaces") if source else [])
    ]
    formset = AttendanceFormSet(data, initial=initial, prefix="attendance", form_kwargs={"people": people})
    summary = []
    if data is not None and formset.is_valid():
        filled = [f for f in formset if f.cleaned_data.get("person")]
        try:
            record_attendance(meeting, [_record(f) for f in filled], by=request.user)
        except DomainError as refused:
            for error in refused.errors:  # a row's problem at the row, as its own errors are
                if error.index is not None and error.index < len(filled):
                    filled[error.index].add_error(None, error.message)
                else:
                    summary.append(("", error.message))
        else:
            return None
    if data is not None:
        summary += [("", error) for error in formset.non_form_errors()]
        summary += _row_errors(formset, gettext_lazy("Rad %(n)s"))
    return {"formset": formset, "summary": summary,
            "copied_from": source if source is not None and source != meeting else None,
            "roster_url": "?" + "=".join(FROM_ROSTER) if roster_exists else None}


def _row_errors(formset, place) -> list[tuple[str, str]]:
    """Each error of a list's rows, named by its row (`place`) and linked to
    its field; a row's own error to the row's first field."""
    found = []
    for index, row in enumerate(formset):
        where = place % {"n": index + 1}
        found += [(row["person"].auto_id, f"{where}: {error}") for error in row.non_field_errors()]
        found += [(row[name].auto_id, f"{where}: {error}") for name in row.fields for error in row[name].errors]
    return found


def _record(form) -> AttendanceRecord:
    data = form.cleaned_data
    return AttendanceRecord(person=data["person"], role=data["role"], replaces=data["replaces"], duty=data["duty"],
                            title=data["title"], signs=data["signs"])


def _change_line(change: AttendanceChange) -> str:
    """A change as the page lists it: "Per Holm lämnar sammanträdet kl. 19.40, från och med § 14. Maja Lind
    tjänstgör i stället." """
    values = {"name": change.person, "number": change.from_number,
              "at": " " + _("kl. %(time)s") % {"time": f"{change.at:%H.%M}"} if change.at else ""}
    if change.kind == AttendanceChange.Kind.LEAVES:
        line = _("%(name)s lämnar sammanträdet%(at)s, från och med § %(number)s.") % values
        if change.replaced_by:
            line += " " + _("%(name)s tjänstgör i stället.") % {"name": change.replaced_by}
    else:
        line = _("%(name)s ankommer%(at)s, från och med § %(number)s.") % values
        if change.replaced_by:
            line += " " + _("%(name)s avlöser %(substitute)s.") % {"name": change.person,
                                                                  "substitute": change.replaced_by}
    return line.replace("§ ", "§\N{NO-BREAK SPACE}")  # the number on the line of its sign


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
    motion_id = parse_id(request.POST.get("motion", ""))
    motion = Motion.objects.filter(pk=motion_id).first() if motion_id is not None else None
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
@require_http_methods(["GET", "POST"])
def number(request, meeting_id: int):
    """Number the agenda, after a page showing which § numbers the items get
    and what numbering locks."""
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD)
    if meeting.is_signed:
        return _meeting_step(request, meeting, None, _("Numrera paragraferna"), "")
    if request.method == "POST":
        try:
            numbered = number_agenda(meeting, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, ngettext("%(n)s punkt fick paragrafnummer.",
                                               "%(n)s punkter fick paragrafnummer.",
                                               len(numbered)) % {"n": len(numbered)})
        return redirect(meeting)
    refused, items = None, []
    try:
        items = numbers_to_give(meeting)
    except DomainError as error:
        refused = error.message
    if not items and refused is None:
        refused = (_("Alla punkter på föredragningslistan har redan paragrafnummer.") if meeting.agenda.exists()
                   else _("Föredragningslistan är tom; det finns inget att numrera."))
    summary = []
    if items:
        positions = [item.position for item in items]
        summary = [
            _("Punkterna %(first)s–%(last)s på föredragningslistan får %(span)s.")
            % {"first": positions[0], "last": positions[-1], "span": paragraph_span([i.number for i in items])}
            if len(items) > 1 else
            _("Punkt %(position)s på föredragningslistan får %(span)s.")
            % {"position": positions[0], "span": paragraph_span([items[0].number])},
            _("Därefter kan de numrerade punkterna inte flyttas eller tas bort från föredragningslistan; en punkt "
              "som inte behandlas protokollförs, till exempel som bordlagd. Nya punkter läggs efter dem och får "
              "nästa nummer."),
        ]
    return render(request, "decisions/confirm.html", {
        "meeting": meeting, "title": _("Numrera paragraferna"), "refused": refused, "summary": summary,
        "rows": [(f"§ {item.number}", _("Punkt %(n)s") % {"n": item.position}, item.label) for item in items],
        "row_headings": (_("Paragraf"), _("Punkt"), _("Ärende")),
        "confirm": _("Numrera"),
    })


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
CONFIRM = "confirm"  # the confirmation page's button that signs
CHANGE = "change"  # the confirmation page's button back to the form, as filled in


@login_required
@require_http_methods(["GET", "POST"])
def sign(request, meeting_id: int):
    """Record the signing of the minutes: from then on they cannot change.
    The notice's dates left empty are proposed from the signing date; the
    "propose" button fills them in for checking first. A valid form leads to
    a page showing what the signing locks and what the notice will state;
    its button signs."""
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD)
    form = SigningForm(request.POST or None, initial={
        "signed_on": timezone.localdate(), "starts_at": meeting.starts_at, "place": meeting.place,
        "kept_at": meeting.kept_at})
    valid = request.method == "POST" and form.is_valid()
    if request.method == "POST" and PROPOSE in request.POST and not set(form.errors) - set(NOTICE_DETAILS):
        # The dates are proposed before the notice's details are filled in.
        proposed = propose_notice_dates(form.cleaned_data["signed_on"])
        form = SigningForm(initial={**form.cleaned_data, "posted_on": proposed.posted_on,
                                    "appeal_until": proposed.appeal_until,
                                    "notice_removed_on": proposed.notice_removed_on})
    elif valid:
        data = form.cleaned_data
        if CHANGE in request.POST:
            pass  # the form again, as it was sent
        elif CONFIRM in request.POST:
            try:
                signed = sign_minutes(meeting, **data, by=request.user)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("Protokollet är justerat %(on)s.") % {"on": signed.signed_on.isoformat()})
                warn_if_render_waits(request, signed)
                return redirect(meeting)
        else:
            # What the signing would record, checked on the meeting as the form would leave it.
            shown = Meeting.objects.get(pk=meeting.pk)
            shown.starts_at, shown.place, shown.kept_at = (data["starts_at"], data["place"].strip(),
                                                           data["kept_at"].strip())
            try:
                dates = check_signing(shown, signed_on=data["signed_on"], posted_on=data["posted_on"],
                                      appeal_until=data["appeal_until"], notice_removed_on=data["notice_removed_on"])
            except DomainError as error:
                form.add_domain_error(error)
            else:
                # The confirmation sends the dates as shown, the proposed ones filled in.
                confirmed = SigningForm(initial={**data, "posted_on": dates.posted_on,
                                                 "appeal_until": dates.appeal_until,
                                                 "notice_removed_on": dates.notice_removed_on})
                return render(request, "decisions/confirm.html", {
                    "meeting": meeting, "title": _("Justera protokollet"), "form": confirmed,
                    "summary": signing_summary(shown, data["signed_on"], dates), "confirm": _("Justera protokollet"),
                    "confirm_name": CONFIRM, "change": (CHANGE, _("Ändra uppgifterna")),
                })
    return _meeting_step(request, meeting, form, _("Justera protokollet"), _("Fortsätt till bekräftelse"),
                         problems=signing_problems(meeting) if not meeting.is_signed else [],
                         secondary=(PROPOSE, _("Föreslå datum")))


def signing_summary(meeting: Meeting, signed_on, dates) -> list[str]:
    """What signing locks and what the notice states, in sentences for the confirmation page."""
    numbers = sorted(meeting.items.values_list("number", flat=True))
    return [
        _("Protokollet från %(meeting)s justeras %(on)s.") % {"meeting": meeting, "on": signed_on.isoformat()},
        ngettext("Paragrafen %(span)s låses: därefter kan inget i protokollet ändras, varken närvaro, "
                 "paragrafer eller beslut.",
                 "Paragraferna %(span)s låses: därefter kan inget i protokollet ändras, varken närvaro, "
                 "paragrafer eller beslut.", len(numbers)) % {"span": paragraph_span(numbers)},
        _("Anslaget om justeringen sätts upp %(posted)s och tas ned %(removed)s; sista dag att överklaga är "
          "%(appeal)s.") % {"posted": dates.posted_on.isoformat(), "removed": dates.notice_removed_on.isoformat(),
                            "appeal": dates.appeal_until.isoformat()},
        _("Anslaget anger sammanträdet %(date)s kl. %(time)s, %(place)s, och att protokollet förvaras hos "
          "%(kept_at)s.") % {"date": meeting.date.isoformat(), "time": f"{meeting.starts_at:%H.%M}",
                             "place": meeting.place, "kept_at": meeting.kept_at},
        _("Protokollet skapas som PDF och arkiveras."),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def appeal(request, item_id: int):
    item = access.minute_item_for(request.user, item_id, MinuteItem.objects.select_related("meeting__body"),
                                  access.RECORD)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_appeal(item, **form.cleaned_data, by=request.user)
        except AlreadyDone as done:
            messages.info(request, done.message)
            return redirect(item.motion or item.meeting)
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
