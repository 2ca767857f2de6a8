"""The Atom feeds: new motions, decisions and signed minutes of an organisation and of a body, and
a case's timeline. Only what the public may see; ids that never change; links back to the pages."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from decisions.models import MinuteItem, RenderedDocument
from feeds.selectors import LATEST
from motions.services import correct_motion, file_motion
from organisation.models import Body, Meeting, Municipality
from publication.models import Kind, PublicationRule, PublicationState, WithholdingGround
from publication.services import withhold
from referrals.services import ReferralRequest, refer_motion
from tests.conftest import d
from tests.feeds.conftest import ATOM
from tests.support.meetings import KSAU

SEED = "KS-2021/345"
KS, KF = "Kommunstyrelsen", "Kommunfullmäktige"


def organisation_feed(name: str, municipality) -> str:
    return reverse(f"feeds:{name}", args=[municipality.pk])


def body_feed(name: str, body) -> str:
    return reverse(f"feeds:body_{name}", args=[body.pk])


def case_feed(case_number: str) -> str:
    return reverse("feeds:case", args=[case_number])


def sign_the_seed_case():
    """Sign the seed case's three meetings as the demo does, their documents archived (and assessed)."""
    from cases.management.commands.load_demo import sign_demo_meetings

    with TestCase.captureOnCommitCallbacks(execute=True):
        sign_demo_meetings()


# --- What the public may see -------------------------------------------------------------------

def test_the_councils_decision_is_public_at_once_and_a_boards_only_once_its_minutes_are_signed(
        atom, seed_case, huddinge, body):
    """Imported unsigned: the council's § 40 (a public meeting) is in the feeds, the working
    committee's § 12 and the board's § 25 are not, in any feed."""
    decisions = atom(organisation_feed("decisions", huddinge))
    assert [title.split(":")[0] for title in decisions.titles] == ["Kommunfullmäktige § 40"]
    assert decisions.entries[0].summary == ("<p>Anses besvarad.</p><p>Sammanträde 2022-03-07. Protokollet är inte "
                                            "justerat ännu.</p>")
    assert atom(body_feed("decisions", body(KS))).entries == []
    assert atom(body_feed("decisions", body(KSAU))).entries == []
    timeline = atom(case_feed(SEED))
    assert ("Kommunfullmäktige § 40: KS-2021/345 Inför en avhopparverksamhet för ett tryggare Huddinge"
            in timeline.titles)
    for feed in (decisions, timeline):
        assert "§ 12" not in feed.xml and "§ 25" not in feed.xml
        assert "Behandlad" not in feed.xml  # nor the board's step in the case's timeline
    # No minutes are signed: the minutes' feeds are empty.
    assert atom(organisation_feed("minutes", huddinge)).entries == []


def test_signed_minutes_show_every_paragraph_and_link_the_protocol_and_extracts(atom, signed_seed_case, huddinge):
    decisions = atom(organisation_feed("decisions", huddinge))
    assert [title.split(":")[0] for title in decisions.titles] == [
        "Kommunfullmäktige § 40", "Kommunstyrelsen § 25", "Kommunstyrelsens arbetsutskott § 12"]
    board = decisions.entries[1]
    item = MinuteItem.objects.get(body__name=KS, number=25)
    assert board.enclosure == {"rel": "enclosure", "type": "application/pdf",
                               "href": f"http://testserver/paragrafer/{item.pk}/protokollsutdrag.pdf",
                               "length": str(RenderedDocument.objects.get(item=item, archived=True).size)}
    assert board.link == "http://testserver/arenden/KS-2021/345/"
    assert board.author == KS
    assert board.published.startswith("2022-02-")  # the day the minutes were signed, not the meeting's

    minutes = atom(organisation_feed("minutes", huddinge))
    assert minutes.titles == ["Justerat protokoll: Kommunfullmäktige 2022-03-07",
                              "Justerat protokoll: Kommunstyrelsen 2022-02-07",
                              "Justerat protokoll: Kommunstyrelsens arbetsutskott 2022-01-25"]
    council = Meeting.objects.get(body__name=KF, date=d("2022-03-07"))
    entry = minutes.entries[0]
    assert entry.link == f"http://testserver/sammantraden/{council.pk}/"
    assert entry.enclosure["href"] == f"http://testserver/sammantraden/{council.pk}/protokoll.pdf"
    assert entry.enclosure["type"] == "application/pdf"
    assert "Paragrafer: § 40." in entry.summary
    assert f'<a href="http://testserver/sammantraden/{council.pk}/protokoll.pdf">Protokollet (PDF)</a>' in entry.summary
    assert "sista dag att överklaga" in entry.summary


