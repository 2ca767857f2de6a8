import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import is_registry
from lib.errors import DomainError
from lib.forms import UndoForm
from lib.listing import PAGE, Sorting, export_format, export_response, page_query
from motions import access as motion_access
from motions.forms import WithdrawForm
from motions.models import Status
from motions.selectors import refusal
from organisation.models import Body
from referrals import access
from referrals.forms import (
    AnswerCorrectionForm,
    AnswerDocumentForm,
    AnswerForm,
    DeclineForm,
    DraftForm,
    ExtendForm,
    ReferForm,
    ReferralCorrectionForm,
    ReferralFilterForm,
    WithdrawReferralForm,
)
from referrals.models import Referral
from referrals.rules import due_soon_days
from referrals.selectors import (
    DEFAULT_STATE,
    REFERRAL_DEFAULT_SORT,
    REFERRAL_SORTS,
    answer_documents,
    next_referral,
    referral_columns,
    referral_counts,
    referral_list,
    state_choices,
    with_deadlines,
)
from referrals.services import (
    REFERABLE_KINDS,
    ReferralRequest,
    add_answer_document,
    correct_referral,
    correct_referral_answer,
    extend_referral_due_date,
    record_referral_declined,
    record_referral_response,
    refer_motion,
    save_referral_draft,
    undo_referral,
    withdraw_motion_and_referrals,
    withdraw_referral,
)


