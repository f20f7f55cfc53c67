"""A 缺席 cell with a count glued to the names — "王芳、李明2", "王芳、李明2人" (the count after the last name, no blank
or comma), "2人请假王芳", "2人王芳、李明" (the count, and its reason, before them) — is read as the count and the
names, the names checked against the day's roster: a count glued to a name is a count, never part of a person's name
(no name holds a digit). Before, "王芳、李明2" named an absentee "李明2" and "2人请假王芳" took "请假王芳" as the
reason and named nobody. Where the name without its digit is on no roster ("王二2", "李明2（病假）") the cell is
refused plainly: the sheet is not derived, and the warning says a count is written apart from the names."""

from __future__ import annotations

from pathlib import Path

import pytest

from branchdesk.domain.meetings.absentees import RosterEntry, derive_sheet, read_absentees
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import get_meeting, list_meetings
from tests.meetings.helpers import BRANCH, make_branch
from tests.meetings.test_absentees_count import LOWER, UPPER
from tests.xlsx_factory import make_two_row_header_workbook

ROSTER = [RosterEntry(i, name, "正式党员") for i, name in enumerate(("王芳", "李明", "赵敏", "孙丽"), start=1)]
NAMES = frozenset(entry.name for entry in ROSTER)


@pytest.mark.parametrize(("cell", "named", "reason"), [
    ("王芳、李明2", ["王芳", "李明"], ""), ("王芳、李明2人", ["王芳", "李明"], ""), ("王芳，李明２", ["王芳", "李明"], ""),
    ("2人请假王芳、李明", ["王芳", "李明"], "请假"), ("2人王芳、李明", ["王芳", "李明"], ""),
    ("2人病假王芳李明", ["王芳", "李明"], "病假"),
])
def test_a_count_glued_to_the_names_is_their_count(cell: str, named: list[str], reason: str) -> None:
    read = read_absentees(cell, NAMES)
    assert read.count == 2 and [a.name for a in read.named] == named and read.reason == reason, read
    derived = derive_sheet(ROSTER, 4, 2, cell)
    assert derived.problem == "", derived.problem
    assert sorted(a.name for a in derived.attendees if a.status != "出席") == sorted(named)


def test_a_count_that_does_not_match_the_names_derives_nobody() -> None:
    read = read_absentees("2人请假王芳", NAMES)
    assert read.count == 2 and [(a.name, a.reason) for a in read.named] == [("王芳", "请假")]
    derived = derive_sheet(ROSTER, 4, 2, "2人请假王芳")
    assert derived.attendees == [] and "缺席人员写了 2 人，但列出了 1 个姓名" in derived.problem, derived.problem


@pytest.mark.parametrize("cell", ["王二2", "李明2（病假）", "王芳2、李明"])
def test_a_digit_in_a_name_off_the_roster_is_refused_plainly(cell: str) -> None:
    derived = derive_sheet(ROSTER, 4, 2, cell)
    assert derived.attendees == []
    assert "中有数字，人数不是姓名：请把人数和姓名分开写" in derived.problem, derived.problem


def test_her_ledger_with_the_count_glued_on(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)  # nine members of 高一年级党支部, among them 赵一 and 钱二
    rows = [[1, "2026年3月10日", "支部党员大会", "学习全会精神", 9, 7, "赵一、钱二2", "传达学习全会精神。", BRANCH],
            [2, "2026年4月14日", "支部党员大会", "党纪学习", 9, 8, "1人请假孙三", "学习党纪处分条例。", BRANCH]]
    path = make_two_row_header_workbook(tmp_path / "2026年三会一课记录.xlsx", UPPER, LOWER, rows,
                                        ["宁远县第三中学第二党支部2026年三会一课记录"])
    report = import_meetings(db, path)
    assert report.ok and report.created == 2, report.to_text()
    assert "钱二2" not in report.to_text() and "不在当日的花名册中" not in report.to_text(), report.to_text()
    meetings = [get_meeting(db, m.id) for m in list_meetings(db)]
    away = {m.topic: sorted((a.name, a.status) for a in m.attendees if a.status != "出席") for m in meetings}
    assert away == {"学习全会精神": [("赵一", "缺席"), ("钱二", "缺席")], "党纪学习": [("孙三", "请假")]}


@pytest.mark.parametrize(("cell", "named", "off"), [
    ("2人请假赵六", ["赵六"], "赵六"), ("2人请假王芳赵六", ["王芳", "赵六"], "赵六"),
    ("2人病假赵六、王芳", ["赵六", "王芳"], "赵六"),
])
def test_a_name_off_the_roster_after_the_count_and_reason_is_named(cell: str, named: list[str], off: str) -> None:
    # review rev1 F2: "2人请假赵六" took "请假赵六" as the reason and the warning said "没有写姓名" of a cell naming
    # 赵六; "2人请假赵六、王芳" gave 王芳 the reason "请假赵六". The name is read as a name and said off the roster
    read = read_absentees(cell, NAMES)
    assert read.count == 2 and [a.name for a in read.named] == named, read
    assert {a.reason for a in read.named} == {cell[2:4]} and read.reason == cell[2:4], read
    derived = derive_sheet(ROSTER, 4, 2, cell)
    assert derived.attendees == [] and f"缺席人员{off}不在当日的花名册中" in derived.problem, derived.problem
    assert "没有写姓名" not in derived.problem, derived.problem


@pytest.mark.parametrize(("cell", "reason"), [("2人请假外出学习", "请假外出学习"), ("2人病假住院", "病假住院"), ("2人请假", "请假"),
                                           ("2人病假三天", "病假三天"), ("1人病假（住院）", "病假（住院）"),
                                           ("2人请假（外出培训）", "请假（外出培训）")])
def test_a_reason_after_the_count_stays_a_reason(cell: str, reason: str) -> None:
    read = read_absentees(cell, NAMES)
    assert read.count == int(cell[0]) and read.named == [] and read.reason == reason, read
