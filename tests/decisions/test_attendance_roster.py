"""The attendance page through Django's test client: a new list starts from
the body's roster on the meeting day (a 61-seat council taken in one
request), absent members' places taken by substitutes of their party, and
those leaving or arriving during the meeting."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from organisation.models import Attendance, Body, Meeting, MeetingEvent, Membership, Municipality, Party, Person
from organisation.selectors import attendee_line
from organisation.services import AttendanceRecord, record_attendance, schedule_meeting
from tests.conftest import _user, d

DAY = d("2024-03-14")
TERM = d("2022-10-15"), d("2026-10-14")
# 61 seats: the party, its members and its substitutes (called in in this order).
SEATS = {"S": 20, "M": 15, "SD": 10, "V": 5, "C": 4, "KD": 3, "L": 2, "MP": 2}
MEMBER, SUBSTITUTE = Attendance.Role.MEMBER, Attendance.Role.SUBSTITUTE
NOT_SERVING, OTHER = Attendance.Role.NOT_SERVING, Attendance.Role.OTHER


@pytest.fixture
def council(db) -> Body:
    """Mälarviks kommunfullmäktige: 61 members (a chair of S, vice chairs of M
    and SD; Per Holm sits for M), two substitutes a party (M's first is Maja
    Lind, S's first Eva Lund), a secretary and the municipal director."""
    town = Municipality.objects.create(name="Mälarviks kommun")
    council = Body.objects.create(municipality=town, name="Kommunfullmäktige", kind=Body.Kind.COUNCIL,
                                  genitive="Kommunfullmäktiges", decision_subject="Kommunfullmäktige")
    parties = {abbreviation: Party.objects.get_or_create(abbreviation=abbreviation,
                                                         defaults={"name": abbreviation})[0] for abbreviation in SEATS}
    named = {("M", "member", 1): "Per Holm", ("M", "substitute", 1): "Maja Lind", ("S", "substitute", 1): "Eva Lund"}
    seats = [(party, "member", n) for party, count in SEATS.items() for n in range(1, count + 1)]
    seats += [(party, "substitute", n) for party in SEATS for n in (1, 2)]
    people = Person.objects.bulk_create(
        Person(municipality=town, party=parties[party], name=named.get((party, role, n), f"{party} {role} {n}"))
        for party, role, n in seats)
    duties = {("S", 1): Membership.Duty.CHAIR, ("M", 2): Membership.Duty.FIRST_VICE_CHAIR,
              ("SD", 1): Membership.Duty.SECOND_VICE_CHAIR}
    staff = Person.objects.bulk_create([Person(municipality=town, name="Sara Sekreterare"),
                                        Person(municipality=town, name="Olle Direktör")])
    Membership.objects.bulk_create([
        *(Membership(body=council, person=person, role=role, party=parties[party], starts_on=TERM[0], ends_on=TERM[1],
                     duty=duties.get((party, n), "") if role == "member" else "",
                     substitute_order=n if role == "substitute" else None)
          for person, (party, role, n) in zip(people, seats, strict=True)),
        Membership(body=council, person=staff[0], role=Membership.Role.SECRETARY, title="kommunsekreterare",
                   starts_on=TERM[0], ends_on=TERM[1]),
        Membership(body=council, person=staff[1], role=Membership.Role.OFFICIAL, title="kommundirektör",
                   starts_on=TERM[0], ends_on=TERM[1]),
    ])
    return council


@pytest.fixture
def registry(db) -> Client:
    client = Client()
    client.force_login(_user("reg", "registry"))
    return client


@pytest.fixture
def sitting(council) -> Meeting:
    return schedule_meeting(council, on=DAY, by=None)


def someone(name: str) -> Person:
    return Person.objects.get(name=name)


def url(meeting) -> str:
    return reverse("decisions:attendance", args=[meeting.pk])


class Forms(HTMLParser):
    """The values a browser would send for each form on the page, as shown."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self.select = None

    def add(self, name, value):
        if self.forms:
            self.forms[-1].setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self.forms.append({})
        elif tag == "input" and name and name != "csrfmiddlewaretoken":
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.add(name, attrs.get("value", "on"))
            else:
                self.add(name, attrs.get("value") or "")
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def form_values(page: str, form: str) -> dict[str, list[str]]:
    """The values of the page's form whose hidden "form" field is `form`."""
    parser = Forms()
    parser.feed(page)
    (values,) = [values for values in parser.forms if values.get("form") == [form]]
    return values


def field(name: str, person: Person) -> str:
    return f"roster-{name}_{person.pk}"


def roll(meeting) -> list[tuple[str, str, str, str]]:
    return [(a.person.name, a.role, a.duty, a.replaces.name if a.replaces else "")
            for a in Meeting.objects.get(pk=meeting.pk).attendance.select_related("person", "replaces")]


def test_a_new_list_shows_the_roster_with_every_member_present_and_serving(sitting, registry):
    page = registry.get(url(sitting)).content.decode()
    ticked = re.findall(r'<input type="checkbox" name="roster-present_(\d+)"[^>]*checked', page)
    members = Membership.objects.filter(role=Membership.Role.MEMBER)
    officials = Membership.objects.filter(role__in=Membership.OFFICIALS)
    assert sorted(map(int, ticked)) == sorted(m.person_id for m in [*members, *officials])
    assert len(ticked) == 63
    # The chair first, as the chair of the meeting; each checkbox's label names the person.
    values = form_values(page, "roster")
    assert values["roster-chair"] == [str(someone("S member 1").pk)]
    per = someone("Per Holm")
    assert f'<label class="form-check-label" for="id_roster-present_{per.pk}">Per Holm (M)</label>' in page
    assert "S member 1 (S), ordförande" in page and "M member 2 (M), förste vice ordförande" in page
    assert "Maja Lind (M), ersättare nr 1" in page and "Sara Sekreterare, kommunsekreterare" in page
    # An absent member's substitutes are offered from the member's party, in their order.
    options = re.search(rf'<select name="{field("replaced_by", someone("Per Holm"))}"[^>]*>(.*?)</select>', page, re.S)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", options.group(1)) == [
        "Ingen ersättare", "1. Maja Lind", "2. M substitute 2"]


