"""A 缺席 cell "2人请假" gives a count with its reason glued on, and "王芳、李明 2" the names with a bare number
after a blank: both are counts, never persons (review 13-2, F1's rest). Before, "2人请假" was read as an absentee
named "2人请假" and "王芳、李明 2" as 王芳 and "李明2" — the warning said they were not on the roster."""

from __future__ import annotations

from pathlib import Path

from branchdesk.domain.meetings.absentees import RosterEntry, derive_sheet, read_absentees
from branchdesk.services.meetings.excel import import_meetings
from tests.meetings.helpers import BRANCH, make_branch
from tests.meetings.test_absentees_count import LOWER, UPPER
from tests.xlsx_factory import make_two_row_header_workbook

ROSTER = [RosterEntry(i, name, "正式党员") for i, name in enumerate(("王芳", "李明", "赵敏", "孙丽"), start=1)]


def test_a_count_with_its_reason_glued_on() -> None:
    for text in ("2人请假", "２人请假", "缺席：2人请假", "2名请假", "两人请假"):
        read = read_absentees(text)
        assert (read.count, read.named, read.reason) == (2, [], "请假"), text
    read = read_absentees("1人病假")
    assert (read.count, read.named, read.reason) == (1, [], "病假")
    assert read_absentees("2人请假").words() == "2 人（请假，未写姓名）"  # the reason is said, not dropped
    derived = derive_sheet(ROSTER, 4, 2, "2人请假")
    assert derived.attendees == [] and derived.unknown_names == ()
    assert "只写了人数（2 人，请假）" in derived.problem and "不在当日的花名册中" not in derived.problem, derived.problem


def test_a_count_with_its_reason_before_the_names_gives_them_the_reason() -> None:
    read = read_absentees("2人请假：王芳、李明（病假）")
    assert read.count == 2 and [(a.name, a.reason) for a in read.named] == [("王芳", "请假"), ("李明", "病假")]
    derived = derive_sheet(ROSTER, 4, 2, "2人请假（王芳、李明）")
    assert derived.problem == "" and {a.name: a.status for a in derived.attendees if a.status != "出席"} == {
        "王芳": "请假", "李明": "请假"}


def test_a_bare_number_after_the_names_is_their_count() -> None:
    for text in ("王芳、李明 2", "王芳 李明 2", "王芳、李明，2", "王芳、李明　２"):
        read = read_absentees(text)
        assert read.count == 2 and [a.name for a in read.named] == ["王芳", "李明"], text
    assert derive_sheet(ROSTER, 4, 2, "王芳、李明 2").problem == ""
    assert "缺席人员写了 3 人，但列出了 2 个姓名" in derive_sheet(ROSTER, 4, 1, "王芳、李明 3").problem


def test_names_and_reasons_stay_what_they_were() -> None:
    for text in ("王芳 李明", "王芳（病假2天）", "王芳 病假", "请假：王芳", "王二"):
        assert read_absentees(text).count is None, text
    read = read_absentees("王芳 病假 李明 外出培训")
    assert [(a.name, a.reason) for a in read.named] == [("王芳", "病假"), ("李明", "外出培训")]
    assert read_absentees("2人 王芳 李明").reason == ""


def test_the_warning_for_a_count_alone_says_it_once(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Review 13-2 (LOW): "…只写了人数（2 人），没有写姓名，无法确定是谁缺席（缺席人员：2 人（未写姓名））" said the
    count twice; now once, with the reason written beside it."""
    make_branch(db)  # nine members of 高一年级党支部
    rows = [[1, "2026年3月10日", "支部党员大会", "学习全会精神", 9, 7, "2人请假", "传达学习全会精神。", BRANCH],
            [2, "2026年4月14日", "支部党员大会", "党纪学习", 9, 7, "2", "学习党纪处分条例。", BRANCH]]
    path = make_two_row_header_workbook(tmp_path / "2026年三会一课记录.xlsx", UPPER, LOWER, rows,
                                        ["宁远县第三中学第二党支部2026年三会一课记录"])
    report = import_meetings(db, path)
    assert report.ok and report.created == 2, report.to_text()
    counted = [w for w in report.warnings if "只写了人数" in w]
    assert len(counted) == 2 and "不在当日的花名册中" not in report.to_text(), report.to_text()
    assert "缺席人员只写了人数（2 人，请假），没有写姓名，无法确定是谁缺席，" in counted[0], counted
    assert "缺席人员只写了人数（2 人），没有写姓名，无法确定是谁缺席，" in counted[1], counted
    assert all(w.count("2 人") == 1 and "缺席人员：" not in w for w in counted), counted