@login_required
@require_http_methods(["GET", "POST"])
def refer(request, case_number):
    motion = motion_access.motion_for(request.user, case_number, motion_access.MANAGE)
    bodies = (
        Body.objects.filter(municipality=motion.municipality, kind__in=REFERABLE_KINDS)
        .exclude(referrals__motion=motion, referrals__status=Referral.Status.SENT)
        .order_by("name")
    )
    today = timezone.localdate()
    form = ReferForm(request.POST or None, bodies=bodies, motion=motion, initial={
        "version": motion.version, "sent_on": today, "due_on": today + datetime.timedelta(weeks=12),
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            refer_motion(
                motion, requests=[ReferralRequest(body, due) for body, due in form.requests()],
                sent_on=data["sent_on"], by=request.user, version=data["version"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Motionen är remitterad."))
            return redirect(motion)
    return render(request, "referrals/refer.html", {
        "motion": motion, "form": form, "refused": refusal(motion, Status.REFERRED),
    })


@login_required
@require_GET
def inbox_page(request):
    """A board secretary's referrals to answer; for the registry, every
    referral. Filtered, ordered and paginated in the database, or exported
    with the same filter and order."""
    if not access.can_use_inbox(request.user):
        raise PermissionDenied
    registry = is_registry(request.user)
    today = timezone.localdate()
    form = ReferralFilterForm(request.GET or None, bodies=access.inbox_bodies(request.user),
                              states=state_choices())
    # A value that is not valid is left out (and shown at its field); the others still filter.
    form.is_valid()
    filters = form.cleaned_data if form.is_bound else {}
    sorting = Sorting(REFERRAL_SORTS, REFERRAL_DEFAULT_SORT, request.GET)
    referrals = access.inbox_for(request.user)
    listed = referral_list(referrals, filters, today=today, order=sorting.order_by())
    title = _("Remisser") if registry else _("Remisser att besvara")
    fmt = export_format(request.GET)
    if fmt:
        return export_response(fmt, filename="remisser", title=title, rows=listed,
                               columns=referral_columns(today=today, organisations=form.several_organisations))
    page = Paginator(listed, 25).get_page(request.GET.get(PAGE))
    page.object_list = with_deadlines(page.object_list, today=today)
    return render(request, "referrals/inbox.html", {
        "title": title, "registry": registry, "form": form, "page": page, "sorting": sorting,
        "headers": sorting.headers, "query": page_query(request.GET), "today": today,
        "counts": referral_counts(referrals, today=today), "state": filters.get("state") or DEFAULT_STATE,
        "due_soon_days": due_soon_days(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, referral_id):
    """The body's answer: save a draft, submit it, or decline to comment."""
    referral = access.referral_for(request.user, referral_id, access.ANSWER)
    initial = {"text": referral.draft_text}
    form = AnswerForm(initial=initial, referral=referral)
    decline_form = DeclineForm(prefix="decline", referral=referral)
    if request.method == "POST" and request.POST.get("action") == "document":
        return _answer_document(request, referral)
    if request.method == "POST" and not referral.is_open:
        messages.info(request, _("Remissen har redan status ”%(status)s”; inget ändrades.")
                      % {"status": referral.get_status_display()})
    elif request.method == "POST":
        action = request.POST.get("action")
        if action == "draft":
            draft = DraftForm(request.POST)
            if draft.is_valid():
                try:
                    save_referral_draft(referral, text=draft.cleaned_data["text"], by=request.user)
                except DomainError as error:
                    messages.error(request, error.message)
                else:
                    messages.success(request, _("Utkastet till yttrande är sparat (texten). Det syns bara för er och "
                                                "registratorn tills svaret skickas."))
                    return redirect("referrals:answer", referral_id=referral.pk)
            else:
                messages.error(request, " ".join(draft.errors["text"]))
            # Nothing saved: the form keeps what was typed.
            form = AnswerForm(initial={"text": request.POST.get("text", "")}, referral=referral)
        elif action == "decline":
            decline_form = DeclineForm(request.POST, prefix="decline", referral=referral)
            if decline_form.is_valid():
                data = decline_form.cleaned_data
                try:
                    record_referral_declined(
                        referral, decided_on=data["decided_on"], paragraph=data["paragraph"],
                        text=data["text"], by=request.user,
                    )
                except DomainError as error:
                    decline_form.add_domain_error(error)
                else:
                    messages.success(request, _("Registrerat att %(body)s avstår från att yttra sig.")
                                     % {"body": referral.body})
                    return _next(request, referral)
        else:
            form = AnswerForm(request.POST, request.FILES, initial=initial, referral=referral)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    record_referral_response(
                        referral, decided_on=data["decided_on"], paragraph=data["paragraph"],
                        body_case_number=data["body_case_number"], text=data["text"],
                        document=data["document"], by=request.user,
                    )
                except DomainError as error:
                    form.add_domain_error(error)
                else:
                    messages.success(request, _("Remissvaret från %(body)s är inskickat.") % {"body": referral.body})
                    return _next(request, referral)
    return _answer_page(request, referral, form=form, decline_form=decline_form)


def _next(request, referral: Referral):
    """After an answer: on to the body's next open referral, due first, with
    a word of it; back to the case when there is none left."""
    following = next_referral(referral)
    if following is None or not access.can_answer(request.user, following):
        messages.info(request, _("%(body)s har inga fler remisser att besvara.") % {"body": referral.body})
        return redirect(referral.motion)
    messages.info(request, _("Nästa remiss: %(case)s %(title)s, svar senast %(due)s.") % {
        "case": following.motion.case_number, "title": following.motion.title,
        "due": following.current_due_on.isoformat()})
    return redirect("referrals:answer", referral_id=following.pk)


def _answer_page(request, referral: Referral, *, form=None, decline_form=None, document_form=None):
    """The answer page: the answer's form while the referral is open; the
    answer with its documents (and the form to add or replace one) once it came in."""
    documents, can_change = [], False
    if referral.status == Referral.Status.ANSWERED:
        documents = answer_documents(referral.response)
        can_change = access.can_change_answer_documents(request.user, referral)
        if document_form is None and can_change:
            document_form = AnswerDocumentForm(
                prefix="doc", initial={"dated_on": timezone.localdate()},
                documents=[d for d in documents if d.replaced_by_id is None])
    return render(request, "referrals/answer.html", {
        "referral": referral, "motion": referral.motion, "form": form, "decline_form": decline_form,
        "answer_documents": documents, "document_form": document_form if can_change else None,
        "clauses": list(referral.motion.clauses.all()),
    })


def _answer_document(request, referral: Referral):
    """Add a document to an answer that came in, or replace one of its documents."""
    if not access.can_change_answer_documents(request.user, referral):
        raise PermissionDenied
    current = {d.number: d for d in answer_documents(referral.response) if d.replaced_by_id is None}
    form = AnswerDocumentForm(request.POST, request.FILES, prefix="doc", documents=current.values())
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = add_answer_document(
                referral, file=data["file"], dated_on=data["dated_on"], title=data["title"],
                replaces=current.get(data["replaces"]), reason=data["reason"], by=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Handlingen är registrerad som aktbilaga %(number)s i ärendet.")
                             % {"number": document.number})
            return redirect("referrals:answer", referral_id=referral.pk)
    return _answer_page(request, referral, document_form=form)


def _closed(referral: Referral) -> str | None:
    """Why a referral's own steps are not offered any more; None while it is open."""
    if referral.is_open:
        return None
    return _("Remissen har status ”%(status)s”.") % {"status": referral.get_status_display()}


@login_required
@require_http_methods(["GET", "POST"])
def extend(request, referral_id):
    referral = access.referral_for(request.user, referral_id, access.MANAGE)
    motion = referral.motion
    form = ExtendForm(request.POST or None, initial={"on": timezone.localdate()}, referral=referral)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            extend_referral_due_date(referral, due_on=data["due_on"], on=data["on"], by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Svarstiden för %(body)s är förlängd.") % {"body": referral.body})
            return redirect(motion)
    return render(request, "motions/step.html", {
        "motion": motion, "form": form, "submit": _("Förläng"),
        "title": _("Förläng svarstiden för %(body)s") % {"body": referral.body},
        "current": _("Svar senast nu: %(due)s.") % {"due": referral.current_due_on.isoformat()},
        "refused": _closed(referral),
    })


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, referral_id):
    referral = access.referral_for(request.user, referral_id, access.MANAGE)
    motion = referral.motion
    form = WithdrawReferralForm(request.POST or None, initial={"on": timezone.localdate()}, referral=referral)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            withdraw_referral(referral, on=data["on"], reason=data["reason"], by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Remissen till %(body)s är återkallad.") % {"body": referral.body})
            return redirect(motion)
    return render(request, "motions/step.html", {
        "motion": motion, "form": form, "submit": _("Återkalla remissen"),
        "title": _("Återkalla remissen till %(body)s") % {"body": referral.body},
        "refused": _closed(referral),
        "consequences": [
            _("%(body)s behöver inte längre svara på remissen; remissen visas som återkallad i ärendet.")
            % {"body": referral.body},
        ],
    })


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_motion(request, case_number):
    """The movers withdraw the motion; its open referrals are called back."""
    motion = motion_access.motion_for(request.user, case_number, motion_access.MANAGE)
    form = WithdrawForm(request.POST or None, initial={"version": motion.version, "on": timezone.localdate()},
                        motion=motion)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            withdraw_motion_and_referrals(motion, on=data["on"], reason=data["reason"], by=request.user,
                                          version=data["version"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Motionen är återkallad."))
            return redirect(motion)
    open_bodies = [referral.body.name for referral in motion.referrals.filter(status=Referral.Status.SENT)
                   .select_related("body").order_by("body__name")]
    consequences = [_("Motionen får status ”Återkallad” och ärendet avslutas.")]
    if open_bodies:
        consequences.append(_("Remisserna som ännu inte besvarats återkallas samtidigt: %(bodies)s.")
                            % {"bodies": ", ".join(open_bodies)})
    return render(request, "motions/step.html", {
        "motion": motion, "form": form, "title": _("Återkalla motionen"), "submit": _("Återkalla motionen"),
        "refused": refusal(motion, Status.WITHDRAWN), "consequences": consequences,
    })


# --- Corrections and undoing ---------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def correct(request, referral_id):
    """Correct an open referral's body or original due date."""
    referral = access.referral_for(request.user, referral_id, access.MANAGE)
    motion = referral.motion
    bodies = Body.objects.filter(municipality=motion.municipality, kind__in=REFERABLE_KINDS).order_by("name")
    form = ReferralCorrectionForm(request.POST or None, bodies=bodies, initial={
        "body": referral.body_id, "due_on": referral.due_on, "version": motion.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correct_referral(referral, body=data["body"], due_on=data["due_on"], reason=data["reason"],
                             by=request.user, version=data["version"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Remissen är rättad."))
            return redirect(motion)
    return render(request, "motions/step.html", {
        "motion": motion, "form": form, "submit": _("Spara rättelsen"),
        "title": _("Rätta remissen till %(body)s") % {"body": referral.body},
        "current": _("Skickad %(sent)s.") % {"sent": referral.sent_on.isoformat()},
        "refused": _closed(referral),
    })


@login_required
@require_http_methods(["GET", "POST"])
def undo(request, referral_id):
    """Undo a referral sent by mistake, after confirmation."""
    referral = access.referral_for(request.user, referral_id, access.MANAGE)
    motion = referral.motion
    form = UndoForm(request.POST or None, initial={"version": motion.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            undo_referral(referral, reason=data["reason"], by=request.user, version=data["version"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Remissen till %(body)s är ångrad.") % {"body": referral.body})
            return redirect(motion)
    return render(request, "motions/step.html", {
        "motion": motion, "form": form, "submit": _("Ångra remissen"),
        "title": _("Ångra remissen till %(body)s") % {"body": referral.body},
        "current": _("Remissen skickades %(sent)s med svar senast %(due)s. Den tas bort från ärendet och från "
                     "inkorgen hos %(body)s; att den ångrades sparas i ärendets händelser. En remiss som ska dras "
                     "tillbaka men som inte var ett misstag återkallas i stället.")
        % {"sent": referral.sent_on.isoformat(), "due": referral.current_due_on.isoformat(),
           "body": referral.body},
        "refused": _undo_refusal(referral),
    })


def _undo_refusal(referral: Referral) -> str | None:
    """Why a referral cannot be undone, in words that say what to do instead."""
    if referral.status in (Referral.Status.ANSWERED, Referral.Status.DECLINED):
        return _("%(body)s har svarat på remissen; ett besvarat steg kan inte ångras, eftersom ärendet bygger på "
                 "svaret. Rätta svaret i stället.") % {"body": referral.body}
    return _closed(referral)


@login_required
@require_http_methods(["GET", "POST"])
def correct_answer(request, referral_id):
    """Correct a recorded answer: its date, paragraph, case number and text."""
    referral = access.referral_for(request.user, referral_id, access.MANAGE)
    motion = referral.motion
    response = getattr(referral, "response", None) if not referral.is_open else None
    form = AnswerCorrectionForm(request.POST or None, initial={
        "decided_on": response.decided_on, "paragraph": response.paragraph,
        "body_case_number": response.body_case_number, "text": response.text, "version": motion.version,
    } if response else {})
    if request.method == "POST" and response is not None and form.is_valid():
        data = form.cleaned_data
        try:
            correct_referral_answer(referral, decided_on=data["decided_on"], paragraph=data["paragraph"],
                                    body_case_number=data["body_case_number"], text=data["text"],
                                    reason=data["reason"], by=request.user, version=data["version"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Svaret från %(body)s är rättat.") % {"body": referral.body})
            return redirect(motion)
    refused = None
    if response is None:
        refused = _("%(body)s har inte svarat på remissen; det finns inget svar att rätta.") % {"body": referral.body}
    elif motion.is_closed:
        refused = _("Ärendet är avslutat och svaret rättas inte längre.")
    return render(request, "motions/step.html", {
        "motion": motion, "form": form, "submit": _("Spara rättelsen"),
        "title": _("Rätta svaret från %(body)s") % {"body": referral.body},
        "current": _("Svarets bilaga står kvar som den är."), "refused": refused,
    })
