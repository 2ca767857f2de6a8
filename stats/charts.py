"""Horizontal bar charts drawn on the server as SVG (templates/stats/_chart.html): the geometry,
worked out here so that the template only places what it is given.

A chart is drawn in a coordinate system WIDTH units wide and scales to its column. Each bar is
labelled directly (its name and its value in text beside it), and each series of a stacked bar
has a pattern of its own as well as a colour (its legend shows both), so that nothing is told by
colour alone; its outline keeps it apart from the page (3:1 against white). The figures are in a
table beside every chart, for a screen reader and for reading exact values.
"""

import math
from dataclasses import dataclass, field

# Narrow enough that the text stays legible on a phone, where the chart shrinks to the screen.
WIDTH = 400
FONT_SIZE = 15
# A character's width at FONT_SIZE, for room to leave: wide enough for digits and most letters.
CHAR_WIDTH = FONT_SIZE * 0.62
GAP = 8
BAR_HEIGHT = 16
# Labels this short stand left of their bars; longer ones above them.
SHORT_LABEL = 8
AXIS_HEIGHT = 24

# The patterns a series may have (templates/stats/_chart.html draws each).
SOLID, STRIPES, DOTS, CROSSHATCH, HORIZONTAL, VERTICAL, HOLLOW = (
    "solid", "stripes", "dots", "crosshatch", "horizontal", "vertical", "hollow")


@dataclass(frozen=True)
class Series:
    """One kind of value in a chart: its name in the legend, its colour and its pattern."""

    key: str
    label: str
    colour: str
    pattern: str = SOLID


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    series: Series
    value: float
    # The pattern's id in the page: the chart's key and the series'.
    fill_id: str


@dataclass(frozen=True)
class Row:
    label: str
    value_text: str
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    bar_y: float
    segments: list[Segment]


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    # SVG's text-anchor: the axis's ends keep their numbers inside the drawing.
    anchor: str = "middle"


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    desc: str
    height: float
    rows: list[Row]
    series: list[Series]
    ticks: list[Tick]
    axis_top: float
    axis_bottom: float
    # Whether the series need a legend (a stacked chart), beside the direct labels.
    legend: bool
    width: float = WIDTH
    font_size: int = FONT_SIZE
    bar_height: int = BAR_HEIGHT
    label_anchor_end: bool = field(default=False)

    def fill_id(self, series: Series) -> str:
        return f"{self.key}-{series.key}"


@dataclass(frozen=True)
class Bar:
    """A bar as the caller gives it: its label, its values by series key, and the text beside it."""

    label: str
    values: dict
    value_text: str


def nice_maximum(value: float) -> tuple[float, float]:
    """An axis's end at or above `value` and its step: 1, 2 or 5 times a power of ten, in at most
    five steps."""
    if value <= 0:
        return 1, 1
    power = 10 ** math.floor(math.log10(value))
    for step in (power / 10, power / 5, power / 2, power, 2 * power, 5 * power, 10 * power):
        if step >= 1 and math.ceil(value / step) <= 5:
            return math.ceil(value / step) * step, step
    return math.ceil(value / (10 * power)) * 10 * power, 10 * power


def _shortened(text: str, room: float) -> str:
    """The text cut to the characters that fit in `room` units (the table has it whole)."""
    fits = max(3, int(room // CHAR_WIDTH))
    return text if len(text) <= fits else text[: fits - 1].rstrip() + "…"


def bar_chart(*, key: str, title: str, desc: str, bars: list[Bar], series: list[Series],
              maximum: float | None = None, tick_text=str) -> Chart:
    """A horizontal bar chart, a bar a row, each bar's segments (its values, in the order of
    `series`) side by side. `maximum`: the axis's end (say 100 for per cent), else a round number
    above the longest bar. `tick_text` writes the axis's numbers."""
    longest = max((sum(bar.values.values()) for bar in bars), default=0)
    if maximum is None:
        maximum, step = nice_maximum(longest)
    else:
        step = maximum / 4
    value_room = max((len(bar.value_text) for bar in bars), default=0) * CHAR_WIDTH + GAP
    short = all(len(bar.label) <= SHORT_LABEL for bar in bars)
    if short:
        # The label left of its bar: a row a line.
        label_room = max((len(bar.label) for bar in bars), default=0) * CHAR_WIDTH + GAP
        plot_x, row_height = label_room, BAR_HEIGHT + GAP
    else:
        # The label on a line of its own above its bar.
        plot_x, row_height = 0, FONT_SIZE + 4 + BAR_HEIGHT + GAP
    # The value stands right after its bar: room for it after the longest.
    plot_width = WIDTH - plot_x - value_room
    scale = plot_width / maximum
    rows = []
    y = GAP / 2
    for bar in bars:
        bar_y = y if short else y + FONT_SIZE + 4
        x = plot_x
        segments = []
        for one in series:
            value = bar.values.get(one.key, 0) or 0
            if value > 0:
                width = value * scale
                segments.append(Segment(x=round(x, 1), width=round(width, 1), series=one, value=value,
                                        fill_id=f"{key}-{one.key}"))
                x += width
        text_y = round(bar_y + BAR_HEIGHT - 3, 1)
        if short:
            label, label_x, label_y = bar.label, plot_x - GAP, text_y
        else:
            label, label_x, label_y = _shortened(bar.label, WIDTH), 0, y + FONT_SIZE
        rows.append(Row(label=label, value_text=bar.value_text, label_x=round(label_x, 1), label_y=label_y,
                        value_x=round(x + GAP / 2, 1), value_y=text_y, bar_y=bar_y, segments=segments))
        y += row_height
    axis_top, axis_bottom = 0, y
    # As many of the axis's numbers as fit side by side: fewer where the plot is narrow.
    widest = max(len(tick_text(maximum)), len(tick_text(step))) * CHAR_WIDTH + 2 * GAP
    while step * scale < widest and step < maximum:
        step *= 2
    ticks = []
    steps = int(maximum // step + 1e-9)
    for n in range(steps + 1):
        x = plot_x + n * step * scale
        anchor = "start" if x < 20 else "end" if x > WIDTH - 20 else "middle"
        value = n * step
        ticks.append(Tick(x=round(x, 1), label=tick_text(int(value) if value == int(value) else value),
                          anchor=anchor))
    return Chart(key=key, title=title, desc=desc, height=y + AXIS_HEIGHT, rows=rows, series=series, ticks=ticks,
                 axis_top=axis_top, axis_bottom=axis_bottom, legend=len(series) > 1, label_anchor_end=short)
