"""Generated cases at national scale, for measuring the product (bench/scale.py)
and for trying it at a volume no demo has: `manage.py generate_cases --motions N`.

Up to 311 organisations (municipalities with a preparing committee, regions
without), each with its council, board, working committee and service boards,
parties, councillors in five-year rosters, and twenty years of motions (about
170 an organisation and year at 1,000,000): movers, att-satser, referrals to
one to four boards with their due dates and answers (many on time, some late,
some declined, some still open), the administration's draft decisions, the
paragraphs of the committee, the board and the council at the bodies' planned
meetings (the council's filing paragraph telling it of the motions filed at a
meeting), and each case's timeline, every step as the services record it. A
case's story is written forwards from its filing and cut at today: most old
cases are decided, recent ones open, a few stalled past the one-year mark.

The rows are planned in memory an organisation at a time and written set-based
(PostgreSQL's COPY, else one INSERT of many rows a table), never through the
services one by one, so 1,000,000 motions take minutes. Data derived from the
rows (kept counts, search indexes) is computed once at the end by the steps in
DERIVED, one set-based statement each. The same seed gives the same data.

It works only into a database without cases: generating beside real cases
would mix invented ones into the register.
"""

import bisect
import calendar
import datetime
import itertools
import json
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from cases.generated.words import (
    ANSWERS,
    ASSESSMENTS,
    CLAUSES,
    FIRST_NAMES,
    LAST_NAMES,
    OUTCOME_WORDS,
    SEND_BACK_REASONS,
    SUMMARIES,
    WHY,
    WITHDRAW_REASONS,
    Vocabulary,
    place_names,
)
from decisions.models import AgendaItem, ClauseDecision, Decision, DraftDecision, FiledMotion, MinuteItem, Outcome
from lib.errors import DomainError
from lib.swedish import in_swedish
from lib.time_limits import is_closed_day, last_day_to_appeal, next_open_day, proposed_posting_date
from motions.models import (
    INVENTED,
    CaseNumberSequence,
    Motion,
    MotionEvent,
    Mover,
    OperativeClause,
    SearchDocument,
    SearchEntry,
    Status,
)
from motions.search import SOURCES, WEIGHTS
from organisation.models import Body, Meeting, MeetingEvent, Membership, Municipality, Party, Person
from referrals.models import Referral, ReferralResponse

DAY = datetime.timedelta(days=1)
ORGANISATIONS = 311  # Sweden's 290 municipalities and 21 regions
REGIONS = 21
YEARS = 20
PER_YEAR = 170  # motions an organisation files in a year, at national scale
COUNCIL_SIZE, BOARD_SIZE, COMMITTEE_SIZE, SERVICE_BOARD_SIZE = 41, 13, 5, 9
SIGNING_TAKES = datetime.timedelta(days=14)  # the minutes of the last two weeks are not signed yet
PLANNED_AHEAD = datetime.timedelta(days=120)
SOURCE = "genererade exempeldata (det finns inget original)"
INVENTED_CASE = json.dumps([INVENTED])  # Motion.illustrative: every value of the case is invented

# When each kind of body meets: a weekday (0 Monday) in the week that begins
# on a day of the month, except in some months (as cases.invented).
MEETING_DAYS = {"council": (0, 1, {7, 8}), "board": (0, 15, {7}), "committee": (1, 8, {7})}

# The parties and their share of the seats.
PARTIES = (("S", "Socialdemokraterna", 30), ("M", "Moderaterna", 19), ("SD", "Sverigedemokraterna", 16),
           ("C", "Centerpartiet", 8), ("V", "Vänsterpartiet", 8), ("KD", "Kristdemokraterna", 6),
           ("L", "Liberalerna", 6), ("MP", "Miljöpartiet", 5), ("LOK", "Lokala partiet", 2))

MUNICIPALITY_BOARDS = (("Barn- och utbildningsnämnden", "BUN"), ("Socialnämnden", "SN"),
                       ("Kultur- och fritidsnämnden", "KFN"), ("Miljö- och byggnadsnämnden", "MBN"),
                       ("Tekniska nämnden", "TN"), ("Äldrenämnden", "ÄN"))
REGION_BOARDS = (("Hälso- och sjukvårdsnämnden", "HSN"), ("Regionala utvecklingsnämnden", "RUN"),
                 ("Kollektivtrafiknämnden", "KTN"), ("Kulturnämnden", "KN"), ("Patientnämnden", "PN"))

# The council's final outcomes of the prepared cases, by weight.
OUTCOMES = ((Outcome.APPROVE, 15), (Outcome.PARTLY_APPROVE, 10), (Outcome.REJECT, 40), (Outcome.DEEM_ANSWERED, 35))
OUTCOME_CHOICES = [outcome for outcome, _ in OUTCOMES]
OUTCOME_WEIGHTS = list(itertools.accumulate(weight for _, weight in OUTCOMES))
OUTCOME_STATUS = {Outcome.APPROVE: Status.APPROVED, Outcome.PARTLY_APPROVE: Status.PARTLY_APPROVED,
                  Outcome.REJECT: Status.REJECTED, Outcome.DEEM_ANSWERED: Status.ANSWERED}


