"""A case's steps at meetings: the draft decision, the agenda and the paragraph."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from decisions import access
from decisions.forms import (
    AgendaForm,
    DraftDecisionForm,
    MinuteItemForm,
)
from decisions.selectors.case_steps import (
    STEP_HANDLE,
    latest_draft,
    meetings_to_minute_at,
    meetings_to_put_on,
    minute_steps,
    step_bodies,
    upcoming_agenda,
)
from decisions.services.case_steps import prepare_draft_decision, put_on_agenda, record_minute_item
from decisions.services.paragraphs import MinuteRecord
from lib.errors import DomainError
from lib.forms import parse_id
from motions import access as motion_access
from motions import rules
from motions.models import Status
from motions.selectors import refusal


@login_required
@require_http_methods(["GET", "POST"])
def draft_decision(request, case_number):
    motion = motion_access.motion_for(request.user, case_number)
    access.check_decision_access(request.user, access.RECORD)
    form = DraftDecisionForm(request.POST or None, motion=motion,
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
    bodies = step_bodies(minute_steps(motion))
    form = AgendaForm(request.POST or None, meetings=meetings_to_put_on(motion, bodies), bodies=bodies)
    if request.method == "POST" and form.is_valid():
        try:
            item = put_on_agenda(motion, meeting=form.cleaned_data["meeting"], by=request.user)
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


@login_required
@require_http_methods(["GET", "POST"])
def minute_item(request, case_number):
    """Record the paragraph of a meeting that handles the case: the steps
    offered are those the lifecycle allows now."""
    motion = motion_access.motion_for(request.user, case_number)
    access.check_decision_access(request.user, access.RECORD)
    steps = {step.key: step for step in minute_steps(motion)}
    draft = latest_draft(motion)
    data = request.POST if request.method == "POST" else None
    bodies = step_bodies(list(steps.values()))
    form = MinuteItemForm(
        data, steps=[(key, step.label) for key, step in steps.items()], handling=steps.get(STEP_HANDLE),
        meetings=meetings_to_minute_at(motion, bodies), bodies=bodies, clauses=motion.clauses.all(),
        initial={"version": motion.version, "summary": draft.summary if draft else "",
                 **_planned_meeting(motion, steps, request.GET.get("sammantrade", ""))},
    )
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        step = steps[cleaned["step"]]
        if cleaned["meeting"].body_id != step.body.pk:
            form.add_error("meeting", _("Steget ”%(step)s” tas vid ett sammanträde med %(body)s, inte med %(other)s.")
                           % {"step": step.label, "body": step.body.name, "other": cleaned["meeting"].body.name})
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        # What happened at the paragraph (speakers, proposals, votes, reservations)
        # is recorded on its own page, which offers those serving at it.
        record = MinuteRecord(number=cleaned["number"], summary=cleaned["summary"])
        try:
            item = record_minute_item(
                motion, step=cleaned["step"], meeting=cleaned["meeting"], outcome=cleaned.get("outcome", ""),
                clauses=form.clause_decisions(),
                reason=cleaned["reason"], record=record, by=request.user, version=cleaned["version"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("%(item)s är protokollförd. Talare, yrkanden, omröstningar och "
                                        "reservationer förs under ”Paragrafens förlopp”.") % {"item": item})
            # Back to the meeting page when the secretary came from it.
            return redirect(item.meeting if request.GET.get("sammantrade") == str(item.meeting_id) else motion)
    return render(request, "decisions/minute_item.html", {
        "motion": motion, "form": form, "has_steps": bool(steps),
        "status": rules.status_label(motion.status, motion.municipality),
    })


def _planned_meeting(motion, steps, meeting_id: str) -> dict:
    """The meeting the form starts from: the one the secretary came from
    (?sammantrade=), else the one the case is on the agenda of."""
    planned = upcoming_agenda(motion)
    planned.sort(key=lambda item: str(item.meeting_id) != meeting_id)
    for item in planned:
        for key, step in steps.items():
            if item.meeting.body_id == step.body.pk:
                return {"step": key, "meeting": item.meeting.pk}
    meeting = parse_id(meeting_id)
    return {"meeting": meeting} if meeting is not None else {}
