"""A unit written after a column's name is read off only when it is one of that column's own units: 元 (also
written 人民币元) for an amount, 学时/课时 (also 节: 1 课时 = 1 学时 = 45 分钟) for 学时, 人/名 for a count of people,
% for a 比例. A unit of another kind ("学时（月）", "学时（次）", "金额（人）") or a unit the figures would have to be
converted from ("学时（小时）", "学时（h）", "学时（分钟）", "金额（万元）") leaves the header as written: the column is not read, and the report
says plainly that the unit is not the column's and asks for the figures in its unit — never stored in a wrong
unit. Before, any unit of the one list was read off any column: "学时（月）" and "学时（次）" were read as 学时."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from branchdesk.io.xlsx_header import clean_header
from branchdesk.services.dues.excel import import_dues_base
from branchdesk.services.dues.records import member_bases
from branchdesk.services.study_hours.excel import import_study_records
from branchdesk.services.study_hours.records import list_study_records
from tests.meetings.helpers import BRANCH, make_branch


@pytest.mark.parametrize(("written", "read"), [
    ("金额（人民币元）", "金额"), ("学时（课时）", "学时"), ("学时(节)", "学时"), ("学时（学时）", "学时"), ("应到人数（名）", "应到人数"),
    ("缴费基数（元/月）", "缴费基数"),
    # not the column's own unit: left as written
    ("学时（月）", "学时(月)"), ("学时（次）", "学时(次)"), ("学时（人）", "学时(人)"), ("金额（人）", "金额(人)"),
    ("应到人数（元）", "应到人数(元)"), ("学时(h)", "学时(h)"), ("学时(H)", "学时(H)"), ("缴费基数（%）", "缴费基数(%)"),
])
def test_a_unit_is_read_off_only_when_it_is_the_columns_own(written: str, read: str) -> None:
    assert clean_header(written) == read


def _register(path: Path, hours_head: str, hours: object) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2026年党员学习培训登记表"])
    sheet.merge_cells("A1:F1")
    sheet.append(["所在党支部", "姓名", "学习日期", hours_head, "学习形式", "学习内容"])
    sheet.append([BRANCH, "王书记", "2026年4月10日", hours, "网络培训", "党纪学习教育专题网络培训"])
    workbook.save(path)
    return path


def test_hours_written_in_h_are_clock_hours_and_refused(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # unitfix: "学时（h）" was read one for one (3 hours as 3 学时); one 学时 is 45 分钟
    make_branch(db)
    report = import_study_records(db, _register(tmp_path / "登记表.xlsx", "学时（h）", 3))
    assert not report.ok and list_study_records(db) == []
    assert "3 小时 = 4 学时（1 学时 = 45 分钟），请按学时填写" in report.to_text(), report.to_text()


def test_hours_written_in_class_hours_are_read(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    report = import_study_records(db, _register(tmp_path / "登记表.xlsx", "学时（课时）", 3))
    assert report.ok and report.created == 1, report.to_text()
    assert [r.hours for r in list_study_records(db)] == [Decimal(3)]


@pytest.mark.parametrize(("head", "unit"), [("学时（分钟）", "分钟"), ("学时（月）", "月"), ("学时（次）", "次")])
def test_hours_in_another_unit_are_refused_plainly(db, tmp_path: Path, head: str, unit: str) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    report = import_study_records(db, _register(tmp_path / "登记表.xlsx", head, 2))
    assert not report.ok and list_study_records(db) == []
    text = report.to_text()
    assert f"单位“{unit}”不是学时的单位（1 学时 = 45 分钟）" in text, text
    assert "是否就是“学时”" not in text, text  # not told to rename it as it is: 2 课时 are not 2 学时


def test_an_amount_in_renminbi_yuan_is_read(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    school = make_branch(db)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2026年党员缴费基数核定表"])
    sheet.append(["姓名", "所在党支部", "缴纳类别", "缴费基数（人民币元）", "起始月份"])
    sheet.append(["李组织", BRANCH, "在职", 4800, "2026.1"])
    workbook.save(tmp_path / "基数.xlsx")
    report = import_dues_base(db, tmp_path / "基数.xlsx")
    assert report.ok and report.created == 1, report.to_text()
    assert [b.record.base for b in member_bases(db, school.members["李组织"])] == [Decimal(4800)]