def test_a_protocol_awaiting_review_is_not_linked_from_any_feed(atom, seed_case, huddinge, body):
    """The organisation reviews its protocols before they go on the web: the signed minutes are in the
    feed, without their protocol; the extracts, published at once, are linked."""
    PublicationRule.objects.create(municipality=huddinge, kind=Kind.PROTOCOL, review_first=True)
    sign_the_seed_case()
    protocols = RenderedDocument.objects.filter(kind=RenderedDocument.Kind.PROTOCOL, archived=True)
    assert {p.publication_state for p in protocols} == {PublicationState.REVIEW}
    for url in (organisation_feed("minutes", huddinge), body_feed("minutes", body(KS))):
        feed = atom(url)
        assert feed.entries and all(entry.enclosure is None for entry in feed.entries)
        assert "protokoll.pdf" not in feed.xml
        assert "Protokollet finns inte att hämta här; det kan begäras ut hos registraturen." in feed.entries[0].summary
    decisions = atom(organisation_feed("decisions", huddinge))
    assert all(entry.enclosure["href"].endswith("/protokollsutdrag.pdf") for entry in decisions.entries)


def test_a_withheld_extract_is_not_linked(atom, signed_seed_case, huddinge, registrar):
    item = MinuteItem.objects.get(body__name=KS, number=25)
    extract = RenderedDocument.objects.get(item=item, archived=True)
    withhold(extract, ground=WithholdingGround.PERSONAL_DATA, reason="Namn på en enskild", by=registrar)
    for url in (organisation_feed("decisions", huddinge), case_feed(SEED)):
        entry = next(e for e in atom(url).entries if e.title.startswith("Kommunstyrelsen § 25"))
        assert entry.enclosure is None
        assert f"/paragrafer/{item.pk}/" not in atom(url).xml


def test_an_unsigned_board_paragraph_is_in_no_feed_until_its_minutes_are_signed(atom, held, registrar, huddinge):
    from decisions.services.signing import sign_minutes

    motion = held.items.get(motion__isnull=False).motion
    feeds = [organisation_feed("decisions", huddinge), body_feed("decisions", held.body), case_feed(motion.case_number),
             organisation_feed("minutes", huddinge), body_feed("minutes", held.body)]
    for url in feeds:
        feed = atom(url)
        assert "arbetsutskott §" not in feed.xml, url
        assert "Val av justerare" not in feed.xml and "Erik Sandberg utses" not in feed.xml
    # The case's own steps are public as recorded: filed and prepared; not the committee's handling.
    assert [title.split(":")[0] for title in atom(case_feed(motion.case_number)).titles] == [
        "Förslag till beslut upprättat", "Motionen väcktes"]

    sign_minutes(held, signed_on=d("2022-01-27"), by=registrar)
    decisions = atom(body_feed("decisions", held.body))
    assert decisions.titles == [
        f"Kommunstyrelsens arbetsutskott § 2: {motion.case_number} Fler parkbänkar i Flemingsberg",
        "Kommunstyrelsens arbetsutskott § 1: Val av justerare"]
    assert "Erik Sandberg utses att justera protokollet." in decisions.entries[1].summary
    assert decisions.entries[1].link.endswith(f"/sammantraden/{held.pk}/")  # another matter: its meeting
    assert atom(case_feed(motion.case_number)).titles[0].startswith("Kommunstyrelsens arbetsutskott § 2")
    assert [e.title for e in atom(body_feed("minutes", held.body)).entries] == [
        "Justerat protokoll: Kommunstyrelsens arbetsutskott 2022-01-25"]


# --- New motions -------------------------------------------------------------------------------

