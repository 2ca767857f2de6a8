"""The case list: filters, search, order, pagination, exports, a person's own lists, and a constant
number of queries."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motions.services import file_motion
from referrals.services import ReferralRequest, refer_motion
from tests.conftest import d
from tests.support.shared_data import shared_fixture


def today():
    return d("2026-11-26")


@shared_fixture("shared_cases", after="shared_seed_case")
def shared_cases(shared_huddinge):
    """The two cases beside the seed case, filed once for the module's tests; their pks."""
    from unittest import mock

    from organisation.models import Body, Municipality, Party, Person
    from tests.conftest import _user

    huddinge = Municipality.objects.get(pk=shared_huddinge)
    registrar = _user("registrator")  # as the fixture of that name
    with mock.patch("django.utils.timezone.localdate", lambda *args, **kwargs: today()):
        anna = Person.objects.create(municipality=huddinge, name="Anna Andersson",
                                     party=Party.objects.get(abbreviation="M"))
        parks = file_motion(huddinge, title="Fler parkbänkar", movers=[anna], received_on=d("2023-02-01"),
                            by=registrar)
        culture = Body.objects.get(municipality=huddinge, name="Kultur- och fritidsnämnden")
        refer_motion(parks, requests=[ReferralRequest(culture, d("2023-06-01"))],
                     sent_on=d("2023-02-10"), by=registrar)
        lights = file_motion(huddinge, title="Belysning i parker", movers=[Person.objects.get(name="Nujin Alacabek")],
                             received_on=d("2026-06-01"), by=registrar)
    return {"parks": parks.pk, "lights": lights.pk}


@pytest.fixture
def cases(seed_case, huddinge, nujin, body, registrar, monkeypatch, shared_cases):
    from motions.models import Motion

    # The clock: "past the one-year mark" depends on today.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: today())
    return {"seed": seed_case, **{name: Motion.objects.get(pk=pk) for name, pk in shared_cases.items()}}


def titles(client, query=""):
    html = client.get("/" + query).content.decode()
    return [t for t in ("Inför en avhopparverksamhet", "Fler parkbänkar", "Belysning i parker") if t in html]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Inför en avhopparverksamhet", "Fler parkbänkar", "Belysning i parker"]),
        ("?q=parkbänk", ["Fler parkbänkar"]),  # whole words, stemmed (motions.search)
        ("?status=answered", ["Inför en avhopparverksamhet"]),
        ("?status=open", ["Fler parkbänkar", "Belysning i parker"]),
        ("?year=2023", ["Fler parkbänkar"]),
        ("?party=M", ["Fler parkbänkar"]),
        ("?party=V", ["Inför en avhopparverksamhet", "Belysning i parker"]),
        ("?overdue=on", ["Fler parkbänkar"]),
    ],
)
def test_filters(client, cases, query, expected):
    assert titles(client, query) == expected


def test_filter_by_mover_and_by_body_with_an_open_referral(client, cases, nujin, body):
    assert titles(client, f"?mover={nujin.pk}") == ["Inför en avhopparverksamhet", "Belysning i parker"]
    culture = body("Kultur- och fritidsnämnden")
    assert titles(client, f"?body={culture.pk}") == ["Fler parkbänkar"]  # the seed's is answered


@pytest.mark.parametrize("query", ["?year=abc", "?party=XX", "?mover=999999", "?status=lost", "?sida=-1",
                                   "?sida=abc", "?body=x", "?q=" + "x" * 500])
def test_bad_filter_values_never_fail(client, cases, query):
    response = client.get("/" + query)
    assert response.status_code == 200


def test_pagination_keeps_the_filters(client, huddinge, nujin, registrar):
    """In an order asked for, a page is read from the row after the previous page's last."""
    import re

    for i in range(30):
        file_motion(huddinge, title=f"Motion om park {i}", movers=[nujin], received_on=d("2024-01-10"),
                    by=registrar)
    html = client.get("/?q=park&ordning=-filed").content.decode()
    assert "Sida 1 av 2" in html and "Föregående" not in html
    # The next page starts after the last case shown, and keeps the filter.
    (after,) = re.findall(r'href="\?q=park&amp;ordning=-filed&amp;efter=(\d+)&amp;sida=2">Nästa', html)
    first = re.findall(r"Motion om park \d+", html)
    second_html = client.get(f"/?q=park&ordning=-filed&efter={after}&sida=2").content.decode()
    assert "Sida 2 av 2" in second_html and "Nästa" not in second_html
    second = re.findall(r"Motion om park \d+", second_html)
    assert len(first) == 25 and len(second) == 5
    assert set(first) | set(second) == {f"Motion om park {i}" for i in range(30)}
    # Back again: the first page, as it was.
    assert 'href="?q=park&amp;ordning=-filed">Föregående' in second_html
    # A page asked for by its number alone (a bookmark) is the same page.
    assert re.findall(r"Motion om park \d+", client.get("/?q=park&ordning=-filed&sida=2").content.decode()) == second


