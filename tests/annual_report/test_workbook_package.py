"""The annual workbook's package, written without openpyxl (io.xlsx_package, io.xlsx_styles,
io.xlsx_charts), is the one openpyxl wrote for the same workbook: every part of the file is compared
with the part the previous writer (openpyxl's write-only workbook, tests/annual_report/
openpyxl_streamed_workbook.py) makes from the same data, as canonical XML — the same elements in the
same order with the same attributes and text. Excel refuses a part whose elements are out of the
schema's order, which LibreOffice forgives, so the order is checked here, not by opening the file.

The deliberate differences, each normalised below with its reason:
- docProps/app.xml names BranchDesk as the application, still "Microsoft Excel Compatible" (which
  LibreOffice reads to lay the file out as Excel's), without openpyxl's name and version;
- docProps/core.xml's created and modified times are the moments each file was written;
- mergeCells: openpyxl keeps a sheet's merged ranges in a set, so their order changes from run to run;
  ours are in the order they were merged (row 1, then row 2), which Excel does not mind."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zipfile import ZipFile

import pytest

from branchdesk.io import annual_xlsx
from branchdesk.services.annual_report.records import gather_report
from tests.annual_report import openpyxl_streamed_workbook as previous
from tests.annual_report.test_workbook_streamed import _awkward_tables

TODAY = date(2026, 11, 20)
_STAMP = re.compile(r"<(dcterms:(?:created|modified))([^>]*)>([^<]*)</dcterms:\w+>")
_MERGES = re.compile(r'<mergeCells count="\d+">.*?</mergeCells>')
_MERGE = re.compile(r'<mergeCell ref="[^"]*"\s*/>|<mergeCell ref="[^"]*"></mergeCell>')


@pytest.fixture(scope="module")
def demo_data(demo_file, tmp_path_factory):  # type: ignore[no-untyped-def]
    from branchdesk.services import session

    path = tmp_path_factory.mktemp("package") / "演示.sqlite"
    shutil.copyfile(demo_file(TODAY), path)
    database = session.open(path)
    try:
        yield gather_report(database, 2026, generated_on=TODAY)
    finally:
        database.close()


def _canonical(xml: str) -> str:
    return ET.canonicalize(xml, strip_text=True)


def _sorted_merges(xml: str) -> str:
    def sort(found: re.Match[str]) -> str:
        cells = sorted(ET.canonicalize(m) for m in _MERGE.findall(found.group(0)))
        head = found.group(0)[: found.group(0).index(">") + 1]
        return head + "".join(cells) + "</mergeCells>"

    return _MERGES.sub(sort, xml)


def _stamps(xml: str) -> list[str]:
    return [m.group(3) for m in _STAMP.finditer(xml)]


def parts(path: Path) -> dict[str, str]:
    with ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def assert_same_parts(new: Path, old: Path) -> dict[str, str]:
    ours, theirs = parts(new), parts(old)
    assert sorted(ours) == sorted(theirs)
    written = datetime.now(tz=UTC).replace(tzinfo=None)
    for stamp in _stamps(ours["docProps/core.xml"]):  # deliberate difference: the time of writing
        assert abs(datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ") - written) < timedelta(minutes=5), stamp
    assert len(_stamps(ours["docProps/core.xml"])) == len(_stamps(theirs["docProps/core.xml"])) == 2
    for name, expected in theirs.items():
        mine = ours[name]
        if name == "docProps/app.xml":  # deliberate difference: the application that wrote the file
            assert "Openpyxl" in expected
            assert _canonical(mine) == _canonical(
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                "<Application>Microsoft Excel Compatible / BranchDesk</Application></Properties>")
            continue
        if name == "docProps/core.xml":
            mine, expected = (_STAMP.sub(r"<\1\2>TIME</\1>", x) for x in (mine, expected))
        if name.startswith("xl/worksheets/sheet"):  # deliberate difference: the merged ranges' order
            mine, expected = _sorted_merges(mine), _sorted_merges(expected)
        assert _canonical(mine) == _canonical(expected), name
    return ours


def _write_both(data: Any, folder: Path) -> tuple[Path, Path]:
    new, old = folder / "新 年报.xlsx", folder / "openpyxl.xlsx"
    names = annual_xlsx.write_annual_workbook(data, new)
    assert names == previous.write_annual_workbook(data, old)
    return new, old


def test_the_demo_workbook_has_the_parts_openpyxl_wrote(demo_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ours = assert_same_parts(*_write_both(demo_data, tmp_path))
    assert {"xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/charts/chart3.xml"} <= ours.keys()
    assert sum(part.count("<c ") for name, part in ours.items() if name.startswith("xl/worksheets/")) > 4000
    assert "<mergeCells" in ours["xl/worksheets/sheet2.xml"]  # the normalisation had merges to sort


def test_awkward_content_has_the_parts_openpyxl_wrote(demo_data, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(annual_xlsx, "build_tables", _awkward_tables)
    monkeypatch.setattr(previous, "build_tables", _awkward_tables)
    data = replace(demo_data, school="=学校", organisation="中共<测试> & '委员会\"")
    ours = assert_same_parts(*_write_both(data, tmp_path))
    assert "&lt;测试&gt; &amp;" in ours["docProps/core.xml"]
    assert any("quotePrefix=\"1\"" in x for x in [ours["xl/styles.xml"]])


def test_a_year_without_ages_or_statuses_has_the_parts_openpyxl_wrote(demo_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = replace(demo_data, basic=replace(demo_data.basic, by_age=[]),
                   rectification=replace(demo_data.rectification, statuses=[], status_totals={}))
    ours = assert_same_parts(*_write_both(data, tmp_path))
    assert "xl/charts/chart3.xml" not in ours  # no ages: no age chart
    assert "xl/charts/chart2.xml" in ours


def test_one_status_and_one_age_have_the_parts_openpyxl_wrote(demo_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = replace(demo_data, basic=replace(demo_data.basic, by_age=demo_data.basic.by_age[:1]),
                   rectification=replace(demo_data.rectification, statuses=demo_data.rectification.statuses[:1]))
    assert_same_parts(*_write_both(data, tmp_path))


_PRINT_SET_UP = re.compile(r"<printOptions.*</headerFooter>", re.S)


def test_the_exports_and_the_annual_workbook_print_alike(demo_data, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """One print set-up for every workbook: an export written with openpyxl (io.xlsx_writer) and the
    annual workbook written without it carry the same printOptions, margins, page set-up and footer."""
    from openpyxl import Workbook

    from branchdesk.io.xlsx_writer import save_workbook, write_table

    export = Workbook()
    write_table(export.active, "党员名册", ["姓名", "支部"], [["张三", "第一支部"]], subtitle="说明")
    save_workbook(export, tmp_path / "export.xlsx")
    annual = tmp_path / "annual.xlsx"
    annual_xlsx.write_annual_workbook(demo_data, annual)
    exported = _PRINT_SET_UP.search(parts(tmp_path / "export.xlsx")["xl/worksheets/sheet1.xml"])
    assert exported is not None and 'paperSize="9"' in exported.group(0) and "&amp;P" in exported.group(0)
    for name, part in parts(annual).items():
        if name.startswith("xl/worksheets/sheet"):
            ours = _PRINT_SET_UP.search(part)
            assert ours is not None, name
            assert _canonical(f"<x>{ours.group(0)}</x>") == _canonical(f"<x>{exported.group(0)}</x>"), name


@pytest.mark.parametrize("names", [["汇总", "汇总"], ["Sheet", "sheet"], ["a/b"], ["台" * 32], [""]])
def test_a_sheet_name_excel_refuses_is_an_error_and_no_file(tmp_path: Path, names: list[str]) -> None:
    from branchdesk.io.xlsx_package import SheetPart, write_package
    from branchdesk.io.xlsx_styles import StyleBook

    out = tmp_path / "坏.xlsx"
    with pytest.raises(ValueError, match="sheet name"):
        write_package(out, [(SheetPart(n), list) for n in names], StyleBook(), title="t", creator="c")
    assert not out.exists() and not list(tmp_path.iterdir())