def test_new_motions_latest_filed_first_with_their_movers(atom, motion, huddinge, nujin, registrar):
    later = file_motion(huddinge, title="Fler parkbänkar", movers=[nujin], received_on=d("2021-04-01"),
                        summary="Motionären vill ha bänkar.", by=registrar)
    feed = atom(organisation_feed("motions", huddinge))
    assert feed.titles == [f"{later.case_number} Fler parkbänkar", f"{motion.case_number} {motion.title}"]
    first = feed.entries[0]
    assert first.author == "Nujin Alacabek (V)"
    assert first.summary == "<p>Motion av Nujin Alacabek (V), väckt 2021-04-01.</p><p>Motionären vill ha bänkar.</p>"
    assert "väckt 2021-03-15 i kommunfullmäktige" in feed.entries[1].summary
    assert first.link == f"http://testserver{later.get_absolute_url()}"
    assert first.published == first.updated == "2021-04-01T00:00:00+02:00"  # the day, in Stockholm
    assert feed.root.get("{http://www.w3.org/XML/1998/namespace}lang") == "sv"
    assert feed.root.findtext(f"{ATOM}author/{ATOM}name") == "Huddinge kommun"
    # The council's feed: motions filed at its meetings.
    assert atom(body_feed("motions", Body.objects.get(municipality=huddinge, name=KF))).titles == [
        f"{motion.case_number} {motion.title}"]


def test_a_body_feed_lists_the_motions_referred_to_it(atom, motion, body, registrar):
    refer_motion(motion, requests=[ReferralRequest(body("Socialnämnden"), d("2021-09-30"))], sent_on=d("2021-04-06"),
                 by=registrar)
    feed = atom(body_feed("motions", body("Socialnämnden")))
    assert feed.titles == [f"{motion.case_number} {motion.title}"]
    assert feed.entries[0].summary == "<p>Remitterad till socialnämnden 2021-04-06, svar senast 2021-09-30.</p>"
    assert feed.entries[0].id.endswith(f":referral:{motion.referrals.get().pk}")
    assert atom(body_feed("motions", body("Grundskolenämnden"))).entries == []


def test_text_is_escaped_once_and_read_back_as_typed(atom, huddinge, nujin, registrar):
    title = 'Bänkar <script>alert("x")</script> & mer'
    motion = file_motion(huddinge, title=title, movers=[nujin], received_on=d("2021-04-01"),
                         summary="Fler <b>bänkar</b> & bord.", by=registrar)
    entry = atom(organisation_feed("motions", huddinge)).entries[0]
    assert entry.title == f"{motion.case_number} {title}"  # Atom's title is text
    # The summary is HTML: what was typed is in it as text, never as markup.
    assert "Fler &lt;b&gt;bänkar&lt;/b&gt; &amp; bord." in entry.summary and "<b>" not in entry.summary


# --- Ids, links, answers -----------------------------------------------------------------------

def test_an_entry_keeps_its_id_when_its_text_changes_and_is_the_same_in_every_feed(
        atom, signed_seed_case, huddinge, body, registrar):
    item = MinuteItem.objects.get(body__name=KS, number=25)
    expected = f"tag:127.0.0.1,2026-01-01:paragraph:{item.pk}"  # SITE_URL's host, whatever the reader used
    found = [next(e for e in atom(url).entries if e.title.startswith("Kommunstyrelsen § 25")).id
             for url in (organisation_feed("decisions", huddinge), body_feed("decisions", body(KS)), case_feed(SEED))]
    assert found == [expected] * 3


def test_an_entry_keeps_its_id_when_the_motion_is_corrected(atom, motion, huddinge, nujin, registrar):
    before = atom(organisation_feed("motions", huddinge)).entries
    assert [e.id for e in before] == [f"tag:127.0.0.1,2026-01-01:motion:{motion.pk}"]
    correct_motion(motion, title="Inför en avhopparverksamhet", movers=[nujin], received_on=motion.received_on,
                   filed_on=motion.filed_on, summary=motion.summary, clauses=[c.text for c in motion.clauses.all()],
                   reason="Rubriken var fel avskriven.", by=registrar)
    after = atom(organisation_feed("motions", huddinge)).entries
    assert [e.id for e in after] == [e.id for e in before]
    assert after[0].title == f"{motion.case_number} Inför en avhopparverksamhet"
    # The correction itself is the register's record, not a step in the public timeline.
    assert "Rättad" not in atom(case_feed(motion.case_number)).xml


