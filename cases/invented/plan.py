"""Planning the invented cases as data: for each, the story it tells (the
status it reaches and the turns on the way), its words from the topics, its
movers, its case number and its dated steps. Reads the register; writes
nothing."""

import calendar
import datetime
import random
from dataclasses import dataclass, field

from cases.invented.topics import MUNICIPALITY_TOPICS, REGION_TOPICS, Topic
from decisions.models import Decision, Outcome
from lib.time_limits import is_closed_day, next_open_day
from motions import rules
from motions.case_numbers import format_case_number
from motions.models import INVENTED, Motion, Status
from organisation.models import Body, Meeting, Membership, Municipality, Person
from organisation.selectors import roster_on

DAY = datetime.timedelta(days=1)

# When each kind of body meets: on a weekday (0 Monday) in the week that
# begins on a day of the month, except in some months (a council has no
# meetings in July and August). "answering" is a board that answers referrals.
MEETING_DAYS = {
    "council": (0, 1, {7, 8}),
    "board": (0, 15, {7}),
    "committee": (1, 8, {7}),
    "answering": (3, 22, {7}),
}
# About how many paragraphs each kind of body numbers in a year: a meeting's
# numbers start where that share of the year would have brought them.
PARAGRAPHS_A_YEAR = {"council": 220, "board": 300, "committee": 280, "answering": 160}

# The cases of an organisation, in every status the product knows. For each
# open story, the ages (months since filing) at which a municipality's cases
# and a region's stand where their story ends ("_old": past the one-year
# mark; "committee" only where there is a preparing committee). For each
# closed story, how many of a municipality's and of a region's, spread over
# the years before.
OPEN_STORIES = {
    "filed": ((0, 1, 2), (0, 1)),
    "referred": ((2, 3, 4), (2, 3)),
    "due_soon": ((4,), (4,)),
    "overdue": ((8,), (8,)),
    "overdue_old": ((16,), (16,)),
    "prepared": ((7,), (7,)),
    "prepared_old": ((14,), ()),
    "committee": ((9, 11), ()),
    "board": ((10, 12), (10, 12)),
    "sent_back": ((11,), (11,)),
    "sent_back_old": ((18,), ()),
    "withdrawn": ((5,), (5,)),
}
CLOSED_STORIES = {
    ("decided", Outcome.APPROVE): (4, 2),
    ("decided", Outcome.PARTLY_APPROVE): (2, 1),
    ("decided", Outcome.REJECT): (5, 3),
    ("decided", Outcome.DEEM_ANSWERED): (5, 3),
    ("struck_withdrawn", ""): (2, 1),
    ("struck_left", ""): (1, 1),
}
# How far back the closed cases go, in months.
OLDEST = 66
NEWEST_CLOSED = 9


# --- The plan ---------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One step of a planned case, to be taken through its service."""

    kind: str  # refer, answer, decline, extend, draft_answer, withdraw, prepare, minute, agenda
    on: datetime.date
    body: str = ""
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PlannedCase:
    story: str
    status: str  # the status its steps lead to
    case_number: str
    title: str
    summary: str
    text: str
    clauses: tuple[str, ...]
    movers: tuple[str, ...]  # the people's names
    received_on: datetime.date
    filed_on: datetime.date
    steps: tuple[Step, ...]


def _end_of_month(day: datetime.date, months: int = 0) -> datetime.date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return datetime.date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def open_day(day: datetime.date) -> datetime.date:
    return next_open_day(day) if is_closed_day(day) else day


class Calendar:
    """The organisation's meeting days (MEETING_DAYS), leaving out the days on
    which a body already has a meeting of the real register."""

    def __init__(self, taken: set[tuple[str, datetime.date]]):
        self.taken = taken

    def next(self, role: str, body: str, on: datetime.date) -> datetime.date:
        """The first meeting of `body` (of kind `role`) on or after `on`."""
        weekday, first_day, idle = MEETING_DAYS[role]
        year, month = on.year, on.month
        while True:
            if month not in idle:
                day = datetime.date(year, month, first_day)
                day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
                if day >= on and (body, day) not in self.taken and not is_closed_day(day):
                    return day
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def previous(self, role: str, body: str, on: datetime.date) -> datetime.date:
        """The last meeting of `body` on or before `on`."""
        start = on
        while True:
            start -= datetime.timedelta(days=60)
            days = []
            day = self.next(role, body, start)
            while day <= on:
                days.append(day)
                day = self.next(role, body, day + DAY)
            if days:
                return days[-1]


