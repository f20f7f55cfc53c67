"""A reason written after a blank ("王芳 病假", "李娜 外出培训") is that absentee's reason, not a second
name: the blank split (trial L, TL-4 addendum) read "病假" as someone off the roster, so a counts-only row
that adds up derived nobody ("缺席人员病假不在当日的花名册中")."""

from __future__ import annotations

from branchdesk.domain.meetings.absentees import RosterEntry, derive_sheet, parse_absentees


def test_a_reason_after_a_blank_is_the_absentees_reason() -> None:
    read = [(a.name, a.reason) for a in parse_absentees("王芳 病假、李娜 外出培训")]
    assert read == [("王芳", "病假"), ("李娜", "外出培训")]
    assert [(a.name, a.reason) for a in parse_absentees("王芳 病假 李娜 事假")] == [("王芳", "病假"), ("李娜", "事假")]
    assert [(a.name, a.reason) for a in parse_absentees("张伟 带学生参加竞赛")] == [("张伟", "带学生参加竞赛")]
    assert [(a.name, a.reason) for a in parse_absentees("王芳 无故缺席")] == [("王芳", "无故缺席")]
    # what the split was for stays so
    assert [a.name for a in parse_absentees("王芳 李娜")] == ["王芳", "李娜"]
    assert [a.name for a in parse_absentees("张 伟")] == ["张伟"]
    assert [(a.name, a.reason) for a in parse_absentees("欧阳 晨（病假）")] == [("欧阳晨", "病假")]


def test_a_row_naming_its_absentee_and_reason_after_a_blank_derives_the_sheet() -> None:
    roster = [RosterEntry(1, "王芳", "正式党员"), RosterEntry(2, "李娜", "正式党员"), RosterEntry(3, "赵敏", "正式党员")]
    derived = derive_sheet(roster, 3, 2, "王芳 病假")
    assert derived.problem == "", derived.problem
    assert [(a.name, a.status, a.reason) for a in derived.attendees if a.name == "王芳"] == [("王芳", "请假", "病假")]
