"""The public statistics page (/statistik/): each chart an accessible figure with its figures in a
table and as a CSV file, the filters and what they refuse, the cache that a new decision goes
through, and a number of queries that does not grow with the cases."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.services.case_steps import strike_off_motion
from motions.models import Motion, Mover
from stats.sections import ANSWER_TIMES, ONE_YEAR_RULE, OPEN_BY_AGE, PARTIES, PER_YEAR, PUBLICATION, SECTIONS
from tests.conftest import d
from tests.stats.test_figures import TODAY, cases  # noqa: F401 (cases is a fixture)
from tests.support.meetings import planned
from tests.support.organisations import region_with_board_and_council

URL = "/statistik/"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def elements(element, name: str) -> list:
    found = []
    for child in getattr(element, "children", []):
        if isinstance(child, str):
            continue
        if child.name == name:
            found.append(child)
        found += elements(child, name)
    return found


def attribute(element, name: str) -> str | None:
    return dict(element.attributes).get(name)


def text(element) -> str:
    return " ".join(child if isinstance(child, str) else text(child) for child in element.children).strip()


def page(client, query: str = "") -> tuple[int, str]:
    response = client.get(URL + query)
    return response.status_code, response.content.decode()


def main(html: str) -> str:
    """The page's content, without the menu (its forms' CSRF tokens change with each response)."""
    return html[html.index('<main id="main"'):]


def csv_rows(client, query: str) -> list[list[str]]:
    response = client.get(URL + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_the_page_is_in_the_menu_for_everyone(client, cases):  # noqa: F811
    status, html = page(client)
    assert status == 200
    menu = next(nav for nav in elements(parse_html(html), "nav") if attribute(nav, "aria-label") == "Huvudmeny")
    assert "Statistik" in [text(link) for link in elements(menu, "a") if attribute(link, "href") == URL]
    assert reverse("stats:index") == URL


def test_every_chart_is_a_figure_with_a_caption_an_image_and_its_table(client, cases):  # noqa: F811
    status, html = page(client)
    figures = elements(parse_html(html), "figure")
    # Every section's but the protocols' (no minutes are signed): test_the_protocols_publication.
    assert len(figures) == len(SECTIONS) - 1
    assert "Inget protokoll från sammanträden under de valda åren har justerats ännu." in html
    for figure in figures:
        children = [child for child in figure.children if not isinstance(child, str)]
        assert children[0].name == "figcaption" and text(children[0])
        (svg,) = elements(figure, "svg")[:1]
        assert attribute(svg, "role") == "img"
        title_id, desc_id = attribute(svg, "aria-labelledby").split()
        (title,) = [e for e in elements(svg, "title") if attribute(e, "id") == title_id]
        (desc,) = [e for e in elements(svg, "desc") if attribute(e, "id") == desc_id]
        assert text(title) and len(text(desc)) > 40
        # The figures as a table beside it, in a region the keyboard can scroll.
        (region,) = [div for div in elements(figure, "div") if attribute(div, "role") == "region"]
        assert attribute(region, "tabindex") == "0" and attribute(region, "aria-label")
        (table,) = elements(region, "table")
        assert text(elements(table, "caption")[0])
        assert all(attribute(th, "scope") == "col" for th in elements(elements(table, "thead")[0], "th"))
        assert all(attribute(row.children[0], "scope") == "row" for row in elements(elements(table, "tbody")[0], "tr"))
        # Every bar has its value written beside it.
        bars = [g for g in elements(svg, "g") if attribute(g, "class") == "chart-row"]
        assert bars and all(len(elements(bar, "text")) == 2 and text(elements(bar, "text")[1]) for bar in bars)


def test_no_outcome_is_told_by_colour_alone(client, cases):  # noqa: F811
    """Each series of a stacked chart has a pattern of its own, named in the legend beside it."""
    _status, html = page(client)
    tree = parse_html(html)
    for key in (PER_YEAR, PARTIES):
        (section,) = [s for s in elements(tree, "section") if attribute(s, "id") == key]
        patterns = elements(section, "pattern")
        assert len(patterns) == 7
        # The drawing over each pattern's background, its colours left out: no two alike (one plain).
        drawings = {tuple(sorted((child.name, tuple((n, v) for n, v in child.attributes
                                                    if n not in ("fill", "stroke", "stroke-width")))
                                 for child in pattern.children if not isinstance(child, str) and child.name != "rect"))
                    for pattern in patterns}
        assert len(drawings) == 7
        legend = [ul for ul in elements(section, "ul") if attribute(ul, "class") == "chart-legend"]
        labels = [text(li) for li in elements(legend[0], "li")]
        assert labels == ["Bifallen", "Delvis bifallen", "Avslagen", "Anses besvarad", "Avskriven", "Återkallad",
                          "Under beredning"]
        fills = {attribute(rect, "fill") for rect in elements(legend[0], "rect")}
        assert fills == {f"url(#{attribute(pattern, 'id')})" for pattern in patterns}


def test_each_charts_figures_download_as_csv(client, cases):  # noqa: F811
    rows = csv_rows(client, f"?format=csv&chart={ONE_YEAR_RULE}")
    assert rows[0] == ["År", "Väckta", "Avgjorda inom ett år", "Avgjorda efter ett år", "Öppna efter ettårsgränsen",
                       "Öppna inom ett år", "Andel avgjorda inom ett år (%)"]
    assert rows[1:] == [["2021", "4", "2", "1", "1", "0", "50"], ["2022", "2", "0", "0", "1", "1", "0"],
                        ["2023", "1", "0", "0", "0", "1", ""]]
    rows = csv_rows(client, f"?format=csv&chart={ANSWER_TIMES}")
    assert rows[1:] == [["Kultur- och fritidsnämnden", "1", "70", "0", "0", "0"],
                        ["Socialnämnden", "2", "52", "1", "50", "1"]]
    rows = csv_rows(client, f"?format=csv&chart={PER_YEAR}")
    assert rows[0][0] == "År" and rows[0][-1] == "Totalt"
    assert [row[-1] for row in rows[1:]] == ["4", "2", "1"]
    assert [row[:2] + row[-1:] for row in csv_rows(client, f"?format=csv&chart={PARTIES}")[1:3]] == [
        ["S", "Socialdemokraterna", "2"], ["C", "Centerpartiet", "1"]]
    assert csv_rows(client, f"?format=csv&chart={OPEN_BY_AGE}")[1:] == [
        ["Yngre än 6 månader", "1", "25"], ["6–12 månader", "1", "25"], ["1–2 år", "1", "25"],
        ["Äldre än 2 år", "1", "25"]]
    # With the page's filters.
    rows = csv_rows(client, f"?from_year=2022&to_year=2022&format=csv&chart={ONE_YEAR_RULE}")
    assert [row[0] for row in rows[1:]] == ["2022"]
    response = client.get(f"{URL}?format=xlsx&chart={PER_YEAR}")
    assert response.status_code == 200 and response["Content-Disposition"].startswith(
        'attachment; filename="statistik-utfall-per-ar-')


def test_the_page_links_each_chart_to_its_file_with_its_filters(client, cases):  # noqa: F811
    _status, html = page(client, "?from_year=2021&to_year=2022")
    for key in (PER_YEAR, ONE_YEAR_RULE, ANSWER_TIMES, PARTIES, OPEN_BY_AGE):
        assert f'href="?from_year=2021&amp;to_year=2022&amp;format=csv&amp;chart={key}"' in html


def test_an_unknown_chart_is_not_found(client, cases):  # noqa: F811
    assert client.get(f"{URL}?format=csv&chart=hemligt").status_code == 404
    assert client.get(f"{URL}?format=csv").status_code == 404


def test_another_organisation_is_chosen_by_the_filter(client, cases, registrar):  # noqa: F811
    from motions.services import file_motion

    region = region_with_board_and_council()
    file_motion(region.municipality, title="Regionens motion", movers=[region.member], received_on=d("2021-05-05"),
                registered_on=d("2021-05-05"), by=registrar)
    status, html = page(client)
    assert "Motionerna i Huddinge kommun i siffror" in html  # the installation's own, first recorded
    assert f'<option value="{region.municipality.pk}">Region Exempel</option>' in html
    status, html = page(client, f"?organisation={region.municipality.pk}")
    assert status == 200 and "Motionerna i Region Exempel i siffror" in html
    rows = csv_rows(client, f"?organisation={region.municipality.pk}&format=csv&chart={PER_YEAR}")
    assert [(row[0], row[-1]) for row in rows[1:]] == [("2021", "1")]


@pytest.mark.parametrize(("query", "message"), [
    ("?organisation=abc", "Organisationen finns inte. Välj en i listan."),
    ("?organisation=" + "9" * 5000, "Organisationen finns inte. Välj en i listan."),
    ("?organisation=99999999999999999999", "Organisationen finns inte. Välj en i listan."),
    ("?from_year=abc", "Fyll i ett heltal."),
    ("?from_year=" + "9" * 5000, "Fyll i ett heltal."),
    ("?to_year=99999", "mindre än eller lika med 2199"),
    ("?from_year=-1", "större än eller lika med 1900"),
    ("?from_year=2023&to_year=2021", "Det sista året kan inte vara före det första (2023)."),
])
def test_a_bad_filter_is_refused_in_swedish_and_the_rest_still_shown(client, cases, query, message):  # noqa: F811
    region = region_with_board_and_council()  # so that the organisation is a choice
    assert region
    status, html = page(client, query)
    assert status == 200
    assert message in html
    assert "Motionerna i Huddinge kommun i siffror" in html and elements(parse_html(html), "figure")
    # A file is not given for filters that are not valid: the page says what to correct.
    response = client.get(f"{URL}{query}&format=csv&chart={PER_YEAR}")
    assert response.status_code == 400 and message in response.content.decode()


def test_the_years_from_and_to_filter_the_figures(client, cases):  # noqa: F811
    _status, html = page(client, "?from_year=2022")
    years = csv_rows(client, f"?from_year=2022&format=csv&chart={PER_YEAR}")
    assert [row[0] for row in years[1:]] == ["2022", "2023"]
    years = csv_rows(client, f"?to_year=2021&format=csv&chart={PER_YEAR}")
    assert [row[0] for row in years[1:]] == ["2021"]
    _status, html = page(client, "?from_year=2030")
    assert html.count("Inga motioner väcktes under de valda åren.") == 3
    assert "Inga motioner under de valda åren har skickats på remiss." in html


def test_a_new_decision_shows_on_the_kept_page(client, cases, body, registrar):  # noqa: F811
    before = csv_rows(client, f"?format=csv&chart={PER_YEAR}")
    _status, html = page(client)
    with CaptureQueriesContext(connection) as queries:
        assert main(page(client)[1]) == main(html)  # kept: the data's version read, nothing counted
    assert len(queries) == 2
    strike_off_motion(Motion.objects.get(title="Motion D"), meeting=planned(body("Kommunfullmäktige"), "2023-05-15"),
                      by=registrar)
    after = csv_rows(client, f"?format=csv&chart={PER_YEAR}")
    struck_off = before[0].index("Avskriven")
    assert (before[3][struck_off], after[3][struck_off]) == ("0", "1")
    assert main(page(client)[1]) != main(html)


def add_motions(municipality, count: int) -> None:
    """Motions written in bulk, each moved by a member of a party and referred."""
    from organisation.models import Body, Person
    from referrals.models import Referral

    people = list(Person.objects.filter(municipality=municipality, party__isnull=False))
    bodies = list(Body.objects.filter(municipality=municipality, kind=Body.Kind.SERVICE_BOARD))
    start = Motion.objects.count()
    motions = Motion.objects.bulk_create(
        Motion(municipality=municipality, case_number=f"BULK-{start + n}", title=f"Motion {n}",
               received_on=on, filed_on=on, status_since=on, last_step_on=on)
        for n in range(count) for on in [datetime.date(2010 + n % 12, 1 + n % 12, 1 + n % 28)])
    Mover.objects.bulk_create(Mover(motion=motion, person=people[n % len(people)], party=people[n % len(people)].party)
                              for n, motion in enumerate(motions))
    Referral.objects.bulk_create(Referral(motion=motion, body=bodies[n % len(bodies)], sent_on=motion.filed_on,
                                          due_on=motion.filed_on + datetime.timedelta(days=60))
                                 for n, motion in enumerate(motions))


def queries_of(client, query: str = "") -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL + query).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["", "?from_year=2012&to_year=2018"])
def test_the_pages_queries_do_not_grow_with_the_cases(client, cases, query):  # noqa: F811
    add_motions(cases, 10)
    few = queries_of(client, query)
    add_motions(cases, 300)
    assert queries_of(client, query) == few <= 10


def test_the_protocols_publication_is_a_chart_and_a_file(client, signed_seed_case):
    _status, html = page(client)
    (section,) = [s for s in elements(parse_html(html), "section") if attribute(s, "id") == PUBLICATION]
    assert elements(section, "figure") and "Mediantiden från att ett protokoll justerades" in text(section)
    rows = csv_rows(client, f"?format=csv&chart={PUBLICATION}")
    assert rows[0] == ["Organ", "Publicerade protokoll", "Mediantid (dagar)", "Väntar på granskning", "Publiceras inte"]
    assert [row[1] for row in rows[1:]] == ["1", "1", "1"]


def test_without_any_organisation_the_page_says_so(client, db):
    status, html = page(client)
    assert status == 200 and "Det finns ingen organisation i registret ännu." in html
    assert client.get(f"{URL}?format=csv&chart={PER_YEAR}").status_code == 404
