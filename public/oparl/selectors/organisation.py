"""The organisation in the open data: the organisations (OParl's Body), their bodies (OParl's
Organization), people, seats (Membership) and terms of office (LegislativeTerm). All public."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Min, OuterRef, Prefetch, Q

from motions.models import Motion
from organisation.models import Body, Meeting, Membership, Municipality, Person
from public.oparl.common import latest, start_of

# --- Organisations (oparl:Body) ------------------------------------------------------------------


def organisations():
    return Municipality.objects.all()


def organisation_changed_since(moment: datetime.datetime) -> Q:
    return Q(modified_at__gte=moment)


# --- Bodies (oparl:Organization) -----------------------------------------------------------------

def bodies():
    """Every body, with its seats' ids and changes (its `membership` lists them)."""
    return Body.objects.select_related("municipality", "parent").prefetch_related(
        Prefetch("memberships", to_attr="membership_list",
                 queryset=Membership.objects.only("pk", "body_id", "modified_at").order_by("pk")))


def body_modified(body: Body) -> datetime.datetime:
    """A body changes with its own fields and with its list of seats (a seat removed stamps the body:
    organisation.orgfile.loader)."""
    return latest(body.modified_at, *(membership.modified_at for membership in body.membership_list))


def body_changed_since(moment: datetime.datetime) -> Q:
    return Q(modified_at__gte=moment) | Q(Exists(Membership.objects.filter(body=OuterRef("pk"),
                                                                           modified_at__gte=moment)))


# --- People (oparl:Person) and their seats (oparl:Membership) ------------------------------------

def memberships():
    return Membership.objects.select_related("party", "body", "person")


def people():
    """Every person, with their seats (embedded in them)."""
    return Person.objects.select_related("party").prefetch_related(
        Prefetch("memberships", to_attr="membership_list",
                 queryset=Membership.objects.select_related("party").order_by("starts_on", "pk")))


def person_modified(person: Person) -> datetime.datetime:
    """A person changes with their own fields and their seats (embedded; a seat removed stamps the
    person: organisation.orgfile.loader)."""
    return latest(person.modified_at, *(membership.modified_at for membership in person.membership_list))


def person_changed_since(moment: datetime.datetime) -> Q:
    return Q(modified_at__gte=moment) | Q(Exists(Membership.objects.filter(person=OuterRef("pk"),
                                                                           modified_at__gte=moment)))


def membership_changed_since(moment: datetime.datetime) -> Q:
    return Q(modified_at__gte=moment)


# --- Terms of office (oparl:LegislativeTerm) -----------------------------------------------------

# Councils have been elected for four years since 1994, every year that leaves 2 when divided by 4,
# and serve from 15 October of the election year (KL 5 kap. 6 §).
FIRST_ELECTION = 1994


@dataclass(frozen=True)
class Term:
    """An organisation's term of office (mandatperiod), named by the year of its election."""

    organisation_id: int
    election_year: int

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.election_year, 10, 15)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.election_year + 4, 10, 14)

    @property
    def name(self) -> str:
        return f"Mandatperioden {self.election_year}–{self.election_year + 4}"

    @property
    def begun_at(self) -> datetime.datetime:
        """A term is a fact of law: it is made when it begins and never changes."""
        return start_of(self.starts_on)


def election_year_of(day: datetime.date) -> int | None:
    """The election year of the term `day` falls in; None before the first four-year term."""
    year = day.year - (day.year - 2) % 4
    if day < datetime.date(year, 10, 15):
        year -= 4
    return year if year >= FIRST_ELECTION else None


def terms_of(organisation_ids, *, today: datetime.date) -> dict[int, list[Term]]:
    """Each organisation's terms of office, oldest first: from the term of its earliest record (a
    seat, a meeting, a motion) to the term of today. A term that has not begun is not listed (a
    meeting planned after the next election waits for its term). Three queries for any number of
    organisations."""
    organisation_ids = list(organisation_ids)
    first: dict[int, datetime.date] = {}

    def note(pk, earliest):
        if earliest is not None:
            first[pk] = min(first.get(pk, earliest), earliest)

    for row in (Membership.objects.filter(body__municipality_id__in=organisation_ids)
                .values("body__municipality_id").annotate(first=Min("starts_on")).order_by()):
        note(row["body__municipality_id"], row["first"])
    for row in (Meeting.objects.filter(body__municipality_id__in=organisation_ids)
                .values("body__municipality_id").annotate(first=Min("date")).order_by()):
        note(row["body__municipality_id"], row["first"])
    for row in (Motion.objects.filter(municipality_id__in=organisation_ids)
                .values("municipality_id").annotate(first=Min("filed_on")).order_by()):
        note(row["municipality_id"], row["first"])
    terms = {}
    final = election_year_of(today)
    for pk in organisation_ids:
        start = election_year_of(min(first.get(pk, today), today)) or final
        terms[pk] = [Term(pk, year) for year in range(start, final + 1, 4)] if final is not None else []
    return terms


def term(organisation_id: int, election_year: int, *, today: datetime.date) -> Term | None:
    """The organisation's term of that election year, if it is one of its terms."""
    return next((found for found in terms_of([organisation_id], today=today).get(organisation_id, [])
                 if found.election_year == election_year), None)