@dataclass
class _Organisation:
    """What the plan needs to know of the organisation, read once."""

    municipality: Municipality
    council: Body
    board: Body
    committee: Body | None
    referable: dict[str, Body]
    councillors: list  # (day the roster starts, [Person]) per term, oldest first
    calendar: Calendar
    topics: tuple[Topic, ...]
    taken_numbers: set[str]
    # The § numbers given to the bodies' answers, by body and year.
    answer_numbers: dict = field(default_factory=dict)


class _Case:
    """The plan of one case, written forwards from its filing: each step at
    the earliest plausible day after the one before."""

    def __init__(self, org: _Organisation, rng: random.Random, topic: Topic, filed_on: datetime.date, today):
        self.org, self.rng, self.topic, self.today = org, rng, topic, today
        self.filed_on = self.on = filed_on
        self.steps: list[Step] = []
        self.referrals: dict[str, dict] = {}  # body → {"due": date, "open": bool}
        self.status = Status.FILED

    def add(self, kind, on, body="", **values):
        self.on = max(self.on, on)
        self.steps.append(Step(kind, on, body, values))

    def days(self, low, high) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(low, high))

    def meeting(self, role, body: Body, after: datetime.timedelta) -> datetime.date:
        return self.org.calendar.next(role, body.name, self.on + after)

    # The steps.

    def refer(self, *, due: datetime.date | None = None):
        bodies = [name for name in self.topic.bodies if name in self.org.referable]
        if not bodies:
            return
        sent = open_day(self.on + self.days(8, 28))
        due = due or _end_of_month(sent, self.rng.randint(3, 5))
        self.referrals = {name: {"due": due, "open": True} for name in bodies}
        self.add("refer", sent, requests=tuple((name, due) for name in bodies))
        self.status = Status.REFERRED

    def respond(self, *, leave_open=0, stance="neutral", early=False, late=False, extend=False, decline=False):
        """The bodies answer in the order of their meetings; `leave_open` of
        them do not (yet)."""
        names = list(self.referrals)
        answering = names[:len(names) - leave_open] if leave_open else names
        waiting = [name for name in names if name not in answering]
        extended = self.rng.choice(waiting or names) if extend and names else None
        planned = []
        for name in names:
            referral = self.referrals[name]
            if name == extended:
                extended_on = open_day(max(self.on, referral["due"] - self.days(5, 20)))
                referral["due"] = _end_of_month(referral["due"], 2)
                planned.append((extended_on, "extend", name, {"due_on": referral["due"]}))
            if name not in answering:
                continue
            if early:
                after = self.on + self.days(25, 50)
            elif late and name == answering[-1]:
                after = referral["due"] + self.days(1, 30)
            else:
                after = referral["due"] - self.days(10, 45)
            day = self.org.calendar.next("answering", name, max(after, self.on + self.days(21, 30)))
            body = self.org.referable[name]
            declines = decline and name == answering[0]
            values = {"paragraph": f"§ {self._number(name, day)}",
                      "body_case_number": f"{body.short_name or body.name[:3].upper()}-{day.year}/"
                                          f"{self.rng.randint(40, 900)}"}
            if not declines:
                values["text"] = _answer_text(name, stance, self.rng)
            planned.append((day, "decline" if declines else "answer", name, values))
            referral["open"] = False
        for day, kind, name, values in sorted(planned, key=lambda step: (step[0], step[1] != "extend")):
            self.add(kind, day, name, **values)

    def save_answer_draft(self):
        """A board secretary has begun the answer of an open referral (a draft, not a step)."""
        name = next((name for name, referral in self.referrals.items() if referral["open"]), None)
        if name:
            self.steps.append(Step("draft_answer", self.today, name, {"text": _draft_answer_text(name)}))

    def prepare(self, proposal):
        after = max([self.on, *(step.on for step in self.steps if step.kind in ("answer", "decline"))])
        self.on = after
        self.add("prepare", open_day(self.on + self.days(20, 60)), proposal=proposal,
                 summary=_draft_summary(self.topic, proposal, bool(self.referrals)))
        self.status = Status.PREPARED

    def _minute(self, role, body: Body, decision, *, proposal="", reason="", after=7):
        day = self.meeting(role, body, datetime.timedelta(days=after))
        clauses = {}
        if Outcome.PARTLY_APPROVE in (decision, proposal):
            clauses = {number: number == 1 for number in range(1, len(self.topic.clauses) + 1)}
        self.add("minute", day, body.name, decision=decision, proposal=proposal, reason=reason, clauses=clauses)
        return day

    def committee(self):
        if self.org.committee is not None:
            self._minute("committee", self.org.committee, Decision.HAND_OVER)
            self.status = Status.WORKING_COMMITTEE

    def board(self, proposal):
        self._minute("board", self.org.board, Decision.PROPOSE, proposal=proposal)
        self.status = Status.BOARD

    def council(self, outcome, reason=""):
        self._minute("council", self.org.council, outcome, reason=reason, after=10)
        self.status = {Outcome.APPROVE: Status.APPROVED, Outcome.PARTLY_APPROVE: Status.PARTLY_APPROVED,
                       Outcome.REJECT: Status.REJECTED, Outcome.DEEM_ANSWERED: Status.ANSWERED,
                       Outcome.STRIKE_OFF: Status.STRUCK_OFF}[outcome]

    def defer(self):
        self._minute("council", self.org.council, Decision.DEFER, after=10,
                     reason="Ärendet bordläggs till nästa sammanträde på grund av tidsbrist.")

    def send_back(self, role):
        body = self.org.council if role == "council" else self.org.board
        self._minute(role, body, Decision.SEND_BACK, reason=self.rng.choice(SEND_BACK_REASONS))
        self.status = Status.SENT_BACK

    def withdraw(self):
        self.add("withdraw", open_day(self.on + self.days(20, 70)), reason=self.rng.choice(
            ("Motionen återkallas eftersom frågan har tagits om hand i budgetarbetet.",
             "Motionen återkallas.")))
        self.status = Status.WITHDRAWN

    def agenda(self, role, body: Body):
        """The next meeting to handle the case has it on its agenda."""
        self.steps.append(Step("agenda", self.org.calendar.next(role, body.name, self.today + DAY), body.name))

    def _number(self, body: str, day):
        """The § of a body's answer: about where the year has brought its numbers, and not used twice."""
        used = self.org.answer_numbers.setdefault((body, day.year), set())
        number = 1 + day.timetuple().tm_yday * PARAGRAPHS_A_YEAR["answering"] // 366 + self.rng.randint(0, 4)
        while number in used:
            number += 1
        used.add(number)
        return number

    # The checks of the finished plan.

    def past_steps(self):
        return [step for step in self.steps if step.kind not in ("agenda", "draft_answer")]

    def open_dues(self):
        return [referral["due"] for referral in self.referrals.values() if referral["open"]]


