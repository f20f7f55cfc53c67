"""Rosters of the shape rural schools keep (tests/roster/real_roster.py): merged 所在党支部 / 党小组
cells, footer rows, 出生年月 as year and month, a title row naming a 党总支."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from branchdesk.io.xlsx_reader import merged_ranges_in_xml
from branchdesk.services.roster.excel import import_roster
from branchdesk.services.roster.records import list_members
from tests.roster import real_roster


def test_merged_branch_and_group_cells_fill_every_row_they_cover(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = real_roster.write_roster(tmp_path / "青山花名册.xlsx", real_roster.people(month_only=False), footer=())
    report = import_roster(db, path)
    assert report.ok, report.to_text()
    members = {m.name: m for m in list_members(db)}
    assert len(members) == 9
    assert {m.branch for m in members.values()} == {"第一党支部"}
    assert [members[name].group for name in real_roster.NAMES] == ["第一党小组"] * 5 + ["第二党小组"] * 4


def test_merged_ranges_are_read_from_the_sheet_xml_without_a_parser(tmp_path: Path) -> None:
    """The fallback for a calamine that does not report merged ranges: the <mergeCells> element."""
    path = real_roster.write_roster(tmp_path / "青山花名册.xlsx")
    assert sorted(merged_ranges_in_xml(path, "xl/worksheets/sheet1.xml")) == [
        ((0, 0), (0, 11)), ((3, 7), (11, 7)), ((3, 8), (7, 8)), ((8, 8), (11, 8))]
    sheet = openpyxl.load_workbook(path).active
    assert sheet["H4"].value == "第一党支部" and sheet["H5"].value is None
    assert date(1972, 3, 14) == real_roster.BIRTHS[0]
