"""The statistics page's sections, one a chart: its heading and caption, its chart (stats.charts),
and its figures as a table, the same columns as the page shows them and as its CSV file has them
(lib.listing.Column). Built from the counted figures (stats.selectors) in the reader's language."""

import re
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lib.listing import Column
from lib.swedish import join_list
from motions.models import Status
from stats import charts
from stats.selectors import (
    ONE_TO_TWO_YEARS,
    OPEN,
    OUTCOMES,
    OVER_TWO_YEARS,
    SIX_TO_TWELVE_MONTHS,
    UNDER_SIX_MONTHS,
    Figures,
    percent,
)

# The charts' names in the page's address (?format=csv&chart=...).
PER_YEAR, ONE_YEAR_RULE, ANSWER_TIMES, PARTIES, OPEN_BY_AGE, PUBLICATION = (
    "utfall-per-ar", "ettarsgransen", "remisstider", "partier", "oppna-motioner", "publicering")

BLUE = "#00427a"
# Each outcome's colour and pattern: no two alike, and the same in every chart.
OUTCOME_STYLES = {
    Status.APPROVED: ("#1a7f37", charts.SOLID),
    Status.PARTLY_APPROVED: ("#1a7f37", charts.STRIPES),
    Status.REJECTED: ("#b3261e", charts.CROSSHATCH),
    Status.ANSWERED: (BLUE, charts.DOTS),
    Status.STRUCK_OFF: ("#4a4f55", charts.HORIZONTAL),
    Status.WITHDRAWN: ("#8a4b08", charts.VERTICAL),
    OPEN: ("#4a4f55", charts.HOLLOW),
}


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    caption: str
    chart: charts.Chart | None
    columns: list[Column]
    # The figures' rows, as the columns read them (the CSV file's rows).
    rows: list
    # What the page says instead of a chart when there is nothing to count.
    empty: str = ""
    # A sentence of the section's main figure, above its chart.
    summary: str = ""

    @property
    def table(self) -> list[list["Cell"]]:
        """The rows' cells as the page's table shows them."""
        return [[Cell(shown(column.value(row))) for column in self.columns] for row in self.rows]

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


@dataclass(frozen=True)
class Cell:
    text: str

    @property
    def number(self) -> bool:
        """A number (or none, a dash): set right, so that its digits line up."""
        return bool(NUMBER.fullmatch(self.text))


NUMBER = re.compile(r"[\d\s\u00a0\u202f,.–-]+")


def shown(value) -> str:
    """A cell as the page shows it: numbers in the reader's way (1 234, 12,5), none as a dash."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if value == int(value):
        return formats.number_format(int(value), use_l10n=True, force_grouping=True)
    return formats.number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)


def days(value: float | None) -> float | str | None:
    """Days as the CSV file has them: whole days as a number, a half day in the reader's way."""
    if value is None or value == int(value):
        return None if value is None else int(value)
    return formats.number_format(value, decimal_pos=1, use_l10n=True)


def outcome_label(outcome: str) -> str:
    return _("Under beredning") if outcome == OPEN else str(Status(outcome).label)


def outcome_series() -> list[charts.Series]:
    return [charts.Series(key=outcome, label=outcome_label(outcome), colour=OUTCOME_STYLES[outcome][0],
                          pattern=OUTCOME_STYLES[outcome][1]) for outcome in OUTCOMES]


def _outcome_columns() -> list[Column]:
    return [Column(outcome_label(outcome), lambda row, outcome=outcome: row.outcomes[outcome], 14)
            for outcome in OUTCOMES]


def _per_cent(value: float) -> str:
    return _("%(n)s %%") % {"n": shown(value)}


# --- The sections ---------------------------------------------------------------------------

