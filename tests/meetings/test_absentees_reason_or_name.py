"""After a name, a second piece separated by a blank is a name or that name's reason — told by a sound
rule, not by a word merely appearing in it: a name on the sitting's roster is a name ("王芳 李学习" where
李学习 is a member: two absentees); a reason as written ("病假", "外出培训", "无故缺席", "带学生参加竞赛") is a
reason; anything else is read as a name, and one off the roster is named in a warning that says how to
write a reason — never taken silently as one. Before, "李学习" held 学习 and became 王芳's reason."""

from __future__ import annotations

from pathlib import Path

from branchdesk.domain.meetings.absentees import RosterEntry, derive_sheet, parse_absentees
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import get_meeting, list_meetings
from tests.meetings.helpers import BRANCH, make_branch
from tests.xlsx_factory import make_two_row_header_workbook

NAMES = ("王芳", "李学习", "赵敏", "孙丽")
ROSTER = [RosterEntry(i, name, "正式党员") for i, name in enumerate(NAMES, start=1)]


def test_a_roster_name_after_a_name_is_a_second_absentee() -> None:
    read = parse_absentees("王芳 李学习", frozenset(NAMES))
    assert [(a.name, a.reason) for a in read] == [("王芳", ""), ("李学习", "")]
    derived = derive_sheet(ROSTER, 4, 2, "王芳 李学习")
    assert derived.problem == "", derived.problem
    assert sorted(a.name for a in derived.attendees if a.status != "出席") == ["李学习", "王芳"]


def test_a_reason_as_written_is_the_reason() -> None:
    for text, reason in (("王芳 病假", "病假"), ("王芳 事假", "事假"), ("王芳 外出学习", "外出学习"),
                         ("王芳 无故缺席", "无故缺席"), ("王芳 带学生参加竞赛", "带学生参加竞赛"), ("王芳 探亲假", "探亲假")):
        assert [(a.name, a.reason) for a in parse_absentees(text, frozenset(NAMES))] == [("王芳", reason)], text
    derived = derive_sheet(ROSTER, 4, 3, "王芳 病假")
    assert [(a.name, a.status, a.reason) for a in derived.attendees if a.name == "王芳"] == [("王芳", "请假", "病假")]
    assert [(a.name, a.reason) for a in parse_absentees("李明(事假)")] == [("李明", "事假")]


def test_a_piece_that_is_neither_is_a_name_and_is_warned_about() -> None:
    others = [RosterEntry(1, "王芳", "正式党员"), RosterEntry(2, "赵敏", "正式党员"), RosterEntry(3, "孙丽", "正式党员")]
    assert [a.name for a in parse_absentees("王芳 李学习")] == ["王芳", "李学习"]  # not 王芳's reason "李学习"
    derived = derive_sheet(others, 3, 1, "王芳 李学习")
    assert derived.attendees == [] and derived.unknown_names == ("李学习",)
    assert "缺席人员李学习不在当日的花名册中" in derived.problem
    assert "如是缺席原因，请写在姓名后的括号里" in derived.problem, derived.problem
    plain = derive_sheet(others, 3, 1, "王芳 李娜")  # no reason word in it: just the name off the roster
    assert plain.problem == "缺席人员李娜不在当日的花名册中"


UPPER = ["序号", "时间", "会议类别", "会议主题", "参会情况", None, None, "主要内容", "所在党支部"]
LOWER = [None, None, None, None, "应到", "参会人数", "缺席", None, None]


def test_her_ledger_with_a_reason_and_a_name_after_a_blank(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)  # 王书记, 李组织, 张宣传, 赵一, 钱二, 孙三, 周四 and two 预备党员
    rows = [[1, "2026年3月10日", "支部党员大会", "学习全会精神", 9, 7, "赵一 病假 钱二 外出培训", "传达学习全会精神。", BRANCH],
            [2, "2026年4月14日", "支部党员大会", "党纪学习", 9, 7, "赵一 李组织", "学习党纪处分条例。", BRANCH],
            [3, "2026年5月12日", "支部党员大会", "师德师风", 9, 8, "赵一 钱学习", "学习师德规范。", BRANCH]]
    path = make_two_row_header_workbook(tmp_path / "2026年三会一课记录.xlsx", UPPER, LOWER, rows,
                                        ["宁远县第三中学第二党支部2026年三会一课记录"])
    report = import_meetings(db, path)
    assert report.ok and report.created == 3, report.to_text()
    by_day = {m.date.month: get_meeting(db, m.id) for m in list_meetings(db)}
    away = {month: sorted((a.name, a.reason) for a in m.attendees if a.status != "出席") for month, m in by_day.items()}
    assert away[3] == [("赵一", "病假"), ("钱二", "外出培训")]
    assert away[4] == [("李组织", ""), ("赵一", "")]
    assert away[5] == []  # "钱学习" is no member and no reason as written: nothing derived, and said so
    (warning,) = [w for w in report.warnings if "钱学习" in w]
    assert "不在当日的花名册中" in warning and "如是缺席原因" in warning, warning
