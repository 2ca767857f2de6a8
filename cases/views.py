from django.core.paginator import Paginator
from django.shortcuts import render

from cases.selectors import case_detail, case_list


def case_index(request):
    page = Paginator(case_list(), 25).get_page(request.GET.get("sida"))
    return render(request, "cases/index.html", {"page": page})


def case_page(request, case_number: str):
    return render(request, "cases/detail.html", case_detail(case_number))