SEND_BACK_REASONS = (
    "Ärendet återremitteras för att kostnaderna för förslaget ska redovisas.",
    "Ärendet återremitteras för att underlaget ska kompletteras med en barnkonsekvensanalys.",
    "Ärendet återremitteras för att berörda föreningar och organisationer ska få lämna synpunkter.",
)


def _answer_text(body: str, stance: str, rng: random.Random) -> str:
    return {
        "positive": f"{body} ställer sig positiv till motionen. Förslaget ligger i linje med verksamhetens mål, "
                    "men kostnaderna behöver prövas i det kommande budgetarbetet.",
        "neutral": f"{body} redovisar det arbete som redan bedrivs inom området och bedömer att motionens syfte "
                   "till stor del tillgodoses inom befintlig verksamhet.",
        "negative": f"{body} avstyrker motionen. Förslaget ryms inte inom budgetramen, och andra insatser "
                    "bedöms ge större effekt för dem motionen vill nå.",
    }[stance] + rng.choice(("", " Frågan följs upp i verksamhetsplanen för nästa år.",
                            " Frågan bör samordnas med övriga nämnder."))


def _draft_answer_text(body: str) -> str:
    return (f"{body} har tagit del av motionen och ser positivt på dess syfte. Förvaltningen återkommer "
            "med en bedömning av kostnaderna.")


