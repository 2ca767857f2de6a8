"""Paragrafens förlopp through Django's test client: the whole record of a
paragraph on one page, who can be picked at it, the roll-call with its
derived counts, refusals next to their rows, and who may use the page."""

import re
from html.parser import HTMLParser

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from decisions.models import Ballot, MinuteItem, Proposal, Vote
from decisions.services.paragraphs import record_version
from organisation.models import MeetingEvent
from organisation.services import record_attendance_change
from tests.conftest import MINIMAL_PDF, _user, d

PREFIXES = ("conflicts", "proposals", "questions", "votes", "reservations", "statements", "notes")


@pytest.fixture
def item(held, person, registrar) -> MinuteItem:
    """The case's paragraph at the working committee's held meeting. Lena Holm
    leaves before it and Maria Lind (not serving until then) takes her place,
    so four serve at it: Anna Berglund, Erik Sandberg, Karin Dahl (for Johan
    Ek) and Maria Lind; the secretary and the director are present too."""
    item = held.items.get(motion__isnull=False)
    record_attendance_change(held, person=person("Lena Holm"), kind="leaves", from_number=item.number,
                             replaced_by=person("Maria Lind"), by=registrar)
    return item


@pytest.fixture
def client(registry_user) -> Client:
    client = Client()
    client.force_login(registry_user)
    return client


def url(item) -> str:
    return reverse("decisions:paragraph_record", args=[item.meeting_id, item.pk])


