"""The API's lists and its HTTP: keyset pages and their links, the filters on when objects were
made and changed, conditional requests (ETag, Last-Modified), CORS, refused parameters, and a
fixed number of queries a page."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions.models import MinuteItem, RenderedDocument
from documents.models import CaseDocument
from motions.models import Motion, MotionEvent
from motions.services import file_motion
from organisation.models import Body, Meeting, MeetingEvent, Membership, Municipality, Person
from public.oparl.common import EXT, Links
from tests.conftest import _user, d

LISTS = ("organizations", "people", "memberships", "legislative-terms", "meetings", "agenda-items", "papers",
         "consultations", "files")


def ids(objects) -> list[str]:
    return [obj["id"] for obj in objects]


# --- Pages ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", LISTS)
def test_a_list_read_a_page_at_a_time_is_the_whole_list_once_in_a_stable_order(world, api, name):
    url = Links().body_list(world.organisation, name)
    whole = ids(api.json(f"{url}?elementsPerPage=100")["data"])
    assert whole and len(whole) == len(set(whole))
    assert ids(api.every_page(f"{url}?elementsPerPage=2")) == whole
    assert ids(api.every_page(f"{url}?elementsPerPage=1")) == whole


def test_a_page_links_to_the_next_until_the_last(world, api):
    url = Links().body_list(world.organisation, "papers")
    first = api.json(f"{url}?elementsPerPage=1")
    assert first["pagination"] == {"elementsPerPage": 1}
    assert first["links"]["first"] == f"{url}?elementsPerPage=1"
    assert first["links"]["self"] == first["links"]["first"]
    second = api.json(first["links"]["next"])
    assert second["links"]["self"] == first["links"]["next"]
    last = api.json(f"{url}?elementsPerPage=100")
    assert "next" not in last["links"]


def test_a_list_of_two_tables_goes_on_from_the_one_to_the_other(world, api):
    url = Links().body_list(world.organisation, "files")
    documents = CaseDocument.objects.filter(motion__municipality_id=world.organisation).count()
    pages = []
    page = api.json(f"{url}?elementsPerPage=1")
    while True:
        pages.append(page)
        if "next" not in page["links"]:
            break
        page = api.json(page["links"]["next"])
    kinds = [page["data"][0]["id"].split("/file/")[1].split("/")[0] for page in pages]
    assert kinds == sorted(kinds)  # every document, then every minutes' document
    assert "document" in kinds and "minutes" in kinds
    first = pages[0]["data"][0]["id"].rstrip("/").rsplit("/", 1)[1]
    assert pages[1]["links"]["self"].endswith(f"&after=d{first}") and documents > 3


def test_an_object_made_while_a_client_reads_the_list_is_neither_lost_nor_given_twice(world, api, huddinge, nujin):
    url = Links().body_list(world.organisation, "papers")
    first = api.json(f"{url}?elementsPerPage=2")
    made = file_motion(huddinge, title="Ny under läsningen", movers=[nujin], received_on=d("2022-05-02"),
                       by=_user("registrator"))
    rest = api.every_page(first["links"]["next"])
    found = ids(first["data"]) + ids(rest)
    assert len(found) == len(set(found))
    assert found[-1] == Links().paper(made.pk)


def test_the_organisation_and_the_body_lists_hold_only_their_own(world, api):
    links = Links()
    other = Municipality.objects.create(name="Annan kommun")
    assert api.json(links.body_list(other.pk, "papers"))["data"] == []
    assert len(api.json(links.bodies())["data"]) == Municipality.objects.count()
    board = Body.objects.get(municipality_id=world.organisation, name="Kommunstyrelsens arbetsutskott")
    meetings = api.every_page(links.organization_list(board.pk, "meetings"))
    assert {meeting["organization"][0] for meeting in meetings} == {links.organization(board.pk)}
    consultations = api.every_page(links.organization_list(board.pk, "consultations"))
    assert consultations and all(found["organization"] == [links.organization(board.pk)] for found in consultations)


# --- Filters -------------------------------------------------------------------------------------

def _quoted(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).replace(microsecond=0).isoformat().replace("+", "%2B")


def _back_in_time(moment: datetime.datetime) -> None:
    """Everything the world recorded, dated `moment`: so that one change made now stands out."""
    Motion.objects.update(created_at=moment)
    MotionEvent.objects.update(recorded_at=moment)
    MeetingEvent.objects.update(recorded_at=moment)
    CaseDocument.objects.update(registered_at=moment, published_at=moment, reviewed_at=None)
    RenderedDocument.objects.update(rendered_at=moment, published_at=moment, reviewed_at=None)
    for model in (Municipality, Body, Person, Membership):
        model.objects.update(created_at=moment, modified_at=moment)
    from decisions.models import AgendaItem
    AgendaItem.objects.update(added_at=moment)


@pytest.mark.parametrize("name", [name for name in LISTS if name != "legislative-terms"])
def test_the_filters_agree_with_the_times_shown(world, api, name):
    """Whatever the moment, modified_since gives exactly the objects modified then or later, and
    modified_until the others (and the same for created): the filters read the times the objects show."""
    url = Links().body_list(world.organisation, name)
    whole = api.every_page(f"{url}?elementsPerPage=100")
    for field, since, until in (("modified", "modified_since", "modified_until"),
                                ("created", "created_since", "created_until")):
        moments = sorted({obj[field] for obj in whole})
        for moment in {moments[0], moments[len(moments) // 2], moments[-1]}:
            quoted = moment.replace("+", "%2B")
            later = ids(api.every_page(f"{url}?{since}={quoted}"))
            earlier = ids(api.every_page(f"{url}?{until}={quoted}"))
            assert later == [obj["id"] for obj in whole if obj[field] >= moment], (field, moment)
            assert earlier == [obj["id"] for obj in whole if obj[field] <= moment], (field, moment)


def test_a_step_in_a_case_changes_its_paper_and_nothing_else(world, api):
    then = timezone.now() - datetime.timedelta(days=30)
    _back_in_time(then)
    since = _quoted(then + datetime.timedelta(days=1))
    links = Links()
    url = links.body_list(world.organisation, "papers")
    assert api.json(f"{url}?modified_since={since}")["data"] == []
    from referrals.services import ReferralRequest, refer_motion
    refer_motion(Motion.objects.get(pk=world.documents), requests=[ReferralRequest(
        Body.objects.get(municipality_id=world.organisation, name="Grundskolenämnden"), d("2021-12-01"))],
        sent_on=d("2021-09-02"), by=_user("registrator"))
    assert ids(api.json(f"{url}?modified_since={since}")["data"]) == [links.paper(world.documents)]
    assert links.paper(world.documents) not in ids(api.every_page(f"{url}?modified_until={since}"))
    assert api.json(f"{links.body_list(world.organisation, 'meetings')}?modified_since={since}")["data"] == []


def test_signing_minutes_changes_the_meeting_and_the_paper_it_makes_public(world, api):
    from decisions.services.signing import sign_minutes
    from tests.support.meetings import NOTICE

    then = timezone.now() - datetime.timedelta(days=30)
    _back_in_time(then)
    since = _quoted(then + datetime.timedelta(days=1))
    links = Links()
    sign_minutes(Meeting.objects.get(pk=world.unsigned_meeting), signed_on=d("2022-03-10"), **NOTICE,
                 by=_user("registrator"))
    changed = ids(api.every_page(f"{links.body_list(world.organisation, 'papers')}?modified_since={since}"))
    assert changed == [links.paper(world.hidden)]
    paper = api.json(links.paper(world.hidden))
    assert paper[f"{EXT}status"] == "working_committee"
    item = MinuteItem.objects.get(motion_id=world.hidden)
    assert ids(paper["consultation"]) == [links.paragraph_consultation(item.pk, world.hidden)]
    meetings = ids(api.every_page(f"{links.body_list(world.organisation, 'meetings')}?modified_since={since}"))
    assert meetings == [links.meeting(world.unsigned_meeting)]


def test_legal_force_gained_changes_the_paper_on_that_day(world, api):
    """No row changes when the last day to appeal passes; the paper's modified says the day it did."""
    then = timezone.now() - datetime.timedelta(days=30)
    _back_in_time(then)
    council = MinuteItem.objects.filter(motion_id=world.seed, body__kind="council").exclude(decision="file").get()
    appeal_until = timezone.localdate() - datetime.timedelta(days=3)
    Meeting.objects.filter(pk=council.meeting_id).update(appeal_until=appeal_until,
                                                          notice_removed_on=appeal_until + datetime.timedelta(days=1))
    paper = api.json(Links().paper(world.seed))
    in_force = (appeal_until + datetime.timedelta(days=1)).isoformat()
    assert paper["modified"].startswith(f"{in_force}T00:00:00")
    url = Links().body_list(world.organisation, "papers")
    assert ids(api.json(f"{url}?modified_since={in_force}")["data"]) == [Links().paper(world.seed)]


