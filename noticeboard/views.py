"""The notice board's pages: the board as it is today, its archive and feed
(public), a notice of the registry's, and the registry's pages for putting
notices up, correcting them and taking them down early."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from documents.views import SANDBOX
from lib.errors import AlreadyDone, DomainError
from lib.listing import AFTER, PAGE, page_query
from noticeboard import access
from noticeboard.forms import ArchiveFilterForm, CorrectNoticeForm, NoticeForm, TakeDownForm
from noticeboard.models import Notice
from noticeboard.selectors import Cursor, archive, archive_years, municipalities, on_board
from noticeboard.services import add_notice, correct_notice, take_down_notice


@require_GET
def choose(request):
    """The notice boards: straight to the one when the installation serves one organisation."""
    organisations = list(municipalities())
    if len(organisations) == 1:
        return redirect("noticeboard:board", municipality_id=organisations[0].pk)
    return render(request, "noticeboard/choose.html", {"organisations": organisations})


@require_GET
def board(request, municipality_id: int):
    """What is on the organisation's notice board today, and how to appeal."""
    municipality = access.municipality_for(request.user, municipality_id)
    return render(request, "noticeboard/board.html", {
        "board": on_board(municipality, timezone.localdate()), "municipality": municipality,
        "registry": access.can_manage(request.user),
    })


@require_GET
def archive_page(request, municipality_id: int):
    """The notices that have come down, with the days they were up, latest
    first; by year, body and kind, a bounded page at a time."""
    municipality = access.municipality_for(request.user, municipality_id)
    today = timezone.localdate()
    form = ArchiveFilterForm(request.GET or None, municipality=municipality, years=archive_years(municipality, today))
    form.is_valid()  # a value that is not valid is left out, and shown at its field
    filters = form.cleaned_data if form.is_bound else {}
    after = Cursor.parse(request.GET.get(AFTER))
    page = archive(municipality, today, year=filters.get("year"), body=filters.get("body"),
                   section=filters.get("kind") or None, after=after)
    base = page_query(request.GET)
    next_query = "&".join(part for part in (base, f"{AFTER}={page.next_cursor}") if part) if page.next_cursor else None
    return render(request, "noticeboard/archive.html", {
        "municipality": municipality, "form": form, "page": page, "next_query": next_query,
        "first_query": base if after else None,
    })


@require_GET
def notice(request, notice_id: int):
    """A notice of the registry's: public once published; the registry sees it at any time, with its history."""
    notice = access.notice_for(request.user, notice_id)
    registry = access.can_manage(request.user)
    today = timezone.localdate()
    return render(request, "noticeboard/notice.html", {
        "notice": notice, "municipality": notice.municipality, "registry": registry,
        "up": notice.posted_on <= today < notice.removed_on,
        "open": notice.removed_on > today and not notice.removal_reason,
        "history": notice.events.select_related("recorded_by") if registry else [],
    })


