"""A 学习培训登记表 imported again with one record's date corrected (3月5日 → 3月15日): the record the
earlier import wrote is moved to the new date — its 学时 counted once, a line in 修改记录 and in the
report — instead of a second record of 8 学时 beside it (16 counted where 8 were studied, and the
year-end 32 学时 then false: domain.md §2, MTG-STUDY-HOURS). When the ledger does not say which record
it is (one entered in the window, the same 学习内容 on several dates), the row comes in as new and the
report names the record that may be the same one, so the user can delete it.

The ledgers are shaped as schools keep them: a title row, a two-row merged header, dates written five
ways."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from branchdesk.domain.study_hours.records import StudyInput
from branchdesk.services.history import record_history
from branchdesk.services.study_hours.excel import import_study_records
from branchdesk.services.study_hours.records import list_study_records, save_study_record, study_summary
from tests.meetings.helpers import BRANCH, make_branch
from tests.xlsx_factory import make_two_row_header_workbook

TODAY = date(2026, 11, 20)
N = None
UPPER = ["序号", "人员", N, "学习培训情况", N, N, N, "主办单位", "备注"]
LOWER = [N, "所在党支部", "姓名", "学习日期", "学时", "学习形式", "学习内容", N, N]
TOPIC = "党纪学习教育专题培训"


def _book(path: Path, rows: list[list[object]]) -> Path:
    numbered = [[index, *row] for index, row in enumerate(rows, start=1)]
    return make_two_row_header_workbook(path, UPPER, LOWER, numbered, ["2026年党员学习培训登记表"])


def _rows() -> list[list[object]]:
    return [
        [BRANCH, "钱二", "2026-03-05", 8, "党校", TOPIC, "区委党校", ""],
        [BRANCH, "王书记", datetime(2026, 3, 20), 12, "网络培训", "全国两会精神网络专题", "省党员干部网络学院", ""],
        [BRANCH, "赵一", "2026年4月20日", "4学时", "其他", "读书班", "", "周末"],
        [BRANCH, "李组织", "2026.05.25", 16, "上级集中轮训", "支部书记轮训", "市委组织部", ""],
        [BRANCH, "孙三", "2026/6/8", 6, "网络培训", "学习贯彻条例网络专题", "省党员干部网络学院", ""],
    ]


def _external(db, name: str) -> Decimal:  # type: ignore[no-untyped-def]
    return next(r.external for r in study_summary(db, 2026, BRANCH, as_of=TODAY) if r.name == name)


def test_a_corrected_date_moves_the_record_and_its_hours_count_once(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    first = import_study_records(db, _book(tmp_path / "登记表.xlsx", _rows()), today=TODAY)
    assert first.ok and first.created == 5, first.to_text()
    (record,) = [r for r in list_study_records(db) if r.name == "钱二"]

    rows = _rows()
    rows[0][2] = "2026年3月15日"  # the ledger's date corrected: 3月5日 → 3月15日
    corrected = _book(tmp_path / "登记表（更正）.xlsx", rows)
    dry = import_study_records(db, corrected, dry_run=True, today=TODAY)
    assert dry.ok and (dry.created, dry.updated, dry.unchanged) == (0, 1, 4), dry.to_text()
    assert "钱二3月5日的学习培训“党纪学习教育专题培训”改为3月15日" in dry.to_text(), dry.to_text()
    assert [r.study_date for r in list_study_records(db) if r.name == "钱二"] == [date(2026, 3, 5)]  # nothing written

    report = import_study_records(db, corrected, today=TODAY)
    assert report.ok and (report.created, report.updated, report.unchanged) == (0, 1, 4), report.to_text()
    assert report.status_of(4) == "更正日期"
    assert "钱二3月5日的学习培训“党纪学习教育专题培训”改为3月15日" in report.to_text(), report.to_text()
    kept = [(r.id, r.study_date, r.hours, r.organiser) for r in list_study_records(db) if r.name == "钱二"]
    assert kept == [(record.id, date(2026, 3, 15), Decimal(8), "区委党校")]  # one record, not two
    assert _external(db, "钱二") == Decimal(8)  # 8 学时, not 16
    moved = [e for e in record_history(db, "study_records", record.id) if "2026-03-15" in e.new]
    assert len(moved) == 1 and "台账中的日期已更正" in moved[0].user and "2026-03-05" in moved[0].old, moved
    again = import_study_records(db, corrected, today=TODAY)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 5), again.to_text()


def test_when_the_ledger_does_not_say_which_record_it_is_the_row_is_new_and_named(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    by_hand = save_study_record(db, StudyInput(made.members["钱二"], date(2026, 3, 5), "8", "党校培训", TOPIC, "区委党校"),
                                today=TODAY)  # entered in the window, not from a ledger
    rows = _rows()
    rows[0][2] = "20260315"
    report = import_study_records(db, _book(tmp_path / "a.xlsx", rows), today=TODAY)
    assert report.ok and report.created == 5, report.to_text()
    assert {r.study_date for r in list_study_records(db) if r.name == "钱二"} == {date(2026, 3, 5), date(2026, 3, 15)}
    assert by_hand.id in {r.id for r in list_study_records(db)}
    text = report.to_text()
    assert "3月5日已有一条钱二的“党纪学习教育专题培训”" in text and "可能是同一次学习改了日期" in text, text
    assert "删除3月5日的记录" in text, text

    # the same 学习内容 on two dates, one of them corrected: which one is not guessed
    study = [BRANCH, "赵一", "2026-09-10", 2, "网络培训", "每月网上学习", "", ""]
    later = [*study]
    later[2] = "2026-10-10"
    assert import_study_records(db, _book(tmp_path / "b.xlsx", [*rows, study, later]), today=TODAY).ok
    later[2] = "2026-10-12"
    report = import_study_records(db, _book(tmp_path / "c.xlsx", [*rows, study, later]), today=TODAY)
    assert report.ok and report.created == 1, report.to_text()
    assert "10月10日已有一条赵一的“每月网上学习”" in report.to_text(), report.to_text()
    assert {r.study_date for r in list_study_records(db) if r.title == "每月网上学习"} == {
        date(2026, 9, 10), date(2026, 10, 10), date(2026, 10, 12)}


def test_another_organiser_is_another_course(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    assert import_study_records(db, _book(tmp_path / "a.xlsx", _rows()), today=TODAY).ok
    rows = _rows()
    rows[0][2], rows[0][6] = "2026-03-15", "市委党校"  # the same 学习内容 given by another school: not a correction
    report = import_study_records(db, _book(tmp_path / "b.xlsx", rows), today=TODAY)
    assert report.ok and (report.created, report.updated) == (1, 0), report.to_text()
    assert "可能是同一次" not in report.to_text()


def test_a_blank_organiser_says_nothing_against_the_move(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    assert import_study_records(db, _book(tmp_path / "a.xlsx", _rows()), today=TODAY).ok
    rows = _rows()
    rows[0][2], rows[0][6] = "2026/3/15", ""  # the date corrected, the 主办单位 cell left blank
    report = import_study_records(db, _book(tmp_path / "b.xlsx", rows), today=TODAY)
    assert report.ok and (report.created, report.updated) == (0, 1), report.to_text()
    assert [r.study_date for r in list_study_records(db) if r.name == "钱二"] == [date(2026, 3, 15)]