def test_the_default_form_records_the_61_seat_council_in_one_request(sitting, registry):
    values = form_values(registry.get(url(sitting)).content.decode(), "roster")
    response = registry.post(url(sitting), values)
    assert response.status_code == 302
    attendance = roll(sitting)
    assert len([row for row in attendance if row[1] == MEMBER]) == 61
    assert attendance[0] == ("S member 1", MEMBER, Attendance.Duty.CHAIR, "")
    assert {row[0] for row in attendance if row[2] == Attendance.Duty.VICE_CHAIR} == {"M member 2", "SD member 1"}
    assert attendance[-2:] == [("Sara Sekreterare", OTHER, Attendance.Duty.SECRETARY, ""),
                               ("Olle Direktör", OTHER, "", "")]
    assert [attendee_line(a) for a in sitting.attendance.filter(role=OTHER)] == [
        "Sara Sekreterare, kommunsekreterare", "Olle Direktör, kommundirektör"]
    assert MeetingEvent.objects.filter(meeting=sitting, kind=MeetingEvent.Kind.ATTENDANCE_RECORDED).count() == 1


def test_an_absent_member_is_replaced_by_a_substitute_of_the_party(sitting, registry):
    values = form_values(registry.get(url(sitting)).content.decode(), "roster")
    per, maja, eva = someone("Per Holm"), someone("Maja Lind"), someone("Eva Lund")
    del values[field("present", per)]
    values[field("replaced_by", per)] = [str(maja.pk)]
    values[field("present", eva)] = ["on"]  # present, not called in
    assert registry.post(url(sitting), values).status_code == 302
    attendance = Meeting.objects.get(pk=sitting.pk).attendance.select_related("person", "party", "replaces")
    lines = {a.person.name: (a.role, attendee_line(a)) for a in attendance}
    assert "Per Holm" not in lines
    assert lines["Maja Lind"] == (SUBSTITUTE, "Maja Lind (M), ersätter Per Holm")
    assert lines["Eva Lund"] == (NOT_SERVING, "Eva Lund (S)")
    assert len([a for a in attendance if a.role in Attendance.SERVING]) == 61
    # Maja Lind sits among M's members, in Per Holm's place; Eva Lund after those serving.
    names = [a.person.name for a in attendance]
    assert names.index("L member 2") < names.index("Maja Lind") < names.index("MP member 1")
    assert names.index("Eva Lund") == 61


