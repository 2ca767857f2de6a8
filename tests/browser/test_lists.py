"""The lists in a real browser: the case list ordered by its column headers,
filtered, and downloaded as CSV and XLSX; the board inbox searched, and the
next referral offered after an answer."""

import datetime
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

TODAY = datetime.date.today()


@pytest.fixture
def listed_cases(seeded_live_server):
    """Beside the demo: three motions by one councillor, two of them referred to Socialnämnden."""
    from motions.services import file_motion
    from organisation.models import Body, Municipality, Party, Person
    from referrals.services import ReferralRequest, refer_motion

    huddinge = Municipality.objects.get(name="Huddinge kommun")
    lista = Person.objects.create(municipality=huddinge, name="Lista Listsson",
                                  party=Party.objects.get(abbreviation="KD"))
    motions = {}
    for title, days_ago, summary, clauses in [
        ("Cykelbanor längs Huddingevägen", 60, "", []),
        ("Bänkar vid sjön", 50, "Motionären vill ha bänkar runt sjön.", ["att bänkar ställs ut", "att de underhålls"]),
        ("Åtgärder mot buller", 40, "Motionären vill minska bullret vid skolorna.",
         ["att bullret mäts", "att bullerskydd byggs"]),
    ]:
        motions[title] = file_motion(huddinge, title=title, movers=[lista], summary=summary, clauses=clauses,
                                     received_on=TODAY - datetime.timedelta(days_ago), by=None)
    social = Body.objects.get(municipality=huddinge, name="Socialnämnden")
    # The benches' referral is due first, the noise's later.
    for title, due in [("Bänkar vid sjön", 10), ("Åtgärder mot buller", 40)]:
        refer_motion(motions[title], requests=[ReferralRequest(social, TODAY + datetime.timedelta(due))],
                     sent_on=TODAY - datetime.timedelta(30), by=None)
    return motions


def rows(page):
    return page.locator("main table tbody tr td:nth-child(2)").all_inner_texts()


def test_the_case_list_is_ordered_filtered_and_downloaded(listed_cases, page, check_accessibility, tmp_path):
    page.goto("/")
    page.get_by_label("Motionär").select_option(label="Lista Listsson")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("status")).to_have_text("3 motioner")
    assert rows(page) == ["Åtgärder mot buller", "Bänkar vid sjön", "Cykelbanor längs Huddingevägen"]  # latest first

    page.get_by_role("link", name="Rubrik").click()
    header = page.get_by_role("columnheader", name="Rubrik")
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(page.get_by_role("columnheader", name="Väckt")).not_to_have_attribute("aria-sort", re.compile(".*"))
    assert rows(page) == ["Bänkar vid sjön", "Cykelbanor längs Huddingevägen", "Åtgärder mot buller"]
    page.get_by_role("link", name="Rubrik").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert rows(page) == ["Åtgärder mot buller", "Cykelbanor längs Huddingevägen", "Bänkar vid sjön"]
    check_accessibility(page)

    # A filter keeps the order.
    page.get_by_label("Status").select_option(label="På remiss")
    page.get_by_role("button", name="Visa").click()
    assert rows(page) == ["Åtgärder mot buller", "Bänkar vid sjön"]

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV för Excel").click()
    data = open(download.value.path(), "rb").read()
    assert download.value.suggested_filename == f"motioner-{TODAY:%Y-%m-%d}.csv"
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    # (The demo's installation serves two organisations: the export names each case's.)
    assert lines[0].startswith("Diarienummer;Organisation;Rubrik;Motionärer;Väckt;Status")
    assert [line.split(";")[2] for line in lines[1:]] == ["Åtgärder mot buller", "Bänkar vid sjön"]
    assert (f";Huddinge kommun;Åtgärder mot buller;Lista Listsson (KD);{TODAY - datetime.timedelta(40):%Y-%m-%d};"
            "På remiss;") in lines[1]

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel-arbetsbok (XLSX)").click()
    assert download.value.suggested_filename == f"motioner-{TODAY:%Y-%m-%d}.xlsx"
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][:6] == ("Diarienummer", "Organisation", "Rubrik", "Motionärer", "Väckt", "Status")
    assert [row[2] for row in table[1:]] == ["Åtgärder mot buller", "Bänkar vid sjön"]
    assert table[1][4] == datetime.datetime.combine(TODAY - datetime.timedelta(40), datetime.time())


def test_the_board_inbox_is_searched_and_leads_on_to_the_next_referral(listed_cases, page, login,
                                                                       check_accessibility):
    login(page, "socialnamnden")
    page.get_by_role("link", name="Remisser", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remisser att besvara")
    assert rows(page) == ["Socialnämnden"] * 2
    page.get_by_label("Sök diarienummer eller rubrik").fill("buller")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("status")).to_have_text("1 remiss")
    noise = listed_cases["Åtgärder mot buller"]
    benches = listed_cases["Bänkar vid sjön"]
    check_accessibility(page)

    # The search finds a case by its number too; the benches' referral is answered first.
    page.get_by_label("Sök diarienummer eller rubrik").fill(benches.case_number)
    page.get_by_role("button", name="Visa").click()
    page.get_by_role("link", name=f"{benches.case_number} Bänkar vid sjön").click()
    main = page.locator("main")
    expect(main).to_contain_text("Motionären vill ha bänkar runt sjön.")
    expect(main.locator("ol li")).to_have_text(["att bänkar ställs ut", "att de underhålls"])
    page.get_by_label("Beslutsdatum").first.fill(f"{TODAY - datetime.timedelta(1):%Y-%m-%d}")
    page.locator("#id_text").fill("Socialnämnden tillstyrker.")
    page.get_by_role("button", name="Skicka svaret").click()

    # On to the next: the noise's referral, with a word of it.
    expect(page.get_by_role("status").first).to_contain_text("Remissvaret från Socialnämnden är inskickat.")
    expect(page.get_by_role("status").nth(1)).to_contain_text(
        f"Nästa remiss: {noise.case_number} Åtgärder mot buller, svar senast "
        f"{TODAY + datetime.timedelta(40):%Y-%m-%d}.")
    expect(main).to_contain_text("Motionären vill minska bullret vid skolorna.")
    check_accessibility(page)