def test_a_search_with_few_matches_is_ranked_and_paged_in_that_order(client, huddinge, nujin, registrar):
    import re

    for i in range(30):
        file_motion(huddinge, title=f"Motion om park {i}", movers=[nujin], received_on=d("2024-01-10"),
                    by=registrar)
    best = file_motion(huddinge, title="Park, park och parker", summary="Parken i parken.", movers=[nujin],
                       received_on=d("2020-01-10"), by=registrar)
    html = client.get("/?q=park").content.decode()
    assert "Sida 1 av 2" in html and "de senast väckta visas först" not in html
    assert re.findall(r"Motion om park \d+|Park, park och parker", html)[0] == best.title
    assert 'href="?q=park&amp;sida=2">Nästa' in html
    second = client.get("/?q=park&sida=2").content.decode()
    assert len(re.findall(r"Motion om park \d+", second)) == 6 and 'href="?q=park">Föregående' in second


def test_a_page_before_a_case_is_the_page_that_led_to_it(client, huddinge, nujin, registrar):
    import re

    for i in range(60):
        file_motion(huddinge, title=f"Motion {i}", movers=[nujin], received_on=d("2024-01-10"), by=registrar)
    pages, url = [], "/?ordning=title"
    while url:
        html = client.get(url.replace("&amp;", "&")).content.decode()
        pages.append(re.findall(r">(Motion \d+)</a>", html))
        found = re.findall(r'href="(\?[^"]*)">Nästa', html)
        url = "/" + found[0] if found else None
    assert [len(page) for page in pages] == [25, 25, 10]
    assert sum(pages, []) == sorted(f"Motion {i}" for i in range(60))
    (back,) = re.findall(r'href="(\?[^"]*)">Föregående', html)
    assert re.findall(r">(Motion \d+)</a>", client.get("/" + back.replace("&amp;", "&")).content.decode()) == pages[1]


@pytest.mark.parametrize("url", ["/", "/?status=open&party=V&overdue=on", "/arenden/KS-2021/1/"])
def test_list_and_case_pages_answer_in_the_same_number_of_queries_for_1_and_50_cases(
        client, huddinge, nujin, body, registrar, url):
    def add(n):
        for i in range(n):
            motion = file_motion(huddinge, title=f"Motion {i}", movers=[nujin], received_on=d("2021-03-01"),
                                 registered_on=d("2021-03-01"), clauses=["att", "att"], by=registrar)
            refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-06-01")),
                                           ReferralRequest(body("Grundskolenämnden"), d("2021-06-01"))],
                         sent_on=d("2021-03-10"), by=registrar)

    add(1)
    cache.clear()  # both counted with nothing cached
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add(49)
    cache.clear()
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(url).status_code == 200
    assert len(fifty) == len(one)


@pytest.mark.parametrize("url", ["/remisser/", "/arenden/KS-2021/1/", "/arenden/KS-2021/1/remittera/",
                                 "/arenden/KS-2021/1/protokollfor/", "/"])
@pytest.mark.parametrize("who", ["registry_user", "social_secretary"])
def test_signed_in_pages_answer_in_the_same_number_of_queries_for_1_and_50_cases(
        client, huddinge, nujin, body, registrar, url, who, request):
    client.force_login(request.getfixturevalue(who))

    def add(n):
        for i in range(n):
            motion = file_motion(huddinge, title=f"Motion {i}", movers=[nujin], received_on=d("2021-03-01"),
                                 registered_on=d("2021-03-01"), by=registrar)
            refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-06-01")),
                                           ReferralRequest(body("Grundskolenämnden"), d("2021-06-01"))],
                         sent_on=d("2021-03-10"), by=registrar)

    add(1)
    cache.clear()  # both counted with nothing cached
    with CaptureQueriesContext(connection) as one:
        status = client.get(url).status_code
    add(49)
    cache.clear()
    with CaptureQueriesContext(connection) as fifty:
        assert client.get(url).status_code == status
    assert len(fifty) == len(one)


