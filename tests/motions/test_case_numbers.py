"""The organisation's form of a case number: which forms are accepted, how a
number is written in one, the next number, a given number checked, and case
numbers of every form in the case's addresses."""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from lib.errors import DomainError
from motions.case_numbers import case_number_pattern, check_case_number, fits_format, format_case_number
from motions.models import CaseNumberSequence
from motions.services import file_motion, next_case_number
from organisation.case_numbers import DEFAULT_FORMAT, check_case_number_format
from organisation.models import Municipality

# The registries' own forms.
REAL = [
    ("{prefix}-{year}/{number}", "KS", 2021, 345, "KS-2021/345"),
    ("{prefix} {year}.{number:04}", "KS", 2019, 142, "KS 2019.0142"),
    ("{prefix} KF/{year}:{number}", "KS", 2025, 294, "KS KF/2025:294"),
    ("{year}/{prefix} {number:04}", "KS", 2011, 206, "2011/KS 0206"),
    ("{prefix} {year}-{number:05}", "RS", 2022, 317, "RS 2022-00317"),
    ("{prefix} {yy}/{number:03}", "KS", 2009, 7, "KS 09/007"),
    ("Dnr {prefix} {year}/{number}", "KS", 2024, 12345, "Dnr KS 2024/12345"),
]


def organisation(case_format: str, prefix: str = "KS") -> Municipality:
    return Municipality(name="Mälarviks kommun", case_prefix=prefix, case_number_format=case_format)


@pytest.mark.parametrize(("case_format", "prefix", "year", "number", "written"), REAL)
def test_a_real_form_is_accepted_and_writes_its_numbers(case_format, prefix, year, number, written):
    assert check_case_number_format(case_format) == case_format
    municipality = organisation(case_format, prefix)
    assert format_case_number(municipality, year, number) == written
    assert fits_format(municipality, written)


@pytest.mark.parametrize(("case_format", "message"), [
    ("{prefix}-{number}", r"ska innehålla året"),
    ("{prefix}-{year}", r"ska innehålla numret, \{number\}"),
    ("{prefix}-{year}/{nr}", r"Okänd platshållare \{nr\}"),
    ("{prefix}-{year}/{number!r}", r"Okänd platshållare \{number\}"),
    ("{prefix}/{year}/{number}", r"högst ett snedstreck"),
    ("{prefix}-{year}:{number}/", r"först eller sist"),
    ("{prefix}-{year}:{number}/KF", r"Efter snedstrecket ska året eller numret stå"),
    ("{prefix}-{year:04}/{number}", r"Bara numret kan fyllas ut med nollor"),
    ("{prefix}-{year}/{number:4}", r"Bara numret kan fyllas ut med nollor"),
    ("{prefix}-{year}/{number:07}", r"Bara numret kan fyllas ut med nollor"),
    ("{prefix}-{year}/{number}-{number}", r"\{number\} står två gånger"),
    ("{prefix}_{year}/{number}", r"Tecknet ”_” får inte stå i diarienumret"),
    ("{prefix}-{year}/{number}?", r"Tecknet ”\?” får inte stå"),
    ("{{prefix}}-{year}/{number}", r"Tecknet ”\{” får inte stå"),
    ("{prefix-{year}/{number}", r"Klammerparenteserna"),
    (" {prefix}-{year}/{number}", r"börja eller sluta med mellanslag"),
    ("", r"Ange diarienumrets form"),
    ("Kommunstyrelsens diarium {prefix} {year}/{number}", r"för långa: högst 30 tecken"),
])
def test_a_form_breaking_the_rules_is_refused_naming_what_is_wrong(case_format, message):
    with pytest.raises(DomainError, match=message) as refused:
        check_case_number_format(case_format)
    assert refused.value.field == "case_number_format"


def test_a_number_fits_the_form_exactly():
    municipality = organisation("{prefix} {year}.{number:04}")
    assert fits_format(municipality, "KS 2019.0142")
    assert fits_format(municipality, "KS 2019.12345")  # past the padding
    for other in ("KS 2019.142", "KS-2019/0142", "RS 2019.0142", "KS 19.0142", "ks 2019.0142", "KS 2019.0142 "):
        assert not fits_format(municipality, other), other
    assert case_number_pattern(organisation(DEFAULT_FORMAT)) == r"KS\-\d{4}/\d{1,6}"


