from decimal import Decimal

from lib.charts import _nice, stacked_chart, target_chart


def test_axis_maximum_is_a_round_number():
    assert [_nice(Decimal(v)) for v in (1, 7, 12, 240, 2600, 900)] == [
        1, 10, 20, 250, 5000, 1000,
    ]  # fmt: skip


def test_target_chart_scales_bars_to_the_largest_value():
    chart = target_chart([("A", Decimal(500), Decimal(250)), ("B", Decimal(1000), None)])
    a, b = chart.bars
    assert chart.maximum == Decimal(1000)
    assert (a.target_width, a.achieved_width) == (170.0, 85.0)
    assert (b.target_width, b.achieved_width) == (340.0, 0.0)
    assert b.y > a.y


def test_stacked_chart_stacks_series_in_order_from_the_bottom():
    chart = stacked_chart(
        {"2024": {"LED": 3, "PV": 1}, "2023": {"PV": 2}},
        ["LED", "PV"],
        {"LED": "#0072B2", "PV": "#C45100"},
    )
    assert [c.label for c in chart.columns] == ["2023", "2024"]
    column = chart.columns[1]
    assert column.total == 4
    (led, c1, n1, y1, h1), (pv, c2, n2, y2, h2) = column.segments
    assert (led, c1, n1, pv, c2, n2) == ("LED", "#0072B2", 3, "PV", "#C45100", 1)
    assert y2 + h2 == y1  # PV sits on top of LED
    assert chart.maximum == 5


def test_a_narrow_target_chart_puts_the_names_above_the_bars():
    chart = target_chart(
        [("A", Decimal(500), Decimal(250)), ("B", Decimal(1000), None)], narrow=True
    )
    a, b = chart.bars
    assert chart.width <= 330
    assert chart.label_anchor == "start"
    assert a.label_y < a.y and a.label_x == chart.label_width
    assert b.label_y > a.y + 2 * chart.bar_height  # under the first pair, above its own
