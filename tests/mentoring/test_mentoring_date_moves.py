"""A 结对帮扶台账 imported again with one pair's 开始日期 corrected: the pair the earlier import wrote is
moved to the new date — its activities, 成效 and evaluation kept, a line in 修改记录 and in the report —
instead of a second pair (张建国–林晓雯 twice, its 成效 recorded again) beside it. When the ledger does
not say which pair it is (one entered in the window, several candidates), the row comes in as new and
the report names the pair that may be the same one. A pair of the same people that ended before the
row's start is an earlier pair (a 师徒结对 renewed), neither moved nor named. A move that would put
activities before the pair's start is refused, with what to do.

The ledgers are shaped as schools keep them: a title row, a two-row merged header, dates written five
ways."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from branchdesk.domain.mentoring.log import ActivityInput
from branchdesk.services.history import record_history
from branchdesk.services.mentoring.excel import import_mentoring
from branchdesk.services.mentoring.log import list_activities, list_outcomes, save_activity
from branchdesk.services.mentoring.records import list_pairs
from tests.mentoring.helpers import BRANCH_A, BRANCH_B, make_roster, teacher_pair
from tests.xlsx_factory import make_two_row_header_workbook

TODAY = date(2026, 11, 20)
N = None
UPPER = ["序号", "结对双方", N, N, N, N, "结对期限", N, "帮扶情况", N, N]
LOWER = [N, "结对类型", "所在党支部", "导师（帮扶人）", "结对对象", "对象类别", "开始日期", "结束日期", "帮扶目标", "帮扶内容",
         "成效"]
TEACHER = "青蓝工程师徒结对"


def _book(path: Path, rows: list[list[object]]) -> Path:
    numbered = [[index, *row] for index, row in enumerate(rows, start=1)]
    return make_two_row_header_workbook(path, UPPER, LOWER, numbered, ["示范中学2026年度结对帮扶台账"])


def _rows() -> list[list[object]]:
    return [
        [TEACHER, BRANCH_A, "张建国", "林晓雯", "青年教师", "2025-09-01", "2026年7月15日", "一年站稳讲台", "每月听课两次",
         "教学基本功明显提高\n2026-05-10 获奖：区青年教师优质课二等奖"],
        ["党员帮扶学生", BRANCH_A, "李秀英", "王小明（高一（3）班）", "贫困生", "2025/9/1", N, "学业进步", "每周学业辅导", ""],
        ["党员联系班级", BRANCH_B, "赵敏", "初二（1）班", "班级", datetime(2026, 2, 20), "20260710", "", "", ""],
        [TEACHER, BRANCH_A, "李秀英", "陈思远", "青年教师", "2025.10.08", "2026.07.10", "", "", ""],
    ]


def _pairs(db, mentee: str) -> list:  # type: ignore[no-untyped-def]
    return [p for p in list_pairs(db) if p.mentee_name == mentee]


def test_a_corrected_start_moves_the_pair_with_what_it_holds(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_roster(db)
    first = import_mentoring(db, _book(tmp_path / "台账.xlsx", _rows()), today=TODAY)
    assert first.ok and first.created == 4, first.to_text()
    (pair,) = _pairs(db, "林晓雯")
    save_activity(db, pair.id, ActivityInput(date(2025, 9, 20), "听课", 1), today=TODAY)  # logged in the window

    rows = _rows()
    rows[0][5] = "2025年9月10日"  # the ledger's 开始日期 corrected: 9月1日 → 9月10日
    corrected = _book(tmp_path / "台账（更正）.xlsx", rows)
    dry = import_mentoring(db, corrected, dry_run=True, today=TODAY)
    assert dry.ok and (dry.created, dry.updated, dry.unchanged) == (0, 1, 3), dry.to_text()
    assert [p.start_date for p in _pairs(db, "林晓雯")] == [date(2025, 9, 1)]  # a dry run writes nothing

    report = import_mentoring(db, corrected, today=TODAY)
    assert report.ok and (report.created, report.updated, report.unchanged) == (0, 1, 3), report.to_text()
    assert report.status_of(4) == "更正日期"
    text = report.to_text()
    assert "张建国与林晓雯的“青蓝工程师徒结对”开始日期由2025年9月1日改为2025年9月10日" in text, text
    assert "登记成效" not in text, text  # its 成效 are not recorded again
    (moved,) = _pairs(db, "林晓雯")  # one pair, not two
    assert (moved.id, moved.start_date, moved.planned_end) == (pair.id, date(2025, 9, 10), date(2026, 7, 15))
    assert [(o.outcome_date, o.kind) for o in list_outcomes(db, pair.id)] == [(date(2026, 5, 10), "获奖")]
    assert [a.activity_date for a in list_activities(db, pair.id)] == [date(2025, 9, 20)]
    lines = [e for e in record_history(db, "mentoring_pairs", pair.id) if "2025-09-10" in e.new]
    assert len(lines) == 1 and "台账中的日期已更正" in lines[0].user and "2025-09-01" in lines[0].old, lines
    again = import_mentoring(db, corrected, today=TODAY)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 4), again.to_text()


def test_a_move_that_leaves_activities_before_the_start_is_refused(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_roster(db)
    assert import_mentoring(db, _book(tmp_path / "a.xlsx", _rows()), today=TODAY).ok
    (pair,) = _pairs(db, "林晓雯")
    save_activity(db, pair.id, ActivityInput(date(2025, 9, 5), "听课", 1), today=TODAY)
    rows = _rows()
    rows[0][5] = "2025-09-10"
    report = import_mentoring(db, _book(tmp_path / "b.xlsx", rows), today=TODAY)
    assert not report.ok, report.to_text()
    text = report.to_text()
    assert "9月5日" in text and "活动" in text and "结对帮扶" in text, text
    assert [(p.id, p.start_date) for p in _pairs(db, "林晓雯")] == [(pair.id, date(2025, 9, 1))]  # nothing written


def test_when_the_ledger_does_not_say_which_pair_it_is_the_row_is_new_and_named(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    by_hand = teacher_pair(db, ids["张建国"], date(2025, 9, 1), date(2026, 7, 15))  # entered in the window
    rows = _rows()
    rows[0][5] = "2025-09-10"
    report = import_mentoring(db, _book(tmp_path / "a.xlsx", rows), today=TODAY)
    assert report.ok and report.created == 4, report.to_text()
    assert {(p.id == by_hand.id, p.start_date) for p in _pairs(db, "林晓雯")} == {
        (True, date(2025, 9, 1)), (False, date(2025, 9, 10))}
    text = report.to_text()
    assert "已有一对开始日期为2025年9月1日的同一结对" in text and "可能是同一对结对改了开始日期" in text, text


def test_a_pair_of_the_same_people_ended_before_the_start_is_an_earlier_pair(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_roster(db)
    earlier: list[object] = [TEACHER, BRANCH_A, "张建国", "林晓雯", "青年教师", "2024-09-01", "2025-07-01", "", "", ""]
    rows = _rows()
    rows[1][5] = "2024-03-01"  # a long pair: the ledger covers 2024-03 to 2025-10
    assert import_mentoring(db, _book(tmp_path / "a.xlsx", [*rows, earlier]), today=TODAY).ok
    assert [p.start_date for p in _pairs(db, "林晓雯")] == [date(2024, 9, 1), date(2025, 9, 1)]
    rows[0][5] = "2025-09-03"  # the renewed pair's start corrected; the earlier pair left out of this ledger
    report = import_mentoring(db, _book(tmp_path / "b.xlsx", rows), today=TODAY)
    assert report.ok and (report.created, report.updated) == (0, 1), report.to_text()
    assert [p.start_date for p in _pairs(db, "林晓雯")] == [date(2024, 9, 1), date(2025, 9, 3)]
    assert "可能是同一对" not in report.to_text(), report.to_text()


def test_a_start_corrected_outside_the_ledgers_months_names_the_pair_without_moving_it(  # type: ignore[no-untyped-def]
        db, tmp_path: Path) -> None:
    make_roster(db)
    one = [TEACHER, BRANCH_A, "张建国", "林晓雯", "青年教师", "2025-08-28", "2026年7月15日", "一年站稳讲台", "", ""]
    assert import_mentoring(db, _book(tmp_path / "a.xlsx", [one]), today=TODAY).ok
    one[5] = "2025年9月1日"  # a one-row ledger: August lies outside it
    report = import_mentoring(db, _book(tmp_path / "b.xlsx", [one]), today=TODAY)
    assert report.ok and report.created == 1, report.to_text()
    assert [p.start_date for p in _pairs(db, "林晓雯")] == [date(2025, 8, 28), date(2025, 9, 1)]
    assert "已有一对开始日期为2025年8月28日的同一结对" in report.to_text(), report.to_text()
