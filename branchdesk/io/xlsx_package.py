"""The .xlsx package around the annual workbook's rows, written in one pass without openpyxl (issue 18):
content types, relationships, document properties, the workbook part (sheets, print titles, filter
ranges), the theme, styles, each sheet's set-up around its <sheetData> (frozen header, widths,
filter, merged title rows, print set-up, footer) and the drawings holding the charts.

Every part is what openpyxl writes for the same workbook in write-only mode, element for element and
in the schema's order (Excel, unlike LibreOffice, rejects a part whose elements are out of order);
tests/annual_report/test_workbook_package.py compares them part by part. Importing openpyxl (and numpy
and PIL with it) and building its objects cost the annual workbook's command more than its cells."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from branchdesk.export_files import written_whole
from branchdesk.io import xlsx_layout as layout
from branchdesk.io.xlsx_charts import Chart, chart_xml, drawing_xml
from branchdesk.io.xlsx_styles import StyleBook
from branchdesk.io.xlsx_theme import THEME_XML
from branchdesk.io.xlsx_values import escape, number_text, quote_sheet

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument."
_ROWS_PER_CHUNK = 500
# LibreOffice reads the writing application's name to decide whether to lay a file out as one from Excel:
# without "Microsoft Excel" in it, the annual workbook's rows and wrapped text printed differently
APPLICATION = "Microsoft Excel Compatible / BranchDesk"


@dataclass
class SheetPart:
    """One worksheet's set-up: what a user sees around the cells and what prints."""

    name: str
    widths: dict[int, float] = field(default_factory=dict)  # column (1-based) -> width in characters
    merged: list[str] = field(default_factory=list)  # ranges such as "A1:M1", in the order merged
    first_unfrozen_row: int = 0  # rows above it stay in view; 0 = nothing frozen
    filter_range: str = ""  # "A3:M129"
    print_title_row: int = 0  # the header row repeated on every printed page; 0 = none
    charts: list[Chart] = field(default_factory=list)


def _absolute(cells: str) -> str:
    """A3:M129 → $A$3:$M$129."""
    out = []
    for cell in cells.split(":"):
        digits = next(i for i, ch in enumerate(cell) if ch.isdigit())
        out.append(f"${cell[:digits]}${cell[digits:]}")
    return ":".join(out)


def _relationships(targets: Iterable[tuple[str, str]]) -> str:
    rels = "".join(f'<Relationship Type="{kind}" Target="{target}" Id="rId{i}" />'
                   for i, (kind, target) in enumerate(targets, start=1))
    return f'<Relationships xmlns="{_PACKAGE_RELS}">{rels}</Relationships>'


def _content_types(sheets: Sequence[SheetPart]) -> str:
    def override(name: str, kind: str) -> str:
        return f'<Override PartName="{name}" ContentType="{kind}" />'

    parts = [override("/xl/styles.xml", _TYPE + "spreadsheetml.styles+xml"),
             override("/xl/theme/theme1.xml", _TYPE + "theme+xml"),
             override("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
             override("/docProps/app.xml", _TYPE + "extended-properties+xml")]
    drawings = 0
    for number, sheet in enumerate(sheets, start=1):
        parts.append(override(f"/xl/worksheets/sheet{number}.xml", _TYPE + "spreadsheetml.worksheet+xml"))
        if sheet.charts:
            drawings += 1
            parts.append(override(f"/xl/drawings/drawing{drawings}.xml", _TYPE + "drawing+xml"))
    charts = sum(len(s.charts) for s in sheets)
    parts += [override(f"/xl/charts/chart{n}.xml", _TYPE + "drawingml.chart+xml") for n in range(1, charts + 1)]
    parts.append(override("/xl/workbook.xml", _TYPE + "spreadsheetml.sheet.main+xml"))
    return ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />'
            '<Default Extension="xml" ContentType="application/xml" />' + "".join(parts) + "</Types>")


def _core(title: str, creator: str, now: dt.datetime) -> str:
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    return ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:creator>{escape(creator)}</dc:creator><dc:title>{escape(title)}</dc:title>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')


