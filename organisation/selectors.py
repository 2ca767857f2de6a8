import datetime
import time

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext_noop

from lib.sentences import Sentence
from lib.swedish import in_swedish
from organisation.models import Attendance, Body, Membership, Municipality

REFERENCE_GENERATION = "reference-data:generation"


def reference_generation() -> int:
    """The generation of the reference data (organisations, bodies, people,
    parties) that values built from it are cached under: the case list's filter
    choices and statuses, the public case page. A change starts a new one
    (organisation.services.forget_reference_data). A number never used before
    (the clock's), so that a generation dropped from a full cache is not taken up
    again with the values of an older one."""
    return cache.get_or_set(REFERENCE_GENERATION, time.time_ns, timeout=None)


def home_municipality() -> Municipality | None:
    """The municipality this installation serves (the first one recorded)."""
    return Municipality.objects.order_by("id").first()


def body_of_kind(municipality_id: int, kind: str) -> Body | None:
    """The municipality's body of a kind: its council, its board, its working committee."""
    return Body.objects.filter(municipality_id=municipality_id, kind=kind).order_by("id").first()


def attendee_parts(attendance: Attendance) -> list:
    """Someone at a meeting as the minutes name them, in parts (texts and
    sentences, so that a meeting's history shows them in the reader's
    language): the name and party, a chair's duty, whom a substitute
    replaces, another attendee's title."""
    def duty() -> Sentence:
        return Sentence("%(duty)s", {"duty": in_swedish(Attendance.Duty(attendance.duty).label)},
                        labels=("duty",), lower=("duty",))

    person = attendance.person
    parts = [f"{person.name} ({attendance.party.abbreviation})" if attendance.party else person.name]
    if attendance.duty in {Attendance.Duty.CHAIR, Attendance.Duty.VICE_CHAIR}:
        parts.append(duty())
    if attendance.replaces:
        parts.append(Sentence(gettext_noop("ersätter %(name)s"), {"name": attendance.replaces.name}))
    if attendance.role == Attendance.Role.OTHER and (attendance.title or attendance.duty):
        parts.append(attendance.title or duty())  # a title as typed
    return parts


def attendee_line(attendance: Attendance) -> str:
    """Someone at a meeting as the minutes name them: "Anna Berg (S), ordförande",
    "Bo Ek (M), ersätter Cia Dahl", "Dan Fors, kommundirektör" (in Swedish, always)."""
    return Sentence("%(parts)s", {"parts": attendee_parts(attendance)}).in_swedish()


# --- Rosters -----------------------------------------------------------------------------------

# Å, Ä and Ö after Z, in that order, as Swedish lists sort names.
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


def swedish_sort_key(text: str) -> str:
    """A key that sorts names as a Swedish list does (Åkesson after Zetterberg),
    the same whatever the database's collation."""
    return text.casefold().translate(_SWEDISH_ORDER)


_ROLE_ORDER = {role: rank for rank, role in enumerate(
    (Membership.Role.MEMBER, Membership.Role.SUBSTITUTE, Membership.Role.SECRETARY, Membership.Role.OFFICIAL))}
_DUTY_ORDER = {duty: rank for rank, duty in enumerate(
    (Membership.Duty.CHAIR, Membership.Duty.FIRST_VICE_CHAIR, Membership.Duty.SECOND_VICE_CHAIR))}


def roster_sort_key(membership: Membership) -> tuple:
    """The order of a roster: the chair, the first and second vice chairs, the
    other members by party and name, the substitutes by party, their order
    and name, then the secretary and the other officials by name. Seats
    without a party come after a party's; substitutes without an order after
    those with one."""
    party = membership.party.abbreviation if membership.party_id else None
    order = membership.substitute_order
    return (_ROLE_ORDER[membership.role], _DUTY_ORDER.get(membership.duty, len(_DUTY_ORDER)),
            party is None, party or "", order is None, order or 0, swedish_sort_key(membership.person.name))


def roster_on(body: Body, day: datetime.date) -> list[Membership]:
    """The body's memberships in force on `day` (from `starts_on` to `ends_on`,
    both included; no end: until further notice), in the order of
    `roster_sort_key`; each with its person and party read."""
    memberships = (body.memberships.filter(starts_on__lte=day)
                   .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
                   .select_related("person", "party"))
    return sorted(memberships, key=roster_sort_key)


def serving_members(body: Body, day: datetime.date) -> list[Membership]:
    """The members (ledamöter, not substitutes or officials) of the body on
    `day`, chair first, as `roster_on` orders them: whom a meeting's attendance
    starts from."""
    return [membership for membership in roster_on(body, day) if membership.role == Membership.Role.MEMBER]