@pytest.mark.parametrize(("query", "parameter"), [
    ("modified_since=igår", "modified_since"),
    ("modified_since=2021-02-30T00:00:00", "modified_since"),
    ("created_until=2021-13-01", "created_until"),
    ("created_since=" + "9" * 5000, "created_since"),
    ("modified_since=2021-01-01&modified_since=2021-02-01", "modified_since"),
    ("elementsPerPage=0", "elementsPerPage"),
    ("elementsPerPage=-5", "elementsPerPage"),
    ("elementsPerPage=" + "9" * 5000, "elementsPerPage"),
    ("after=skräp", "after"),
    ("after=" + "9" * 30, "after"),
    ("after=9223372036854775808", "after"),
    ("after=x12", "after"),
    ("after=%00", "after"),
])
def test_a_parameter_that_cannot_be_read_is_a_400_naming_it(world, api, query, parameter):
    response = api.get(f"{Links().body_list(world.organisation, 'papers')}?{query}")
    assert response.status_code == 400
    error = json.loads(response.content)
    assert error["type"] == "https://schema.oparl.org/1.1/Error"
    assert error[f"{EXT}parameter"] == parameter and parameter in error["message"]
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("name", ["papers", "files", "legislative-terms"])
def test_no_list_answers_500_to_any_parameter(world, api, name):
    from urllib.parse import urlencode

    from public.oparl.params import AFTER, FILTERS, PER_PAGE
    from tests.test_fuzz import VALUES

    url = Links().body_list(world.organisation, name)
    for parameter in (*FILTERS, PER_PAGE, AFTER):
        for what, value in VALUES.items():
            response = api.get(f"{url}?{urlencode({parameter: value})}")
            assert response.status_code in (200, 400), (parameter, what)