def test_a_substitute_of_another_party_is_refused_with_a_clear_message(sitting, registry):
    values = form_values(registry.get(url(sitting)).content.decode(), "roster")
    per, eva = someone("Per Holm"), someone("Eva Lund")
    del values[field("present", per)]
    values[field("replaced_by", per)] = [str(eva.pk)]
    response = registry.post(url(sitting), values)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Eva Lund är ersättare för S och kan inte ersätta Per Holm (M). Välj en ersättare för M." in page
    assert f'href="#id_{field("replaced_by", per)}"' in page  # the summary leads to the row
    assert not Meeting.objects.get(pk=sitting.pk).attendance.exists()


@pytest.mark.parametrize("change, message", [
    (lambda v, p: v.update({field("replaced_by", p("Per Holm")): [str(p("Maja Lind").pk)]}),
     "Per Holm är närvarande. Bocka ur Per Holm om Maja Lind ska tjänstgöra i stället."),
    (lambda v, p: v.pop(field("present", p("S member 1"))),
     "S member 1 är frånvarande. Välj vem som är ordförande vid sammanträdet."),
    (lambda v, p: (v.pop(field("present", p("Per Holm"))), v.pop(field("present", p("M member 3"))),
                   v.update({field("replaced_by", p("Per Holm")): [str(p("Maja Lind").pk)],
                             field("replaced_by", p("M member 3")): [str(p("Maja Lind").pk)]})),
     "Maja Lind ersätter redan M member 3."),  # the roster's order: M member 3 before Per Holm
    # The service's refusal, shown at the row it concerns.
    (lambda v, p: v.update({"extra-0-person": [str(p("Per Holm").pk)], "extra-0-role": [MEMBER]}),
     "Fler närvarande, rad 1: Per Holm står två gånger i närvarolistan."),
])
def test_a_list_that_cannot_be_is_refused_and_nothing_recorded(sitting, registry, change, message):
    values = form_values(registry.get(url(sitting)).content.decode(), "roster")
    change(values, someone)
    response = registry.post(url(sitting), values)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Meeting.objects.get(pk=sitting.pk).attendance.exists()


def test_someone_not_on_the_roster_is_added_in_a_free_row(sitting, registry, council):
    guest = Person.objects.create(municipality=council.municipality, name="Gun Gäst")
    values = form_values(registry.get(url(sitting)).content.decode(), "roster")
    values |= {"extra-0-person": [str(guest.pk)], "extra-0-role": [OTHER], "extra-0-title": ["revisor"]}
    assert registry.post(url(sitting), values).status_code == 302
    assert roll(sitting)[-1] == ("Gun Gäst", OTHER, "", "")


def test_nobody_marked_present_works_without_javascript(sitting, registry):
    page = registry.get(url(sitting) + "?narvarande=ingen").content.decode()
    assert not re.findall(r'name="roster-present_\d+"[^>]*checked', page)
    assert 'href="?fran=forteckning"' in page  # and back to all present