def _app() -> str:
    return ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Application>{APPLICATION}</Application></Properties>")


def _workbook(sheets: Sequence[SheetPart]) -> str:
    entries, names = [], []
    for index, sheet in enumerate(sheets):
        entries.append(f'<sheet name="{escape(sheet.name)}" sheetId="{index + 1}" state="visible" '
                       f'r:id="rId{index + 1}" />')
        quoted = escape(quote_sheet(sheet.name))
        if sheet.filter_range:
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" hidden="1">'
                         f"{quoted}!{_absolute(sheet.filter_range)}</definedName>")
        if sheet.print_title_row:
            row = sheet.print_title_row
            names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                         f"{quoted}!${row}:${row}</definedName>")
    defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
    return (f'<workbook xmlns:r="{_R}" xmlns="{_MAIN}"><workbookPr /><workbookProtection /><bookViews>'
            '<workbookView visibility="visible" minimized="0" showHorizontalScroll="1" showVerticalScroll="1" '
            'showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" autoFilterDateGrouping="1" />'
            f'</bookViews><sheets>{"".join(entries)}</sheets>{defined}'
            '<calcPr calcId="124519" fullCalcOnLoad="1" /></workbook>')


def sheet_head(sheet: SheetPart) -> str:
    """A worksheet's XML before its rows."""
    frozen = sheet.first_unfrozen_row
    if frozen > 1:
        view = (f'<pane ySplit="{frozen - 1}" topLeftCell="A{frozen}" activePane="bottomLeft" state="frozen" />'
                '<selection pane="bottomLeft" activeCell="A1" sqref="A1" />')
    else:
        view = '<selection activeCell="A1" sqref="A1" />'
    cols = "".join(f'<col width="{number_text(sheet.widths[i])}" customWidth="1" min="{i}" max="{i}" />'
                   for i in sorted(sheet.widths) if sheet.widths[i])
    return (f'<worksheet xmlns="{_MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1" />'
            f'<pageSetUpPr fitToPage="1" /></sheetPr><sheetViews><sheetView workbookViewId="0">{view}'
            '</sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15" />'
            + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>")


def sheet_tail(sheet: SheetPart) -> str:
    """A worksheet's XML after its rows: filter, merged cells, the print set-up of io.xlsx_layout."""
    out = ["</sheetData>"]
    if sheet.filter_range:
        out.append(f'<autoFilter ref="{sheet.filter_range}" />')
    if sheet.merged:
        out.append(f'<mergeCells count="{len(sheet.merged)}">'
                   + "".join(f'<mergeCell ref="{ref}" />' for ref in sheet.merged) + "</mergeCells>")
    side, top, edge = (number_text(m) for m in (layout.MARGIN_SIDES, layout.MARGIN_TOP_BOTTOM,
                                                 layout.MARGIN_HEADER_FOOTER))
    out.append(f'<printOptions horizontalCentered="1" /><pageMargins left="{side}" right="{side}" top="{top}" '
               f'bottom="{top}" header="{edge}" footer="{edge}" /><pageSetup orientation="{layout.ORIENTATION}" '
               f'paperSize="{layout.PAPER_A4}" fitToHeight="{layout.FIT_TO_HEIGHT}" '
               f'fitToWidth="{layout.FIT_TO_WIDTH}" /><headerFooter><oddHeader /><oddFooter>'
               f"{escape('&C' + layout.FOOTER_CENTRE)}</oddFooter><evenHeader /><evenFooter /><firstHeader />"
               "<firstFooter /></headerFooter>")
    if sheet.charts:
        out.append(f'<drawing xmlns:r="{_R}" r:id="rId1" />')
    out.append("</worksheet>")
    return "".join(out)


class _Package:
    """The zip being written: every part stamped with the time of writing."""

    def __init__(self, path: Path) -> None:
        self.zip = ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True)
        self.stamp = time.localtime()[:6]

    def info(self, name: str) -> ZipInfo:
        info = ZipInfo(name, date_time=self.stamp)
        info.compress_type = ZIP_DEFLATED
        return info

    def add(self, name: str, xml: str) -> None:
        self.zip.writestr(self.info(name), xml.encode("utf-8"))

    def add_sheet(self, name: str, sheet: SheetPart, rows: Iterable[str]) -> None:
        with self.zip.open(self.info(name), "w") as out:  # no Zip64 header: some readers refuse it in a small file
            out.write(sheet_head(sheet).encode("utf-8"))
            chunk: list[str] = []
            for row in rows:
                chunk.append(row)
                if len(chunk) >= _ROWS_PER_CHUNK:
                    out.write("".join(chunk).encode("utf-8"))
                    chunk.clear()
            out.write(("".join(chunk) + sheet_tail(sheet)).encode("utf-8"))


