"""Putting right a draft decision or a paragraph: correcting, undoing, and
after signing the correction note (rättelse)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from decisions import access
from decisions.forms import DraftCorrectionForm, ParagraphCorrectionForm, RectificationForm
from decisions.models import Decision, MinuteItem
from decisions.services.corrections import (
    correct_draft_decision,
    correct_paragraph,
    current_outcome,
    outcome_choices,
    paragraph_version,
    record_rectification,
    undo_draft_decision,
    undo_paragraph,
)
from lib.errors import DomainError
from lib.forms import UndoForm
from motions import access as motion_access
from motions import rules
from organisation.models import Body


def _latest_draft(motion):
    return motion.drafts.order_by("-drafted_on", "-id").first()


@login_required
@require_http_methods(["GET", "POST"])
def correct_draft(request, case_number):
    motion = motion_access.motion_for(request.user, case_number)
    access.check_decision_access(request.user, access.RECORD)
    draft = _latest_draft(motion)
    form = DraftCorrectionForm(request.POST or None, initial={
        "drafted_on": draft.drafted_on, "proposal": draft.proposal, "summary": draft.summary,
        "version": motion.version} if draft else {})
    if request.method == "POST" and draft is not None and form.is_valid():
        data = form.cleaned_data
        try:
            correct_draft_decision(draft, drafted_on=data["drafted_on"], proposal=data["proposal"],
                                   summary=data["summary"], reason=data["reason"], by=request.user,
                                   version=data["version"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Förslaget till beslut är rättat."))
            return redirect(motion)
    return render(request, "motions/step.html", {
        "motion": motion, "form": form, "title": _("Rätta förslaget till beslut"), "submit": _("Spara rättelsen"),
        "refused": _draft_refusal(motion, draft),
    })


def _draft_refusal(motion, draft) -> str | None:
    if draft is None:
        return _("Ärendet har inget förslag till beslut.")
    if motion.is_closed:
        return _("Ärendet är avslutat, och förslaget till beslut rättas inte längre.")
    return None


@login_required
@require_http_methods(["GET", "POST"])
def undo_draft(request, case_number):
    motion = motion_access.motion_for(request.user, case_number)
    access.check_decision_access(request.user, access.RECORD)
    draft = _latest_draft(motion)
    form = UndoForm(request.POST or None, initial={"version": motion.version})
    if request.method == "POST" and draft is not None and form.is_valid():
        data = form.cleaned_data
        try:
            undo_draft_decision(draft, reason=data["reason"], by=request.user, version=data["version"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Förslaget till beslut är ångrat."))
            return redirect(motion)
    return render(request, "motions/step.html", {
        "motion": motion, "form": form, "title": _("Ångra förslaget till beslut"),
        "submit": _("Ångra förslaget"), "refused": _draft_refusal(motion, draft),
        "current": _("Tjänsteskrivelsen %(on)s tas bort och ärendet får tillbaka den status det hade före den; att "
                     "den ångrades sparas i ärendets händelser.") % {"on": draft.drafted_on.isoformat()}
        if draft else "",
    })


def _paragraph(request, meeting_id, item_id) -> MinuteItem:
    """The meeting's paragraph, for the registry."""
    return access.minute_item_for(
        request.user, item_id, MinuteItem.objects.filter(meeting_id=meeting_id).select_related(
            "meeting__body__municipality", "motion"), access.RECORD)


def _paragraph_refusal(item: MinuteItem) -> str | None:
    if item.meeting.is_signed:
        return _("Protokollet är justerat och paragrafen ändras inte längre; ett uppenbart skrivfel rättas med en "
                 "rättelse på paragrafen.")
    if item.decision == Decision.FILE:
        return _("En anmälan av motioner rättas och ångras inte här.")
    return None


