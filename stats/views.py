import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lib.listing import export_format, export_response
from lib.ratelimit import over_limit, too_many_requests
from stats.forms import StatisticsFilterForm
from stats.sections import SECTIONS, sections
from stats.selectors import FIGURES_KEPT, figures, figures_key

CHART = "chart"


@require_GET
def statistics(request):
    """The public statistics page: an organisation's motions in charts, each with its figures as a
    table and as a file (?format=csv&chart=<name>, stats.sections). The page's content is the same
    for everyone who asks for the same filters in the same language, so it is rendered once and
    kept in the cache under the figures' key (stats.selectors.figures_key), which changes with
    every step of the organisation's cases."""
    form = StatisticsFilterForm(request.GET or None)
    # A value that is not valid is left out (and shown at its field); the others still filter.
    valid = form.is_valid() if form.is_bound else True
    filters = form.filters()
    fmt = export_format(request.GET)
    if filters is None:  # no organisation recorded yet: nothing to count, nor to download
        return render(request, "stats/index.html", {"content": ""}, status=404 if fmt else 200)
    today = timezone.localdate()
    key = figures_key(filters, today=today)
    if fmt:
        chart = request.GET.get(CHART, "")
        if chart not in SECTIONS:
            raise Http404(_("Det finns inget diagram med det namnet."))
        if valid:
            if over_limit(request, "statistics"):
                return too_many_requests(request)
            section = SECTIONS[chart](figures(filters, today=today, key=key))
            return export_response(fmt, filename=f"statistik-{chart}", title=section.heading,
                                   columns=section.columns, rows=section.rows)
    page_key = None
    if valid:
        values = [(name, request.GET.getlist(name)) for name in sorted(form.fields)]
        page_key = "stats-page:" + hashlib.sha256(repr((key, get_language(), values)).encode()).hexdigest()
    content = cache.get(page_key) if page_key else None
    if content is None:
        # Counting a new choice of filters reads the organisation's cases: limited per client.
        if over_limit(request, "statistics"):
            return too_many_requests(request)
        shown = figures(filters, today=today, key=key)
        content = render_to_string("stats/_content.html", {
            "form": form, "figures": shown, "sections": sections(shown), "filters": filters,
            "query": urlencode(form.query()),
        }, request=request)
        if page_key:
            cache.set(page_key, content, timeout=FIGURES_KEPT)
    # A file asked for with filters that are not valid: the page with what to correct, not a file
    # of figures other than those asked for.
    status = 400 if fmt else 200
    return render(request, "stats/index.html", {"content": mark_safe(content)}, status=status)  # noqa: S308