def test_a_list_taken_is_shown_as_it_is_not_the_roster(sitting, registry):
    record_attendance(sitting, [AttendanceRecord(someone("Per Holm"), MEMBER, duty=Attendance.Duty.CHAIR)], by=None)
    page = registry.get(url(sitting)).content.decode()
    assert "roster-present_" not in page
    values = form_values(page, "list")
    assert values["attendance-0-person"] == [str(someone("Per Holm").pk)]
    assert values["attendance-1-person"] == [""]
    # Started again from the roster on request, saving replaces the list.
    page = registry.get(url(sitting) + "?fran=forteckning").content.decode()
    assert "Sparar du här ersätts den." in page
    assert len(re.findall(r'name="roster-present_\d+"[^>]*checked', page)) == 63


def test_without_a_roster_on_the_day_the_list_starts_from_the_previous_meeting(council, registry):
    before_the_term = schedule_meeting(council, on=d("2022-06-01"), by=None)
    record_attendance(before_the_term, [AttendanceRecord(someone("Per Holm"), MEMBER)], by=None)
    later = schedule_meeting(council, on=d("2022-09-01"), by=None)
    page = registry.get(url(later)).content.decode()
    assert "roster-present_" not in page and f"förifylld från {before_the_term}" in page
    assert form_values(page, "list")["attendance-0-person"] == [str(someone("Per Holm").pk)]


def test_someone_leaving_at_a_paragraph_is_recorded_and_listed(sitting, registry):
    per, maja = someone("Per Holm"), someone("Maja Lind")
    record_attendance(sitting, [AttendanceRecord(per, MEMBER), AttendanceRecord(maja, NOT_SERVING)], by=None)
    response = registry.post(url(sitting), {"form": "change", "change-person": per.pk, "change-kind": "leaves",
                                            "change-from_number": "5", "change-at": "19:40",
                                            "change-replaced_by": maja.pk}, follow=True)
    page = response.content.decode().replace("\N{NO-BREAK SPACE}", " ")
    assert "Den ändrade närvaron är registrerad." in page
    assert "Per Holm lämnar sammanträdet kl. 19.40, från och med § 5. Maja Lind tjänstgör i stället." in page
    change = sitting.attendance_changes.get()
    assert (change.person, change.kind, change.from_number, change.at, change.replaced_by) == (
        per, "leaves", 5, datetime.time(19, 40), maja)
    # The service's refusal is shown at its field; nothing more is recorded.
    response = registry.post(url(sitting), {"form": "change", "change-person": per.pk, "change-kind": "arrives",
                                            "change-from_number": "5"})
    assert "Närvaron för Per Holm ändras redan från § 5." in response.content.decode()
    assert sitting.attendance_changes.count() == 1
    # Once signed, the page only lists them.
    Meeting.objects.filter(pk=sitting.pk).update(signed_on=d("2024-03-20"), posted_on=d("2024-03-21"),
                                                 appeal_until=d("2024-04-11"), notice_removed_on=d("2024-04-12"))
    page = registry.get(url(sitting)).content.decode()
    assert "Maja Lind tjänstgör i stället." in page and 'name="change-person"' not in page
    assert "Protokollet är justerat och kan inte ändras." in page


def test_no_one_arrives_or_leaves_before_the_list_is_taken(sitting, registry):
    page = registry.get(url(sitting)).content.decode()
    assert 'name="change-person"' not in page and "Spara närvarolistan först" in page


def test_the_meetings_list_names_each_bodys_organisation(sitting, registry):
    from tests.support.organisations import region_with_board_and_council

    region = region_with_board_and_council()
    schedule_meeting(region.council, on=DAY, by=None)
    page = registry.get(reverse("decisions:meetings")).content.decode()
    assert '<th scope="col">Organisation</th>' in page
    assert "<td>Region Exempel</td><td>Regionfullmäktige</td>" in page
    assert "<td>Mälarviks kommun</td><td>Kommunfullmäktige</td>" in page
    # The meeting plan's bodies, grouped by organisation.
    page = registry.get(reverse("decisions:meeting_plan")).content.decode()
    assert re.search(r'<optgroup label="Mälarviks kommun">\s*<option value="\d+"( selected)?>'
                     r"Kommunfullmäktige</option>", page)
    assert re.search(r'<optgroup label="Region Exempel">', page)