STANCE = {Outcome.APPROVE: "positive", Outcome.PARTLY_APPROVE: "positive", Outcome.REJECT: "negative",
          Outcome.DEEM_ANSWERED: "neutral"}


def _draft_summary(topic: Topic, proposal: str, referred: bool) -> str:
    why = f"Förvaltningen delar motionens uppfattning att {topic.why}."
    reported = "som redovisas i remissvaren" if referred else "som förvaltningen redovisar"
    return {
        Outcome.APPROVE: f"{why} Förslaget bedöms kunna genomföras inom befintliga ekonomiska ramar. "
                         "Förvaltningen föreslår att motionen bifalls.",
        Outcome.PARTLY_APPROVE: f"{why} Den första att-satsen kan genomföras inom befintliga ramar, medan övriga "
                                "förslag inte bedöms rymmas i budgeten. Förvaltningen föreslår att motionen bifalls "
                                "i den första att-satsen och i övrigt avslås.",
        Outcome.REJECT: "Förvaltningen bedömer att förslaget skulle medföra kostnader som inte ryms i budgeten och "
                        "att behovet i huvudsak tillgodoses genom befintliga insatser. Förvaltningen föreslår att "
                        "motionen avslås.",
        Outcome.DEEM_ANSWERED: f"Det arbete som redan pågår inom området, {reported}, svarar i stora delar mot "
                               "motionens syfte. Förvaltningen föreslår därför att motionen ska anses besvarad.",
    }[proposal]


# The stories told of a referral; "prepared" tells of a body that declined to comment.
NEEDS_REFERRAL = ("referred", "due_soon", "overdue", "overdue_old", "withdrawn", "prepared")


def _decided(case: _Case, outcome):
    """Referred, answered, prepared and decided, with the turns a case may take."""
    rng = case.rng
    case.refer()
    case.respond(stance=STANCE[outcome], late=rng.random() < 0.25, extend=rng.random() < 0.15,
                 decline=rng.random() < 0.3)
    case.prepare(outcome)
    case.committee()
    if rng.random() < 0.15:
        case.send_back("board")
        case.prepare(outcome)
        case.committee()
    case.board(outcome)
    if rng.random() < 0.2:
        case.defer()
    case.council(outcome)


