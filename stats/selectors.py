"""The statistics page's figures, counted in the database.

An organisation's figures are four GROUP BY queries however many cases it has (one over its
motions, one over their movers, one over their referrals, one over its signed protocols), and are
kept in the cache under a key that changes with every step of any of its cases and every
publication decision (data_version), with the reference data (names of bodies and parties) and
with the day (ages and the one-year mark count from today).
Every derived fact is the rules' (motions.rules, referrals.rules): the one-year mark, the day a
case was decided, the due date with its extension, a referral waiting past it.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import CharField, Count, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import ExtractYear, TruncDate

from decisions.models import RenderedDocument
from lib.expressions import DaysBetween
from motions import rules
from motions.models import CLOSED, Motion, Mover, Status
from organisation.models import Body, Municipality, Party
from organisation.selectors import reference_generation, swedish_sort_key
from publication.models import PublicationDecision, PublicationState
from referrals import rules as referral_rules
from referrals.models import Referral

# What a motion is counted as: the council's decision, withdrawn by its movers (waiting for the
# council to strike it off), or still under preparation (every other status).
OPEN = "open"
OUTCOMES = [Status.APPROVED, Status.PARTLY_APPROVED, Status.REJECTED, Status.ANSWERED, Status.STRUCK_OFF,
            Status.WITHDRAWN, OPEN]

# Open motions by their age on the day: the one-year mark (KL 5 kap. 35 §) is the rules', and so is
# two years (past the mark a year ago).
UNDER_SIX_MONTHS, SIX_TO_TWELVE_MONTHS, ONE_TO_TWO_YEARS, OVER_TWO_YEARS = (
    "under_6_months", "6_to_12_months", "1_to_2_years", "over_2_years")
AGES = [UNDER_SIX_MONTHS, SIX_TO_TWELVE_MONTHS, ONE_TO_TWO_YEARS, OVER_TWO_YEARS]

# How long computed figures are kept at most: their key changes with the day anyway.
FIGURES_KEPT = 24 * 60 * 60


def outcome_of(status: str) -> str:
    return status if status in CLOSED or status == Status.WITHDRAWN else OPEN


@dataclass(frozen=True)
class Filters:
    """Whose motions are counted: one organisation's, filed from `first_year` to `last_year`
    (both included; None: no limit). Every figure is about the motions filed in those years."""

    organisation: int
    first_year: int | None = None
    last_year: int | None = None

    def q(self, prefix: str = "") -> Q:
        """The motions as a filter, on Motion or through a relation to it (`prefix`, "motion__").
        The filing years as a range, so that the index on (municipality, filed_on) serves it."""
        q = Q(**{f"{prefix}municipality_id": self.organisation})
        if self.first_year:
            q &= Q(**{f"{prefix}filed_on__gte": datetime.date(self.first_year, 1, 1)})
        if self.last_year:
            q &= Q(**{f"{prefix}filed_on__lt": datetime.date(self.last_year + 1, 1, 1)})
        return q


@dataclass(frozen=True)
class YearRow:
    """The motions filed in a year: by outcome, and against the one-year rule."""

    year: int
    outcomes: dict
    within: int  # decided on or before the one-year mark
    later: int  # decided after it
    open_past: int  # not decided, and past the mark today
    open_within: int  # not decided, and the mark not yet passed: not known yet

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())

    @property
    def settled(self) -> int:
        """The motions whose standing against the one-year rule is known today."""
        return self.within + self.later + self.open_past

    @property
    def share_within(self) -> int | None:
        """The share decided within a year, in whole per cent, of those whose standing is known."""
        return percent(self.within, self.settled)


@dataclass(frozen=True)
class BodyRow:
    """A body's referrals of the motions counted: how soon it decided on them."""

    body: str
    decided: int  # answered, or declined to comment
    median_days: float | None
    late: int  # decided after the (extended) due date
    overdue: int  # still waiting today, past the due date

    @property
    def share_late(self) -> int | None:
        return percent(self.late, self.decided)


@dataclass(frozen=True)
class PartyRow:
    """The motions a party's members moved (a motion moved by several parties counts for each)."""

    abbreviation: str
    name: str
    outcomes: dict

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())


