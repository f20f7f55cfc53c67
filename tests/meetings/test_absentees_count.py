"""A 缺席 cell that gives how many were away ("2", "２人", a number cell 2) is a count, never a person;
"2（赵一、钱二）" gives the count and both names. Before, "2" was read as an absentee named "2" (the
warning said "缺席人员2不在当日的花名册中"), and "2（赵一、钱二）" as one person "2" with the reason
"赵一、钱二" — so a row that adds up derived no sign-in sheet."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.domain.meetings.absentees import RosterEntry, derive_sheet, read_absentees
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import get_meeting, list_meetings
from tests.meetings.helpers import BRANCH, make_branch
from tests.xlsx_factory import make_two_row_header_workbook

ROSTER = [RosterEntry(i, name, "正式党员") for i, name in enumerate(("王芳", "李明", "赵敏", "孙丽"), start=1)]


def test_a_number_is_a_count_and_names_beside_it_are_read() -> None:
    for text in ("2", "２", "２人", "2人", "共2人", "缺席2人", "两人"):
        read = read_absentees(text)
        assert (read.count, read.named) == (2, []), text
    for text in ("2（王芳、李明）", "2人：王芳、李明", "王芳、李明（共2人）", "２人（王芳、李明）"):
        read = read_absentees(text)
        assert read.count == 2 and [a.name for a in read.named] == ["王芳", "李明"], text
    read = read_absentees("2人（王芳（病假）、李明（公出））")
    assert [(a.name, a.reason) for a in read.named] == [("王芳", "病假"), ("李明", "公出")]
    assert read_absentees("0").number == 0 and read_absentees("0人").named == []
    assert read_absentees("王芳（病假）").count is None  # names alone: no count


def test_a_count_alone_derives_nobody_and_says_why() -> None:
    derived = derive_sheet(ROSTER, 4, 2, "2")
    assert derived.attendees == [] and derived.unknown_names == ()
    assert "只写了人数（2 人）" in derived.problem and "不在当日的花名册中" not in derived.problem, derived.problem
    assert "但缺席人员写了 1 人" in derive_sheet(ROSTER, 4, 2, "１人").problem  # the count is checked against 应到 − 实到


def test_a_count_with_both_names_derives_the_sheet() -> None:
    derived = derive_sheet(ROSTER, 4, 2, "2（王芳、李明）")
    assert derived.problem == ""
    assert {a.name for a in derived.attendees if a.status != "出席"} == {"王芳", "李明"}
    assert "列出了 1 个姓名" in derive_sheet(ROSTER, 4, 2, "2（王芳）").problem
    assert derive_sheet(ROSTER, 4, 4, "0").problem == ""  # "0": nobody away, everyone present


UPPER = ["序号", "时间", "会议类别", "会议主题", "参会情况", None, None, "主要内容", "所在党支部"]
LOWER = [None, None, None, None, "应到", "参会人数", "缺席", None, None]


def test_her_ledger_with_counts_in_the_absent_column(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)  # nine members of 高一年级党支部
    rows = [[1, "2026年3月10日", "支部党员大会", "学习全会精神", 9, 7, "2", "传达学习全会精神。", BRANCH],
            [2, "2026年4月14日", "支部党员大会", "党纪学习", 9, "7人", "２人", "学习党纪处分条例。", BRANCH],
            [3, "2026年5月12日", "支部党员大会", "师德师风", 9, 7, 2, "学习师德规范。", BRANCH],
            [4, "2026年6月9日", "支部党员大会", "七一表彰", 9, 7, "2（赵一、钱二）", "表彰优秀党员。", BRANCH]]
    path = make_two_row_header_workbook(tmp_path / "2026年三会一课记录.xlsx", UPPER, LOWER, rows,
                                        ["宁远县第三中学第二党支部2026年三会一课记录"])
    report = import_meetings(db, path)
    text = report.to_text()
    assert report.ok and report.created == 4, text
    assert "不在当日的花名册中" not in text and "缺席人员：2）" not in text, text  # "2" is nobody's name
    counted = [w for w in report.warnings if "只写了人数（2 人）" in w]
    assert len(counted) == 3, text  # rows 1–3: the count kept, nobody's attendance invented
    assert all("只写了人数（2 人），没有写姓名" in w and w.count("2 人") == 1 for w in counted), counted  # said once
    meetings = {m.date: get_meeting(db, m.id) for m in list_meetings(db)}
    for day, written in ((date(2026, 3, 10), "2"), (date(2026, 4, 14), "２人"), (date(2026, 5, 12), "2")):
        kept = meetings[day]
        assert (kept.expected, kept.present, kept.absentee_text) == (9, 7, written)  # as she wrote it
        assert not kept.attendees
    named = meetings[date(2026, 6, 9)]
    assert len(named.attendees) == 9
    assert sorted(a.name for a in named.attendees if a.status != "出席") == ["赵一", "钱二"]


def test_a_count_after_a_label_or_before_names_by_a_blank() -> None:
    """"缺席：2人" (the label with its colon, as the names' "缺席：王芳" is read) and "2人 王芳 李明" (the
    names after a blank) give the count; before, "2人" was read as a person and "1 王芳" as one "1王芳"."""
    for text in ("缺席：2人", "请假：2人", "缺席人员：2人", "未到：２人", "共计：2人"):
        read = read_absentees(text)
        assert (read.count, read.named) == (2, []), text
    for text in ("2人 王芳 李明", "2 王芳、李明", "缺席：2人 王芳、李明", "２人　王芳、李明"):
        read = read_absentees(text)
        assert read.count == 2 and [a.name for a in read.named] == ["王芳", "李明"], text
    read = read_absentees("1 王芳（病假）")
    assert read.count == 1 and [(a.name, a.reason) for a in read.named] == [("王芳", "病假")]
    derived = derive_sheet(ROSTER, 4, 2, "缺席：2人")
    assert "只写了人数（2 人）" in derived.problem and "不在当日的花名册中" not in derived.problem, derived.problem
    assert derive_sheet(ROSTER, 4, 2, "2人 王芳 李明").problem == ""
    for text in ("王芳 李明", "王 芳", "缺席：王芳", "王二"):  # names stay names
        assert read_absentees(text).count is None, text


def test_a_count_after_the_names_with_deng_or_a_blank() -> None:
    """"王芳、李明等2人" (the everyday way to write it), "王芳、李明 2人", "王芳，共2人": the count after the
    names; before, "李明等2人" and "2人" were read as persons."""
    for text in ("王芳、李明等2人", "王芳、李明 2人", "王芳、李明，2人", "王芳、李明等两人", "王芳、李明（2人）"):
        read = read_absentees(text)
        assert read.count == 2 and [a.name for a in read.named] == ["王芳", "李明"], text
    read = read_absentees("王芳等2人")  # one named of two: nobody's attendance is invented
    assert read.count == 2 and [a.name for a in read.named] == ["王芳"]
    assert "缺席人员写了 2 人，但列出了 1 个姓名" in derive_sheet(ROSTER, 4, 2, "王芳等2人").problem
    assert derive_sheet(ROSTER, 4, 2, "王芳、李明等2人").problem == ""
    for text in ("王芳 李明", "王芳（病假2天）", "王芳、李明（病假）"):  # no count
        assert read_absentees(text).count is None, text