# --- Order, organisation, exports ---------------------------------------------

TITLES = ("Inför en avhopparverksamhet", "Fler parkbänkar", "Belysning i parker")


def shown(html: str) -> list[str]:
    """The cases' titles in the order the page shows them."""
    return sorted((t for t in TITLES if t in html), key=html.index)


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["Belysning i parker", "Fler parkbänkar", "Inför en avhopparverksamhet"]),
    ("?ordning=filed", ["Inför en avhopparverksamhet", "Fler parkbänkar", "Belysning i parker"]),
    ("?ordning=title", ["Belysning i parker", "Fler parkbänkar", "Inför en avhopparverksamhet"]),
    ("?ordning=-title", ["Inför en avhopparverksamhet", "Fler parkbänkar", "Belysning i parker"]),
    # Status in the order of a case's path: Väckt, På remiss, ..., Anses besvarad.
    ("?ordning=status", ["Belysning i parker", "Fler parkbänkar", "Inför en avhopparverksamhet"]),
    ("?ordning=-status&status=open", ["Fler parkbänkar", "Belysning i parker"]),
    ("?ordning=nonsense", ["Belysning i parker", "Fler parkbänkar", "Inför en avhopparverksamhet"]),
])
def test_the_list_is_ordered_by_the_column_asked_for(client, cases, query, expected):
    assert shown(client.get("/" + query).content.decode()) == expected


def test_the_ordered_column_says_so_and_its_header_turns_the_order_round(client, cases):
    html = client.get("/?party=V&ordning=title").content.decode()
    assert '<th scope="col" aria-sort="ascending"><a class="sort-link" href="?party=V&amp;ordning=-title">' in html
    assert html.count("aria-sort=") == 1
    # The filter form keeps the order; the export links keep filter and order.
    assert '<input type="hidden" name="ordning" value="title">' in html
    assert 'href="?party=V&amp;ordning=title&amp;format=csv"' in html


def test_a_bad_filter_value_is_left_out_and_the_others_still_filter(client, cases):
    html = client.get("/?year=abc&party=M").content.decode()
    assert shown(html) == ["Fler parkbänkar"]
    assert "is-invalid" in html  # the bad value is shown at its field


def test_the_organisation_filter_is_offered_where_there_are_several(client, cases, registrar):
    from tests.support.organisations import region_with_board_and_council

    assert 'name="organisation"' not in client.get("/").content.decode()
    region = region_with_board_and_council()
    file_motion(region.municipality, title="Fler vårdplatser", movers=[region.member],
                received_on=d("2024-03-20"), by=registrar)
    html = client.get(f"/?organisation={region.municipality.pk}").content.decode()
    assert 'name="organisation"' in html and "Fler vårdplatser" in html and shown(html) == []
    assert shown(client.get(f"/?organisation={cases['seed'].municipality_id}").content.decode()) == [
        "Belysning i parker", "Fler parkbänkar", "Inför en avhopparverksamhet"]


