"""Every form and every list, for every role, sent what the open internet sends: numbers of 5,000
digits, 100 kB of text, NUL characters, lone surrogates, right-to-left marks, combining characters,
emoji, impossible dates and times, negative numbers, empty, missing and repeated fields. Each is
answered with a page, never a 500, and a refused form writes nothing.

The forms are found as a browser finds them: each page of every URL (tests/test_authorization.py's
walk) is fetched, and each <form method="post"> on it is sent, first with the valid values of
test_authorization (or the page's own), then changed a field at a time and as a whole. Each sending
is rolled back, so that each starts from the same world. The lists' GET forms and their page, sort
and format parameters are changed a parameter at a time. A fixed set of values, so that a run is
the same every time and stays within a minute on SQLite."""

from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from tests import test_authorization as authorization
from tests.test_authorization import ROLES, _state, _valid_posts, url_for, url_names

# test_authorization's world: its fixtures, used here under the same names.
shared_world, world = authorization.shared_world, authorization.world

# Each a value as sent on the wire, percent-encoded: a lone surrogate cannot be written in UTF-8, so
# it is sent as the bytes a careless encoder writes for it.
VALUES = {
    "5000 digits": quote("9" * 5000),
    "beyond 64 bits": "99999999999999999999",
    "negative": "-1",
    "100 kB": quote("å" * 50_000),
    "NUL": quote("a\x00b"),
    "lone surrogate": "%ED%A0%80",
    "odd Unicode": quote("\u202eRTL\u200f e\u0301\u0301\u0301 \U0001f600 \ufeff"),
    "no date": quote("2026-02-30"),
    "no time": quote("25:61"),
    "empty": "",
}
# Changed a field at a time, the rest valid: what passes a field's own check and reaches the services
# and the database (an id beyond any column to a field holding a number, text with NUL or too long to
# another). What a field refuses by itself is sent to every field at once.
NUMBER_FIELD = ("beyond 64 bits",)
TEXT_FIELD = ("NUL", "100 kB")
# Pages whose forms are not the product's or whose sending ends the test's session.
SKIPPED = {"admin", "logout", "set_language"}