@login_required
@require_http_methods(["GET", "POST"])
def correct_minute_item(request, meeting_id: int, item_id: int):
    """Open a recorded paragraph again, fix it and record it anew."""
    item = _paragraph(request, meeting_id, item_id)
    meeting, motion = item.meeting, item.motion
    outcomes = outcome_choices(item) if motion else []
    hands_over = bool(motion) and item.decision in (Decision.PROPOSE, Decision.HAND_OVER) and (
        rules.path_of(motion.municipality).place_of(meeting.body) == Body.Kind.WORKING_COMMITTEE)
    decided = {f"clause_{d.clause.number}": "1" if d.approved else "0"
               for d in item.clause_decisions.select_related("clause")}
    form = ParagraphCorrectionForm(request.POST or None, item=item, outcomes=outcomes, hands_over=hands_over, initial={
        "heading": item.heading, "outcome": current_outcome(item), "decision_text": item.decision_text,
        "decision_clauses": "\n".join(item.decision_clauses), "motivation": item.reason, "summary": item.summary,
        "version": motion.version if motion else None, "seen": paragraph_version(item), **decided})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correct_paragraph(
                item, heading=data["heading"], summary=data["summary"], motivation=data["motivation"],
                decision_clauses=data["decision_clauses"].splitlines(), decision_text=data.get("decision_text", ""),
                outcome=data.get("outcome", ""), clauses=form.clause_decisions(), reason=data["reason"],
                by=request.user, version=data["version"], seen=data["seen"] or None)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("%(item)s är rättad och protokollförd igen.") % {"item": item})
            return redirect(meeting)
    what = f"{motion.case_number} {motion.title}" if motion else item.heading
    return render(request, "decisions/meeting_step.html", {
        "meeting": meeting, "form": form, "submit": _("Protokollför igen"),
        "title": _("Öppna § %(number)s igen") % {"number": item.number},
        "lead": _("%(what)s: %(decision)s. Rätta det som är fel och protokollför paragrafen igen; rättelsen sparas "
                  "i ärendets och sammanträdets händelser.")
        % {"what": what, "decision": item.get_decision_display()},
        "refused": _paragraph_refusal(item),
    })


@login_required
@require_http_methods(["GET", "POST"])
def undo_minute_item(request, meeting_id: int, item_id: int):
    """Undo a paragraph minuted by mistake, after confirmation."""
    item = _paragraph(request, meeting_id, item_id)
    meeting, motion = item.meeting, item.motion
    form = UndoForm(request.POST or None, initial={"version": motion.version if motion else None})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            undo_paragraph(item, reason=data["reason"], by=request.user, version=data["version"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("§ %(number)s är ångrad. Punkten står kvar på föredragningslistan: "
                                        "protokollför den igen, eller ta bort den om ärendet inte skulle behandlas "
                                        "här.") % {"number": item.number})
            return redirect(meeting)
    what = f"{motion.case_number} {motion.title}" if motion else item.heading
    return render(request, "decisions/meeting_step.html", {
        "meeting": meeting, "form": form, "submit": _("Ångra paragrafen"),
        "title": _("Ångra § %(number)s") % {"number": item.number},
        "lead": _("%(what)s: %(decision)s. Paragrafen och det som protokollförts på den tas bort, och ärendet får "
                  "tillbaka den status det hade före den. Att den ångrades sparas i ärendets och sammanträdets "
                  "händelser.") % {"what": what, "decision": item.get_decision_display()},
        "refused": _paragraph_refusal(item),
    })


@login_required
@require_http_methods(["GET", "POST"])
def rectify(request, meeting_id: int, item_id: int):
    """A correction note (rättelse) on a paragraph of signed minutes."""
    item = _paragraph(request, meeting_id, item_id)
    meeting = item.meeting
    form = RectificationForm(request.POST or None, initial={"made_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            record_rectification(item, **form.cleaned_data, by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Rättelsen av %(item)s är registrerad.") % {"item": item})
            return redirect(meeting)
    return render(request, "decisions/meeting_step.html", {
        "meeting": meeting, "form": form, "submit": _("Registrera rättelsen"),
        "title": _("Rättelse av § %(number)s") % {"number": item.number},
        "lead": _("Det justerade protokollet ändras inte. Rättelsen visas med paragrafen och skrivs under den på "
                  "protokollsutdrag som tas fram från och med nu."),
        "refused": None if meeting.is_signed
        else _("Protokollet är inte justerat; öppna paragrafen igen och rätta den i stället."),
    })