_NOT_IN_SHEET_NAMES = frozenset("[]:*?/\\")


def _check_names(sheets: Sequence[SheetPart]) -> None:
    """Excel refuses a workbook whose sheet names repeat (in any case), are empty, longer than 31
    characters or hold []:*?/\\ — a check openpyxl made when a sheet was created."""
    seen: set[str] = set()
    for sheet in sheets:
        name = sheet.name
        if not name or len(name) > 31 or _NOT_IN_SHEET_NAMES & set(name) or name.casefold() in seen:
            raise ValueError(f"not a sheet name Excel accepts here: {name!r}")
        seen.add(name.casefold())


def write_package(path: Path, sheets: Sequence[tuple[SheetPart, Callable[[], Iterable[str]]]], styles: StyleBook,
                  *, title: str, creator: str) -> None:
    """Write the workbook: each sheet's rows come from its callable as the sheet is zipped. Through a
    temporary file and a rename, so a failed save never leaves half a workbook."""
    parts = [sheet for sheet, _ in sheets]
    _check_names(parts)
    with written_whole(path) as partial:  # export_files.py: the temporary of a killed export is swept
        package = _Package(partial)
        try:
            package.add("[Content_Types].xml", _content_types(parts))
            package.add("_rels/.rels", _relationships([
                (_OFFICE_RELS + "/officeDocument", "xl/workbook.xml"),
                (_PACKAGE_RELS + "/metadata/core-properties", "docProps/core.xml"),
                (_OFFICE_RELS + "/extended-properties", "docProps/app.xml")]))
            package.add("docProps/app.xml", _app())
            package.add("docProps/core.xml", _core(title, creator, dt.datetime.now(tz=dt.UTC)))
            package.add("xl/workbook.xml", _workbook(parts))
            package.add("xl/_rels/workbook.xml.rels", _relationships([
                *[(_OFFICE_RELS + "/worksheet", f"/xl/worksheets/sheet{n}.xml") for n in range(1, len(parts) + 1)],
                (_OFFICE_RELS + "/styles", "styles.xml"), (_OFFICE_RELS + "/theme", "theme/theme1.xml")]))
            package.add("xl/theme/theme1.xml", THEME_XML)
            drawings = charts = 0
            for number, (sheet, rows) in enumerate(sheets, start=1):
                package.add_sheet(f"xl/worksheets/sheet{number}.xml", sheet, rows())
                if not sheet.charts:
                    continue
                drawings += 1
                package.add(f"xl/worksheets/_rels/sheet{number}.xml.rels", _relationships(
                    [(_OFFICE_RELS + "/drawing", f"/xl/drawings/drawing{drawings}.xml")]))
                package.add(f"xl/drawings/drawing{drawings}.xml", drawing_xml(sheet.charts))
                package.add(f"xl/drawings/_rels/drawing{drawings}.xml.rels", _relationships(
                    [(_OFFICE_RELS + "/chart", f"/xl/charts/chart{charts + i}.xml")
                     for i in range(1, len(sheet.charts) + 1)]))
                for chart in sheet.charts:
                    charts += 1
                    package.add(f"xl/charts/chart{charts}.xml", chart_xml(chart))
            package.add("xl/styles.xml", styles.xml())  # last: every style id is known once the rows are out
        finally:
            package.zip.close()
