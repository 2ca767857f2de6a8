from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cases.forms import CaseFilterForm
from cases.selectors import case_detail, case_list
from motions import access as motion_access
from motions.forms import CaseOfficerForm
from organisation.selectors import home_municipality


@require_GET
def case_index(request):
    form = CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(case_list(filters), 25).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(request, "cases/index.html", {"page": page, "form": form, "query": query.urlencode()})


@require_GET
def case_page(request, case_number: str):
    context = case_detail(case_number, user=request.user)
    motion = context["motion"]
    if motion_access.can(request.user, motion_access.MANAGE):
        # The registry names or changes the case officer here (motions:case_officer).
        context["officer_form"] = CaseOfficerForm(initial={"case_officer": motion.case_officer_id,
                                                           "version": motion.version})
    return render(request, "cases/detail.html", context)


@require_GET
def accessibility(request):
    return render(request, "cases/accessibility.html", {"municipality": home_municipality()})
