"""The referral list: the board secretary's inbox and the registry's overview
of every referral. Filters, search, order and exports in the database; each
user sees only the referrals they may; the answer page shows the motion and
leads on to the next referral."""

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from motions.services import file_motion
from referrals.models import Referral
from referrals.selectors import referral_list
from referrals.services import (
    ReferralRequest,
    extend_referral_due_date,
    record_referral_response,
    refer_motion,
    save_referral_draft,
)
from tests.conftest import d

TODAY = "2021-10-01"


@pytest.fixture
def referrals(motion, huddinge, body, registrar, person, monkeypatch):
    """Three motions referred to Socialnämnden (one overdue, one due soon with a draft, one later, extended),
    one of them also to Grundskolenämnden and answered there, on TODAY."""
    from organisation.models import Party, Person

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: d(TODAY))
    anna = Person.objects.create(municipality=huddinge, name="Anna Andersson",
                                 party=Party.objects.get(abbreviation="M"))
    parks = file_motion(huddinge, title="Fler parkbänkar", movers=[anna], received_on=d("2021-04-01"),
                        summary="Motionären vill ha fler bänkar i parkerna.",
                        clauses=["att fler parkbänkar ställs ut", "att de är tillgängliga"], by=registrar)
    lights = file_motion(huddinge, title="Belysning i parker", movers=[anna], received_on=d("2021-05-01"), by=registrar)
    social, school = refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-20")),
                                                    ReferralRequest(body("Grundskolenämnden"), d("2021-09-30"))],
                                  sent_on=d("2021-04-06"), by=registrar)
    (parks_social,) = refer_motion(parks, requests=[ReferralRequest(body("Socialnämnden"), d("2021-10-10"))],
                                   sent_on=d("2021-04-10"), by=registrar)
    (lights_social,) = refer_motion(lights, requests=[ReferralRequest(body("Socialnämnden"), d("2021-10-20"))],
                                    sent_on=d("2021-05-10"), by=registrar)
    extend_referral_due_date(lights_social, due_on=d("2021-12-01"), on=d("2021-09-01"), by=registrar)
    save_referral_draft(parks_social, text="Hemligt utkast om bänkar", by=registrar)
    record_referral_response(school, decided_on=d("2021-09-15"), text="Yttrande", by=registrar)
    return {"social": social, "school": school, "parks": parks_social, "lights": lights_social}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def listed(client, query=""):
    html = client.get("/remisser/" + query).content.decode()
    rows = {f"{r.motion.title} → {r.body.name}": r for r in Referral.objects.select_related("motion", "body")}
    # The rows in the page's order: each row's answer or case link carries its title.
    found = [(html.index(f"{r.motion.case_number} {r.motion.title}</a></td>\n      <td>{r.body.name}</td>"), key)
             for key, r in rows.items()
             if f"{r.motion.case_number} {r.motion.title}</a></td>\n      <td>{r.body.name}</td>" in html]
    return [key for _index, key in sorted(found)]


SOCIAL = "Inför en avhopparverksamhet för ett tryggare Huddinge → Socialnämnden"
SCHOOL = "Inför en avhopparverksamhet för ett tryggare Huddinge → Grundskolenämnden"
PARKS = "Fler parkbänkar → Socialnämnden"
LIGHTS = "Belysning i parker → Socialnämnden"


@pytest.mark.parametrize(("query", "expected"), [
    # Open ones by default, the one due first first.
    ("", [SOCIAL, PARKS, LIGHTS]),
    ("?state=overdue", [SOCIAL]),
    ("?state=due_soon", [PARKS]),
    ("?state=answered", [SCHOOL]),
    ("?state=all", [SOCIAL, SCHOOL, PARKS, LIGHTS]),
    ("?state=all&ordning=-due", [LIGHTS, PARKS, SCHOOL, SOCIAL]),
    ("?state=all&ordning=-sent", [LIGHTS, PARKS, SCHOOL, SOCIAL]),  # the same day: the later recorded first
    ("?state=all&ordning=body", [SCHOOL, SOCIAL, PARKS, LIGHTS]),
    ("?q=park", [PARKS, LIGHTS]),
    ("?q=ks-2021/1", [SOCIAL]),
    ("?party=M", [PARKS, LIGHTS]),
    ("?year=2021&state=all&ordning=case", [SOCIAL, SCHOOL, PARKS, LIGHTS]),
    ("?year=2020", []),
    ("?state=lost", [SOCIAL, PARKS, LIGHTS]),
])
def test_the_registry_overview_filters_searches_and_orders(registry_user, referrals, query, expected):
    assert listed(client_for(registry_user), query) == expected