@dataclass(frozen=True)
class AgeRow:
    age: str  # AGES
    count: int


@dataclass(frozen=True)
class PublicationRow:
    """A body's signed protocols: how many days from signing to publication, and how many are not
    published (awaiting the registry's review, or withheld)."""

    body: str
    published: int
    median_days: float | None
    histogram: dict
    waiting: int
    withheld: int


@dataclass(frozen=True)
class Figures:
    organisation: str
    today: datetime.date
    years: list[YearRow]
    bodies: list[BodyRow]
    parties: list[PartyRow]
    ages: list[AgeRow]
    # The signed protocols by body (publication_rows).
    publication: list[PublicationRow]

    @property
    def open_count(self) -> int:
        return sum(row.count for row in self.ages)

    @property
    def publication_median_days(self) -> float | None:
        """The median days from signing to publication of all the protocols counted."""
        histogram: dict = {}
        for row in self.publication:
            for days, n in row.histogram.items():
                histogram[days] = histogram.get(days, 0) + n
        return median(histogram)


def percent(part: int, whole: int) -> int | None:
    """`part` of `whole` in whole per cent, halves rounded up; None of nothing."""
    return (200 * part + whole) // (2 * whole) if whole else None


def median(histogram: dict[int, int]) -> float | None:
    """The median of values counted in `histogram` ({value: how many}); of an even number of
    values, the mean of the middle two. None of no values."""
    total = sum(histogram.values())
    if not total:
        return None
    lower, upper = (total - 1) // 2, total // 2  # the middle one's or two's places, from 0
    seen, low = 0, None
    for value in sorted(histogram):
        seen += histogram[value]
        if low is None and lower < seen:
            low = value
        if upper < seen:
            return (low + value) / 2
    raise AssertionError("unreachable")