def per_year(figures: Figures) -> Section:
    rows = figures.years
    heading = _("Motioner per år och utfall")
    chart = None
    if rows and any(row.total for row in rows):
        top = max(rows, key=lambda row: (row.total, -row.year))
        desc = _("Stapeldiagram över motioner väckta per år %(first)s–%(last)s, varje stapel delad efter utfall: "
                 "%(outcomes)s. Totalt %(total)s motioner; flest väcktes %(year)s (%(n)s). Siffrorna finns i tabellen "
                 "under diagrammet.") % {
            "first": rows[0].year, "last": rows[-1].year, "outcomes": join_list([outcome_label(o) for o in OUTCOMES]),
            "total": shown(sum(row.total for row in rows)), "year": top.year, "n": shown(top.total)}
        chart = charts.bar_chart(
            key=PER_YEAR, title=heading, desc=desc, series=outcome_series(),
            bars=[charts.Bar(str(row.year), dict(row.outcomes), shown(row.total)) for row in rows], tick_text=shown)
    return Section(
        key=PER_YEAR, heading=heading, chart=chart, rows=rows,
        caption=_("Motioner väckta i %(organisation)s, per år de väcktes och efter utfall. Återkallad: motionärerna "
                  "har återkallat motionen och fullmäktige har ännu inte avskrivit den. Under beredning: de andra "
                  "motionerna som fullmäktige inte har avgjort.") % {"organisation": figures.organisation},
        columns=[Column(_("År"), lambda row: str(row.year), 8), *_outcome_columns(),
                 Column(_("Totalt"), lambda row: row.total, 10)],
        empty=_("Inga motioner väcktes under de valda åren."),
    )


def one_year_rule(figures: Figures) -> Section:
    rows = figures.years
    heading = _("Handläggningstid mot ettårsgränsen")
    chart = None
    known = [row for row in rows if row.settled]
    if known:
        high = max(known, key=lambda row: (row.share_within, -row.year))
        low = min(known, key=lambda row: (row.share_within, row.year))
        desc = _("Stapeldiagram över andelen motioner som fullmäktige avgjorde inom ett år från att de väcktes, per "
                 "år de väcktes, %(first)s–%(last)s. Högst andel %(high_year)s: %(high)s; lägst %(low_year)s: "
                 "%(low)s. Siffrorna finns i tabellen under diagrammet.") % {
            "first": rows[0].year, "last": rows[-1].year, "high_year": high.year, "high": _per_cent(high.share_within),
            "low_year": low.year, "low": _per_cent(low.share_within)}

        def text(row):
            if not row.settled:
                return _("ännu inget utfall")
            return _("%(share)s (%(n)s av %(m)s)") % {"share": _per_cent(row.share_within), "n": shown(row.within),
                                                      "m": shown(row.settled)}

        chart = charts.bar_chart(
            key=ONE_YEAR_RULE, title=heading, desc=desc, maximum=100, tick_text=_per_cent,
            series=[charts.Series("share", _("Andel avgjorda inom ett år"), BLUE)],
            bars=[charts.Bar(str(row.year), {"share": row.share_within or 0}, text(row)) for row in rows])
    return Section(
        key=ONE_YEAR_RULE, heading=heading, chart=chart, rows=rows,
        caption=_("Andelen av motionerna som fullmäktige avgjorde inom ett år från att de väcktes (kommunallagen "
                  "5 kap. 35 §), per år de väcktes. Räknat på de motioner vars utfall mot ettårsgränsen är känt i "
                  "dag: de avgjorda, och de öppna som har passerat gränsen."),
        columns=[
            Column(_("År"), lambda row: str(row.year), 8),
            Column(_("Väckta"), lambda row: row.total, 10),
            Column(_("Avgjorda inom ett år"), lambda row: row.within, 14),
            Column(_("Avgjorda efter ett år"), lambda row: row.later, 14),
            Column(_("Öppna efter ettårsgränsen"), lambda row: row.open_past, 14),
            Column(_("Öppna inom ett år"), lambda row: row.open_within, 14),
            Column(_("Andel avgjorda inom ett år (%)"), lambda row: row.share_within, 14),
        ],
        empty=_("Inga motioner väcktes under de valda åren."),
    )