# --- Writing rows set-based -----------------------------------------------------

# The columns of each table in the order the rows below give them. Every
# column is named: a column added to a model must be added here (and given a
# value where its rows are made), or the generator stops saying which.
COLUMNS = {
    Municipality: "id name kind case_prefix case_number_format contact_email contact_phone administrative_court "
                  "minute_layout_id report_months one_year_notice_days preparing_committee_id created_at modified_at",
    Body: "id name short_name kind genitive decision_subject municipality_id parent_id created_at modified_at",
    Person: "id name municipality_id party_id created_at modified_at",
    Membership: "id role duty substitute_order title starts_on ends_on body_id party_id person_id created_at "
                "modified_at",
    Meeting: "id body_id date starts_at ends_at place signed_on posted_on appeal_until notice_removed_on kept_at "
             "imported_from out_for_signing_since",
    MeetingEvent: "id meeting_id kind recorded_at recorded_by_id description from_value to_value reason sentences",
    Motion: "id case_number title received_on filed_on summary text status status_since last_step_on version "
            "search_text illustrative created_at case_officer_id filed_meeting_id municipality_id submission",
    Mover: "id position motion_id party_id person_id",
    OperativeClause: "id number text motion_id",
    MotionEvent: "id kind occurred_on recorded_at from_status to_status description reason changes version "
                 "sentences motion_id recorded_by_id",
    Referral: "id sent_on due_on extended_due_on extended_on status withdrawn_on draft_text draft_saved_at body_id "
              "motion_id draft_saved_by_id sent_event_id",
    ReferralResponse: "id decided_on paragraph body_case_number text summary referral_id event_id",
    DraftDecision: "id drafted_on proposal summary motion_id",
    MinuteItem: "id year number heading decision proposal reason summary decision_text decision_clauses basis "
                "distribution body_id meeting_id motion_id",
    FiledMotion: "id position item_id motion_id",
    AgendaItem: "id position added_at number title meeting_id motion_id",
    ClauseDecision: "id approved clause_id item_id",
    CaseNumberSequence: "id prefix year last_number",
}
MODELS = tuple(COLUMNS)


class Rows:
    """Rows to write, by model, as tuples in the order of the model's concrete
    fields; each row's id given here, so that rows refer to each other before
    any is written."""

    def __init__(self, models):
        self.columns = {model: COLUMNS[model].split() for model in models}
        for model, columns in self.columns.items():
            missing = {f.column for f in model._meta.concrete_fields} - set(columns)
            if missing:
                raise RuntimeError(f"cases.generated.COLUMNS gives no value for {model.__name__}: "
                                   f"{', '.join(sorted(missing))}")
        self.rows: dict = defaultdict(list)
        with connection.cursor() as cursor:
            self.next_ids = {}
            for model in models:
                cursor.execute(f"SELECT MAX(id) FROM {model._meta.db_table}")  # noqa: S608 (a table name)
                self.next_ids[model] = (cursor.fetchone()[0] or 0) + 1

        # On PostgreSQL, as a superuser, the rows are written without their
        # foreign-key triggers: checking each reference of millions of rows
        # one by one would take most of the time. The references are made
        # here from the ids given above, and the test of the generator
        # (tests/cases/test_generated.py) writes with the checks on.
        self.unchecked = connection.vendor == "postgresql" and UNCHECKED and _superuser()

    def id(self, model) -> int:
        value = self.next_ids[model]
        self.next_ids[model] = value + 1
        return value

    def add(self, model, row: tuple) -> None:
        self.rows[model].append(row)

    def count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def write(self) -> None:
        """Write every row held, in one transaction (the foreign keys are
        checked at its end, so the order of the tables does not matter)."""
        with transaction.atomic():
            with connection.cursor() as cursor:
                if self.unchecked:
                    cursor.execute("SET LOCAL session_replication_role = replica")
                for model, rows in self.rows.items():
                    if rows:
                        _write(cursor, model._meta.db_table, self.columns[model], rows)
        self.rows.clear()


UNCHECKED = True


def _superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser')")
        return cursor.fetchone()[0] == "on"


def _write(cursor, table: str, columns: list[str], rows: list[tuple]) -> None:
    names = ", ".join(f'"{column}"' for column in columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # noqa: S608
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608
                           [tuple(map(_adapt, row)) for row in rows])


