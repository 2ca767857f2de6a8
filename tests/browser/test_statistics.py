"""The statistics page in a browser: on a phone 320 CSS pixels wide it reflows without scrolling
sideways, its charts are images named for a screen reader, and it passes axe; it is reached from the
menu."""

from playwright.sync_api import expect

from tests.browser.test_accessibility import open_case  # noqa: F401 (a fixture)
from tests.browser.test_reflow import HEIGHT, problems_at


def test_the_statistics_page_reflows_on_a_phone_and_its_charts_are_named(open_case, page,  # noqa: F811
                                                                         check_accessibility):
    page.set_viewport_size({"width": 320, "height": HEIGHT})
    page.goto("/")
    # The menu folds into a button on a phone; the statistics are in it for everyone.
    page.get_by_role("button", name="Meny").click()
    page.get_by_role("link", name="Statistik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistik")
    assert problems_at(page, page.url, 320) == []
    for name in ("Motioner per år och utfall", "Handläggningstid mot ettårsgränsen", "Remisstider per organ",
                 "Motioner per parti och utfall", "Öppna motioner efter ålder"):
        chart = page.get_by_role("img", name=name)
        expect(chart).to_be_visible()
        # The chart shrinks to the screen, never wider than it.
        assert chart.bounding_box()["width"] <= 320
        expect(page.get_by_role("region", name=f"Tabell: {name}")).to_be_visible()
    check_accessibility(page)
    # A year that is not a year: the message at its field, in Swedish, and the page still reflows.
    page.get_by_label("Väckta från år").fill("2030")
    page.get_by_label("till och med år").fill("2020")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_text("Det sista året kan inte vara före det första (2030).")).to_be_visible()
    assert problems_at(page, page.url, 320) == []
    check_accessibility(page)
