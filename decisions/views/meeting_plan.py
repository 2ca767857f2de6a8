"""The meeting plan page: a body's meetings of a year, planned one at a time
or imported from a file, and taken off the plan while they hold nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from decisions import access
from decisions.forms import MeetingForm, MeetingPlanImportForm
from decisions.services.meeting_plan import MeetingPlanError, held_at, import_meeting_plan, remove_planned_meeting
from lib.errors import DomainError
from lib.forms import parse_id
from lib.time_limits import FIRST_YEAR, LAST_YEAR
from organisation.models import Body, Meeting, Municipality
from organisation.services import schedule_meeting

# Which of the page's forms was sent (the name of its button).
ADD, IMPORT = "add", "import"


def plan_url(body: Body, year: int) -> str:
    return reverse("decisions:meeting_plan") + "?" + urlencode({"organ": body.pk, "ar": year})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_plan(request):
    """A body's meetings of a year (?organ=, ?ar=), with the forms that plan more."""
    access.check_decision_access(request.user, access.RECORD)
    bodies = Body.objects.select_related("municipality").order_by("municipality__name", "name")
    chosen = request.GET.get("organ", "")
    body = next((b for b in bodies if str(b.pk) == chosen), None) or bodies.first()
    year = parse_id(request.GET.get("ar", ""), maximum=LAST_YEAR)
    year = year if year is not None and year >= FIRST_YEAR else timezone.localdate().year
    sent = next((name for name in (ADD, IMPORT) if name in request.POST), None)
    add = MeetingForm(request.POST if sent == ADD else None, bodies=bodies,
                      initial={"body": body.pk if body else None})
    upload = MeetingPlanImportForm(request.POST if sent == IMPORT else None,
                                   request.FILES if sent == IMPORT else None,
                                   initial={"organisation": body.municipality_id if body else
                                            Municipality.objects.order_by("id").values_list("id", flat=True).first()})
    problems = []
    if sent == ADD and add.is_valid():
        data = add.cleaned_data
        try:
            meeting = schedule_meeting(data["body"], on=data["date"], starts_at=data["starts_at"],
                                       place=data["place"], by=request.user)
        except DomainError as error:
            add.add_domain_error(error)
        else:
            messages.success(request, _("%(meeting)s är inlagt i sammanträdesplanen.") % {"meeting": meeting})
            return redirect(plan_url(meeting.body, meeting.date.year))
    if sent == IMPORT and upload.is_valid():
        try:
            planned = import_meeting_plan(upload.cleaned_data["organisation"], upload.cleaned_data["file"],
                                          by=request.user)
        except MeetingPlanError as error:
            problems = error.problems
            upload.add_error("file", _("Filen lästes inte in; inget sammanträde lades till. Rätta raderna nedan "
                                       "och läs in filen igen."))
        else:
            messages.success(request, ngettext("%(n)s sammanträde är inlagt i sammanträdesplanen.",
                                               "%(n)s sammanträden är inlagda i sammanträdesplanen.",
                                               len(planned)) % {"n": len(planned)})
            first = min(planned, key=lambda meeting: (meeting.date, meeting.body.name))
            return redirect(plan_url(first.body, first.date.year))
    meetings = []
    if body is not None:
        for meeting in Meeting.objects.filter(body=body, date__year=year).order_by("date"):
            held = held_at(meeting)
            meetings.append({"meeting": meeting, "held": held, "removable": not held and not meeting.is_signed})
    return render(request, "decisions/meeting_plan.html", {
        "bodies": bodies, "body": body, "year": year, "meetings": meetings, "add": add, "upload": upload,
        "problems": problems, "organisations": Municipality.objects.count() > 1,
        "years": range(min(year, timezone.localdate().year) - 1, max(year, timezone.localdate().year) + 3),
        "buttons": {"add": ADD, "import": IMPORT},
    })


@login_required
@require_POST
def remove_meeting(request, meeting_id: int):
    """Take a planned meeting that holds nothing off the plan."""
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD)
    try:
        remove_planned_meeting(meeting, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(meeting)s är borttaget ur sammanträdesplanen.") % {"meeting": meeting})
    return redirect(plan_url(meeting.body, meeting.date.year))