def _adapt(value):
    """A value as the database's driver takes it (SQLite's takes no time of day)."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.time):
        return connection.ops.adapt_timefield_value(value)
    return value


# The time of day a generated step is recorded at, on its own day.
RECORDED_AT = datetime.time(12, 0)


# --- Derived data, computed once at the end ---------------------------------------

def reset_id_sequences() -> None:
    """The next id of every table after the highest written (PostgreSQL's sequences)."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), MODELS):
            cursor.execute(statement)


def analyze() -> None:
    """Fresh statistics for the query planner."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def index_search() -> None:
    """The case list's search index (motions.search) of every case: the entries
    its steps would have written (the title, the motion's own texts, the answers,
    the paragraphs of signed minutes) and each case's document. On PostgreSQL in
    one statement each, as index_text and _rebuild compute them; SQLite stems
    its words in Python, case by case."""
    if connection.vendor != "postgresql":
        from cases.management.commands.reindex_search import reindex_search

        reindex_search()
        return
    entry, document = SearchEntry._meta.db_table, SearchDocument._meta.db_table
    weighted = " || ".join(
        f"setweight(to_tsvector('swedish', coalesce(string_agg(text, E'\\n' ORDER BY key) "
        f"FILTER (WHERE source IN ({', '.join(repr(s) for s, w in SOURCES.items() if w == weight)})), '')), "
        f"'{weight}')" for weight in WEIGHTS)
    with connection.cursor() as cursor:
        cursor.execute(f"""
            INSERT INTO {entry} (motion_id, source, key, text)
            SELECT id, 'title', '', case_number || ' ' || title FROM {Motion._meta.db_table}""")
        cursor.execute(f"""
            INSERT INTO {entry} (motion_id, source, key, text)
            SELECT * FROM (
                SELECT m.id, 'motion', '', btrim(concat_ws(E'\n', nullif(m.summary, ''),
                    (SELECT string_agg(c.text, E'\n' ORDER BY c.number) FROM {OperativeClause._meta.db_table} c
                     WHERE c.motion_id = m.id), nullif(m.text, ''))) AS text
                FROM {Motion._meta.db_table} m) own
            WHERE text <> ''""")
        cursor.execute(f"""
            INSERT INTO {entry} (motion_id, source, key, text)
            SELECT r.motion_id, 'answer', a.id::text, btrim(a.text)
            FROM {ReferralResponse._meta.db_table} a JOIN {Referral._meta.db_table} r ON r.id = a.referral_id
            WHERE btrim(a.text) <> ''""")
        cursor.execute(f"""
            INSERT INTO {entry} (motion_id, source, key, text)
            SELECT * FROM (
                SELECT i.motion_id, 'paragraph', i.id::text, btrim(concat_ws(E'\n', nullif(i.heading, ''),
                    nullif(i.summary, ''), nullif(i.reason, ''), nullif(i.decision_text, ''),
                    (SELECT string_agg(clause, E'\n') FROM jsonb_array_elements_text(i.decision_clauses::jsonb)
                     AS clause))) AS text
                FROM {MinuteItem._meta.db_table} i JOIN {Meeting._meta.db_table} m ON m.id = i.meeting_id
                WHERE i.motion_id IS NOT NULL AND m.signed_on IS NOT NULL) paragraphs
            WHERE text <> ''""")
        cursor.execute(f"""
            INSERT INTO {document} (motion_id, vector)
            SELECT motion_id, {weighted} FROM {entry} GROUP BY motion_id""")
        # The GIN index takes the new rows into its tree now (as a vacuum would), not at the
        # first searches, and the planner sees how common each word is.
        cursor.execute("SELECT gin_clean_pending_list('motions_search_vector_gin')")


# One set-based step per kind of derived data, run in order after every row is
# written: a kept count or a search index adds its own step here.
DERIVED: list[Callable[[], None]] = [reset_id_sequences, index_search]


# --- The plan ---------------------------------------------------------------------

def end_of_month(day: datetime.date, months: int = 0) -> datetime.date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return datetime.date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def open_day(day: datetime.date) -> datetime.date:
    return next_open_day(day)


def meeting_days(role: str, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The days a body of kind `role` meets between `start` and `end` (MEETING_DAYS)."""
    weekday, first_day, idle = MEETING_DAYS[role]
    days = []
    year, month = start.year, start.month
    while datetime.date(year, month, 1) <= end:
        if month not in idle:
            day = datetime.date(year, month, first_day)
            day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
            while is_closed_day(day):
                day += DAY
            if start <= day <= end:
                days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


@dataclass
class _Body:
    id: int
    name: str
    role: str = ""  # council, board, committee: those whose meetings hold paragraphs
    meetings: list = field(default_factory=list)  # [date], ascending
    meeting_ids: list = field(default_factory=list)

    def next_meeting(self, on: datetime.date) -> tuple[datetime.date, int] | None:
        index = bisect.bisect_left(self.meetings, on)
        if index == len(self.meetings):
            return None
        return self.meetings[index], self.meeting_ids[index]


@dataclass
class _Item:
    """A paragraph to be numbered when the organisation's meetings are complete."""

    id: int
    meeting_id: int
    body: _Body
    date: datetime.date
    motion_id: int | None
    decision: str
    proposal: str = ""
    reason: str = ""
    summary: str = ""
    number: int = 0
    filed: list = field(default_factory=list)  # the motions a filing paragraph tells of


@dataclass
class _Event:
    kind: str
    on: datetime.date
    from_status: str
    to_status: str
    description: str = ""
    reason: str = ""
    sentences: dict = field(default_factory=dict)
    item: _Item | None = None  # "<body> § <number>", once numbered
    id: int = 0


class _Organisation:
    """One organisation's rows, planned in memory and written at once."""

    def __init__(self, generator: "Generator", index: int, name: str, place: str, region: bool, code: str,
                 motions_by_year: dict[int, int]):
        self.g, self.rows, self.today = generator, generator.rows, generator.today
        self.rng = random.Random(f"{generator.seed}-{index}")
        self.region, self.place = region, place
        self.motions_by_year = motions_by_year
        self.prefix = f"{code}-{'RS' if region else 'KS'}"
        self.id = self.rows.id(Municipality)
        self.name = name
        self.districts = [place, *place_names(self.rng, 8)]
        self.items_by_meeting: dict[int, list[_Item]] = defaultdict(list)
        self.filing: dict[int, _Item] = {}
        self.numbers: dict[int, int] = {}  # the registry's next number by year

    # The organisation, its bodies, people and meetings.

    def build(self):
        rng, rows = self.rng, self.rows
        start = self.g.start
        word = "Region" if self.region else "Kommun"
        council = self._body(f"{word}fullmäktige", "RF" if self.region else "KF", Body.Kind.COUNCIL, "council",
                             genitive=f"{word}fullmäktiges")
        board = self._body(f"{word}styrelsen", "RS" if self.region else "KS", Body.Kind.EXECUTIVE_BOARD, "board")
        committee = None
        if not self.region:
            committee = self._body("Kommunstyrelsens arbetsutskott", "KSAU", Body.Kind.WORKING_COMMITTEE,
                                   "committee", parent=board, genitive="Kommunstyrelsens arbetsutskotts",
                                   subject="Arbetsutskottet")
        choices = REGION_BOARDS if self.region else MUNICIPALITY_BOARDS
        self.boards = [self._body(name, short, Body.Kind.SERVICE_BOARD, "")
                       for name, short in rng.sample(choices, rng.randint(len(choices) - 2, len(choices)))]
        self.council, self.board, self.committee = council, board, committee
        rows.add(Municipality, (self.id, self.name, "region" if self.region else "municipality", self.prefix,
                                "{prefix}-{year}/{number}", "", "", "", None, "[4, 10]", "[90, 30, 7, 0]",
                                committee.id if committee else None, self.g.now, self.g.now))
        self._people()
        place = "Regionens hus" if self.region else f"{self.place} kommunhus"
        kept_at = f"{board.name}s förvaltning, {self.name}"
        now = self.g.now
        for body in (council, board, committee):
            if body is None:
                continue
            for day in meeting_days(body.role, start - datetime.timedelta(days=30), self.today + PLANNED_AHEAD):
                meeting_id = rows.id(Meeting)
                body.meetings.append(day)
                body.meeting_ids.append(meeting_id)
                starts = datetime.time(18) if body.role == "council" else datetime.time(13)
                signed = None
                if day <= self.today - SIGNING_TAKES:
                    signed_on = open_day(day + 3 * DAY)
                    posted_on = proposed_posting_date(signed_on)
                    appeal_until = last_day_to_appeal(posted_on)
                    signed = (signed_on, posted_on, appeal_until, appeal_until + DAY)
                rows.add(Meeting, (meeting_id, body.id, day, starts, None, place, *(signed or (None,) * 4),
                                   kept_at if signed else "", SOURCE if signed else "", None))
                rows.add(MeetingEvent, (rows.id(MeetingEvent), meeting_id, MeetingEvent.Kind.SCHEDULED, now, None,
                                        "", "", place, "", "{}"))
                if signed:
                    rows.add(MeetingEvent, (rows.id(MeetingEvent), meeting_id, MeetingEvent.Kind.SIGNED, now, None,
                                            f"importerat från {SOURCE}", "", f"Justerat {signed[0].isoformat()}",
                                            "", "{}"))

    def _body(self, name, short, kind, role, *, parent=None, genitive=None, subject=None) -> _Body:
        body = _Body(self.rows.id(Body), name, role)
        self.rows.add(Body, (body.id, name, short, kind, genitive or f"{name}s", subject or name, self.id,
                             parent.id if parent else None, self.g.now, self.g.now))
        return body

    def _people(self):
        """Councillors in rosters of four-year terms, most of them sitting again
        the next term; the board, its committee and the service boards drawn
        from the council."""
        rng, rows = self.rng, self.rows
        names: set[str] = set()
        parties = self.g.parties
        weights = list(itertools.accumulate(weight for *_, weight in PARTIES))

        def person():
            while True:
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                if name not in names:
                    names.add(name)
                    break
            party = rng.choices(parties, cum_weights=weights)[0]
            person_id = rows.id(Person)
            rows.add(Person, (person_id, name, self.id, party, self.g.now, self.g.now))
            return person_id, party

        secretary, _ = person()
        self.terms = []  # (first day, [(person id, party id)]), oldest first
        council: list = []
        year = self.g.start.year - (self.g.start.year - 2) % 4 - 4
        while datetime.date(year, 10, 15) <= self.today:
            starts = datetime.date(year, 10, 15)
            ends = datetime.date(year + 4, 10, 14)
            staying = rng.sample(council, int(len(council) * 0.7)) if council else []
            council = staying + [person() for _ in range(COUNCIL_SIZE - len(staying))]
            self.terms.append((starts, council))
            last = ends >= self.today
            seats = [(self.council, council)]
            seats.append((self.board, rng.sample(council, BOARD_SIZE)))
            if self.committee:
                seats.append((self.committee, seats[1][1][:COMMITTEE_SIZE]))
            seats += [(board, rng.sample(council, SERVICE_BOARD_SIZE)) for board in self.boards]
            for body, members in seats:
                for position, (person_id, party) in enumerate(members):
                    rows.add(Membership, (rows.id(Membership), "member", "chair" if position == 0 else "", None, "",
                                          starts, None if last else ends, body.id, party, person_id, self.g.now,
                                          self.g.now))
                if body.role:
                    rows.add(Membership, (rows.id(Membership), "secretary", "", None, "sekreterare", starts,
                                          None if last else ends, body.id, None, secretary, self.g.now, self.g.now))
            year += 4

    def councillors_on(self, day: datetime.date) -> list:
        index = bisect.bisect_right([starts for starts, _ in self.terms], day) - 1
        return self.terms[max(index, 0)][1]

    # The cases.

    def cases(self):
        rng = self.rng
        for year, count in sorted(self.motions_by_year.items()):
            days = [day for day in self.council.meetings if day.year == year and day <= self.today]
            days = [day for day in days if day >= self.g.start] or days
            if not days or not count:
                continue
            filed = sorted(rng.choice(days) for _ in range(count))
            received = [day - datetime.timedelta(days=rng.randint(3, 25)) for day in filed]
            # The registry numbers every kind of case in the year it registers it: a motion's number leaves gaps.
            for index in sorted(range(count), key=lambda i: received[i]):
                registered = received[index].year
                number = self.numbers.get(registered, rng.randint(1, 30)) + rng.randint(0, 11)
                self.numbers[registered] = number + 1
                self.g.sequences[(self.prefix, registered)] = number
                self._case(received[index], filed[index], number, registered)

    def _texts(self):
        rng, words = self.rng, self.g.words
        noun = words.noun(rng)
        adjective = words.adjective(rng)
        place = rng.choice(self.districts)
        values = {"noun": noun[0], "noun_def": noun[1], "noun_pl": noun[2], "noun_pl_def": noun[3],
                  "adj": adjective, "place": place, "many": rng.choice(("många", "allt fler", "flesta"))}
        verb = words.verb(rng)
        form = rng.random()
        if form < 0.45:
            title = f"{verb} {adjective} {noun[2]} i {place}"
        elif form < 0.75:
            title = f"{verb} {noun[3]}"
        else:
            other = words.noun(rng)
            title = f"{verb} {noun[1]} och {other[3]} i {place}"
        why = rng.choice(WHY).format(**values)
        clauses = []
        for template in rng.sample(CLAUSES, rng.choices((1, 2, 3, 4), cum_weights=(45, 75, 90, 100))[0]):
            more = words.noun(rng)
            clauses.append(template.format(**{**values, "noun_pl": more[2], "noun_pl_def": more[3],
                                              "noun_def": more[1], "adj": words.adjective(rng)}))
        return title[0].upper() + title[1:], why, clauses, values

    def _case(self, received_on: datetime.date, filed_on: datetime.date, number: int, registered: int):
        rng, rows, g = self.rng, self.rows, self.g
        motion_id = rows.id(Motion)
        case_number = f"{self.prefix}-{registered}/{number}"
        title, why, clauses, values = self._texts()
        roster = self.councillors_on(filed_on)
        movers = rng.sample(roster, rng.choices((1, 2, 3), cum_weights=(70, 90, 100))[0])
        for position, (person_id, party) in enumerate(movers, start=1):
            rows.add(Mover, (rows.id(Mover), position, motion_id, party, person_id))
        clause_ids = []
        for position, text in enumerate(clauses, start=1):
            clause_id = rows.id(OperativeClause)
            clause_ids.append(clause_id)
            rows.add(OperativeClause, (clause_id, position, text, motion_id))
        summary = f"Motionären anser att {why}."
        text = summary + " " + " ".join(f"Jag föreslår {clause}." for clause in clauses)

        story = _Story(self, motion_id, filed_on, values, clause_ids)
        story.run()
        events = story.events
        last_change = max(event.on for event in events if event.from_status != event.to_status)
        rows.add(Motion, (motion_id, case_number, title, received_on, filed_on, summary, text, story.status,
                          last_change, max(event.on for event in events), len(events),
                          f"{case_number} {title}".lower(), INVENTED_CASE, g.now, None, story.filed_meeting_id,
                          self.id, None))
        for version, event in enumerate(events, start=1):
            event.id = event.id or rows.id(MotionEvent)
            event.version = version
        self.g.pending_events.append((motion_id, events))
        g.motions += 1

    # Numbering the paragraphs, and the rows that name their numbers.

    def finish(self):
        rows = self.rows
        for body in (self.council, self.board, self.committee):
            if body is None:
                continue
            counters: dict[int, int] = defaultdict(int)
            for day, meeting_id in zip(body.meetings, body.meeting_ids, strict=True):
                items = self.items_by_meeting.get(meeting_id, [])
                for position, item in enumerate(items, start=1):
                    counters[day.year] += 1
                    item.number = counters[day.year]
                    motion = item.motion_id if item.motion_id is not None else item.filed[0]
                    rows.add(MinuteItem, (item.id, day.year, item.number, "", item.decision, item.proposal,
                                          item.reason, item.summary, "", "[]", "[]", "[]", body.id, meeting_id,
                                          item.motion_id))
                    rows.add(AgendaItem, (rows.id(AgendaItem), position, self.g.now, item.number, "", meeting_id,
                                          motion))
                    for filed_position, filed_id in enumerate(item.filed, start=1):
                        rows.add(FiledMotion, (rows.id(FiledMotion), filed_position, item.id, filed_id))
        for motion_id, events in self.g.pending_events:
            for event in events:
                description = event.description
                if event.item is not None:
                    description = f"{event.item.body.name} § {event.item.number}"
                # Recorded on its day, as a register running for twenty years has them (the daily
                # watch looks again at the cases with a step recorded since its previous run).
                recorded = min(timezone.make_aware(datetime.datetime.combine(event.on, RECORDED_AT)), self.g.now)
                rows.add(MotionEvent, (event.id, event.kind, event.on, recorded, event.from_status,
                                       event.to_status, description, event.reason, "[]", event.version,
                                       json.dumps(event.sentences) if event.sentences else "{}", motion_id,
                                       None))
        self.g.pending_events.clear()


class _Story:
    """One case's steps, written forwards from its filing at the earliest
    plausible day after the one before, and cut at today."""

    def __init__(self, org: _Organisation, motion_id: int, filed_on: datetime.date, values: dict, clause_ids):
        self.org, self.rng, self.rows = org, org.rng, org.rows
        self.motion_id, self.values, self.clause_ids = motion_id, values, clause_ids
        self.on = self.filed_on = filed_on
        self.today = org.today
        self.status = Status.FILED
        self.events: list[_Event] = []
        self.referrals = []  # [id, body, status, ...] while open
        self.summary = ""

    def days(self, low, high) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(low, high))

    def event(self, kind, on, to=None, **values) -> _Event:
        event = _Event(kind, on, self.status, to or self.status, **values)
        self.events.append(event)
        self.status = to or self.status
        self.on = max(self.on, on)
        return event

    def item(self, body: _Body, meeting: tuple, decision, **values) -> _Item:
        day, meeting_id = meeting
        item = _Item(self.rows.id(MinuteItem), meeting_id, body, day, self.motion_id, decision, **values)
        self.org.items_by_meeting[meeting_id].append(item)
        return item

    def run(self):
        org, rng = self.org, self.rng
        council = org.council
        index = bisect.bisect_left(council.meetings, self.filed_on)
        self.filed_meeting_id = council.meeting_ids[index]
        self.event(MotionEvent.Kind.FILED, self.filed_on, Status.FILED, description=council.name)
        self.events[0].from_status = ""
        filing = org.filing.get(self.filed_meeting_id)
        if filing is None:
            filing = self.item(council, (self.filed_on, self.filed_meeting_id), Decision.FILE)
            org.filing[self.filed_meeting_id] = filing
        elif filing.motion_id is not None:
            filing.motion_id = None  # now the paragraph of several motions
        filing.filed.append(self.motion_id)
        self.event(MotionEvent.Kind.HANDLED, self.filed_on, item=filing)
        withdraw_on = None
        if rng.random() < 0.03:
            withdraw_on = open_day(self.filed_on + self.days(30, 240))
        if rng.random() < 0.88 and not self.refer(withdraw_on):
            return
        if withdraw_on is not None:
            self.withdraw(withdraw_on)
            return
        stall = self.days(300, 1000) if rng.random() < 0.04 else datetime.timedelta()
        outcome = rng.choices(OUTCOME_CHOICES, cum_weights=OUTCOME_WEIGHTS)[0]
        if outcome == Outcome.PARTLY_APPROVE and len(self.clause_ids) < 2:
            outcome = Outcome.REJECT
        for round_ in range(3):
            if not self.prepare(outcome, self.on + self.days(20, 75) + stall):
                return
            stall = datetime.timedelta()
            if org.committee is not None:
                meeting = org.committee.next_meeting(self.on + self.days(7, 21))
                if meeting is None or meeting[0] > self.today:
                    return
                item = self.item(org.committee, meeting, Decision.HAND_OVER, summary=self.summary)
                self.event(MotionEvent.Kind.HANDLED, meeting[0], Status.WORKING_COMMITTEE, item=item)
            meeting = org.board.next_meeting(self.on + self.days(7, 21))
            if meeting is None or meeting[0] > self.today:
                return
            if round_ < 2 and rng.random() < 0.06:
                reason = rng.choice(SEND_BACK_REASONS)
                item = self.item(org.board, meeting, Decision.SEND_BACK, reason=reason, summary=self.summary)
                self.event(MotionEvent.Kind.SENT_BACK, meeting[0], Status.SENT_BACK, reason=reason, item=item)
                continue
            item = self.item(org.board, meeting, Decision.PROPOSE, proposal=outcome, summary=self.summary)
            self.clause_decisions(item, outcome)
            self.event(MotionEvent.Kind.HANDLED, meeting[0], Status.BOARD, item=item)
            meeting = council.next_meeting(self.on + self.days(14, 40))
            if meeting is None or meeting[0] > self.today:
                return
            item = self.item(council, meeting, outcome.value, summary=self.summary)
            self.clause_decisions(item, outcome)
            self.event(MotionEvent.Kind.DECIDED, meeting[0], OUTCOME_STATUS[outcome], item=item)
            return

    def refer(self, withdraw_on) -> bool:
        """Refer the case to one to four boards; they answer, decline, ask for
        more time, or (now) have not answered yet. False: the case waits."""
        org, rng, rows = self.org, self.rng, self.rows
        sent = open_day(self.on + self.days(8, 28))
        if sent > self.today or (withdraw_on and sent >= withdraw_on):
            return False
        count = rng.choices((1, 2, 3, 4), cum_weights=(50, 80, 95, 100))[0]
        bodies = rng.sample(org.boards, min(len(org.boards), count))
        due = end_of_month(sent, rng.randint(3, 5))
        sent_event = self.event(MotionEvent.Kind.REFERRED, sent, Status.REFERRED,
                                description=", ".join(body.name for body in bodies))
        sent_event.id = rows.id(MotionEvent)
        steps = []
        waiting = False
        for body in bodies:
            referral_id = rows.id(Referral)
            extended_due = extended_on = None
            if rng.random() < 0.06:
                extended_on = open_day(max(sent + DAY, due - self.days(5, 20)))
                extended_due = end_of_month(due, 2)
                steps.append((extended_on, 0, "extend", body, extended_due))
            current = extended_due or due
            if rng.random() < 0.15:  # late
                answered = current + self.days(1, 60)
            else:
                answered = max(current - self.days(10, 45), sent + self.days(21, 30))
            answered = open_day(answered)
            declined = rng.random() < 0.06
            status = Referral.Status.DECLINED if declined else Referral.Status.ANSWERED
            withdrawn_on = None
            if withdraw_on is not None and answered >= withdraw_on:
                status, withdrawn_on = Referral.Status.WITHDRAWN, withdraw_on
            elif answered > self.today:
                status, waiting = Referral.Status.SENT, True
            if extended_on is not None and (extended_on > self.today or (withdrawn_on and extended_on >= withdrawn_on)):
                extended_due = extended_on = None
                steps.pop()
            if status in (Referral.Status.ANSWERED, Referral.Status.DECLINED):
                steps.append((answered, 1, status, body, referral_id))
            rows.add(Referral, (referral_id, sent, due, extended_due, extended_on, status, withdrawn_on, "", None,
                                body.id, self.motion_id, None, sent_event.id))
            self.referrals.append((referral_id, body, status))
        for on, _, kind, body, value in sorted(steps, key=lambda step: (step[0], step[1], step[3].id)):
            if kind == "extend":
                self.event(MotionEvent.Kind.DUE_EXTENDED, on, description=f"{body.name}, till {value.isoformat()}",
                           sentences={"description": {"template": "%(body)s, till %(due)s",
                                                      "values": {"body": body.name, "due": value.isoformat()},
                                                      "labels": []}})
                continue
            paragraph = f"§ {rng.randint(5, 220)}"
            answered = kind == Referral.Status.ANSWERED
            event = self.event(MotionEvent.Kind.REFERRAL_ANSWERED if answered else MotionEvent.Kind.REFERRAL_DECLINED,
                               on, description=f"{body.name} {paragraph}")
            event.id = rows.id(MotionEvent)
            text = ""
            if answered:
                noun = self.org.g.words.noun(rng)
                text = rng.choice(ANSWERS).format(body=body.name, noun_pl=noun[2], noun_pl_cap=noun[2].capitalize(),
                                                  noun_def_cap=noun[1].capitalize(), place=self.values["place"],
                                                  adj=self.values["adj"])
            rows.add(ReferralResponse, (rows.id(ReferralResponse), on, paragraph,
                                        f"{body.name[:3].upper()}-{on.year}/{rng.randint(40, 900)}", text, "", value,
                                        event.id))
        return not waiting

    def withdraw(self, on: datetime.date):
        if on > self.today or on < self.on:
            return
        self.event(MotionEvent.Kind.WITHDRAWN, on, Status.WITHDRAWN, reason=self.rng.choice(WITHDRAW_REASONS))
        for _, body, status in self.referrals:
            if status == Referral.Status.WITHDRAWN:
                self.event(MotionEvent.Kind.REFERRAL_WITHDRAWN, on, description=body.name,
                           reason="Motionen är återkallad.",
                           sentences={"reason": {"template": "Motionen är återkallad.", "values": {}, "labels": []}})
        meeting = self.org.council.next_meeting(on + self.days(14, 45))
        if meeting is None or meeting[0] > self.today:
            return
        item = self.item(self.org.council, meeting, Decision.STRIKE_OFF)
        self.event(MotionEvent.Kind.DECIDED, meeting[0], Status.STRUCK_OFF, item=item)

    def prepare(self, outcome: str, on: datetime.date) -> bool:
        on = open_day(max(on, self.on))
        if on > self.today:
            return False
        values = self.values
        noun = self.org.g.words.noun(self.rng)
        self.summary = self.rng.choice(SUMMARIES).format(
            noun_pl=values["noun_pl"], noun_def=noun[1], place=values["place"], adj=values["adj"],
            answer_part="Remissinstanserna har lämnat sina synpunkter." if self.referrals else "",
            assessment=self.rng.choice(ASSESSMENTS), outcome=OUTCOME_WORDS[outcome]).replace("  ", " ")
        label = in_swedish(Outcome(outcome).label)
        self.event(MotionEvent.Kind.PREPARED, on, Status.PREPARED, description=label,
                   sentences={"description": {"template": label, "values": {}, "labels": []}})
        self.rows.add(DraftDecision, (self.rows.id(DraftDecision), on, outcome, self.summary, self.motion_id))
        return True

    def clause_decisions(self, item: _Item, outcome: str):
        if outcome == Outcome.PARTLY_APPROVE:
            for number, clause_id in enumerate(self.clause_ids, start=1):
                self.rows.add(ClauseDecision, (self.rows.id(ClauseDecision), number == 1, clause_id, item.id))


