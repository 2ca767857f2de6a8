"""A body's roster on a day (organisation.selectors.roster_on, serving_members)."""

import datetime

import pytest

from organisation.models import Body, Membership, Municipality, Party, Person
from organisation.selectors import roster_on, serving_members, swedish_sort_key
from tests.conftest import d

KSAU = "Kommunstyrelsens arbetsutskott"


def line(membership: Membership) -> str:
    party = f" ({membership.party.abbreviation})" if membership.party else ""
    extra = membership.duty or (f"#{membership.substitute_order}" if membership.substitute_order else "")
    return " ".join(part for part in (f"{membership.role}: {membership.person.name}{party}", extra) if part)


def test_the_roster_lists_chairs_members_substitutes_then_officials(body):
    assert [line(m) for m in roster_on(body(KSAU), d("2022-01-25"))] == [
        "member: Anna Berglund (M) chair",
        "member: Lena Holm (L) first_vice_chair",
        "member: Erik Sandberg (S) second_vice_chair",
        "member: Johan Ek (SD)",
        "member: Nujin Alacabek (V)",
        "substitute: Maria Lind (C) #1",
        "substitute: Per Nyström (KD) #1",
        "substitute: Karin Dahl (S) #1",
        "secretary: Helena Strand",
        "official: Olof Wikström",
    ]


@pytest.mark.parametrize(("day", "chair"), [
    ("2018-10-14", None),  # before the first term
    ("2018-10-15", "Per Nyström"),  # its first day
    ("2022-10-14", "Per Nyström"),  # its last day
    ("2022-10-15", "Per Nyström"),  # the next term's first day
    ("2026-10-15", None),  # after the last term in the file
])
def test_a_membership_holds_from_its_first_day_to_its_last_both_included(body, day, chair):
    members = serving_members(body("Kommunfullmäktige"), d(day))
    assert (members[0].person.name if members else None) == chair
    assert all(m.role == Membership.Role.MEMBER for m in members)


def test_serving_members_are_the_members_alone_in_roster_order(body):
    ksau = body(KSAU)
    day = d("2023-05-02")
    assert serving_members(ksau, day) == [m for m in roster_on(ksau, day) if m.role == "member"]
    assert [m.person.name for m in serving_members(ksau, day)] == [
        "Anna Berglund", "Maria Lind", "Erik Sandberg", "Johan Ek", "Nujin Alacabek"]


def test_a_seat_without_party_or_order_comes_last_and_names_sort_as_in_swedish(db):
    town = Municipality.objects.create(name="Mälarviks kommun")
    board = Body.objects.create(municipality=town, name="Kommunstyrelsen", kind="executive_board",
                                genitive="Kommunstyrelsens", decision_subject="Kommunstyrelsen")
    s = Party.objects.get_or_create(abbreviation="S", defaults={"name": "Socialdemokraterna"})[0]
    start = datetime.date(2022, 10, 15)

    def seat(name, role, party=s, order=None, ends_on=None):
        person = Person.objects.create(municipality=town, name=name)
        Membership.objects.create(body=board, person=person, role=role, party=party, substitute_order=order,
                                  starts_on=start, ends_on=ends_on)

    for name in ("Örjan Ek", "Zara Ek", "Åsa Ek", "Ärla Ek"):
        seat(name, "member")
    seat("Ada Vilde", "member", party=None)
    seat("Bo Sist", "substitute")
    seat("Cia Först", "substitute", order=1)
    seat("Dan Gått", "member", ends_on=start)  # ended on the first day
    assert [m.person.name for m in roster_on(board, start + datetime.timedelta(days=1))] == [
        "Zara Ek", "Åsa Ek", "Ärla Ek", "Örjan Ek", "Ada Vilde", "Cia Först", "Bo Sist"]
    assert sorted(["Öberg", "Åkesson", "Zetterberg", "Ährlin", "andersson"], key=swedish_sort_key) == [
        "andersson", "Zetterberg", "Åkesson", "Ährlin", "Öberg"]