def test_the_feed_names_itself_and_its_page(atom, seed_case, huddinge):
    feed = atom(case_feed(SEED))
    assert feed.root.findtext(f"{ATOM}id") == f"tag:127.0.0.1,2026-01-01:feed:case:{seed_case.pk}"
    assert feed.link("self") == "http://testserver/arenden/KS-2021/345/handelser.atom"
    assert feed.link("alternate") == "http://testserver/arenden/KS-2021/345/"
    assert feed.root.findtext(f"{ATOM}title") == (
        "KS-2021/345 Inför en avhopparverksamhet för ett tryggare Huddinge – ärendets gång")
    # The case's public timeline: filed, referred to five bodies, their answers, prepared, the council's decision.
    titles = [title.split(":")[0] for title in feed.titles]
    assert titles[0] == "Kommunfullmäktige § 40" and titles[-1] == "Motionen väcktes"
    assert titles.count("Remissvar inkom") == 5 and "Remitterad" in titles


def test_an_unchanged_feed_is_answered_not_modified(client, seed_case, huddinge):
    url = organisation_feed("decisions", huddinge)
    first = client.get(url)
    assert first["ETag"] and first["Cache-Control"] == "max-age=300"
    assert "Last-Modified" not in first  # an entry dated earlier than the latest would be missed
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.parametrize("url", [
    "/flode/organisationer/999999/motioner.atom",
    "/flode/organisationer/9223372036854775808/beslut.atom",  # beyond a 64-bit key
    f"/flode/organisationer/{'9' * 5000}/protokoll.atom",
    "/flode/organ/999999/beslut.atom",
    "/flode/organ/99999999999999999999/motioner.atom",
    "/arenden/KS-2021/999999/handelser.atom",
    "/arenden/finns-inte/handelser.atom",
])
def test_an_address_no_row_has_is_not_found(client, seed_case, url):
    assert client.get(url).status_code == 404


def test_a_feed_only_reads(client, seed_case, huddinge):
    assert client.post(organisation_feed("motions", huddinge)).status_code == 405


# --- Bounded and fast --------------------------------------------------------------------------

def _more_of_everything(seed_data, *, count: int, first: int, weeks_later: int):
    """`count` more cases like the seed case, each with its three paragraphs (numbered from `first`
    on) at the bodies' meetings `weeks_later` than the seed case's; every meeting then signed."""
    from cases.casefile.importer import import_cases

    def later(item, n):
        day = d(item["meeting"]["date"]) + datetime.timedelta(weeks=weeks_later)
        return {**item, "number": first + n, "meeting": {**item["meeting"], "date": day.isoformat()}}

    import_cases([{**seed_data, "case_number": f"KS-2021/{first + i}",
                   "minute_items": [later(item, i * 3 + n) for n, item in enumerate(seed_data["minute_items"])]}
                  for i in range(count)])
    for meeting in Meeting.objects.filter(signed_on__isnull=True):
        signed = meeting.date + datetime.timedelta(days=3)
        Meeting.objects.filter(pk=meeting.pk).update(
            signed_on=signed, posted_on=signed, appeal_until=signed + datetime.timedelta(days=21),
            notice_removed_on=signed + datetime.timedelta(days=22))


def test_each_feed_reads_a_fixed_number_of_queries_and_the_latest_entries_only(
        client, seed_data, seed_case, huddinge, body, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    urls = [organisation_feed(name, huddinge) for name in ("motions", "decisions", "minutes")] + [
        body_feed(name, body(KS)) for name in ("motions", "decisions", "minutes")] + [case_feed(SEED)]

    def counted() -> dict[str, int]:
        counts = {}
        for url in urls:
            cache.clear()  # the organisation's path, cached for every page, read again
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[url] = len(queries)
        return counts

    _more_of_everything(seed_data, count=2, first=100, weeks_later=17)
    few = counted()
    _more_of_everything(seed_data, count=LATEST + 5, first=200, weeks_later=34)
    assert counted() == few
    for url in urls:
        cache.clear()
        with django_assert_max_num_queries(10):
            client.get(url)
    assert len(_entries(client, organisation_feed("decisions", huddinge))) == LATEST
    assert len(_entries(client, organisation_feed("motions", huddinge))) == LATEST


def _entries(client, url):
    return ET.fromstring(client.get(url).content).findall(f"{ATOM}entry")


def test_another_organisations_rows_are_not_in_its_feeds(atom, seed_case, huddinge):
    other = Municipality.objects.create(name="Annan kommun", case_prefix="AK")
    feed = atom(organisation_feed("motions", other))
    assert feed.entries == [] and feed.root.findtext(f"{ATOM}title") == "Nya motioner – Annan kommun"
    assert atom(organisation_feed("decisions", other)).entries == []