def answer_times(figures: Figures) -> Section:
    rows = figures.bodies
    heading = _("Remisstider per organ")
    chart = None
    timed = [row for row in rows if row.median_days is not None]
    if timed:
        fast = min(timed, key=lambda row: row.median_days)
        slow = max(timed, key=lambda row: row.median_days)
        desc = _("Stapeldiagram över mediantiden i dagar från remiss till beslut, per organ. Kortast tid hade "
                 "%(fast)s (%(fast_days)s dagar), längst %(slow)s (%(slow_days)s dagar). Andelen beslut efter "
                 "svarstiden står vid varje stapel. Siffrorna finns i tabellen under diagrammet.") % {
            "fast": fast.body, "fast_days": shown(fast.median_days), "slow": slow.body,
            "slow_days": shown(slow.median_days)}

        def text(row):
            if row.median_days is None:
                return _("inget beslut ännu")
            return _("%(days)s d · %(late)s sena") % {"days": shown(row.median_days),
                                                       "late": _per_cent(row.share_late)}

        chart = charts.bar_chart(
            key=ANSWER_TIMES, title=heading, desc=desc, tick_text=shown,
            series=[charts.Series("median", _("Mediantid i dagar"), BLUE)],
            bars=[charts.Bar(row.body, {"median": row.median_days or 0}, text(row)) for row in rows])
    return Section(
        key=ANSWER_TIMES, heading=heading, chart=chart, rows=rows,
        caption=_("Dagar från att remissen skickades till organets beslut om den (ett yttrande, eller att avstå), "
                  "som median, och andelen beslut som kom efter svarstiden, en förlängd svarstid medräknad. För "
                  "remisserna av motionerna som väcktes under de valda åren; återkallade remisser räknas inte."),
        columns=[
            Column(_("Organ"), lambda row: row.body, 40),
            Column(_("Beslutade remisser"), lambda row: row.decided, 12),
            Column(_("Mediantid (dagar)"), lambda row: days(row.median_days), 12),
            Column(_("Beslut efter svarstiden"), lambda row: row.late, 12),
            Column(_("Andel efter svarstiden (%)"), lambda row: row.share_late, 12),
            Column(_("Obesvarade efter svarstiden i dag"), lambda row: row.overdue, 14),
        ],
        empty=_("Inga motioner under de valda åren har skickats på remiss."),
    )


def parties(figures: Figures) -> Section:
    rows = figures.parties
    heading = _("Motioner per parti och utfall")
    chart = None
    if rows:
        def name(row):
            return row.abbreviation or _("Utan parti")

        top = max(rows, key=lambda row: row.total)
        desc = _("Stapeldiagram över motioner per motionärernas parti, varje stapel delad efter utfall. Flest "
                 "motioner hade %(party)s (%(n)s). Siffrorna finns i tabellen under diagrammet.") % {
            "party": name(top), "n": shown(top.total)}
        chart = charts.bar_chart(
            key=PARTIES, title=heading, desc=desc, series=outcome_series(), tick_text=shown,
            bars=[charts.Bar(name(row), dict(row.outcomes), shown(row.total)) for row in rows])
    return Section(
        key=PARTIES, heading=heading, chart=chart, rows=rows,
        caption=_("Motioner per motionärernas parti, efter utfall. En motion med motionärer från flera partier "
                  "räknas för vart och ett av dem."),
        columns=[Column(_("Parti"), lambda row: row.abbreviation or _("Utan parti"), 8),
                 Column(_("Partiets namn"), lambda row: row.name, 30), *_outcome_columns(),
                 Column(_("Totalt"), lambda row: row.total, 10)],
        empty=_("Inga motioner väcktes under de valda åren."),
    )


def age_label(age: str) -> str:
    return {
        UNDER_SIX_MONTHS: _("Yngre än 6 månader"),
        SIX_TO_TWELVE_MONTHS: _("6–12 månader"),
        ONE_TO_TWO_YEARS: _("1–2 år"),
        OVER_TWO_YEARS: _("Äldre än 2 år"),
    }[age]