def _story(case: _Case, story: str, outcome) -> int:
    """Write the story's steps; 0 if they fit the day, -1 when the case must
    be filed earlier, 1 when later."""
    rng, org, today = case.rng, case.org, case.today
    proposal = rng.choice((Outcome.APPROVE, Outcome.REJECT, Outcome.DEEM_ANSWERED, Outcome.DEEM_ANSWERED))
    if story in NEEDS_REFERRAL:
        # A referral due within the days the inbox calls "due soon".
        case.refer(due=today + case.days(3, 12) if story == "due_soon" else None)
        if not case.referrals:
            return 2  # another topic: this story needs a referral
    elif story in ("prepared_old", "committee", "board", "sent_back", "sent_back_old"):
        case.refer()
    if story == "referred":
        case.respond(leave_open=max(1, len(case.referrals) - 1), early=True)
        case.save_answer_draft()
    elif story == "due_soon":
        case.respond(leave_open=1, early=True)
    elif story in ("overdue", "overdue_old"):
        case.respond(leave_open=1, extend=story == "overdue_old")
    elif story == "withdrawn":
        case.respond(leave_open=len(case.referrals))
        case.withdraw()
    elif story in ("prepared", "prepared_old", "committee", "board", "sent_back", "sent_back_old"):
        case.respond(stance=STANCE[proposal], decline=story == "prepared")
        case.prepare(proposal)
        if story not in ("prepared", "prepared_old"):
            case.committee()
        if story in ("board", "sent_back", "sent_back_old"):
            case.board(proposal)
        if story == "board":
            case.agenda("council", org.council)
        if story in ("sent_back", "sent_back_old"):
            case.send_back("council")
    elif story == "decided":
        _decided(case, outcome)
    elif story == "struck_withdrawn":
        case.refer()
        case.respond(leave_open=len(case.referrals) // 2)
        case.withdraw()
        case.council(Outcome.STRIKE_OFF, reason="Motionen är återkallad.")
    elif story == "struck_left":
        case.refer()
        case.respond(leave_open=1)
        case.council(Outcome.STRIKE_OFF, reason="Motionären har lämnat sitt uppdrag i fullmäktige och ingen annan "
                                                "ledamot har tagit över motionen.")
    if any(step.on > today for step in case.past_steps()):
        return -1
    dues = case.open_dues()
    if story == "referred" and any(due < today + datetime.timedelta(days=10) for due in dues):
        return 1
    if story == "due_soon" and case.steps[0].on > today - datetime.timedelta(days=75):
        return -1  # sent long enough ago to be due now
    if story in ("overdue", "overdue_old") and not any(due < today - datetime.timedelta(days=7) for due in dues):
        return -1
    if story.endswith("_old") and not rules.is_past_one_year_mark(case.filed_on, today - datetime.timedelta(30)):
        return -1
    return 0


def _read(municipality: Municipality) -> _Organisation:
    path = rules.path_of(municipality)
    bodies = list(Body.objects.filter(municipality=municipality))
    real = Motion.objects.filter(municipality=municipality).exclude(pk__in=invented_ids(municipality))
    taken = {(name, day) for name, day in Meeting.objects.filter(body__municipality=municipality)
             .values_list("body__name", "date")}
    # People named in the real register are not made to file invented motions.
    real_people = set(Person.objects.filter(motions__motion__in=real).values_list("pk", flat=True))
    starts = sorted(set(Membership.objects.filter(body=path.council, role=Membership.Role.MEMBER)
                        .values_list("starts_on", flat=True)))
    councillors = []
    for start in starts:
        people = [m.person for m in roster_on(path.council, start)
                  if m.role == Membership.Role.MEMBER and m.person_id not in real_people]
        councillors.append((start, people))
    topics = REGION_TOPICS if municipality.kind == Municipality.Kind.REGION else MUNICIPALITY_TOPICS
    return _Organisation(
        municipality=municipality, council=path.council, board=path.board, committee=path.committee,
        referable={body.name: body for body in bodies if body.kind in
                   (Body.Kind.SERVICE_BOARD, Body.Kind.PREPARATORY_COMMITTEE)},
        councillors=councillors, calendar=Calendar(taken), topics=topics,
        taken_numbers=set(Motion.objects.values_list("case_number", flat=True)),
    )


def _stories(org: _Organisation, rng: random.Random, today: datetime.date) -> list[tuple[str, object, int]]:
    """(story, outcome, age in months) for each case of the organisation."""
    share = 1 if org.municipality.kind == Municipality.Kind.REGION else 0
    open_stories = [(story, "", age) for story, ages in OPEN_STORIES.items() for age in ages[share]
                    if story != "committee" or org.committee is not None]
    closed_stories = [key for key, counts in CLOSED_STORIES.items() for _ in range(counts[share])]
    # The closed cases spread from OLDEST months back (or the first roster) to NEWEST_CLOSED months.
    oldest = min(OLDEST, max(NEWEST_CLOSED + 6, _months_between(org.councillors[0][0], today) - 1))
    rng.shuffle(closed_stories)
    span = oldest - NEWEST_CLOSED
    return [*open_stories, *((story, outcome, NEWEST_CLOSED + span * index // max(1, len(closed_stories) - 1))
                             for index, (story, outcome) in enumerate(closed_stories))]


def _months_between(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _movers(org: _Organisation, rng: random.Random, day: datetime.date, *, alone=False) -> tuple[str, ...]:
    """One councillor of the day (the latest roster when none is in force),
    now and then with a party colleague or two."""
    people = next((people for start, people in reversed(org.councillors) if start <= day), None)
    if people is None:
        people = org.councillors[0][1] if org.councillors else []
    if not people:
        return ()
    first = rng.choice(people)
    movers = [first]
    colleagues = [p for p in people if p != first and p.party_id and p.party_id == first.party_id]
    if colleagues and rng.random() < 0.4 and not alone:
        movers.append(rng.choice(colleagues))
    return tuple(person.name for person in movers)


def _case_number(org: _Organisation, rng: random.Random, day: datetime.date) -> str:
    """A number of the registry's series for the year, about where a case
    registered on `day` would be in it (some 1,100 cases a year)."""
    number = 1 + day.timetuple().tm_yday * 1100 // 366 + rng.randint(0, 9)
    while (case_number := format_case_number(org.municipality, day.year, number)) in org.taken_numbers:
        number += 1
    org.taken_numbers.add(case_number)
    return case_number


def _texts(topic: Topic, movers: tuple[str, ...]) -> tuple[str, str]:
    """The summary (as the minutes give it) and the motion's own text."""
    who = "Motionärerna anser" if len(movers) > 1 else "Motionären anser"
    clauses = " och ".join(topic.clauses)
    summary = f"{who} att {topic.why} och yrkar {clauses}."
    we = "vi" if len(movers) > 1 else "jag"
    text = (f"{topic.why[0].upper()}{topic.why[1:]}.\n\nMed anledning av detta föreslår {we} att fullmäktige "
            f"beslutar\n\n" + "\n".join(topic.clauses))
    return summary, text


def plan_invented_cases(municipality: Municipality, *, today: datetime.date) -> list[PlannedCase]:
    """The invented cases of the organisation, planned for `today` against
    the register as it is: the same plan for the same organisation, register
    and day. Reads only."""
    org = _read(municipality)
    if org.council is None or org.board is None or not org.councillors:
        return []
    rng = random.Random(f"{municipality.name}:{today.isoformat()}")
    topics = list(org.topics)
    rng.shuffle(topics)
    planned = []
    # The stories that need a topic of a kind choose first: partly approved
    # needs two clauses or more, some stories a body to refer the case to.
    stories = sorted(_stories(org, rng, today), key=lambda s: (s[1] != Outcome.PARTLY_APPROVE,
                                                                s[0] not in NEEDS_REFERRAL))
    for story, outcome, age in stories:
        needs_clauses = 2 if outcome == Outcome.PARTLY_APPROVE else 1
        candidates = [t for t in topics if len(t.clauses) >= needs_clauses]
        for topic in candidates:
            case = _plan_one(org, rng, topic, story, outcome, age, today)
            if case is not None:
                topics.remove(topic)
                planned.append(case)
                break
    return sorted(planned, key=lambda case: (case.filed_on, case.case_number))


def _plan_one(org, rng, topic, story, outcome, age, today) -> PlannedCase | None:
    """The case of `story` on `topic`, filed at the council meeting about
    `age` months back, moved a meeting at a time until its steps fit the day
    (None: the story needs another topic)."""
    wanted = today - datetime.timedelta(days=int(age * 30.4))
    filed_on = org.calendar.previous("council", org.council.name, wanted)
    for _attempt in range(40):
        case = _Case(org, rng, topic, filed_on, today)
        verdict = _story(case, story, outcome)
        if verdict == 2:
            return None
        if verdict == 0:
            break
        if verdict < 0:
            filed_on = org.calendar.previous("council", org.council.name, filed_on - DAY)
        else:
            filed_on = org.calendar.next("council", org.council.name, filed_on + DAY)
            if filed_on > today:
                return None
    else:
        return None
    # A mover who left the council filed alone.
    movers = _movers(org, rng, filed_on, alone=story == "struck_left")
    if not movers:
        return None
    summary, text = _texts(topic, movers)
    received_on = open_day(filed_on - case.days(5, 25))
    return PlannedCase(
        story=story, status=case.status, case_number=_case_number(org, rng, filed_on), title=topic.title,
        summary=summary, text=text, clauses=topic.clauses, movers=movers, received_on=received_on,
        filed_on=filed_on, steps=tuple(case.steps),
    )


def invented_ids(municipality: Municipality) -> list[int]:
    return [pk for pk, marks in Motion.objects.filter(municipality=municipality).values_list("pk", "illustrative")
            if INVENTED in (marks or [])]
