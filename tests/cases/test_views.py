"""The front page and the case page, through the real URLs and templates."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.selectors import one_year_deadline
from motions import rules
from tests.conftest import d


def test_front_page_lists_cases_and_links_to_them(client, seed_case):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/arenden/KS-2021/345/">Inför en avhopparverksamhet för ett tryggare Huddinge</a>' in html
    assert "5 av 5" in html
    assert "Anses besvarad" in html


def test_case_page_tells_the_story(client, signed_seed_case):
    response = client.get("/arenden/KS-2021/345/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Anses besvarad" in html
    assert "5 av 5 har svarat." in html
    assert "Nujin Alacabek (V)" in html
    for body in ("Grundskolenämnden", "Gymnasie- och arbetsmarknadsnämnden", "Kultur- och fritidsnämnden",
                 "Socialnämnden", "Trygghets- och delaktighetsberedningen"):
        assert body in html
    assert "2021-09-28 § 112" in html  # socialnämnden's answer
    # One-year mark 2022-03-15; the council decided on 2022-03-07.
    assert "2022-03-15 –" in html and "beslutad inom ett år" in html
    timeline = re.findall(r'<time datetime="([\d-]+)">', html)
    # Filed, referred, five answers, prepared, three meetings.
    assert timeline == sorted(timeline) and len(timeline) == 11
    links = re.findall(r'href="(/paragrafer/\d+/protokollsutdrag.pdf)"', html)
    assert len(links) == 3
    pdf = client.get(links[0])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.getvalue().startswith(b"%PDF")
    # The council signed on Thursday 2022-03-10 and posted on Friday 03-11; appeals until Friday 04-01.
    assert "Laga kraft sedan 2022-04-02" in html


def test_unknown_case_and_item_are_404(client, db):
    assert client.get("/arenden/KS-2099/1/").status_code == 404
    assert client.get("/paragrafer/999/protokollsutdrag.pdf").status_code == 404


def test_open_case_shows_days_left_and_days_over(client, motion):
    deadline = one_year_deadline(motion, today=d("2022-03-10"), decided_on=None)
    assert (deadline.date, deadline.days, deadline.over) == (d("2022-03-15"), 5, False)
    deadline = one_year_deadline(motion, today=d("2022-03-25"), decided_on=None)
    assert (deadline.days, deadline.over) == (10, True)
    html = client.get(motion.get_absolute_url()).content.decode()
    days = rules.days_to_one_year_mark(motion.filed_on, timezone.localdate())
    assert f"{abs(days)} dagar över gränsen" in html if days < 0 else f"{days} dagar kvar" in html


def test_the_language_switch_gives_english_and_the_minutes_stay_swedish(client, signed_seed_case):
    seed_case = signed_seed_case
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/arenden/KS-2021/345/"})
    assert response.status_code == 302
    html = client.get("/arenden/KS-2021/345/").content.decode()
    assert '<html lang="en">' in html
    assert "Referrals" in html and "Remisser" not in html
    assert "På svenska" in html
    item = seed_case.minute_items.first()
    pdf = client.get(item.get_absolute_url())
    assert pdf.status_code == 200  # rendered in Swedish whatever the language: see test_minutes


def test_swedish_is_the_default(client, seed_case):
    html = client.get("/arenden/KS-2021/345/").content.decode()
    assert '<html lang="sv">' in html and "Remisser" in html


def test_case_page_queries_do_not_grow_with_referrals_items_and_events(client, seed_data, huddinge):
    from cases.casefile.importer import import_cases

    (small,) = import_cases(seed_data)
    with CaptureQueriesContext(connection) as few:
        client.get(small.get_absolute_url())
    big = {**seed_data, "case_number": "KS-2021/999", "status": "answered"}
    big["referrals"] = seed_data["referrals"] + [
        {**r, "sent_on": "2021-10-01", "due_on": "2021-12-01", "status": "withdrawn",
         "withdrawn_on": "2021-10-02", "response": None}
        for r in seed_data["referrals"]
    ]
    # Deferred twice at the board before it proposes.
    board = seed_data["minute_items"][1]
    big["minute_items"] = [
        {**seed_data["minute_items"][0], "number": 90},
        {"meeting": {**board["meeting"], "date": "2022-01-31"}, "number": 91, "decision": "defer"},
        {"meeting": {**board["meeting"], "date": "2022-02-03"}, "number": 92, "decision": "defer"},
        {**board, "number": 93},
        {**seed_data["minute_items"][2], "number": 94},
    ]
    (large,) = import_cases(big)
    assert large.minute_items.count() == 5 and large.events.count() > small.events.count()
    with CaptureQueriesContext(connection) as many:
        client.get(large.get_absolute_url())
    assert len(many) == len(few)


@pytest.mark.parametrize("url", ["/", "/arenden/KS-2021/345/"])
def test_pages_answer_in_a_constant_number_of_queries(client, seed_data, huddinge, url):
    from cases.casefile.importer import import_cases

    import_cases(seed_data)
    cache.clear()  # both counted with nothing cached
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    many = []
    for i in range(2, 12):
        many.append({**seed_data, "case_number": f"KS-2021/{400 + i}",
                     "minute_items": [{**item, "number": item["number"] + i * 3}
                                      for item in seed_data["minute_items"]]})
    import_cases(many)
    cache.clear()
    with CaptureQueriesContext(connection) as eleven:
        client.get(url)
    assert len(eleven) == len(one)
