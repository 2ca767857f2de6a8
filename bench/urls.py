"""The product's URLs and, for the benchmarks only, a bare Django template
view: a small page rendered from a template with no database query, served
by the same server and middleware as the product's pages."""

from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as product


def bare(request):
    return render(request, "bench/bare.html", {"rows": range(1, 26)})


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *product]