def test_the_body_filter_offers_the_bodies_the_user_may_see(registry_user, social_secretary, referrals, body):
    html = client_for(registry_user).get(f"/remisser/?state=all&body={body('Grundskolenämnden').pk}").content.decode()
    assert 'name="body"' in html
    assert listed(client_for(registry_user), f"?state=all&body={body('Grundskolenämnden').pk}") == [SCHOOL]
    # One body's secretary has no body to choose.
    assert 'name="body"' not in client_for(social_secretary).get("/remisser/").content.decode()


def test_a_board_secretary_sees_only_their_bodys_referrals(social_secretary, school_secretary, referrals, body):
    assert listed(client_for(social_secretary), "?state=all") == [SOCIAL, PARKS, LIGHTS]
    assert listed(client_for(school_secretary), "?state=all") == [SCHOOL]
    # Asking for another body's is asking for nothing.
    assert listed(client_for(school_secretary), f"?state=all&body={body('Socialnämnden').pk}") == [SCHOOL]


def test_the_inbox_shows_dates_drafts_and_the_overdue_ones(social_secretary, referrals):
    html = client_for(social_secretary).get("/remisser/").content.decode()
    assert "<h1>Remisser att besvara</h1>" in html
    assert "3 obesvarade" in html and "1 försenad" in html and "1 med svar inom 14 dagar" in html
    social_row = html[html.index("KS-2021/1 Inför"):html.index("</tr>", html.index("KS-2021/1 Inför"))]
    assert "2021-04-06" in social_row and "2021-09-20" in social_row
    assert "Försenad" in social_row and "11 dagar för sent" in social_row
    parks_row = html[html.index("Fler parkbänkar</a>"):html.index("</tr>", html.index("Fler parkbänkar</a>"))]
    assert "Utkast sparat" in parks_row and "9 dagar kvar" in parks_row
    assert "Hemligt utkast" not in html
    lights_row = html[html.index("Belysning i parker</a>"):html.index("</tr>", html.index("Belysning i parker</a>"))]
    assert "2021-12-01" in lights_row and "förlängd" in lights_row