def test_a_given_number_in_another_form_is_refused_showing_the_form():
    with pytest.raises(DomainError) as refused:
        check_case_number(organisation(DEFAULT_FORMAT), "KS 2021:345")
    assert (refused.value.field, refused.value.message) == (
        "case_number", "Diarienumret KS 2021:345 har inte formen KS-ÅÅÅÅ/NNN, till exempel KS-2021/345.")
    with pytest.raises(DomainError, match=r"har inte formen KS ÅÅÅÅ\.NNNN, till exempel KS 2021\.0345\.$"):
        check_case_number(organisation("{prefix} {year}.{number:04}"), "KS-2021/345")


def test_next_number_and_filing_take_the_organisations_form(huddinge, nujin, registrar):
    huddinge.case_number_format = "{year}/{prefix} {number:04}"
    huddinge.save()
    assert next_case_number(huddinge, 2021) == "2021/KS 0001"
    assert next_case_number(huddinge, 2021) == "2021/KS 0002"
    # The running number is the prefix's and the year's, whatever the form.
    assert CaseNumberSequence.objects.get(prefix="KS", year=2021).last_number == 2

    def file(**extra):
        return file_motion(huddinge, title="Fler cykelbanor", movers=[nujin], received_on=datetime.date(2021, 3, 8),
                           registered_on=datetime.date(2021, 3, 8), by=registrar, **extra)

    assert file().case_number == "2021/KS 0003"
    assert file(case_number="2021/KS 0100").case_number == "2021/KS 0100"
    with pytest.raises(DomainError, match=r"^Diarienumret KS-2021/101 har inte formen ÅÅÅÅ/KS NNNN, "
                                          r"till exempel 2021/KS 0345\.$") as refused:
        file(case_number="KS-2021/101")
    assert refused.value.field == "case_number"

    huddinge.case_number_format = "{prefix} {yy}.{number}"
    huddinge.save()
    assert file().case_number == "KS 21.4"  # the same sequence, in the new form


NUMBERS = ["KS-2021/345", "KS KF/2025:294", "RS 2022-00317", "2011/KS 0206", "KS 2019.0142", "Dnr KS 2024/12345"]


def _case_routes(resolver=None, namespace=""):
    """(name, namespaced name) of every URL that takes a case number."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _case_routes(entry, inner)
        elif isinstance(entry, URLPattern) and "<case_number:case_number>" in str(entry.pattern) and entry.name:
            yield f"{namespace}{entry.name}"


ROUTES = sorted(set(_case_routes()))


def test_every_case_route_is_found():
    assert {"cases:detail", "decisions:draft", "referrals:refer"} <= set(ROUTES)


@pytest.mark.parametrize("case_number", NUMBERS)
@pytest.mark.parametrize("route", ROUTES)
def test_every_case_route_takes_a_number_of_any_form_back_and_forth(route, case_number):
    # A route within the case may name more: a document's number (aktbilaga) in the case.
    document = route in ("documents:file", "documents:replace")
    kwargs = {"case_number": case_number, **({"number": 3} if document else {})}
    url = reverse(route, kwargs=kwargs)
    assert " " not in url
    match = resolve(url.replace("%20", " "))  # the path as Django hands it to the resolver
    assert (match.view_name, match.kwargs) == (route, kwargs)


def test_spaces_are_percent_encoded_and_colons_kept_as_the_path_allows():
    assert reverse("cases:detail", kwargs={"case_number": "KS KF/2025:294"}) == "/arenden/KS%20KF/2025:294/"
    assert reverse("decisions:draft", kwargs={"case_number": "RS 2022-00317"}) == (
        "/arenden/RS%202022-00317/forslag-till-beslut/")


def test_a_case_with_spaces_and_a_colon_opens_from_a_browser_address(client, huddinge, nujin, registrar):
    huddinge.case_number_format = "{prefix} KF/{year}:{number}"
    huddinge.save()
    motion = file_motion(huddinge, title="Fler cykelbanor", movers=[nujin], received_on=datetime.date(2025, 3, 8),
                         registered_on=datetime.date(2025, 3, 8), by=registrar)
    assert motion.case_number == "KS KF/2025:1"
    for address in (motion.get_absolute_url(), "/arenden/KS%20KF/2025%3A1/"):
        page = client.get(address)
        assert page.status_code == 200, address
        assert "KS KF/2025:1" in page.content.decode()
    assert client.get("/arenden/KS%20KF/2025%3A2/").status_code == 404