def form_data(version="", **sections) -> dict:
    """The page's fields: each section a list of rows (dicts of field: value)."""
    data = {"version": version, "speakers": sections.pop("speakers", []),
            "decision_clauses": sections.pop("decision_clauses", ""),
            "distribution": sections.pop("distribution", "")}
    for prefix in PREFIXES:
        rows = sections.pop(prefix, [])
        data |= {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
        for index, row in enumerate(rows):
            data |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
    assert not sections, sections
    return data


def vote(question="Ja för förvaltningens förslag, nej för Karin Dahls yrkande", **ballots_and_fields) -> dict:
    return {"kind": "roll_call", "question": question, **ballots_and_fields}


def ballot(person) -> str:
    return f"ballot_{person.pk}"


def select_options(page: str, name: str) -> list[str]:
    match = re.search(rf'<select name="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    assert match, name
    return re.findall(r"<option[^>]*>([^<]*)</option>", match.group(1))


def state(item) -> tuple:
    item = MinuteItem.objects.get(pk=item.pk)
    return record_version(item), MeetingEvent.objects.filter(meeting=item.meeting_id).count()


def annexes() -> list[str]:
    return default_storage.listdir("annexes")[1] if default_storage.exists("annexes") else []


class FormValues(HTMLParser):
    """The values a browser would send for the page's form as shown."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.select = self.textarea = None
        self.text = ""

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.add(name, attrs.get("value", "on"))
            elif kind != "file":
                self.add(name, attrs.get("value") or "")
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value") or "")
        elif tag == "textarea":
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # A textarea's content starts after the newline Django writes.
            self.add(self.textarea, self.text[1:] if self.text.startswith("\n") else self.text)
            self.textarea = None


def values_of(page: str) -> dict[str, list[str]]:
    parser = FormValues()
    parser.feed(page)
    return parser.data


def test_the_page_offers_only_those_present_or_serving_at_the_paragraph(item, client, person):
    page = client.get(url(item)).content.decode()
    serving = ["Anna Berglund", "Erik Sandberg", "Karin Dahl", "Maria Lind"]
    # The roll-call: one row per member serving at the paragraph, in the attendance list's order.
    legends = re.findall(r'<fieldset class="ballot">\s*<legend>([^<]*)</legend>', page)
    assert [legend.split(" (")[0] for legend in legends] == serving
    # A substitute is named with the member they serve for.
    assert any("Karin Dahl" in legend and "ersätter Johan Ek" in legend for legend in legends)
    proposers = [option.split(" (")[0] for option in select_options(page, "proposals-0-person")[1:]]
    assert sorted(proposers) == sorted(serving)
    # Speakers may be anyone present: the secretary too, but not Lena Holm, who has left.
    assert f'name="speakers" value="{person("Helena Strand").pk}"' in page
    assert f'name="speakers" value="{person("Lena Holm").pk}"' not in page
    assert "Lena Holm (" not in page and "Nujin Alacabek" not in page
    # Maria Lind serves in Lena Holm's place from this paragraph on.
    assert any(legend.startswith("Maria Lind") and "ersätter Lena Holm" in legend for legend in legends)


def test_the_roll_call_lists_each_serving_member_once(item, client):
    page = client.get(url(item)).content.decode()
    # One vote form (the empty one) and its grid of four rows of four choices.
    assert len(re.findall(r'<fieldset class="ballot">', page)) == 4
    assert len(re.findall(r'name="votes-0-ballot_\d+"', page)) == 16
    # Folded away until the secretary adds a vote.
    assert '<details class="mb-3"><summary>Lägg till en omröstning</summary>' in page


def full_record(person, document) -> dict:
    anna, erik, karin, maria = (person(n) for n in ("Anna Berglund", "Erik Sandberg", "Karin Dahl", "Maria Lind"))
    return form_data(
        conflicts=[{"person": erik.pk, "text": ""}],
        speakers=[maria.pk, karin.pk, person("Helena Strand").pk],
        proposals=[
            {"person": karin.pk, "kind": "main", "rank": "1", "text": "bifall till motionen",
             "seconders": [maria.pk]},
            {"person": karin.pk, "kind": "main", "rank": "2", "text": "att motionen ska anses besvarad"},
            {"person": anna.pk, "kind": "send_back", "rank": "",
             "text": "att ärendet ska återremitteras för att utreda kostnaderna"},
        ],
        questions=[
            {"text": "om ärendet ska avgöras i dag eller återremitteras", "finding": "det ska avgöras i dag"},
            {"text": "förvaltningens förslag och Karin Dahls yrkande", "finding": ""},
        ],
        votes=[vote(yes_for="förvaltningens förslag", no_for="Karin Dahls yrkande", casting_vote="yes",
                    result="beslutar arbetsutskottet enligt förvaltningens förslag",
                    **{ballot(anna): "yes", ballot(karin): "no", ballot(maria): "abstain"})],
        reservations=[
            {"person": karin.pk, "group": "1", "in_favour_of": "0", "text": ""},
            {"person": maria.pk, "group": "1", "in_favour_of": "0", "text": "", "written": "on",
             "document": document},
        ],
        statements=[{"person": anna.pk, "text": "Ordföranden vill understryka vikten av arbetet."}],
        notes=[{"text": "Vänsterpartiet antecknar att frågan bör följas upp.", "person": maria.pk},
               {"text": "Ärendet behandlades efter § 3.", "person": ""}],
        decision_clauses="att motionen avslås\n\natt förvaltningen återkommer med en uppföljning",
        distribution="Socialnämnden\nMotionären",
    )


def test_a_whole_record_is_saved_with_its_roll_call_counts_derived(item, client, person):
    anna, erik, karin, maria = (person(n) for n in ("Anna Berglund", "Erik Sandberg", "Karin Dahl", "Maria Lind"))
    events = MeetingEvent.objects.filter(meeting=item.meeting_id).count()
    response = client.post(url(item), full_record(person, SimpleUploadedFile("reservation.pdf", MINIMAL_PDF)))
    assert response.status_code == 302 and response["Location"] == url(item)
    item = MinuteItem.objects.get(pk=item.pk)

    assert [c.person for c in item.conflictofinterests.all()] == [erik]
    # Speakers in the attendance list's order.
    assert [s.person.name for s in item.speakers.all()] == ["Karin Dahl", "Maria Lind", "Helena Strand"]
    proposals = list(item.proposals.all())
    assert [(p.person, p.kind, p.rank) for p in proposals] == [
        (karin, Proposal.Kind.MAIN, 1), (karin, Proposal.Kind.MAIN, 2), (anna, Proposal.Kind.SEND_BACK, None)]
    assert [s.person for s in proposals[0].seconders.all()] == [maria]
    assert [(q.text, q.finding) for q in item.questions.all()] == [
        ("om ärendet ska avgöras i dag eller återremitteras", "det ska avgöras i dag"),
        ("förvaltningens förslag och Karin Dahls yrkande", "")]
    (stored,) = item.votes.all()
    # A tie, 1–1 with one abstaining, decided by the chair's casting vote.
    assert (stored.kind, stored.yes, stored.no, stored.abstained, stored.casting_vote, stored.won) == (
        Vote.Kind.ROLL_CALL, 1, 1, 1, "yes", "yes")
    assert [(b.person, b.choice) for b in stored.ballots.all()] == [
        (anna, Ballot.Choice.YES), (karin, Ballot.Choice.NO), (maria, Ballot.Choice.ABSTAIN)]
    assert stored.ballots.get(person=karin).replaces == person("Johan Ek")
    reservations = list(item.reservations.all())
    assert [(r.person, r.group, r.in_favour_of_id) for r in reservations] == [
        (karin, 1, proposals[0].pk), (maria, 1, proposals[0].pk)]
    written = reservations[1]
    assert written.written and written.document.name.startswith("annexes/")
    assert default_storage.open(written.document.name).read() == MINIMAL_PDF
    assert [s.person for s in item.separatestatements.all()] == [anna]
    assert [(n.person, n.text) for n in item.notes.all()] == [
        (maria, "Vänsterpartiet antecknar att frågan bör följas upp."), (None, "Ärendet behandlades efter § 3.")]
    assert item.decision_clauses == ["att motionen avslås", "att förvaltningen återkommer med en uppföljning"]
    assert item.distribution == ["Socialnämnden", "Motionären"]
    event = MeetingEvent.objects.filter(meeting=item.meeting_id).latest("id")
    assert MeetingEvent.objects.filter(meeting=item.meeting_id).count() == events + 1
    assert (event.kind, event.description) == (MeetingEvent.Kind.PARAGRAPH_RECORDED,
                                               f"§ {item.number}: förloppet ändrat")

    page = client.get(url(item)).content.decode()
    assert "Förloppet för § %s är sparat." % item.number in page
    assert "Räknat ur röstlistan: 1 ja, 1 nej, 1 avstår." in page
    assert "Ordförandens utslagsröst: ja." in page
    # Erik Sandberg declared a conflict of interest: he is not offered a vote or a proposal.
    assert "Erik Sandberg (" not in "".join(select_options(page, "proposals-0-person"))
    assert f'name="votes-0-{ballot(erik)}"' not in page
    assert re.search(rf'name="votes-0-{ballot(anna)}" value="yes"[^>]*checked', page)


def test_saving_the_page_as_shown_keeps_the_record(item, client, person):
    client.post(url(item), full_record(person, SimpleUploadedFile("reservation.pdf", MINIMAL_PDF)))
    before = record_version(MinuteItem.objects.get(pk=item.pk))
    data = values_of(client.get(url(item)).content.decode())
    assert data["version"] == [before]
    response = client.post(url(item), data)
    assert response.status_code == 302
    item = MinuteItem.objects.get(pk=item.pk)
    assert record_version(item) == before
    assert item.reservations.get(person=person("Maria Lind")).document.name.startswith("annexes/")


def test_a_reservation_removed_from_the_page_is_gone_and_the_rest_kept(item, client, person):
    client.post(url(item), full_record(person, SimpleUploadedFile("reservation.pdf", MINIMAL_PDF)))
    data = values_of(client.get(url(item)).content.decode())
    data["reservations-1-DELETE"] = ["on"]
    data["votes-0-DELETE"] = ["on"]
    assert client.post(url(item), data).status_code == 302
    item = MinuteItem.objects.get(pk=item.pk)
    assert [r.person.name for r in item.reservations.all()] == ["Karin Dahl"]
    assert not item.votes.exists()
    assert item.proposals.count() == 3


def refusal(person, bad: str) -> tuple[dict, str, str]:
    """A submission the page must refuse, the message, and the row it belongs to."""
    anna, erik, karin, maria = (person(n) for n in ("Anna Berglund", "Erik Sandberg", "Karin Dahl", "Maria Lind"))
    tie = {ballot(anna): "yes", ballot(karin): "no"}
    return {
        "tie_without_casting_vote": (
            form_data(votes=[vote(**tie)]),
            "Rösterna utfaller lika, 1 ja och 1 nej; ordförandens utslagsröst saknas.", "votes-0"),
        "casting_vote_without_a_tie": (
            form_data(votes=[vote(casting_vote="no", **{ballot(anna): "yes"})]),
            "Ordföranden har utslagsröst bara när rösterna utfaller lika", "votes-0"),
        "counts_typed_in_a_roll_call": (
            form_data(votes=[vote(yes="3", no="1", **tie)]),
            "Vid öppen omröstning räknas antalen fram ur röstlistan", "votes-0"),
        "a_conflicted_member_proposes": (
            form_data(conflicts=[{"person": erik.pk}],
                      proposals=[{"person": erik.pk, "kind": "main", "text": "bifall till motionen"}]),
            "Erik Sandberg har anmält jäv och deltar inte i handläggningen av ärendet.", "section-conflicts"),
        "ranks_with_a_gap": (
            form_data(proposals=[{"person": karin.pk, "kind": "main", "rank": "1", "text": "bifall"},
                                 {"person": karin.pk, "kind": "main", "rank": "3", "text": "avslag"}]),
            "Yrkandena från Karin Dahl ska stå i första, andra … hand utan luckor eller upprepningar.",
            "proposals-0"),
        "seconding_ones_own_proposal": (
            form_data(proposals=[{"person": karin.pk, "kind": "main", "text": "bifall", "seconders": [karin.pk]}]),
            "Karin Dahl kan inte instämma i sitt eget yrkande.", "proposals-0"),
        "reserving_in_favour_of_an_empty_proposal": (
            form_data(proposals=[{"person": "", "kind": "main", "text": ""}],
                      reservations=[{"person": maria.pk, "in_favour_of": "0"}]),
            "Yrkandet är tomt eller borttaget; välj ett annat.", "reservations-0"),
        "someone_who_has_left_proposes": (
            form_data(proposals=[{"person": person("Lena Holm").pk, "kind": "main", "text": "bifall"}]),
            "Välj ett giltigt alternativ.", "proposals-0"),
        "a_proposal_without_text": (
            form_data(proposals=[{"person": karin.pk, "kind": "main", "text": " "}]),
            "Skriv vad ledamoten yrkar.", "proposals-0"),
        "a_statement_without_text_or_annex": (
            form_data(statements=[{"person": anna.pk, "text": ""}]),
            "Skriv yttrandet eller bifoga det som bilaga.", "statements-0"),
        "an_annex_that_is_not_a_pdf": (
            form_data(reservations=[{"person": maria.pk, "written": "on",
                                     "document": SimpleUploadedFile("r.pdf", b"not a pdf")}]),
            "Filen är inte en PDF", "reservations-0"),
        "a_forged_annex_name": (
            form_data(reservations=[{"person": maria.pk, "current_document": "minutes/other.pdf",
                                     "keep_document": "on"}]),
            "Bilagan hör inte till paragrafen; ladda om sidan.", "reservations-0"),
    }[bad]


@pytest.mark.parametrize("bad", [
    "tie_without_casting_vote", "casting_vote_without_a_tie", "counts_typed_in_a_roll_call",
    "a_conflicted_member_proposes", "ranks_with_a_gap", "seconding_ones_own_proposal",
    "reserving_in_favour_of_an_empty_proposal", "someone_who_has_left_proposes", "a_proposal_without_text",
    "a_statement_without_text_or_annex", "an_annex_that_is_not_a_pdf", "a_forged_annex_name",
])
def test_bad_input_is_refused_next_to_its_row_and_changes_nothing(item, client, person, bad):
    data, message, anchor = refusal(person, bad)
    before = state(item)
    response = client.post(url(item), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-error-summary" in page
    # The summary links to the row (or list) the message belongs to.
    assert re.search(rf'href="#(id_)?{anchor}[^"]*" class="alert-link">[^<]*{re.escape(message)}', page), page
    assert state(item) == before
    assert annexes() == []


def test_an_annex_stored_before_a_refusal_is_removed_again(item, client, person):
    anna, karin, maria = person("Anna Berglund"), person("Karin Dahl"), person("Maria Lind")
    data = form_data(votes=[vote(**{ballot(anna): "yes", ballot(karin): "no"})],
                     reservations=[{"person": maria.pk, "written": "on",
                                    "document": SimpleUploadedFile("r.pdf", MINIMAL_PDF)}])
    page = client.post(url(item), data).content.decode()
    assert "ordförandens utslagsröst saknas" in page
    assert "Reservation 1, Bilaga (PDF): Välj filen igen: filer kan inte sparas när formuläret inte godtas." in page
    assert annexes() == []


def test_a_save_over_someone_elses_later_change_is_refused_until_sent_again(item, client, person):
    opened = values_of(client.get(url(item)).content.decode())
    # Another registry secretary saves a speaker meanwhile.
    other = Client()
    other.force_login(_user("reg2", "registry"))
    assert other.post(url(item), form_data(version=opened["version"][0],
                                           speakers=[person("Anna Berglund").pk])).status_code == 302
    between = state(item)
    data = {**opened, "distribution": ["Socialnämnden"]}
    page = client.post(url(item), data).content.decode()
    assert "har ändrats av någon annan sedan du öppnade sidan" in page
    # Who did what and when, in plain words.
    assert re.search(rf"reg2 registrerade ”Paragraf protokollförd: § {item.number}: förloppet ändrat” kl\. \d\d\.\d\d "
                     r"i dag, efter att du öppnade sidan\.", page)
    assert state(item) == between
    # Sent again, the page replaces the newer record deliberately.
    assert client.post(url(item), values_of(page)).status_code == 302
    item = MinuteItem.objects.get(pk=item.pk)
    assert item.distribution == ["Socialnämnden"] and not item.speakers.exists()


def test_signed_minutes_show_the_refusal_and_take_no_change(signed, client, person):
    item = signed.items.get(motion__isnull=False)
    before = state(item)
    page = client.get(url(item)).content.decode()
    assert "Protokollet är justerat och kan inte ändras." in page and "<form method=\"post\" enctype" not in page
    response = client.post(url(item), form_data(distribution="Socialnämnden"))
    assert response.status_code == 200 and "Protokollet är justerat och kan inte ändras." in response.content.decode()
    assert state(item) == before


def test_the_service_refuses_signed_minutes_too(signed, registrar):
    from decisions.services.paragraphs import MinuteRecord, replace_record
    from lib.errors import DomainError

    item = signed.items.get(motion__isnull=False)
    with pytest.raises(DomainError, match="kan inte längre ändras"):
        replace_record(item, MinuteRecord(distribution=["Socialnämnden"]), by=registrar)


def test_a_paragraph_of_another_meeting_is_not_found(item, client, registrar):
    from decisions.services.meetings import add_other_matter, record_other_matter
    from organisation.services import schedule_meeting

    later = schedule_meeting(item.meeting.body, on=d("2022-02-08"), by=registrar)
    other = record_other_matter(add_other_matter(later, title="Information", by=registrar),
                                decision_text="Informationen noteras.", by=registrar)
    assert client.get(reverse("decisions:paragraph_record", args=[item.meeting_id, other.pk])).status_code == 404


@pytest.mark.parametrize("who", ["councillor", "social_secretary", "anonymous"])
def test_only_the_registry_sees_or_changes_a_paragraphs_record(item, request, person, who):
    client = Client()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    before = state(item)
    expected = 302 if who == "anonymous" else 403
    assert client.get(url(item)).status_code == expected
    response = client.post(url(item), form_data(distribution="Socialnämnden"))
    assert response.status_code == expected
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    assert state(item) == before


def test_the_meeting_page_and_the_case_page_link_to_the_record(item, client):
    link = f'href="{url(item)}"'
    assert link in client.get(item.meeting.get_absolute_url()).content.decode()
    assert link in client.get(item.motion.get_absolute_url()).content.decode()
    # Not for the public: the minutes are not signed.
    assert link not in Client().get(item.motion.get_absolute_url()).content.decode()


def test_a_closed_vote_is_recorded_by_its_counts_and_a_tie_by_the_lot(item, client):
    closed = {"kind": "closed", "question": "Val av ordförande i beredningen", "yes_for": "Anna Berglund",
              "no_for": "Erik Sandberg", "yes": "2", "no": "2", "abstained": "0", "won": "no"}
    assert client.post(url(item), form_data(votes=[closed])).status_code == 302
    stored = MinuteItem.objects.get(pk=item.pk).votes.get()
    assert (stored.kind, stored.yes, stored.no, stored.won, stored.casting_vote) == ("closed", 2, 2, "no", "")
    assert not stored.ballots.exists()
    page = client.get(url(item)).content.decode()
    assert "Sluten omröstning: 2 ja, 2 nej, 0 avstår." in page and "Lotten föll på nej." in page


def test_without_an_attendance_list_anyone_can_be_named_but_no_roll_call_taken(ksau, registrar, client, person):
    from decisions.services.meetings import add_other_matter, record_other_matter
    from organisation.services import schedule_meeting

    meeting = schedule_meeting(ksau, on=d("2022-03-01"), by=registrar)
    item = record_other_matter(add_other_matter(meeting, title="Val av justerare", by=registrar),
                               decision_text="Erik Sandberg utses att justera protokollet.", by=registrar)
    page = client.get(url(item)).content.decode()
    assert "Närvaron vid sammanträdet är inte registrerad" in page
    assert '<fieldset class="ballot">' not in page
    nujin = person("Nujin Alacabek")
    response = client.post(url(item), form_data(
        proposals=[{"person": nujin.pk, "kind": "main", "text": "att Nujin Alacabek utses"}],
        votes=[vote()]))
    assert "Fyll i röstlistan" in response.content.decode()
    assert not MinuteItem.objects.get(pk=item.pk).proposals.exists()
    response = client.post(url(item), form_data(
        proposals=[{"person": nujin.pk, "kind": "main", "text": "att Nujin Alacabek utses"}]))
    assert response.status_code == 302
    assert [p.person for p in MinuteItem.objects.get(pk=item.pk).proposals.all()] == [nujin]


def test_every_part_of_the_record_refused_shows_at_once(item, client, person):
    anna, karin = person("Anna Berglund"), person("Karin Dahl")
    data = form_data(
        proposals=[{"person": karin.pk, "kind": "main", "text": "avslag på motionen", "seconders": [karin.pk]}],
        votes=[vote(**{ballot(anna): "yes", ballot(karin): "no"})])
    before = state(item)
    page = client.post(url(item), data).content.decode()
    assert "Karin Dahl kan inte instämma i sitt eget yrkande." in page
    assert "ordförandens utslagsröst saknas" in page
    assert state(item) == before