def test_the_export_has_the_pages_filter_and_order_and_never_a_drafts_text(social_secretary, referrals):
    response = client_for(social_secretary).get("/remisser/?ordning=-due&format=csv")
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == ("Diarienummer;Rubrik;Remissinstans;Skickad;Svar senast;Status;Dagar för sent;Utkast sparat;"
                        "Beslutat")
    assert [line.split(";")[1] for line in lines[1:]] == [
        "Belysning i parker", "Fler parkbänkar", "Inför en avhopparverksamhet för ett tryggare Huddinge"]
    assert lines[3].endswith(";Socialnämnden;2021-04-06;2021-09-20;Skickad;11;;")
    assert lines[2].split(";")[7].startswith("20")  # the draft's time, not its text
    assert "Hemligt" not in data.decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(b"".join(
        client_for(social_secretary).get("/remisser/?state=all&format=xlsx").streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[1][4].date() == d("2021-09-20")


def test_the_export_needs_the_pages_access(client, councillor, school_secretary, referrals):
    assert client.get("/remisser/?format=csv")["Location"].startswith("/konto/logga-in/")
    assert client_for(councillor).get("/remisser/?format=csv").status_code == 403
    # Another body's secretary gets only their own body's referrals.
    data = b"".join(client_for(school_secretary).get("/remisser/?state=all&format=csv").streaming_content)
    assert [line.split(";")[2] for line in data.decode("utf-8-sig").splitlines()[1:]] == ["Grundskolenämnden"]


def test_the_list_filters_agree_with_the_rules_on_an_extended_due_date(referrals, registrar):
    lights = referrals["lights"]
    assert list(referral_list(Referral.objects.all(), {"state": "overdue"}, today=d("2021-11-01"))) == [
        referrals["social"], referrals["parks"]]  # not lights: extended to 2021-12-01
    assert lights in referral_list(Referral.objects.all(), {"state": "due_soon"}, today=d("2021-11-20"))


def test_the_inbox_answers_in_the_same_number_of_queries_for_1_and_40_referrals(
        social_secretary, huddinge, nujin, body, registrar, referrals):
    client = client_for(social_secretary)

    def count(query):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/remisser/" + query)
            if query:
                b"".join(response.streaming_content)
        return len(queries)

    before = [count(""), count("?state=all&format=csv")]
    for i in range(40):
        motion = file_motion(huddinge, title=f"Motion {i}", movers=[nujin], received_on=d("2021-03-01"), by=registrar)
        refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-06-01"))],
                     sent_on=d("2021-03-10"), by=registrar)
    assert [count(""), count("?state=all&format=csv")] == before


# --- The answer page ----------------------------------------------------------

def test_the_answer_page_shows_the_motions_summary_and_att_satser(social_secretary, referrals):
    html = client_for(social_secretary).get(f"/remisser/{referrals['parks'].pk}/").content.decode()
    assert "Motionären vill ha fler bänkar i parkerna." in html
    assert '<li value="1">att fler parkbänkar ställs ut</li>' in html
    assert '<li value="2">att de är tillgängliga</li>' in html


def test_after_answering_the_next_open_referral_of_the_body_is_offered(social_secretary, referrals):
    client = client_for(social_secretary)
    response = client.post(f"/remisser/{referrals['social'].pk}/", {
        "action": "answer", "decided_on": "2021-09-28", "text": "Svar"}, follow=True)
    # The one due first next: the parks' (2021-10-10), before the lights' (extended to 2021-12-01).
    assert response.redirect_chain == [(f"/remisser/{referrals['parks'].pk}/", 302)]
    html = response.content.decode()
    assert "Remissvaret från Socialnämnden är inskickat." in html
    assert "Nästa remiss: KS-2021/2 Fler parkbänkar, svar senast 2021-10-10." in html
    response = client.post(f"/remisser/{referrals['parks'].pk}/", {
        "action": "decline", "decline-decided_on": "2021-09-28"}, follow=True)
    assert response.redirect_chain == [(f"/remisser/{referrals['lights'].pk}/", 302)]
    response = client.post(f"/remisser/{referrals['lights'].pk}/", {
        "action": "answer", "decided_on": "2021-09-28", "text": "Svar"}, follow=True)
    # None left: back to the case.
    assert response.redirect_chain == [(referrals["lights"].motion.get_absolute_url(), 302)]
    assert "Socialnämnden har inga fler remisser att besvara." in response.content.decode()


def test_the_organisation_filter_is_offered_where_the_referrals_span_several(
        registry_user, social_secretary, referrals, registrar):
    from tests.support.organisations import region_with_board_and_council

    assert 'name="organisation"' not in client_for(registry_user).get("/remisser/").content.decode()
    region = region_with_board_and_council()
    care = file_motion(region.municipality, title="Fler vårdplatser", movers=[region.member],
                       received_on=d("2021-03-20"), by=registrar)
    refer_motion(care, requests=[ReferralRequest(region.service_board, d("2021-12-01"))], sent_on=d("2021-04-01"),
                 by=registrar)
    html = client_for(registry_user).get(f"/remisser/?organisation={region.municipality.pk}").content.decode()
    assert 'name="organisation"' in html and "Fler vårdplatser" in html and "Fler parkbänkar" not in html
    # A board secretary's bodies are one organisation's.
    assert 'name="organisation"' not in client_for(social_secretary).get("/remisser/").content.decode()
