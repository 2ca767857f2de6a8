"""The feeds as a browser finds them: the case page names its feed in its head, and the address
there answers with the case's Atom feed; the page's "Prenumerera" links are plain links."""

import xml.etree.ElementTree as ET

from playwright.sync_api import expect

CASE_PATH = "/arenden/KS-2021/345/"
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_case_page_names_its_feed_in_its_head(seeded_live_server, page, check_accessibility):
    page.goto(CASE_PATH)
    alternate = page.locator("head link[rel=alternate][type='application/atom+xml']")
    expect(alternate).to_have_count(1)
    expect(alternate).to_have_attribute("title", "Ärendets gång, KS-2021/345")
    href = alternate.get_attribute("href")
    assert href == "/arenden/KS-2021/345/handelser.atom"

    # The address answers with the case's feed, linking back to the page.
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.body())
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["alternate"] == f"{seeded_live_server.url}{CASE_PATH}"
    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]
    assert titles[-1].startswith("Motionen väcktes")
    assert any(title.startswith("Kommunfullmäktige § 40") for title in titles)

    # For people: the same address as a plain link under "Prenumerera", and the page stays accessible.
    section = page.get_by_role("region", name="Prenumerera")
    expect(section.get_by_role("link", name="Ärendets gång, KS-2021/345 (flöde, Atom)")).to_have_attribute(
        "href", href)
    check_accessibility(page)