def test_the_csv_export_has_the_pages_filter_and_order_for_swedish_excel(client, cases):
    response = client.get("/?party=V&ordning=title&format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="motioner-2026-11-26.csv"'
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == ("Diarienummer;Rubrik;Motionärer;Väckt;Status;Remisser;Remissvar;Över ettårsgränsen")
    assert lines[1].startswith("KS-2026/")
    assert lines[1].endswith(";Belysning i parker;Nujin Alacabek (V);2026-06-01;Väckt;0;0;Nej")
    assert lines[2] == ("KS-2021/345;Inför en avhopparverksamhet för ett tryggare Huddinge;Nujin Alacabek (V);"
                        "2021-03-15;Anses besvarad;5;5;Nej")
    assert len(lines) == 3


def test_the_xlsx_export_is_a_workbook_with_dates_as_dates(client, cases):
    import io

    from openpyxl import load_workbook

    response = client.get("/?ordning=filed&format=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="motioner-2026-11-26.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Diarienummer", "Rubrik", "Motionärer", "Väckt", "Status", "Remisser", "Remissvar",
                       "Över ettårsgränsen")
    assert [row[1] for row in rows[1:]] == [
        "Inför en avhopparverksamhet för ett tryggare Huddinge", "Fler parkbänkar", "Belysning i parker"]
    assert rows[2][3] == datetime.datetime(2023, 2, 1) and rows[2][7] == "Ja"


def test_an_export_reads_the_cases_in_a_fixed_number_of_queries(client, huddinge, nujin, registrar):
    def export():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            b"".join(client.get("/?format=csv").streaming_content)
        return len(queries)

    file_motion(huddinge, title="Motion", movers=[nujin], received_on=d("2021-03-01"), by=registrar)
    one = export()
    for i in range(30):
        file_motion(huddinge, title=f"Motion {i}", movers=[nujin], received_on=d("2021-03-01"), by=registrar)
    assert export() == one


# --- A person's own lists -----------------------------------------------------

def test_a_case_officer_sees_the_cases_they_prepare(client, cases, registrar):
    from motions.models import Motion
    from tests.conftest import _user

    officer = _user("handlaggare", "case_officer")
    Motion.objects.filter(pk=cases["parks"].pk).update(case_officer=officer)
    client.force_login(officer)
    html = client.get("/mina-arenden/").content.decode()
    assert "<h1>Mina ärenden</h1>" in html and shown(html) == ["Fler parkbänkar"]
    assert 'href="/mina-arenden/">Mina ärenden</a>' in html
    # Anyone named as a case officer has the list in the menu; others do not.
    Motion.objects.filter(pk=cases["lights"].pk).update(case_officer=registrar)
    client.force_login(registrar)
    assert 'href="/mina-arenden/"' in client.get("/").content.decode()
    client.force_login(_user("ingen"))
    assert 'href="/mina-arenden/"' not in client.get("/").content.decode()
    assert shown(client.get("/mina-arenden/").content.decode()) == []


def test_a_councillor_sees_their_own_motions_and_the_cases_they_follow(client, cases, councillor, nujin):
    from reminders.services import follow_motion

    client.force_login(councillor)
    html = client.get("/mina-motioner/").content.decode()
    assert "inte kopplat till en ledamot" in html and shown(html) == []
    councillor.role.person = nujin
    councillor.role.save()
    html = client.get("/mina-motioner/?ordning=title").content.decode()
    assert shown(html) == ["Belysning i parker", "Inför en avhopparverksamhet"]
    assert 'href="/mina-motioner/">Mina motioner</a>' in html and 'href="/bevakade-arenden/">' in html
    follow_motion(cases["parks"], user=councillor)
    assert shown(client.get("/bevakade-arenden/").content.decode()) == ["Fler parkbänkar"]
    # The export of one's own list has its scope too.
    lines = b"".join(client.get("/mina-motioner/?format=csv").streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 3 and "Fler parkbänkar" not in "".join(lines)


def test_own_lists_need_a_sign_in(client, cases):
    for url in ("/mina-arenden/", "/mina-motioner/", "/bevakade-arenden/", "/mina-motioner/?format=csv"):
        assert client.get(url)["Location"].startswith("/konto/logga-in/")


def test_the_selector_orders_and_scopes_in_the_database(cases, councillor, nujin):
    from django.http import QueryDict

    from cases.selectors import CASE_DEFAULT_SORT, CASE_SORTS, case_list, followed_scope, my_motions_scope
    from lib.listing import Sorting
    from reminders.services import follow_motion

    def titles_of(motions):
        return [m.title.split()[0] for m in motions]

    order = Sorting(CASE_SORTS, CASE_DEFAULT_SORT, QueryDict("ordning=-title")).order_by()
    assert titles_of(case_list({}, order=order)) == ["Inför", "Fler", "Belysning"]
    assert titles_of(case_list({"status": "open"}, order=order)) == ["Fler", "Belysning"]
    assert titles_of(case_list({}, order=order, scope=my_motions_scope(councillor))) == []
    councillor.role.person = nujin
    councillor.role.save()
    councillor.refresh_from_db()
    assert titles_of(case_list({}, order=order, scope=my_motions_scope(councillor))) == ["Inför", "Belysning"]
    follow_motion(cases["lights"], user=councillor)
    assert titles_of(case_list({"year": 2026}, scope=followed_scope(councillor))) == ["Belysning"]
    assert titles_of(case_list({"year": 2023}, scope=followed_scope(councillor))) == []
