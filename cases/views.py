import hashlib

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases.forms import CaseFilterForm
from cases.selectors import (
    CASE_DEFAULT_SORT,
    CASE_SORTS,
    case_columns,
    case_detail,
    case_list,
    followed_scope,
    my_cases_scope,
    my_motions_scope,
    public_case_key,
    status_labels,
)
from lib.listing import (
    EXACT_COUNT_UP_TO,
    Sorting,
    count_rows,
    export_format,
    export_response,
    keyset_page,
    page_query,
)
from lib.ratelimit import over_limit, too_many_requests
from motions import access as motion_access
from motions.forms import CaseOfficerForm
from motions.search import by_rank
from organisation.selectors import home_municipality, reference_generation


def _filters_html(request, form: CaseFilterForm, sorting: Sorting) -> str:
    """The list's filter form, rendered once for the same values and kept in the cache: its
    choices change only with the reference data (organisation.selectors.reference_generation),
    and rendering its fields is most of a page's cost."""
    values = [(name, request.GET.getlist(name)) for name in sorted(form.fields)]
    key = hashlib.sha256(repr((reference_generation(), get_language(), request.path,
                               sorting.value if sorting.chosen else "", values)).encode()).hexdigest()
    html = cache.get(f"filters:{key}")
    if html is None:
        html = render_to_string("cases/_filters.html", {"form": form, "sorting": sorting}, request=request)
        cache.set(f"filters:{key}", html, FILTERS_KEPT)
    return mark_safe(html)  # rendered from the template, escaped there


# How long a rendered filter form is kept (a new generation of reference data replaces it at once).
FILTERS_KEPT = 24 * 3600


def _case_list_page(request, *, title: str, filename: str, scope=None, empty: str = "", intro: str = ""):
    """A list of cases (all of them, or a person's own), filtered, ordered
    and paginated in the database, or exported with the same filter and order.
    A page is read from the row after the previous page's last (lib.listing.keyset_page),
    so that page 2,000 costs what page 1 does; above a thousand the count is the database's estimate."""
    fmt = export_format(request.GET)
    # An export or a search reads far more than a page: each is limited per client.
    if (fmt or request.GET.get("q")) and over_limit(request, "export" if fmt else "search"):
        return too_many_requests(request)
    form = CaseFilterForm(request.GET or None)
    # A value that is not valid is left out (and shown at its field); the others still filter.
    form.is_valid()
    filters = form.cleaned_data if form.is_bound else {}
    sorting = Sorting(CASE_SORTS, CASE_DEFAULT_SORT, request.GET)
    today = timezone.localdate()
    motions = case_list(filters, today=today, order=sorting.order_by(), scope=scope)
    if fmt:
        return export_response(fmt, filename=filename, title=title, rows=motions,
                               columns=case_columns(today=today, organisations=form.several_organisations))
    count = count_rows(motions)
    # Not asked for an order, a search lists its best matches first, when it can rank them all
    # (counted exactly); more than that are listed in the list's order, the latest filed first.
    searching = bool(filters.get("q")) and not sorting.chosen
    ranked = searching and not count.estimated and count.value <= EXACT_COUNT_UP_TO
    if ranked:
        motions = by_rank(motions)
    page = keyset_page(motions, sorting, request.GET, count=count, ordered=ranked)
    status_labels(page.object_list)
    return render(request, "cases/index.html", {
        "filters": _filters_html(request, form, sorting),
        "unranked": searching and not ranked, "ranked_up_to": EXACT_COUNT_UP_TO,
        "page": page, "form": form, "query": page_query(request.GET), "sorting": sorting,
        "headers": sorting.headers, "title": title, "empty": empty, "intro": intro, "everything": scope is None,
    })


@require_GET
def case_index(request):
    return _case_list_page(request, title=_("Motioner"), filename="motioner")


@login_required
@require_GET
def my_cases(request):
    """The cases the user prepares as case officer (handläggare)."""
    return _case_list_page(request, title=_("Mina ärenden"), filename="mina-arenden",
                           scope=my_cases_scope(request.user),
                           empty=_("Du är inte handläggare för något ärende som matchar urvalet."))


@login_required
@require_GET
def my_motions(request):
    """The motions the councillor the user is has moved."""
    person = getattr(getattr(request.user, "role", None), "person", None)
    intro = "" if person else _("Ditt konto är inte kopplat till en ledamot. Be administratören koppla det, så "
                                "visas dina motioner här.")
    return _case_list_page(request, title=_("Mina motioner"), filename="mina-motioner",
                           scope=my_motions_scope(request.user), intro=intro,
                           empty=_("Inga motioner av dig matchar urvalet."))


@login_required
@require_GET
def followed_cases(request):
    """The cases the user follows, and gets an e-mail about when their status changes."""
    return _case_list_page(request, title=_("Ärenden jag bevakar"), filename="bevakade-arenden",
                           scope=followed_scope(request.user),
                           intro=_("Du bevakar ett ärende från dess sida; du får e-post när dess status ändras."),
                           empty=_("Du bevakar inga ärenden som matchar urvalet."))


# How long the public's case page is kept at most; its key changes with every change of the case.
PUBLIC_CASE_SECONDS = 24 * 60 * 60


@require_GET
def case_page(request, case_number: str):
    if not request.user.is_authenticated:
        return _public_case_page(request, case_number)
    context = case_detail(case_number, user=request.user)
    motion = context["motion"]
    if motion_access.can(request.user, motion_access.MANAGE):
        # The registry names or changes the case officer here (motions:case_officer).
        context["officer_form"] = CaseOfficerForm(initial={"case_officer": motion.case_officer_id,
                                                           "version": motion.version})
    return render(request, "cases/detail.html", context)


def _public_case_page(request, case_number: str):
    """The case page as anyone not signed in sees it: the same for all of them, so
    built once and kept in the cache under a key that changes with the case
    (cases.selectors.public_case_key)."""
    key, motion = public_case_key(case_number)
    content = cache.get(key)
    if content is None:
        content = render_to_string("cases/_case.html", case_detail(case_number, user=request.user), request=request)
        cache.set(key, content, timeout=PUBLIC_CASE_SECONDS)
    return render(request, "cases/detail.html", {"motion": motion, "content": mark_safe(content)})  # noqa: S308


@require_GET
def accessibility(request):
    return render(request, "cases/accessibility.html", {"municipality": home_municipality()})
