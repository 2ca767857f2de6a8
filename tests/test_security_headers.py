"""The Content-Security-Policy: the site's own scripts, styles and images only, no inline script."""

import re
from pathlib import Path

from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import Client, RequestFactory

ROOT = Path(__file__).resolve().parent.parent
# Rendered to PDF by WeasyPrint or sent as e-mail, never shown as a page of the site (the admin's
# preview of a minute layout allows its inline styles on that page alone).
NOT_PAGES = ("templates/reminders/emails/", "templates/reminders/report.html", "templates/decisions/_document.html",
             "templates/decisions/extract.html", "templates/decisions/notice.html", "templates/decisions/protocol.html",
             "templates/decisions/announcement.html")


def directives(header: str) -> dict[str, str]:
    return {part.split()[0]: part.split(" ", 1)[1] for part in (p.strip() for p in header.split(";")) if part}


def test_every_page_carries_the_policy(seed_case):
    policy = directives(Client().get("/").headers["Content-Security-Policy"])
    assert policy == {
        "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:",
        "object-src": "'none'", "base-uri": "'self'", "form-action": "'self'", "frame-ancestors": "'none'",
    }


def test_a_header_set_by_the_view_is_kept():
    """A download that sets its own, stricter policy (say, `sandbox`) keeps it: django-csp sets its
    header only on a response without one."""
    def download(request):
        response = HttpResponse(b"%PDF-1.7", content_type="application/pdf")
        response["Content-Security-Policy"] = "sandbox"
        return response

    response = CSPMiddleware(download)(RequestFactory().get("/"))
    assert response["Content-Security-Policy"] == "sandbox"


def test_the_pages_templates_have_no_inline_script_handler_or_style():
    found = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        name = template.relative_to(ROOT).as_posix()
        if name.startswith(NOT_PAGES):
            continue
        text = template.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"\sstyle\s*=", r"<style\b",
                        r"javascript:"):
            found += [f"{name}: {match}" for match in re.findall(pattern, text)]
    assert found == []
