"""The bar charts' geometry (stats.charts): everything inside the drawing, each bar as long as its
values, and the axis's numbers apart from each other."""

import pytest

from stats import charts

SERIES = [charts.Series("a", "A", "#1a7f37"), charts.Series("b", "B", "#00427a", charts.DOTS)]


@pytest.mark.parametrize(("value", "maximum", "step"), [
    (0, 1, 1), (1, 1, 1), (3.5, 4, 1), (7, 8, 2), (10, 10, 2), (182, 200, 50), (1026, 1500, 500),
    (99999, 100000, 20000),
])
def test_the_axis_ends_on_a_round_number_in_at_most_five_steps(value, maximum, step):
    assert charts.nice_maximum(value) == (maximum, step)


@pytest.mark.parametrize("labels", [["2021", "2022", "2023"], ["Kultur- och fritidsnämnden", "Socialnämnden" * 5]])
def test_every_bar_is_as_long_as_its_values_and_inside_the_drawing(labels):
    bars = [charts.Bar(label, {"a": 10 * n, "b": 5}, f"{10 * n + 5} st.") for n, label in enumerate(labels, 1)]
    chart = charts.bar_chart(key="k", title="T", desc="D", bars=bars, series=SERIES)
    scale = None
    for bar, row in zip(bars, chart.rows, strict=True):
        assert [segment.series.key for segment in row.segments] == ["a", "b"]
        assert [segment.fill_id for segment in row.segments] == ["k-a", "k-b"]
        first, second = row.segments
        assert second.x == pytest.approx(first.x + first.width, abs=0.1)
        scale = scale or first.width / bar.values["a"]
        assert first.width / bar.values["a"] == pytest.approx(scale, rel=0.01)
        assert row.value_x + len(row.value_text) * charts.CHAR_WIDTH <= charts.WIDTH + 0.5
        assert 0 <= row.bar_y and row.bar_y + charts.BAR_HEIGHT <= chart.axis_bottom <= chart.height
        # A long name is cut to the drawing's width, never past it (the table has it whole).
        assert len(row.label) * charts.CHAR_WIDTH <= charts.WIDTH
    assert chart.legend


def test_the_axis_numbers_do_not_crowd_a_narrow_plot():
    bars = [charts.Bar(str(year), {"a": 50}, "100 % (13 av 13)") for year in (2020, 2021)]
    chart = charts.bar_chart(key="k", title="T", desc="D", bars=bars, series=SERIES[:1], maximum=100,
                             tick_text=lambda value: f"{value} %")
    xs = [tick.x for tick in chart.ticks]
    assert chart.ticks[0].label == "0 %" and all(0 <= x <= charts.WIDTH for x in xs)
    assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) >= len("100 %") * charts.CHAR_WIDTH
    assert not chart.legend