def test_a_list_of_two_tables_refuses_a_start_in_neither(world, api):
    url = Links().body_list(world.organisation, "files")
    assert api.get(f"{url}?after=12").status_code == 400
    assert api.get(f"{url}?after=p12").status_code == 400
    assert api.get(f"{url}?after=d999999999").status_code == 200


def test_a_date_time_sent_with_its_plus_unquoted_is_read(world, api):
    url = Links().body_list(world.organisation, "papers")
    assert api.get(f"{url}?modified_since=2021-01-01T00:00:00+01:00").status_code == 200
    assert api.get(f"{url}?modified_since=2021-01-01").status_code == 200


@pytest.mark.parametrize("path", [
    "/oparl/paper/999999999/", "/oparl/paper/99999999999999999999999/", "/oparl/paper/0/", "/oparl/paper/x/",
    "/oparl/nothing", "/oparl/body/999999/papers/", "/oparl/organization/999999/meetings/",
    "/oparl/legislative-term/1/2019/", "/oparl/legislative-term/1/1234567890123/",
    "/oparl/consultation/paragraph/999999/1/",
])
def test_an_unknown_object_is_a_404_error_object(world, api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert json.loads(response.content)["type"] == "https://schema.oparl.org/1.1/Error"
    assert response["Content-Type"] == "application/json; charset=utf-8"


# --- HTTP ----------------------------------------------------------------------------------------

def test_an_address_without_its_closing_slash_is_sent_to_the_one_with_it(world, api):
    response = api.get(f"/oparl/body/{world.organisation}/papers?elementsPerPage=2")
    assert response.status_code == 301
    assert response["Location"] == f"/oparl/body/{world.organisation}/papers/?elementsPerPage=2"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert api.get("/oparl/no-such-list").status_code == 404


def test_an_unchanged_object_is_answered_304(world, api):
    url = Links().paper(world.seed)
    first = api.get(url)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert api.get(url, if_none_match=first["ETag"]).status_code == 304
    assert api.get(url, if_modified_since=first["Last-Modified"]).status_code == 304
    list_url = Links().body_list(world.organisation, "papers")
    page = api.get(list_url)
    assert api.get(list_url, if_none_match=page["ETag"]).status_code == 304
    Motion.objects.filter(pk=world.seed).update(title="En ny rubrik")
    changed = api.get(url, if_none_match=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_any_origin_may_read_and_only_read(world, api):
    url = Links().paper(world.seed)
    response = api.get(url)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response and not response.cookies
    preflight = api.client.options(api.path(url), headers={"Origin": "https://example.org",
                                                           "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert api.client.head(api.path(url)).status_code == 200
    for method in (api.client.post, api.client.put, api.client.delete):
        refused = method(api.path(url))
        assert refused.status_code == 405 and refused["Access-Control-Allow-Origin"] == "*"


def test_a_signed_in_user_is_given_what_the_public_is(world, api, registry_user):
    url = Links().meeting(world.unsigned_meeting)
    public = api.get(url).content
    api.client.force_login(registry_user)
    assert api.get(url).content == public


# --- Queries -------------------------------------------------------------------------------------

def _queries(api, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    return len(queries)


# The most queries a page of each list takes, whatever its size: a page and its batch reads.
MOST_QUERIES = {"organizations": 4, "people": 4, "memberships": 3, "legislative-terms": 5, "meetings": 14,
                "agenda-items": 9, "papers": 17, "consultations": 40, "files": 5}


@pytest.fixture
def many(world, huddinge, nujin):
    """25 more motions of the organisation, each referred: the end of the paper list, alike."""
    from referrals.services import ReferralRequest, refer_motion

    registrar = _user("registrator")
    social = Body.objects.get(municipality=huddinge, name="Socialnämnden")
    made = []
    for n in range(25):
        motion = file_motion(huddinge, title=f"Motion {n}", movers=[nujin], received_on=d("2022-05-02"), by=registrar)
        refer_motion(motion, requests=[ReferralRequest(social, d("2022-09-30"))], sent_on=d("2022-05-03"),
                     by=registrar)
        made.append(motion)
    return made


@pytest.mark.parametrize("name", LISTS)
def test_a_page_takes_at_most_so_many_queries_whatever_its_size(many, world, api, name,
                                                                 django_assert_max_num_queries):
    url = Links().body_list(world.organisation, name)
    for size in (1, 10, 100):
        with django_assert_max_num_queries(MOST_QUERIES[name]):
            assert api.get(f"{url}?elementsPerPage={size}").status_code == 200


def test_a_page_of_papers_takes_as_many_queries_for_two_as_for_twenty(many, world, api):
    url = f"{Links().body_list(world.organisation, 'papers')}?after={many[0].pk - 1}"
    _queries(api, url)  # the organisation's path of preparation, kept in the cache from then on
    assert _queries(api, f"{url}&elementsPerPage=2") == _queries(api, f"{url}&elementsPerPage=20")
