"""A 三会一课台账 imported again with one meeting's date corrected (NOTE10 "Left"): the meeting kept from
the earlier import is moved to the new date — its attachments, sign-in marks and history kept, a line
in its history and in the report — instead of a second meeting being added beside it (the year-end
figures then counted a meeting that never happened). When the ledger does not say which meeting it
is (a meeting entered in the window, the same topic on several dates), the row comes in as new and
the report names the meeting that may be the same one. A sheet the new day would add members to is
not moved by the import: nobody recorded their attendance (T10-16).

The ledgers are shaped as schools keep them: a title row, a two-row merged header, dates written
several ways, 应到/实到 counts instead of a sign-in sheet."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from branchdesk.domain.meetings.records import Attendee
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import (
    add_attachment,
    default_attendees,
    get_meeting,
    list_meetings,
    save_meeting,
)
from tests.meetings.helpers import BRANCH, make_branch
from tests.xlsx_factory import make_two_row_header_workbook

N = None
UPPER = ["会议基本情况", N, N, N, N, N, N, N, N, "出席情况", N, N, "会议内容", "决议事项"]
LOWER = ["序号", "会议日期", "会议类型", "党支部", "党小组", "会议主题", "主持人", "记录人", "地点", "应到人数", "实到人数",
         "缺席人员及原因", N, N]


def _ledger(path: Path, rows: list[list[object]], title: str = "2026年三会一课台账") -> Path:
    numbered = [[index, *row] for index, row in enumerate(rows, start=1)]
    return make_two_row_header_workbook(path, UPPER, LOWER, numbered, ["示范中学党委", title])


def _rows() -> list[list[object]]:
    return [
        ["2026-03-05", "支委会", BRANCH, "", "研究3月工作", "王书记", "李组织", "会议室", 3, 3, "",
         "研究主题党日方案", "3月20日开展主题党日"],
        [datetime(2026, 3, 20), "支部党员大会、主题党日", BRANCH, "", "学习全国两会精神", "王书记", "张宣传", "党员活动室",
         9, 8, "赵一（外出培训）", "传达学习两会精神，党员交流发言。", "无"],
        ["2026年4月20日", "党小组会", BRANCH, "语文党小组", "学习支部工作条例", "张宣传", "钱二", "年级组办公室", 5, 4,
         "周四（病假）", "集体学习支部工作条例", ""],
        ["2026.05.25", "党课", BRANCH, "", "党章学习专题党课", "王书记", "张宣传", "报告厅", "9", "9人", "", "书记讲党课", ""],
    ]


def _on(db, day: date) -> list:  # type: ignore[no-untyped-def]
    return [m for m in list_meetings(db) if m.date == day]


def test_a_corrected_date_moves_the_meeting_with_what_it_holds(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    first = import_meetings(db, _ledger(tmp_path / "台账.xlsx", _rows()))
    assert first.ok and first.created == 4, first.to_text()
    (committee,) = _on(db, date(2026, 3, 5))
    add_attachment(db, committee.id, "会议记录.jpg", b"photo")
    before = get_meeting(db, committee.id)
    assert before.finalised and [a.status for a in before.attendees] == ["出席"] * 3  # derived from 3/3

    rows = _rows()
    rows[0][0] = "2026年3月15日"  # the ledger's date corrected: 3月5日 → 3月15日, same 类型, 主题, 党小组
    corrected = _ledger(tmp_path / "台账（更正）.xlsx", rows)
    dry = import_meetings(db, corrected, dry_run=True)
    assert dry.ok and (dry.created, dry.updated) == (0, 1), dry.to_text()
    assert _on(db, date(2026, 3, 5))  # a dry run writes nothing
    report = import_meetings(db, corrected)
    assert report.ok, report.to_text()
    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    assert "3月5日的支部委员会（主题“研究3月工作”）改为3月15日" in report.to_text()
    assert _on(db, date(2026, 3, 5)) == []
    committees = [m for m in list_meetings(db, year=2026) if "支部委员会" in m.kinds]
    assert [(m.id, m.date) for m in committees] == [(committee.id, date(2026, 3, 15))]  # one, not two
    after = get_meeting(db, committee.id)
    assert after.finalised and [f.filename for f in after.attachments] == ["会议记录.jpg"]
    assert [(a.name, a.status) for a in after.attendees] == [(a.name, a.status) for a in before.attendees]
    moved = after.history[-1]
    assert moved.action == "更正日期" and "第 5 行" in moved.reason
    assert moved.changes == "日期：2026-03-05 → 2026-03-15"
    again = import_meetings(db, corrected)  # the corrected ledger once more: nothing to do
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 4), again.to_text()


def test_a_sheet_derived_from_counts_is_derived_again_on_the_new_day(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)  # 郑预备 joined 语文党小组 on 2026-01-10
    january = ["2026-01-08", "党小组会", BRANCH, "语文党小组", "学习新年工作要点", "张宣传", "钱二", "年级组办公室", 4, 3,
               "周四（病假）", "集体学习", ""]
    assert import_meetings(db, _ledger(tmp_path / "a.xlsx", [january, *_rows()])).ok
    (group,) = _on(db, date(2026, 1, 8))
    assert group.expected == 4

    january[0], january[8:10] = "2026/1/12", [5, 4]  # the date and the counts corrected: 郑预备 was there
    report = import_meetings(db, _ledger(tmp_path / "b.xlsx", [january, *_rows()]))
    assert report.ok and (report.created, report.updated) == (0, 1), report.to_text()
    moved = get_meeting(db, group.id)
    assert moved.date == date(2026, 1, 12)
    assert {a.name: a.status for a in moved.attendees} == {"王书记": "出席", "张宣传": "出席", "钱二": "出席",
                                                          "周四": "请假", "郑预备": "出席"}
    assert made.members["郑预备"] in {a.member_id for a in moved.attendees}

    january[0] = "2026-01-09"  # corrected again: on the 9th the group had 4, and 5/4 does not add up
    report = import_meetings(db, _ledger(tmp_path / "c.xlsx", [january, *_rows()]))
    assert report.ok and report.updated == 1, report.to_text()
    again = get_meeting(db, group.id)
    # the sheet held nothing but what the ledger's counts give: the counts are kept, nobody's attendance invented
    assert (again.date, again.attendees, again.expected, again.present) == (date(2026, 1, 9), (), 5, 4)
    assert any("与当日语文党小组的 4 人不符" in w for w in report.warnings), report.to_text()  # the group, not the branch (review13-1 R1-3)


def test_when_the_ledger_does_not_say_which_meeting_it_is_the_row_is_new_and_the_report_says_so(  # type: ignore[no-untyped-def]
        db, tmp_path: Path) -> None:
    made = make_branch(db)
    day = date(2026, 3, 5)  # entered by hand in the window, not from a ledger
    by_hand = save_meeting(db, MeetingInput(
        branch_id=made.id, kinds=("支部委员会",), date=day, topic="研究3月工作", host="王书记", content="研究方案",
        attendees=default_attendees(db, made.id, day, ("支部委员会",)))).record
    rows = _rows()
    rows[0][0] = "2026-03-15"
    report = import_meetings(db, _ledger(tmp_path / "a.xlsx", rows))
    assert report.ok and report.created == 4, report.to_text()
    assert get_meeting(db, by_hand.id).date == day  # not moved
    text = report.to_text()
    assert "3月5日已有一次支部委员会（主题“研究3月工作”）" in text and "可能是同一次会议" in text, text

    # the same topic on several dates: which one was corrected is not guessed
    study: list[object] = ["2026-04-10", "党小组会", BRANCH, "数学党小组", "集中学习", "李组织", "赵一", "办公室", N, N, "", "学习", ""]
    later: list[object] = [*study]
    later[0] = "2026-05-10"
    assert import_meetings(db, _ledger(tmp_path / "b.xlsx", [*rows, study, later])).ok
    later[0] = "2026-05-12"
    report = import_meetings(db, _ledger(tmp_path / "c.xlsx", [*rows, study, later]))
    assert report.ok and report.created == 1, report.to_text()
    assert _on(db, date(2026, 5, 10)) and _on(db, date(2026, 5, 12))
    assert "5月10日已有一次党小组会（主题“集中学习”）" in report.to_text(), report.to_text()


def test_a_marked_sheet_moves_as_marked_but_not_to_a_day_with_members_nobody_marked(  # type: ignore[no-untyped-def]
        db, tmp_path: Path) -> None:
    make_branch(db)  # 吴预备 and 郑预备 joined on 2026-01-10
    rows = [["2025-12-10", "支委会", BRANCH, "", "研究12月工作", "王书记", "李组织", "会议室", 3, 3, "", "研究工作", ""],
            ["2025/12/25", "支部党员大会", BRANCH, "", "学习全会精神", "王书记", "张宣传", "党员活动室", 7, 7, "", "传达精神", ""],
            ["2026年1月20日", "支委会", BRANCH, "", "研究1月工作", "王书记", "李组织", "会议室", 3, 3, "", "研究工作", ""]]
    assert import_meetings(db, _ledger(tmp_path / "a.xlsx", rows, "2025—2026学年三会一课台账")).ok
    (congress,) = _on(db, date(2025, 12, 25))
    record = get_meeting(db, congress.id)
    data = record.to_input()
    data.attendees = [a if a.name != "赵一" else type(a)(a.name, "请假", a.member_id, a.category, "病假")
                      for a in data.attendees]
    save_meeting(db, data, congress.id, reason="补记赵一请假")  # a mark entered in the window

    rows[1][0] = "2026-01-15"  # the roster of that day has 吴预备 and 郑预备 too
    report = import_meetings(db, _ledger(tmp_path / "b.xlsx", rows, "2025—2026学年三会一课台账"))
    assert not report.ok
    text = report.to_text()
    assert "吴预备、郑预备" in text and "请在“三会一课”中打开" in text, text
    assert get_meeting(db, congress.id).date == date(2025, 12, 25) and len(list_meetings(db)) == 3  # nothing written

    rows[1][0] = "2025.12.28"  # the same members that day: the marks move with the meeting
    report = import_meetings(db, _ledger(tmp_path / "c.xlsx", rows, "2025—2026学年三会一课台账"))
    assert report.ok and report.updated == 1, report.to_text()
    moved = get_meeting(db, congress.id)
    assert moved.date == date(2025, 12, 28)
    assert {a.name: (a.status, a.reason) for a in moved.attendees}["赵一"] == ("请假", "病假")


def test_a_finalised_meeting_changed_beyond_its_date_is_not_changed_by_the_import(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    assert import_meetings(db, _ledger(tmp_path / "a.xlsx", _rows())).ok
    rows = _rows()
    rows[0][0], rows[0][11] = "2026-03-15", "研究主题党日方案和发展工作"
    report = import_meetings(db, _ledger(tmp_path / "b.xlsx", rows))
    assert not report.ok
    assert "已定稿" in report.to_text() and "3月5日" in report.to_text(), report.to_text()
    assert _on(db, date(2026, 3, 5)) and not _on(db, date(2026, 3, 15))


def test_a_talk_keeps_who_talked_when_its_date_is_corrected(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    talk = ["2026-03-10", "谈心谈话", BRANCH, "", "与赵一谈心谈话", "王书记", "王书记", "书记办公室", 2, 2, "", "谈思想和工作", ""]
    assert import_meetings(db, _ledger(tmp_path / "a.xlsx", [*_rows(), talk])).ok
    (listed,) = _on(db, date(2026, 3, 10))
    data = get_meeting(db, listed.id).to_input()
    data.attendees = [Attendee(name, "出席", made.members[name], "正式党员") for name in ("王书记", "赵一")]
    save_meeting(db, data, listed.id, reason="填写谈话双方")  # entered in the window: who talked
    talk[0] = "2026年3月12日"
    report = import_meetings(db, _ledger(tmp_path / "b.xlsx", [*_rows(), talk]))
    assert report.ok and report.updated == 1, report.to_text()
    moved = get_meeting(db, listed.id)
    assert moved.date == date(2026, 3, 12) and [a.name for a in moved.attendees] == ["王书记", "赵一"]


def test_a_date_corrected_outside_the_ledgers_months_names_the_meeting_without_moving_it(  # type: ignore[no-untyped-def]
        db, tmp_path: Path) -> None:
    make_branch(db)
    december = ["2025-12-15", "支委会", BRANCH, "", "研究年终工作", "王书记", "李组织", "会议室", 3, 3, "", "研究工作", ""]
    assert import_meetings(db, _ledger(tmp_path / "a.xlsx", [december], "2025年12月三会一课台账")).ok
    (kept,) = _on(db, date(2025, 12, 15))
    december[0] = "2026年1月15日"  # a one-row ledger of January: it says nothing of December's meetings
    report = import_meetings(db, _ledger(tmp_path / "b.xlsx", [december], "2026年1月三会一课台账"))
    assert report.ok and (report.created, report.updated) == (1, 0), report.to_text()
    assert get_meeting(db, kept.id).date == date(2025, 12, 15)  # not moved
    text = report.to_text()
    assert "第 5 行（2026年1月15日的支部委员会（主题“研究年终工作”））已作为新会议导入" in text, text
    assert "2025年12月15日已有一次支部委员会（主题“研究年终工作”）" in text and "可能是同一次会议" in text, text
    assert "请在“三会一课”中删除2025年12月15日的记录" in text, text


def test_a_recurring_topic_imported_month_by_month_is_not_named(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    january = ["2026/1/8", "党小组会", BRANCH, "数学党小组", "集中学习", "李组织", "赵一", "办公室", N, N, "",
               "学习新年工作要点", ""]
    assert import_meetings(db, _ledger(tmp_path / "a.xlsx", [january], "2026年1月三会一课台账")).ok
    february = [*january]
    february[0], february[11] = "2026.02.12", "学习支部工作条例"  # the same topic, another sitting
    report = import_meetings(db, _ledger(tmp_path / "b.xlsx", [february], "2026年2月三会一课台账"))
    assert report.ok and report.created == 1 and not report.warnings, report.to_text()
