"""The meeting list: filtered by body, year and the minutes' state, ordered
by column, exported with the page's filter and order."""

import io

import pytest
from openpyxl import load_workbook

from organisation.models import Meeting
from tests.conftest import d


@pytest.fixture
def meetings(body, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: d("2021-10-01"))
    return {
        "held": Meeting.objects.create(body=body("Kommunstyrelsen"), date=d("2021-09-06"), place="Sessionssalen"),
        "signed": Meeting.objects.create(
            body=body("Kommunfullmäktige"), date=d("2021-09-20"), place="Huddinge kommunhus",
            signed_on=d("2021-09-23"), posted_on=d("2021-09-24"), appeal_until=d("2021-10-15"),
            notice_removed_on=d("2021-10-16")),
        "planned": Meeting.objects.create(body=body("Kommunstyrelsens arbetsutskott"), date=d("2022-01-25"),
                                          place="Ängen"),
    }


def shown(client, query=""):
    html = client.get("/sammantraden/" + query).content.decode()
    return sorted((day for day in ("2021-09-06", "2021-09-20", "2022-01-25") if f'">{day}</a>' in html),
                  key=lambda day: html.index(f'">{day}</a>'))


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["2022-01-25", "2021-09-20", "2021-09-06"]),
    ("?ordning=date", ["2021-09-06", "2021-09-20", "2022-01-25"]),
    ("?ordning=body", ["2021-09-20", "2021-09-06", "2022-01-25"]),
    ("?ordning=place", ["2021-09-20", "2021-09-06", "2022-01-25"]),
    ("?ordning=-signed", ["2021-09-20", "2022-01-25", "2021-09-06"]),
    ("?year=2021", ["2021-09-20", "2021-09-06"]),
    ("?minutes=planned", ["2022-01-25"]),
    ("?minutes=unsigned", ["2021-09-06"]),
    ("?minutes=signed", ["2021-09-20"]),
    ("?minutes=lost&year=abc", ["2022-01-25", "2021-09-20", "2021-09-06"]),
])
def test_the_meeting_list_filters_and_orders(client, meetings, query, expected):
    assert shown(client, query) == expected


def test_the_body_filter(client, meetings, body):
    assert shown(client, f"?body={body('Kommunstyrelsen').pk}") == ["2021-09-06"]


def test_the_meeting_list_is_exported_with_its_filter_and_order(client, meetings):
    data = b"".join(client.get("/sammantraden/?year=2021&ordning=date&format=csv").streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "Datum;Organ;Början;Plats;Justerat;Anslaget;Sista dag att överklaga",
        "2021-09-06;Kommunstyrelsen;;Sessionssalen;;;",
        "2021-09-20;Kommunfullmäktige;;Huddinge kommunhus;2021-09-23;2021-09-24;2021-10-15",
    ]
    sheet = load_workbook(io.BytesIO(b"".join(
        client.get("/sammantraden/?minutes=planned&format=xlsx").streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][3] == "Ängen" and rows[1][0].date() == d("2022-01-25")