class Forms(HTMLParser):
    """The forms of a page: method, action and fields ([(name, value)], as a browser would send
    them untouched; the submit buttons' apart)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action"),
                               "fields": [], "buttons": [], "names": []})
            return
        if not self.forms:
            return
        form, name = self.forms[-1], attrs.get("name")
        if name and name not in form["names"] and tag in ("input", "select", "textarea"):
            form["names"].append(name)
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind == "file":
                return
            if kind == "submit":
                form["buttons"].append((name, attrs.get("value") or ""))
            elif kind not in ("checkbox", "radio") or "checked" in attrs:
                form["fields"].append((name, attrs.get("value") or ""))
        elif tag == "button" and name:
            form["buttons"].append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = [name, None, None]  # name, first option, selected option
        elif tag == "option" and self._select:
            value = attrs.get("value") or ""
            if self._select[1] is None:
                self._select[1] = value
            if "selected" in attrs:
                self._select[2] = value
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            name, first, chosen = self._select
            self.forms[-1]["fields"].append((name, chosen if chosen is not None else first or ""))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.forms[-1]["fields"].append(tuple(self._textarea))
            self._textarea = None


def forms_of(page: str, method: str) -> list[dict]:
    parser = Forms()
    parser.feed(page)
    return [form for form in parser.forms if form["method"] == method]


def encode(fields: list[tuple[str, str]]) -> str:
    """The fields percent-encoded; a value already encoded (VALUES) as it is."""
    return "&".join(f"{quote(name)}={value}" for name, value in fields)


def plain(fields) -> list[tuple[str, str]]:
    return [(name, quote(value)) for name, value in fields]


def valid_fields(form: dict, view: str, posts: dict) -> list[tuple[str, str]]:
    """The form's fields as the page gives them, with test_authorization's valid values over them."""
    fields = plain(form["fields"])
    valid = posts.get(view, {})
    if valid:
        given = [(name, value) for name, values in valid.items() if isinstance(values, (str, int, list))
                 for value in (values if isinstance(values, list) else [values])]
        fields = [(n, v) for n, v in fields if n not in valid] + plain((n, str(v)) for n, v in given)
    return fields + plain(form["buttons"][:1])


def mutations(fields: list[tuple[str, str]], names: list[str]):
    """(what, fields, whether it may pass the form's checks) for each changed sending of a form."""
    for name in names:
        number = all(v.isdecimal() for n, v in fields if n == name) and any(n == name for n, _v in fields)
        for what in NUMBER_FIELD if number else TEXT_FIELD:
            yield f"{name}={what}", [(n, v) for n, v in fields if n != name] + [(name, VALUES[what])], True
    for what, value in VALUES.items():
        yield (f"every field {what}", [(name, value) for name in names] + [f for f in fields if f[0] not in names],
               False)
    yield "no fields", [], False
    yield "every field twice", fields + [(name, VALUES["5000 digits"]) for name in names], False


def client_as(users, role) -> Client:
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    return client


def pages(kwargs, culture):
    for name in sorted(set(url_names()) - SKIPPED):
        yield name, url_for(name, kwargs, culture)


def view_of(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


@pytest.mark.parametrize("role", ROLES)
def test_no_form_answers_500_to_anything_sent(world, body, role):
    from motions.models import Motion

    kwargs, users, culture = world
    client = client_as(users, role)
    motion = Motion.objects.get(case_number=kwargs["case_number"])
    posts = _valid_posts(kwargs, motion.version, body("Grundskolenämnden").pk)
    seen = set()
    for _name, url in pages(kwargs, culture):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in forms_of(response.content.decode(), "post"):
            action = urlsplit(form["action"] or url).path or url
            view = view_of(action)
            if view is None or view in SKIPPED or (view, action) in seen:
                continue
            seen.add((view, action))
            fields = valid_fields(form, view, posts)
            for what, sent, may_pass in mutations(fields, form["names"]):
                before = _state() if may_pass else None
                with transaction.atomic():
                    response = client.generic("POST", action, encode(sent),
                                              content_type="application/x-www-form-urlencoded")
                    assert response.status_code < 500, (view, what)
                    if may_pass and (response.status_code == 200 or response.status_code >= 400):  # refused
                        assert _state() == before, (view, what)
                    transaction.set_rollback(True)


@pytest.mark.parametrize("role", ["anonymous", "secretary", "registry"])
def test_no_list_answers_500_to_any_parameter(world, role):
    kwargs, users, culture = world
    client = client_as(users, role)
    for _name, url in pages(kwargs, culture):
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        forms = forms_of(response.content.decode(), "get")
        if not forms:
            continue
        names = sorted({"page", "sort", "format"} | {name for form in forms for name in form["names"]})
        for what, value in VALUES.items():  # every parameter at once
            response = client.get(f"{url}?{encode([(name, value) for name in names])}")
            assert response.status_code < 500, (url, what)
        for name in names:  # a number beyond any column in one, twice, the others left out
            for what in ("5000 digits", "beyond 64 bits"):
                response = client.get(f"{url}?{encode([(name, '1'), (name, VALUES[what])])}")
                assert response.status_code < 500, (url, name, what)


def test_an_id_in_an_address_beyond_any_row_is_not_found(world):
    kwargs, users, culture = world
    client = client_as(users, "registry")
    for name in sorted(set(url_names()) - SKIPPED):
        url = url_for(name, kwargs, culture)
        for number in ("9" * 5000, "99999999999999999999", "9223372036854775808"):
            # Every whole number in the address replaced, as a visitor may type it.
            parts = [number if part.isdigit() else part for part in url.split("/")]
            changed = "/".join(parts)
            if changed == url:
                break
            response = client.get(changed)
            assert response.status_code in (302, 404, 405), (name, number, response.status_code)