@require_GET
def notice_file(request, notice_id: int):
    """A notice's PDF, saved rather than shown in the site's own origin (as the case documents)."""
    notice = access.notice_for(request.user, notice_id)
    if not notice.file:
        raise Http404
    try:
        opened = notice.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(opened, content_type="application/pdf", as_attachment=True,
                            filename=f"anslag-{notice.posted_on:%Y-%m-%d}-{notice.pk}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    return response


# --- The registry's pages ---------------------------------------------------

@login_required
@require_GET
def notices(request, municipality_id: int):
    """Every notice the registry has put up for the organisation, latest first, in any state."""
    municipality = access.municipality_for(request.user, municipality_id, access.MANAGE)
    listed = Notice.objects.filter(municipality=municipality).select_related("body").order_by("-posted_on", "-id")
    page = Paginator(listed, 30).get_page(request.GET.get(PAGE))
    return render(request, "noticeboard/notices.html", {
        "municipality": municipality, "page": page, "today": timezone.localdate(),
        "query": page_query(request.GET)})


@login_required
@require_http_methods(["GET", "POST"])
def add(request, municipality_id: int):
    municipality = access.municipality_for(request.user, municipality_id, access.MANAGE)
    today = timezone.localdate()
    form = NoticeForm(request.POST or None, request.FILES or None, municipality=municipality,
                      initial={"posted_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = add_notice(municipality, title=data["title"], text=data["text"], body=data["body"],
                                posted_on=data["posted_on"], removed_on=data["removed_on"], file=data["file"],
                                submission=data["submission"], by=request.user)
        except AlreadyDone as done:
            messages.info(request, done.message)
            return redirect(done.record)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Anslaget är registrerat. %(state)s")
                             % {"state": _published_text(notice)})
            return redirect(notice)
    return render(request, "noticeboard/notice_form.html", {
        "municipality": municipality, "form": form, "title": _("Nytt anslag"), "submit": _("Sätt upp anslaget"),
        "cancel": reverse("noticeboard:notices", args=[municipality.pk]),
    })


def _published_text(notice: Notice) -> str:
    if notice.is_published:
        return _("Det syns på anslagstavlan från %(on)s.") % {"on": notice.posted_on.isoformat()}
    return _("Det syns inte på anslagstavlan förrän det har granskats: %(cause)s.") % {
        "cause": notice.get_review_cause_display() or notice.get_publication_state_display()}


def _closed(notice: Notice) -> str | None:
    """Why the notice can no longer be changed, or None."""
    if notice.removal_reason:
        return _("Anslaget togs ned i förtid (%(on)s) och kan inte längre ändras.") % {
            "on": notice.removed_on.isoformat()}
    if notice.removed_on <= timezone.localdate():
        return _("Anslaget togs ned %(on)s och kan inte längre ändras.") % {"on": notice.removed_on.isoformat()}
    return None


@login_required
@require_http_methods(["GET", "POST"])
def correct(request, notice_id: int):
    notice = access.notice_for(request.user, notice_id, access.MANAGE)
    form = CorrectNoticeForm(request.POST or None, request.FILES or None, municipality=notice.municipality,
                             has_file=bool(notice.file), initial={
                                 "title": notice.title, "body": notice.body, "text": notice.text,
                                 "posted_on": notice.posted_on, "removed_on": notice.removed_on})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = correct_notice(notice, title=data["title"], text=data["text"], body=data["body"],
                                    posted_on=data["posted_on"], removed_on=data["removed_on"], file=data["file"],
                                    remove_file=data.get("remove_file", False), reason=data["reason"],
                                    by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Anslaget är rättat. %(state)s") % {"state": _published_text(notice)})
            return redirect(notice)
    return render(request, "noticeboard/notice_form.html", {
        "municipality": notice.municipality, "notice": notice, "form": form, "title": _("Rätta anslaget"),
        "submit": _("Spara rättelsen"), "cancel": notice.get_absolute_url(), "refused": _closed(notice),
    })


@login_required
@require_http_methods(["GET", "POST"])
def take_down(request, notice_id: int):
    notice = access.notice_for(request.user, notice_id, access.MANAGE)
    form = TakeDownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = take_down_notice(notice, reason=form.cleaned_data["reason"], by=request.user)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Anslaget är nedtaget."))
            return redirect(notice)
    today = timezone.localdate()
    # A notice is on the board by the day: one taken down the day it went up was never up, nor archived.
    if notice.posted_on < today:
        consequences = [
            _("Anslaget tas ned från anslagstavlan i dag, %(today)s, i stället för %(on)s.")
            % {"today": today.isoformat(), "on": notice.removed_on.isoformat()},
            _("Det finns kvar i arkivet med dagarna det satt uppe och skälet du anger."),
        ]
    elif notice.posted_on == today:
        consequences = [_("Anslaget sattes upp i dag och tas ned nu: det räknas som aldrig uppsatt och förs inte "
                          "till arkivet.")]
    else:
        consequences = [_("Anslaget skulle ha satts upp %(on)s; det sätts aldrig upp.")
                        % {"on": notice.posted_on.isoformat()}]
    return render(request, "noticeboard/notice_form.html", {
        "municipality": notice.municipality, "notice": notice, "form": form, "title": _("Ta ned anslaget i förtid"),
        "submit": _("Ta ned anslaget"), "cancel": notice.get_absolute_url(), "refused": _closed(notice),
        "consequences": consequences,
    })
