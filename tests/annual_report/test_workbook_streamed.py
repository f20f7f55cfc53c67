"""The annual workbook written in one streaming pass (issue 18) looks the same to a user as the one the
in-memory writer made (tests/annual_report/reference_workbook.py): both are read back with openpyxl and
compared sheet by sheet — every cell's value, type and style (font, fill, border, alignment, number
format, quote prefix), merged ranges, widths, row heights, frozen header, filter, print set-up, page
footer, print titles and charts — on the demo school and on ledgers with awkward content (formula-like
text, markup characters, leading spaces, unknown rates, an empty ledger, text over Excel's limit)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell

from branchdesk.domain.annual_report import tables as annual_tables
from branchdesk.domain.annual_report.records import DATE, HOURS, INT, MONEY, RATE, TEXT, Column, LedgerTable
from branchdesk.io import annual_xlsx
from branchdesk.services.annual_report.records import gather_report
from tests.annual_report import reference_workbook

TODAY = date(2026, 11, 20)


def _colour(colour: Any) -> object:
    return None if colour is None else (colour.type, colour.rgb if colour.type == "rgb" else colour.value)


def _style(cell: Any) -> tuple[object, ...]:
    f, fill, b, a = cell.font, cell.fill, cell.border, cell.alignment
    sides = tuple((s.style, _colour(s.color)) for s in (b.left, b.right, b.top, b.bottom))
    return ((f.name, f.sz, f.b, f.i, _colour(f.color)), (fill.fill_type, _colour(fill.fgColor)), sides,
            (a.horizontal, a.vertical, a.wrap_text), cell.number_format, cell.quotePrefix)


def _chart(chart: Any) -> tuple[object, ...]:
    marker = chart.anchor._from
    series = [(s.val.numRef.f, s.cat.strRef.f if s.cat and s.cat.strRef else s.cat.numRef.f if s.cat else None,
               s.tx.strRef.f if s.tx and s.tx.strRef else None) for s in chart.series]
    title = "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or [])) if chart.title else None
    return type(chart).__name__, (marker.col, marker.row), title, series, chart.legend is None


def fingerprint(path: Path) -> dict[str, object]:
    """What a user sees of a workbook, in comparable form."""
    book = openpyxl.load_workbook(path)
    sheets = {}
    for ws in book.worksheets:
        cells = {c.coordinate: (c.value, c.data_type, _style(c)) for row in ws.iter_rows() for c in row
                 if not isinstance(c, MergedCell) and (c.value is not None or c.has_style)}
        setup, margins = ws.page_setup, ws.page_margins
        sheets[ws.title] = {
            "cells": cells,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth},
            "heights": {k: d.height for k, d in ws.row_dimensions.items() if d.height is not None},
            "frozen": ws.freeze_panes, "filter": ws.auto_filter.ref, "print_titles": ws.print_title_rows,
            "page": (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight,
                     ws.sheet_properties.pageSetUpPr.fitToPage, ws.print_options.horizontalCentered,
                     margins.left, margins.right, margins.top, margins.bottom, ws.oddFooter.center.text),
            "charts": [_chart(c) for c in ws._charts],
        }
    return {"names": book.sheetnames, "title": book.properties.title, "creator": book.properties.creator,
            "sheets": sheets}


def assert_same(new: Path, old: Path) -> None:
    ours, theirs = fingerprint(new), fingerprint(old)
    assert ours["names"] == theirs["names"]
    assert (ours["title"], ours["creator"]) == (theirs["title"], theirs["creator"])
    for name, sheet in theirs["sheets"].items():  # type: ignore[attr-defined]
        mine = ours["sheets"][name]  # type: ignore[index]
        for key, expected in sheet.items():
            if key == "cells":
                differ = {k: (mine["cells"].get(k), v) for k, v in expected.items() if mine["cells"].get(k) != v}
                extra = mine["cells"].keys() - expected.keys()
                assert not differ and not extra, (name, list(differ.items())[:5], sorted(extra)[:5])
            else:
                assert mine[key] == expected, (name, key)


@pytest.fixture(scope="module")
def demo_data(demo_file, tmp_path_factory):  # type: ignore[no-untyped-def]
    from branchdesk.services import session

    path = tmp_path_factory.mktemp("streamed") / "演示.sqlite"
    shutil.copyfile(demo_file(TODAY), path)
    database = session.open(path)
    try:
        yield gather_report(database, 2026, generated_on=TODAY)
    finally:
        database.close()


def test_demo_workbook_matches_the_in_memory_writer(demo_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    new, old = tmp_path / "streamed 年报.xlsx", tmp_path / "reference.xlsx"
    names = annual_xlsx.write_annual_workbook(demo_data, new)
    reference_workbook.write_annual_workbook(demo_data, old)
    assert names == openpyxl.load_workbook(new, read_only=True).sheetnames
    assert_same(new, old)
    cells = sum(len(s["cells"]) for s in fingerprint(new)["sheets"].values())  # type: ignore[attr-defined]
    assert cells > 4000  # the comparison saw the whole demo workbook


def _awkward_tables(data: Any) -> dict[str, LedgerTable]:
    columns = [Column("序号", INT), Column("姓名"), Column("日期", DATE), Column("比例", RATE), Column("学时", HOURS),
               Column("金额", MONEY), Column("说明", TEXT, width=30)]
    rows: list[list[object]] = [
        [1, "=SUM(A1:A9)", date(2026, 3, 1), 0.5, 12.5, 1234.5, "  前后有空格  "],
        [2, "<b>&amp;</b> 张三", None, None, None, None, "+86 138"],
        [3, "李四", date(2026, 12, 31), 1.0, 0.0, 0, "第一行\n第二行比第一行长得多得多得多得多得多得多"],
        [4, "-减号开头", date(2025, 1, 2), None, 3.25, 99.999, "x" * 40_000],
        [5, 123456789012, date(2026, 6, 30), 0.333333, 1, 2, None],
    ]
    awkward = LedgerTable("特殊内容", "特殊内容的台账（标题足够长以便合并单元格能放下它）", columns, rows, note="测试说明")
    empty = LedgerTable("空台账", "空", columns[:2], [])
    found = dict(annual_tables.build_tables(data))
    found[awkward.key], found[empty.key] = awkward, empty
    return found


def test_awkward_content_matches_the_in_memory_writer(demo_data, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(annual_xlsx, "build_tables", _awkward_tables)
    monkeypatch.setattr(reference_workbook, "build_tables", _awkward_tables)
    data = replace(demo_data, school="=学校", organisation="中共测试委员会")
    new, old = tmp_path / "new.xlsx", tmp_path / "old.xlsx"
    annual_xlsx.write_annual_workbook(data, new)
    reference_workbook.write_annual_workbook(data, old)
    assert_same(new, old)
    sheet = openpyxl.load_workbook(new)["特殊内容"]
    assert sheet["B4"].value == "=SUM(A1:A9)" and sheet["B4"].data_type == "s" and sheet["B4"].quotePrefix
    assert sheet["D5"].value == "—"  # an unknown rate is shown as unknown, never as 0
    assert len(sheet["G7"].value) == 32_767
    assert openpyxl.load_workbook(new)["空台账"]["A4"].value == "（本年度无记录）"