def _months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` months earlier (the month's last day where it has none)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _year_before(day: datetime.date) -> datetime.date:
    return _months_before(day, 12)


# --- The counting -----------------------------------------------------------------------

def _motion_rows(filters: Filters, today: datetime.date) -> tuple[list[YearRow], list[AgeRow]]:
    """The motions by filing year and status, in one query: how many, how many decided within a
    year and after it, open past the mark, and the open ones' ages."""
    open_ = ~Q(status__in=CLOSED)
    rows = (
        Motion.objects.filter(filters.q()).order_by()
        .values("status", year=ExtractYear("filed_on"))
        .annotate(
            n=Count("pk"),
            within=Count("pk", filter=rules.decided_within_one_year()),
            later=Count("pk", filter=rules.decided_after_one_year()),
            past=Count("pk", filter=open_ & rules.past_one_year_mark(today)),
            young=Count("pk", filter=open_ & Q(filed_on__gt=_months_before(today, 6))),
            # Past the mark a year ago: filed more than two years ago.
            old=Count("pk", filter=open_ & rules.past_one_year_mark(_year_before(today))),
        )
    )
    def empty() -> dict:
        return {"outcomes": dict.fromkeys(OUTCOMES, 0), "within": 0, "later": 0, "open_past": 0, "open_within": 0}

    by_year: dict[int, dict] = {}
    ages = dict.fromkeys(AGES, 0)
    for row in rows:
        year = by_year.setdefault(row["year"], empty())
        year["outcomes"][outcome_of(row["status"])] += row["n"]
        year["within"] += row["within"]
        year["later"] += row["later"]
        if row["status"] not in CLOSED:
            year["open_past"] += row["past"]
            year["open_within"] += row["n"] - row["past"]
            ages[UNDER_SIX_MONTHS] += row["young"]
            ages[SIX_TO_TWELVE_MONTHS] += row["n"] - row["young"] - row["past"]
            ages[ONE_TO_TWO_YEARS] += row["past"] - row["old"]
            ages[OVER_TWO_YEARS] += row["old"]
    years = []
    if by_year:
        # Every year from the first to the last filing, a year without motions too.
        years = [YearRow(year=year, **by_year.get(year) or empty()) for year in range(min(by_year), max(by_year) + 1)]
    return years, [AgeRow(age, ages[age]) for age in AGES]


class MoversParties(Subquery):
    """The parties of a motion's movers as one text, their keys in order between commas ("3,7"; "-"
    for a mover without a party): a value a motion, which the motions are grouped and counted by.
    A subquery a motion, in the index on the movers' motion: joined to the movers instead, an
    organisation's motions had PostgreSQL's planner hash every mover of every organisation (200 ms
    at 1,000,000 motions, against 30)."""

    output_field = CharField()

    def __init__(self):
        super().__init__(Mover.objects.filter(motion=OuterRef("pk")).order_by("party_id").values("party_id").distinct())

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="ARRAY_TO_STRING(ARRAY(%(subquery)s), ',', '-')", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection,
                           template="(SELECT group_concat(COALESCE(party_id, '-'), ',') FROM (%(subquery)s))", **extra)


def _party_rows(filters: Filters) -> list[PartyRow]:
    """The motions by their movers' parties and outcome, in one query: a motion of two members of
    one party counts once for it; one moved by members of two parties, once for each."""
    rows = (Motion.objects.filter(filters.q()).order_by()
            .values("status", parties=MoversParties()).annotate(n=Count("pk")))
    counts: dict = {}
    for row in rows:
        for party in (row["parties"] or "").split(","):
            if party:
                outcomes = counts.setdefault(None if party == "-" else int(party), dict.fromkeys(OUTCOMES, 0))
                outcomes[outcome_of(row["status"])] += row["n"]
    parties = {pk: (abbreviation, name) for pk, abbreviation, name in
               Party.objects.filter(pk__in=[pk for pk in counts if pk]).values_list("pk", "abbreviation", "name")}
    result = [PartyRow(*parties.get(pk, ("", "")), outcomes=outcomes) for pk, outcomes in counts.items()]
    # The most motions first; movers without a party last.
    return sorted(result, key=lambda row: (not row.abbreviation, -row.total, row.abbreviation))


def _body_rows(filters: Filters, today: datetime.date) -> list[BodyRow]:
    """The referrals of the motions by body and days to the body's decision, in one query (a
    histogram: the median is read from it), with those decided late and those waiting past the
    due date today. Withdrawn referrals are not counted."""
    rows = (
        Referral.objects.filter(filters.q("motion__")).exclude(status=Referral.Status.WITHDRAWN).order_by()
        .values("body_id", days=referral_rules.answer_days())
        .annotate(n=Count("pk"), late=Count("pk", filter=referral_rules.answered_late()),
                  overdue=Count("pk", filter=referral_rules.overdue(today)))
    )
    bodies: dict = {}
    for row in rows:
        body = bodies.setdefault(row["body_id"], {"histogram": {}, "late": 0, "overdue": 0})
        if row["days"] is not None:
            body["histogram"][row["days"]] = row["n"]
        body["late"] += row["late"]
        body["overdue"] += row["overdue"]
    names = dict(Body.objects.filter(pk__in=list(bodies)).values_list("pk", "name"))
    return sorted(
        (BodyRow(body=names.get(pk, ""), decided=sum(body["histogram"].values()), median_days=median(body["histogram"]),
                 late=body["late"], overdue=body["overdue"]) for pk, body in bodies.items()),
        key=lambda row: swedish_sort_key(row.body))


def publication_rows(filters: Filters) -> list[PublicationRow]:
    """The signed protocols of the organisation's meetings held in the years counted, by body, in one
    query: the days from signing (Meeting.signed_on) to publication (the day, in Sweden, of
    RenderedDocument.published_at; the publication review), as a histogram for the median, and
    those awaiting review or withheld. A protocol is the signed one kept as signed (archived)."""
    meetings = Q(meeting__body__municipality_id=filters.organisation, meeting__signed_on__isnull=False)
    if filters.first_year:
        meetings &= Q(meeting__date__gte=datetime.date(filters.first_year, 1, 1))
    if filters.last_year:
        meetings &= Q(meeting__date__lt=datetime.date(filters.last_year + 1, 1, 1))
    published = Q(publication_state=PublicationState.PUBLISHED, published_at__isnull=False)
    rows = (
        # The signed protocol, kept as signed: a meeting's one (the unique index on meeting and kind
        # where archived, for an extract's item empty, finds it by the meeting).
        RenderedDocument.objects.filter(meetings, kind=RenderedDocument.Kind.PROTOCOL, archived=True,
                                        item__isnull=True)
        .order_by().values("meeting__body_id", "publication_state",
                           days=DaysBetween("meeting__signed_on", TruncDate("published_at")))
        .annotate(n=Count("pk"), published=Count("pk", filter=published))
    )
    bodies: dict = {}
    for row in rows:
        body = bodies.setdefault(row["meeting__body_id"], {"histogram": {}, "waiting": 0, "withheld": 0})
        if row["published"]:
            body["histogram"][row["days"]] = body["histogram"].get(row["days"], 0) + row["published"]
        elif row["publication_state"] == PublicationState.REVIEW:
            body["waiting"] += row["n"]
        elif row["publication_state"] == PublicationState.WITHHELD:
            body["withheld"] += row["n"]
    names = dict(Body.objects.filter(pk__in=list(bodies)).values_list("pk", "name"))
    return sorted(
        (PublicationRow(body=names.get(pk, ""), published=sum(body["histogram"].values()),
                        median_days=median(body["histogram"]), histogram=body["histogram"], waiting=body["waiting"],
                        withheld=body["withheld"]) for pk, body in bodies.items()),
        key=lambda row: swedish_sort_key(row.body))


def data_version(organisation: int) -> str:
    """A key that changes with every step of any of the organisation's cases: each step bumps its
    case's version (Motion.version), a new case adds one, a removed case takes one away; and with
    every publication decision (the protocols' figures: a protocol is assessed when its signed
    minutes are archived, and published or withheld by the registry's review, each a new
    PublicationDecision, of any organisation). Two queries: the organisation's motions in its
    index, the latest decision by the primary key's."""
    facts = Motion.objects.filter(municipality_id=organisation).order_by().aggregate(
        n=Count("pk"), steps=Sum("version"), last=Max("pk"))
    published = PublicationDecision.objects.order_by("-pk").values_list("pk", flat=True).first()
    return f"{facts['n']}.{facts['steps'] or 0}.{facts['last'] or 0}.{published or 0}"


def figures_key(filters: Filters, *, today: datetime.date) -> str:
    """The cache key of the figures: the filters, the day, the organisation's data version and the
    reference data's generation. Read first, so that figures counted from newer data than the key's
    are at worst counted again, never older data kept under a newer key."""
    return ":".join(str(part) for part in (
        "stats", filters.organisation, filters.first_year or "", filters.last_year or "", today.isoformat(),
        data_version(filters.organisation), reference_generation()))


def figures(filters: Filters, *, today: datetime.date, key: str | None = None) -> Figures:
    """The organisation's figures, counted or from the cache (`key`: figures_key's, when the caller
    has it already)."""
    key = key or figures_key(filters, today=today)
    found = cache.get(key)
    if found is None:
        found = count_figures(filters, today=today)
        cache.set(key, found, timeout=FIGURES_KEPT)
    return found


def count_figures(filters: Filters, *, today: datetime.date) -> Figures:
    """The figures counted in the database, without the cache."""
    years, ages = _motion_rows(filters, today)
    return Figures(
        organisation=Municipality.objects.filter(pk=filters.organisation).values_list("name", flat=True).first() or "",
        today=today, years=years, bodies=_body_rows(filters, today), parties=_party_rows(filters), ages=ages,
        publication=publication_rows(filters),
    )


# --- The filters' choices -----------------------------------------------------------------

def organisation_choices() -> list[tuple[int, str]]:
    """Every organisation, by name, kept in the cache until the reference data changes."""
    key = f"stats-organisations:{reference_generation()}"
    choices = cache.get(key)
    if choices is None:
        choices = list(Municipality.objects.order_by("name").values_list("pk", "name"))
        cache.set(key, choices, timeout=None)
    return choices


def home_organisation(choices: list[tuple[int, str]]) -> int | None:
    """The organisation shown when none is chosen: the installation's own (the first recorded, as
    organisation.selectors.home_municipality)."""
    return min((pk for pk, _name in choices), default=None)
