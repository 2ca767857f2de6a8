"""The registry's publication review: the queue, a document's review page,
its file, and the organisation's rules per kind of document."""

import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lib.errors import DomainError
from organisation.models import Municipality
from publication import access, selectors
from publication.forms import AFTER_REVIEW, AT_ONCE, PublishForm, RulesForm, WithholdForm
from publication.models import Kind, PublicationState
from publication.services import publish, set_publication_rules, withhold

# The GET parameter that chooses the organisation (its id); without it, the first recorded.
ORGANISATION = "organisation"
# The queue's lists, by the GET parameter "visa": the default first.
LISTS = {
    "granskas": PublicationState.REVIEW,
    "publiceras-inte": PublicationState.WITHHELD,
    "publicerade": PublicationState.PUBLISHED,
}
# A file of the review is saved, never shown in the site's own origin; shown anyway, it runs nothing.
SANDBOX = "sandbox; default-src 'none'"


def _organisations(request) -> tuple[list[Municipality], Municipality | None]:
    """The installation's organisations, and the one asked for (the first
    recorded when the request names none, or one that is not there)."""
    organisations = list(Municipality.objects.order_by("id"))
    chosen = request.GET.get(ORGANISATION, "")
    return organisations, next((o for o in organisations if str(o.pk) == chosen),
                               organisations[0] if organisations else None)


def _queue_url(municipality_id: int | None, shown: str = "") -> str:
    query = "&".join(part for part in (f"{ORGANISATION}={municipality_id}" if municipality_id else "",
                                       f"visa={shown}" if shown else "") if part)
    return f"{reverse('publication:queue')}?{query}" if query else reverse("publication:queue")


@login_required
@require_GET
def queue(request):
    """The documents awaiting review, the oldest first, with why each waits;
    or those withheld, or those published lately."""
    access.check_reviewer(request.user)
    organisations, municipality = _organisations(request)
    shown = request.GET.get("visa", "")
    if shown not in LISTS:
        shown = next(iter(LISTS))
    state = LISTS[shown]
    municipality_id = municipality.pk if municipality else None
    # Published ones are counted by the million in a large installation: that list shows the latest only.
    rows, total = selectors.queue(state, municipality_id=municipality_id,
                                  count=state != PublicationState.PUBLISHED)
    return render(request, "publication/queue.html", {
        "rows": rows, "total": total, "state": state, "shown": shown, "length": selectors.QUEUE_LENGTH,
        "lists": [(key, PublicationState(value).label, _queue_url(municipality_id, key), key == shown)
                  for key, value in LISTS.items()],
        # The choice of organisation is offered only where there is one to make.
        "organisations": organisations if len(organisations) > 1 else [], "organisation": municipality,
    })


@login_required
@require_http_methods(["GET", "POST"])
def document(request, model: str, document_id: int):
    """A document under review: what it is, where the scan found personal
    identity numbers, its file, its history; published or withheld here."""
    document = access.document_for(request.user, model, document_id)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    publish_form = PublishForm(request.POST if action == "publish" else None)
    withhold_form = WithholdForm(request.POST if action == "withhold" else None, initial={
        "ground": document.withheld_ground, "reason": document.withheld_reason})
    if request.method == "POST":
        form = {"publish": publish_form, "withhold": withhold_form}.get(action)
        if form is None:
            messages.error(request, _("Välj att publicera handlingen eller att den inte ska publiceras."))
            return redirect(selectors.review_url(document))
        if form.is_valid():
            try:
                if form is publish_form:
                    publish(document, by=request.user)
                else:
                    withhold(document, ground=form.cleaned_data["ground"], reason=form.cleaned_data["reason"],
                             by=request.user)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                done = (_("%(document)s är publicerad.") if form is publish_form
                        else _("%(document)s publiceras inte på webben."))
                messages.success(request, done % {"document": document.publication_title()})
                return redirect(_queue_url(document.publication_municipality_id()))
    refusal = document.publication_refusal()
    return render(request, "publication/document.html", {
        "document": document, "title": document.publication_title(),
        "kind": Kind(document.publication_kind()).label,
        "place_url": document.publication_place_url(),
        "file_url": reverse("publication:file", kwargs={"model": model, "document_id": document.pk}),
        "history": selectors.decisions_for(document),
        "refusal": refusal,
        "can_publish": refusal is None and document.publication_state != PublicationState.PUBLISHED,
        "publish_form": publish_form, "withhold_form": withhold_form,
        "queue_url": _queue_url(document.publication_municipality_id()),
    })


@login_required
@require_GET
def file(request, model: str, document_id: int):
    """The document's file, for the registry to read before deciding."""
    document = access.document_for(request.user, model, document_id)
    stored = document.publication_file()
    try:
        opened = stored.open("rb")
    except (FileNotFoundError, ValueError):  # ValueError: no file at all
        raise Http404(_("Filen finns inte i dokumentlagret.")) from None
    content_type = mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    name = f"{slugify(document.publication_title())[:100] or 'handling'}{PurePath(stored.name).suffix.lower()}"
    response = FileResponse(opened, content_type=content_type, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    # Not yet public, or never: not kept by a shared cache or left in the browser's.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def rules(request):
    """The organisation's rule for each kind of document: published at once
    (unless the scan finds personal identity numbers) or after review."""
    access.check_reviewer(request.user)
    organisations, municipality = _organisations(request)
    if municipality is None:
        raise Http404
    current = selectors.rules_of(municipality.pk)
    form = RulesForm(request.POST or None, initial={
        kind.value: AFTER_REVIEW if kind.value in current and current[kind.value].review_first else AT_ONCE
        for kind in Kind})
    if request.method == "POST" and form.is_valid():
        try:
            changed = set_publication_rules(municipality, review_first=form.review_first(), by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if changed:
                messages.success(request, _("Reglerna för %(organisation)s är sparade. De gäller handlingar som "
                                            "registreras eller justeras från och med nu.")
                                 % {"organisation": municipality})
            else:
                messages.info(request, _("Inga regler ändrades."))
            return redirect(f"{reverse('publication:rules')}?{ORGANISATION}={municipality.pk}")
    return render(request, "publication/rules.html", {
        "form": form, "organisation": municipality,
        "organisations": organisations if len(organisations) > 1 else [],
        "changes": [(Kind(kind).label, rule) for kind, rule in current.items() if rule.changed_at],
    })
