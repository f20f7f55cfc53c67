"""Native Excel charts for the annual workbook (clustered columns, pie), written as DrawingML without
openpyxl (issue 18). The XML is what openpyxl writes for a BarChart/PieChart with data and titles taken
from the sheet (`add_data(..., titles_from_data=True)`, `set_categories`), element for element: Excel
refuses a chart part whose elements are out of the schema's order."""

from __future__ import annotations

from dataclasses import dataclass

from branchdesk.io.xlsx_values import column_letter, escape, quote_sheet

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SPREADSHEET_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
EMU_PER_CM = 360_000


@dataclass(frozen=True)
class Series:
    """One data series: the cell holding its name and the ranges of its categories and values."""

    title: str
    categories: str
    values: str


@dataclass(frozen=True)
class Chart:
    """A chart anchored at a cell (0-based column and row of its top-left corner), sized in cm."""

    pie: bool
    title: str
    series: tuple[Series, ...]
    column: int
    row: int
    width_cm: float
    height_cm: float
    x_title: str | None = None
    y_title: str | None = None
    legend: bool = True


def reference(sheet: str, min_col: int, min_row: int, max_col: int, max_row: int) -> str:
    """An absolute range ('汇总'!$A$1:$A$12), a single cell without the colon."""
    first = f"${column_letter(min_col)}${min_row}"
    if (min_col, min_row) == (max_col, max_row):
        return f"{quote_sheet(sheet)}!{first}"
    return f"{quote_sheet(sheet)}!{first}:${column_letter(max_col)}${max_row}"


def column_series(sheet: str, min_col: int, max_col: int, header_row: int, last_row: int,
                  category_col: int) -> tuple[Series, ...]:
    """One series per column, its name in the header row (openpyxl's titles_from_data: the first cell
    of each column's range is its name; a range of the header alone, with no data under it, is left as
    openpyxl leaves it, beginning one column to the right of where it ends)."""
    categories = reference(sheet, category_col, header_row + 1, category_col, last_row)
    found = []
    for col in range(min_col, max_col + 1):
        title = f"{quote_sheet(sheet)}!{column_letter(col)}{header_row}"
        if header_row == last_row:
            values = reference(sheet, col + 1, header_row, col, last_row)
        else:
            values = reference(sheet, col, header_row + 1, col, last_row)
        found.append(Series(title, categories, values))
    return tuple(found)


def _title(text: str) -> str:
    paragraphs = "".join(f"<a:p><a:pPr><a:defRPr /></a:pPr><a:r><a:t>{escape(line)}</a:t></a:r></a:p>"
                         for line in text.split("\n"))
    return f"<title><tx><rich><a:bodyPr />{paragraphs}</rich></tx></title>"


def _series(index: int, series: Series) -> str:
    return (f'<ser><idx val="{index}" /><order val="{index}" /><tx><strRef><f>{escape(series.title)}</f></strRef>'
            '</tx><spPr><a:ln><a:prstDash val="solid" /></a:ln></spPr>'
            f"<cat><numRef><f>{escape(series.categories)}</f></numRef></cat>"
            f"<val><numRef><f>{escape(series.values)}</f></numRef></val></ser>")


def _axes(chart: Chart) -> str:
    x_title = _title(chart.x_title) if chart.x_title else ""
    y_title = _title(chart.y_title) if chart.y_title else ""
    scaling = '<scaling><orientation val="minMax" /></scaling><axPos val="l" />'
    ticks = '<majorTickMark val="none" /><minorTickMark val="none" />'
    return (f'<catAx><axId val="10" />{scaling}{x_title}{ticks}<crossAx val="100" /><lblOffset val="100" />'
            f'</catAx><valAx><axId val="100" />{scaling}<majorGridlines />{y_title}{ticks}<crossAx val="10" />'
            "</valAx>")


def chart_xml(chart: Chart) -> str:
    """xl/charts/chartN.xml."""
    series = "".join(_series(i, s) for i, s in enumerate(chart.series))
    if chart.pie:
        plot = (f'<pieChart><varyColors val="1" />{series}<dLbls><showVal val="1" /></dLbls>'
                '<firstSliceAng val="0" /></pieChart>')
    else:
        plot = (f'<barChart><barDir val="col" /><grouping val="clustered" />{series}<gapWidth val="150" />'
                f'<axId val="10" /><axId val="100" /></barChart>{_axes(chart)}')
    legend = '<legend><legendPos val="r" /></legend>' if chart.legend else ""
    return (f'<chartSpace xmlns:a="{_A}" xmlns="{_C}"><chart>{_title(chart.title)}<plotArea>{plot}</plotArea>'
            f'{legend}<plotVisOnly val="1" /><dispBlanksAs val="gap" /></chart></chartSpace>')


def drawing_xml(charts: list[Chart]) -> str:
    """xl/drawings/drawingN.xml: each chart anchored at its cell, the n-th chart of the drawing's rels
    as rIdn."""
    anchors = []
    for number, chart in enumerate(charts, start=1):
        cx, cy = int(chart.width_cm * EMU_PER_CM), int(chart.height_cm * EMU_PER_CM)
        anchors.append(
            f"<oneCellAnchor><from><col>{chart.column}</col><colOff>0</colOff><row>{chart.row}</row>"
            f'<rowOff>0</rowOff></from><ext cx="{cx}" cy="{cy}" /><graphicFrame><nvGraphicFramePr>'
            f'<cNvPr id="{number}" name="Chart {number}" /><cNvGraphicFramePr /></nvGraphicFramePr><xfrm />'
            f'<a:graphic><a:graphicData uri="{_C}"><c:chart r:id="rId{number}" /></a:graphicData></a:graphic>'
            "</graphicFrame><clientData /></oneCellAnchor>")
    return (f'<wsDr xmlns:a="{_A}" xmlns:c="{_C}" xmlns:r="{_R}" xmlns="{_SPREADSHEET_DRAWING}">'
            + "".join(anchors) + "</wsDr>")