class Generator:
    def __init__(self, motions: int, *, seed: int, today: datetime.date, out=None):
        self.total, self.seed, self.today, self.out = motions, seed, today, out
        self.start = today.replace(year=today.year - YEARS) + DAY
        self.now = timezone.now()
        self.words = Vocabulary(seed)
        self.rows = Rows(MODELS)
        self.sequences: dict = {}
        self.pending_events: list = []
        self.motions = 0

    def plan_sizes(self) -> list[dict[int, int]]:
        """Motions by organisation and year: about PER_YEAR an organisation and
        year (fewer organisations for fewer motions), the last year's share as
        far as today."""
        organisations = max(2, min(ORGANISATIONS, round(self.total / (PER_YEAR * YEARS))))
        years = list(range(self.start.year, self.today.year + 1))
        weights = [1.0] * len(years)
        weights[0] = (datetime.date(self.start.year, 12, 31) - self.start).days / 365
        weights[-1] = (self.today - datetime.date(self.today.year, 1, 1)).days / 365
        cells = [(org, year, weight) for org in range(organisations)
                 for year, weight in zip(years, weights, strict=True)]
        scale = self.total / sum(weight for *_, weight in cells)
        sizes = [defaultdict(int) for _ in range(organisations)]
        given = 0
        for org, year, weight in cells:
            count = int(weight * scale)
            sizes[org][year] += count
            given += count
        rng = random.Random(f"{self.seed}-sizes")
        for _ in range(self.total - given):
            org, year, _weight = rng.choice(cells[len(years) // 2:])  # the rest, not in the partial first year
            sizes[org][year] += 1
        return sizes

    def run(self) -> dict:
        started = time.monotonic()
        self.parties = self._parties()
        sizes = self.plan_sizes()
        for index, ((name, place, region, code), motions_by_year) in enumerate(
                zip(organisations(self.seed, len(sizes)), sizes, strict=True)):
            org = _Organisation(self, index, name, place, region, code, motions_by_year)
            org.build()
            org.cases()
            org.finish()
            self.rows.write()
            if self.out:
                self.out(f"{name}: {self.motions} av {self.total} motioner, {time.monotonic() - started:.0f} s")
        self.rows.rows[CaseNumberSequence] = [
            (self.rows.id(CaseNumberSequence), prefix, year, last) for (prefix, year), last in self.sequences.items()]
        self.rows.write()
        for step in DERIVED:
            step()
        analyze()
        return {"motions": self.motions, "organisations": len(sizes), "seconds": time.monotonic() - started}

    def _parties(self) -> list[int]:
        ids = []
        for abbreviation, name, _weight in PARTIES:
            party, _ = Party.objects.get_or_create(abbreviation=abbreviation, defaults={"name": name})
            ids.append(party.pk)
        return ids


def organisations(seed: int, count: int) -> list[tuple[str, str, bool, str]]:
    """The organisations' names, places, whether each is a region (the last
    tenth, at most REGIONS), and the code that begins its case numbers: each
    its own."""
    places = place_names(random.Random(f"{seed}-names"), count)
    regions = min(REGIONS, count // 10)
    codes, result = set(), []
    for index, place in enumerate(places):
        region = index >= count - regions
        code, number = place[:3].upper(), 1
        while code in codes:
            code, number = f"{place[:3].upper()}{number}", number + 1
        codes.add(code)
        result.append((f"Region {place}" if region else f"{place} kommun", place, region, code))
    return result


def generate_cases(motions: int, *, seed: int = 1, today: datetime.date | None = None, out=None) -> dict:
    """Generate `motions` motions with their organisations (see the module's
    text). Refused when the database holds a case already. Returns the
    number of motions and organisations and the seconds it took."""
    if motions < 1:
        raise DomainError("Ange hur många motioner som ska skapas (minst 1).", field="motions")
    if Motion.objects.exists():
        raise DomainError("Databasen har redan ärenden; generate_cases fyller bara en databas utan ärenden.",
                          field="motions")
    return Generator(motions, seed=seed, today=today or timezone.localdate(), out=out).run()
