"""Charts of the year-end PDF, drawn with reportlab's own graphics (vector, searchable labels, the
embedded CJK face): meetings by month per kind, rectification status, membership composition, the
民主评议 grades, and the 发展党员 flow as boxes and arrows. Each takes figures from AnnualReportData.

A label is one string in one face: one the chart's face lacks a character of (a 学历 the roster gives
with 䶮, which WenQuanYi has not) is drawn in the volume's other face when that has it (`face_for`),
not as a blank (NOTE10 "Not covered": chart labels)."""

from __future__ import annotations

import math

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors

from branchdesk.reports.pdf_glyphs import face_for

PALETTE = [colors.HexColor(c) for c in ("#B22222", "#E07B39", "#E8B64C", "#6A9F58", "#4E79A7", "#8E6BB0",
                                         "#9C755F", "#76B7B2")]


def _drawing(width: float, height: float, font: str) -> Drawing:
    """A drawing whose default face is ours: otherwise reportlab's renderer names Helvetica in the PDF."""
    d = Drawing(width, height)
    d.initialFontName = font
    return d


def _title(drawing: Drawing, text: str, font: str, width: float, height: float) -> None:
    drawing.add(String(width / 2, height - 14, text, fontName=face_for(text, font), fontSize=11, textAnchor="middle"))


def bars(title: str, items: list[tuple[str, int]], font: str, width: float, height: float = 180) -> Drawing:
    """Horizontal bars with the value at each bar's end (membership composition, grades)."""
    d = _drawing(width, height, font)
    _title(d, title, font, width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 70, 16, width - 100, height - 44
    chart.data = [[v for _, v in items] or [0]]
    chart.categoryAxis.categoryNames = [label for label, _ in items] or [""]
    chart.categoryAxis.reverseDirection = True
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    for index, (label, _) in enumerate(items):  # the axis numbers its labels by place (reversed: from the top)
        if face_for(label, font) != font:
            place = len(items) - 1 - index if chart.categoryAxis.reverseDirection else index
            chart.categoryAxis.labels[place].fontName = face_for(label, font)
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    # whole counts: ticks on whole numbers (a chart of 0 and 1 once read 0, 0.2 … 1), about five of them
    top = max([v for _, v in items] or [0])
    step = max(1, math.ceil(top / 5))
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = max(step * math.ceil(top / step), step)
    chart.valueAxis.labelTextFormat = "%d"
    chart.bars[0].fillColor = colors.HexColor("#595959")  # one series, direct labels: black-and-white safe
    chart.bars.strokeWidth = 0
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 8
    d.add(chart)
    return d


def flow(steps: list[tuple[str, int]], font: str, width: float) -> Drawing:
    """The year's 发展党员 flow: 申请 → 积极分子 → 发展对象 → 预备党员 → 转正, as boxes with arrows."""
    height = 70
    d = _drawing(width, height, font)
    n = max(len(steps), 1)
    gap = 16
    box = (width - gap * (n - 1)) / n
    for i, (label, value) in enumerate(steps):
        x = i * (box + gap)
        d.add(Rect(x, 10, box, 50, fillColor=colors.HexColor("#FBEDEC"), strokeColor=PALETTE[0], strokeWidth=0.8))
        d.add(String(x + box / 2, 40, label, fontName=face_for(label, font), fontSize=8.5, textAnchor="middle"))
        d.add(String(x + box / 2, 18, f"{value}", fontName=font, fontSize=14, textAnchor="middle",
                     fillColor=PALETTE[0]))
        if i < n - 1:
            ax = x + box + 2
            d.add(Line(ax, 35, ax + gap - 6, 35, strokeColor=colors.grey, strokeWidth=1))
            d.add(Polygon([ax + gap - 6, 38, ax + gap - 2, 35, ax + gap - 6, 32], fillColor=colors.grey,
                          strokeColor=colors.grey))
    return d


def monthly(title: str, values: list[int], font: str, width: float, height: float = 120,
            labels: list[int | str] | None = None) -> Drawing:
    """One kind's sittings per month as a single series, each bar labelled with its count: it reads
    the same printed in black and white (issue 15: seven colours became three greys). `labels` (the
    table's month values) print "—" over a month the records do not cover instead of a 0."""
    d = _drawing(width, height, font)
    _title(d, title, font, width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 24, 18, width - 34, height - 46
    chart.data = [values or [0] * 12]
    chart.categoryAxis.categoryNames = [f"{m}月" for m in range(1, 13)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.visible = False
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(max(values or [0]), 1) * 1.25
    chart.bars[0].fillColor = colors.HexColor("#595959")
    chart.bars.strokeWidth = 0
    chart.barLabelFormat = "%d"
    if labels is not None:
        chart.barLabelFormat, chart.barLabelArray = "values", [[str(x) for x in labels]]
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 8
    chart.barLabels.nudge = 6
    d.add(chart)
    return d