def open_by_age(figures: Figures) -> Section:
    rows = figures.ages
    total = figures.open_count
    heading = _("Öppna motioner efter ålder")
    chart = None
    if total:
        desc = ngettext(
            "Stapeldiagram över den %(n)s öppna motionen efter hur länge sedan den väcktes: %(ages)s.",
            "Stapeldiagram över de %(n)s öppna motionerna efter hur länge sedan de väcktes: %(ages)s.", total) % {
            "n": shown(total), "ages": join_list([f"{age_label(row.age).lower()} {shown(row.count)}" for row in rows])}
        chart = charts.bar_chart(
            key=OPEN_BY_AGE, title=heading, desc=desc, tick_text=shown,
            series=[charts.Series("count", _("Öppna motioner"), BLUE)],
            bars=[charts.Bar(age_label(row.age), {"count": row.count},
                             _("%(n)s (%(share)s)") % {"n": shown(row.count),
                                                       "share": _per_cent(percent(row.count, total))})
                  for row in rows])
    return Section(
        key=OPEN_BY_AGE, heading=heading, chart=chart, rows=rows,
        caption=_("De motioner som fullmäktige inte har avgjort (återkallade medräknade), efter hur länge sedan de "
                  "väcktes, den %(today)s. Äldre än ett år: efter ettårsgränsen.") % {
            "today": figures.today.isoformat()},
        columns=[Column(_("Ålder"), lambda row: age_label(row.age), 20),
                 Column(_("Öppna motioner"), lambda row: row.count, 12),
                 Column(_("Andel (%)"), lambda row: percent(row.count, total), 10)],
        empty=_("Inga motioner väckta under de valda åren är öppna."),
    )


def publication(figures: Figures) -> Section:
    rows = figures.publication
    heading = _("Från justering till publicering")
    chart, summary = None, ""
    overall = figures.publication_median_days
    if overall is not None:
        summary = _("Mediantiden från att ett protokoll justerades till att det publicerades: %(days)s dagar.") % {
            "days": shown(overall)}
    if rows:
        desc = _("Stapeldiagram över mediantiden i dagar från justering till publicering av protokollen, per organ. "
                 "%(summary)s Siffrorna finns i tabellen under diagrammet.") % {
            "summary": summary or _("Inget protokoll har publicerats ännu.")}

        def text(row):
            if row.median_days is None:
                return _("inget publicerat")
            return _("%(days)s d (%(n)s st.)") % {"days": shown(row.median_days), "n": shown(row.published)}

        chart = charts.bar_chart(
            key=PUBLICATION, title=heading, desc=desc, tick_text=shown,
            series=[charts.Series("median", _("Mediantid i dagar"), BLUE)],
            bars=[charts.Bar(row.body, {"median": row.median_days or 0}, text(row)) for row in rows])
    return Section(
        key=PUBLICATION, heading=heading, chart=chart, rows=rows, summary=summary,
        caption=_("Dagar från att protokollet justerades till att det publicerades på webben, som median per "
                  "organ, för de justerade protokollen från sammanträden under de valda åren. Ett protokoll "
                  "publiceras när det justeras, eller efter registratorns granskning när organisationen granskar "
                  "protokoll först eller ett personnummer hittas i det."),
        columns=[
            Column(_("Organ"), lambda row: row.body, 40),
            Column(_("Publicerade protokoll"), lambda row: row.published, 12),
            Column(_("Mediantid (dagar)"), lambda row: days(row.median_days), 12),
            Column(_("Väntar på granskning"), lambda row: row.waiting, 12),
            Column(_("Publiceras inte"), lambda row: row.withheld, 12),
        ],
        empty=_("Inget protokoll från sammanträden under de valda åren har justerats ännu."),
    )


# The sections by their charts' names, in the page's order.
SECTIONS = {PER_YEAR: per_year, ONE_YEAR_RULE: one_year_rule, ANSWER_TIMES: answer_times, PARTIES: parties,
            OPEN_BY_AGE: open_by_age, PUBLICATION: publication}


def sections(figures: Figures) -> list[Section]:
    return [build(figures) for build in SECTIONS.values()]
