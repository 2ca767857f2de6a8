"""A second organisation beside Huddinge, built directly in the database: a
region whose board prepares motions for its council itself (board → council),
with no preparing committee."""

from dataclasses import dataclass

from organisation.models import Body, Municipality, Party, Person


@dataclass(frozen=True)
class Region:
    municipality: Municipality
    council: Body
    board: Body
    # A committee of the board that does not prepare motions (the region's
    # preparing_committee is empty).
    committee: Body
    service_board: Body
    member: Person


def _body(municipality, name, kind, genitive, subject, short_name="", parent=None) -> Body:
    return Body.objects.create(municipality=municipality, name=name, short_name=short_name, kind=kind,
                               parent=parent, genitive=genitive, decision_subject=subject)


def region_with_board_and_council(name: str = "Region Exempel", prefix: str = "RS") -> Region:
    """A region whose path of preparation is Regionstyrelsen → Regionfullmäktige."""
    region = Municipality.objects.create(name=name, kind=Municipality.Kind.REGION, case_prefix=prefix)
    council = _body(region, "Regionfullmäktige", Body.Kind.COUNCIL, "Regionfullmäktiges", "Regionfullmäktige",
                    "RF")
    board = _body(region, "Regionstyrelsen", Body.Kind.EXECUTIVE_BOARD, "Regionstyrelsens", "Regionstyrelsen",
                  "RS")
    committee = _body(region, "Regionstyrelsens arbetsutskott", Body.Kind.WORKING_COMMITTEE,
                      "Regionstyrelsens arbetsutskotts", "Arbetsutskottet", "RSAU", parent=board)
    service_board = _body(region, "Hälso- och sjukvårdsnämnden", Body.Kind.SERVICE_BOARD,
                          "Hälso- och sjukvårdsnämndens", "Hälso- och sjukvårdsnämnden", "HSN")
    party, _created = Party.objects.get_or_create(abbreviation="S", defaults={"name": "Socialdemokraterna"})
    member = Person.objects.create(municipality=region, name="Ylva Regionsdotter", party=party)
    return Region(region, council, board, committee, service_board, member)
