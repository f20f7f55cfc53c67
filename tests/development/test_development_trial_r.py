"""Trial R, 发展党员台账 (TR-9, TR-10) and the 学时 cells (TR-12), as she wrote them:
- a range "2025.5.12-2025.5.16", "2025.10.10—2025.10.12", "2025.10.10–2025.10.12" is read where a range is asked
  (集中培训, 公示); a 集中培训日期 that cannot be read says a range may be written there too;
- 集中培训学时 "24课时" is 24 (1 课时 = 1 学时 = 45 分钟); "3天" is the days of the range beside it, or refused
  saying to write the days as the range (细则 第十七条: at least 3 days or 24 学时);
- an unread header names the step it is ("发展对象公示情况" → 发展对象公示起止, "发展对象备案情况" → 发展对象报上级
  党委备案日期), and a refusal says "没有写入任何数据" once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from branchdesk.domain.dates import split_date_range
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.study_hours.records import parse_hours
from branchdesk.io.development_header import step_named
from branchdesk.io.development_xlsx import LEDGER_COLUMNS, parse_row
from branchdesk.io.xlsx_header import guess_column
from branchdesk.services.import_report import ImportReport, RowProblem

TODAY = date(2026, 12, 5)
ID = make_id_number("350424", date(1998, 10, 2), 87, False)


def _row(**cells: object):  # type: ignore[no-untyped-def]
    record = {"姓名": "陈晓燕", "公民身份号码": ID, "所在党支部": "第一党支部", "申请入党日期": "2024.3.6", **cells}
    return parse_row(3, record, {}, TODAY)


@pytest.mark.parametrize("written", ["2025.10.10-2025.10.12", "2025.10.10—2025.10.12", "2025.10.10–2025.10.12",
                                     "2025.10.10～2025.10.12", "2025-10-10-2025-10-12", "2025年10月10日至2025年10月12日",
                                     "2025.10.10 - 2025.10.12"])
def test_a_training_range_is_read_whatever_joins_its_days(written: str) -> None:
    row = _row(集中培训日期=written)
    assert not row.errors, row.errors
    assert row.steps[11] == (date(2025, 10, 12), date(2025, 10, 10), date(2025, 10, 12))


@pytest.mark.parametrize("written", ["2025.5.12-2025.5.16", "2025.5.12—2025.5.16", "2025-05-12-2025-05-16"])
def test_a_publicity_range_is_read_with_a_dash(written: str) -> None:
    row = _row(发展对象公示起止=written)
    assert not row.errors, row.errors
    assert row.details[7] == {"start_on": date(2025, 5, 12), "end_on": date(2025, 5, 16)}


def test_a_date_that_is_not_split_at_its_own_hyphens() -> None:
    assert split_date_range("2025-10-10") is None
    assert split_date_range("2025.13.10至2025.10.12") == ("2025.13.10", "2025.10.12")  # the wrong side is said


def test_an_unreadable_training_date_says_a_range_may_be_written() -> None:
    row = _row(集中培训日期="国庆后")
    (error,) = row.errors
    assert error.field == "集中培训日期" and "起止日期，如 2025-10-10至2025-10-12" in error.message


def test_training_hours_in_class_hours_and_days() -> None:
    assert _row(集中培训学时="24课时").details[11]["hours"] == 24
    kept = _row(集中培训日期="2026.10.16-2026.10.18", 集中培训学时="3天")  # the days are the range's: kept by it
    assert not kept.errors and kept.steps[11][1:] == (date(2026, 10, 16), date(2026, 10, 18))
    refused = _row(集中培训学时="3天")
    (error,) = refused.errors
    assert error.field == "集中培训学时" and "是天数" in error.message and "起止日期" in error.message
    assert "不少于 3 天或 24 学时" in error.message and "不是数字" not in error.message


def test_study_hours_in_class_hours_are_hours_and_half_a_day_says_how_to_write_it() -> None:
    assert parse_hours("4课时") == (Decimal("4.00"), "")
    assert parse_hours("4 学时") == (Decimal("4.00"), "")
    hours, problem = parse_hours("半天")
    assert hours is None and "是天数" in problem and "按实际课时填写" in problem and "45 分钟" in problem


@pytest.mark.parametrize(("header", "column"), [
    ("发展对象公示情况", "发展对象公示起止"), ("预审后公示情况", "预审后公示起止"),
    ("发展对象备案情况", "发展对象报上级党委备案日期"), ("积极分子备案情况", "积极分子报上级党委备案日期")])
def test_an_unread_header_names_its_own_step(header: str, column: str) -> None:
    assert step_named(header) == column


def test_an_unread_column_is_guessed_as_its_own_step() -> None:
    assert guess_column("发展对象备案时间（县委）", LEDGER_COLUMNS, ()) == "发展对象报上级党委备案日期"
    assert guess_column("积极分子备案时间（县委）", LEDGER_COLUMNS, ()) == "积极分子报上级党委备案日期"


@pytest.mark.parametrize("header", ["发展对象公示", "预审后公示", "积极分子备案时间", "发展对象备案时间"])
def test_her_headers_are_read(header: str) -> None:
    from branchdesk.io.xlsx_header import clean_header, header_lookup
    assert clean_header(header) in header_lookup(LEDGER_COLUMNS)


def test_a_refusal_says_nothing_was_written_once() -> None:
    report = ImportReport(kind="发展党员工作台账")
    report.problems.append(RowProblem(0, "", "", "请改正表头后重新导入，没有写入任何数据"))
    assert report.summary().count("没有写入任何数据") == 1, report.summary()
