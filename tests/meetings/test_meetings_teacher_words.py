"""A 三会一课 / 主题党日 ledger as a teacher keeps it (trial L, 赵老师): the words she writes are read.
TL-2: a 主题党日 sheet headed 活动日期 / 活动类型 is the ledger, not a cover sheet; TL-7: its 活动内容 is
the 主要内容 (a 主题党日 with theme and content is a record kept: 定稿, counted — domain.md §2
MTG-MONTHLY-THEME-DAY); TL-4: 参会人数 is 实到, 缺席 is 缺席人员, and 备注 is kept with the 会议内容."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import get_meeting, list_meetings
from tests.meetings.helpers import BRANCH, make_branch
from tests.xlsx_factory import make_two_row_header_workbook

THEME_HEADER = ["序号", "活动日期", "活动类型", "活动主题", "应到人数", "实到", "缺席人员及原因", "活动内容", "备注", "所在党支部"]
LIFE_HEADER = ["序号", "召开时间", "会议类型", "会议主题", "应到", "实到", "主要内容", "所在党支部"]
CONTENT = "组织党员到社区开展志愿服务，并重温入党誓词。"


def _theme_day_file(path: Path) -> Path:
    """Her two areas on two sheets: 主题党日 (活动日期 / 活动类型 / 活动内容) and 组织生活会."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "主题党日"
    sheet.append(["宁远县第三中学第二党支部2026年主题党日活动记录"])
    sheet.merge_cells("A1:J1")
    sheet.append(["每月第一个星期五"])
    sheet.merge_cells("A2:J2")
    sheet.append(THEME_HEADER)
    for month in (1, 2, 3):
        sheet.append([month, f"2026.{month}.6", "主题党日", f"{month}月主题党日：党员先锋岗志愿服务", 9, "9人", None,
                      CONTENT, None, BRANCH])
    life = workbook.create_sheet("组织生活会、民主评议")
    life.append(["组织生活会和民主评议党员记录"])
    life.append(LIFE_HEADER)
    life.append([1, "2026年1月16日", "组织生活会", "2025年度组织生活会", 9, 9, "对照检查，开展批评和自我批评。", BRANCH])
    workbook.save(path)
    return path


def test_a_theme_day_sheet_in_her_words_is_read_as_held_sittings(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    report = import_meetings(db, _theme_day_file(tmp_path / "2026年主题党日及组织生活会记录.xlsx"))
    assert report.ok and report.created == 4, report.to_text()
    assert not any("主题党日" in w and "未读取" in w for w in report.warnings), report.to_text()
    themed = [m for m in list_meetings(db) if "主题党日" in m.kinds]
    assert len(themed) == 3
    for listed in themed:
        meeting = get_meeting(db, listed.id)
        assert meeting.content == CONTENT  # 活动内容 is its 主要内容 (TL-7)
        assert meeting.finalised, "a 主题党日 with its theme and content is a record kept (定稿)"
    assert not any("草稿" in w for w in report.warnings), report.to_text()


UPPER = ["序号", "时间", "会议类别", "党小组", "会议主题", "参会情况", None, None, "主要内容", "备注", "所在党支部"]
LOWER = [None, None, None, None, None, "应到", "参会人数", "缺席", None, None, None]


def test_her_count_absentee_and_remark_columns_are_read(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    rows = [[1, "2026年3月10日", "支部党员大会", None, "学习全会精神", 9, 7, "赵一（公出）、钱二（病假）", "传达学习全会精神。",
             "本次会议因期中考试推迟一周召开，经支委会研究同意。", BRANCH]]
    path = make_two_row_header_workbook(tmp_path / "2026年三会一课记录.xlsx", UPPER, LOWER, rows,
                                        ["宁远县第三中学第二党支部2026年三会一课记录"])
    report = import_meetings(db, path)
    assert report.ok and report.created == 1, report.to_text()
    text = report.to_text()
    assert "参会人数" not in text and "缺席（" not in text and "备注（" not in text, text  # no column left unread
    (listed,) = list_meetings(db)
    meeting = get_meeting(db, listed.id)
    assert meeting.date == date(2026, 3, 10)
    assert (meeting.expected, meeting.present) == (9, 7)
    assert all(part in meeting.absentee_text for part in ("赵一", "公出", "钱二", "病假")), meeting.absentee_text
    assert "传达学习全会精神。" in meeting.content
    assert "本次会议因期中考试推迟一周召开，经支委会研究同意。" in meeting.content  # 备注 kept, not dropped


def test_a_remark_alone_is_no_record_of_the_sitting(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    rows = [[1, "2026年3月10日", "支部党员大会", None, "学习全会精神", 9, 9, None, None, "会议室改在阶梯教室", BRANCH]]
    path = make_two_row_header_workbook(tmp_path / "台账.xlsx", UPPER, LOWER, rows)
    report = import_meetings(db, path)
    assert report.ok and report.created == 1, report.to_text()
    (listed,) = list_meetings(db)
    meeting = get_meeting(db, listed.id)
    assert meeting.content == "备注：会议室改在阶梯教室"
    assert not meeting.finalised  # kept, but a 备注 is no 会议记录: a draft that does not count (domain.md §2)
    assert any("备注不是会议记录" in w for w in report.warnings), report.to_text()


def test_a_row_with_only_present_says_which_count_is_missing(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    rows = [[1, "2026年3月10日", "支部党员大会", None, "学习全会精神", None, 8, None, "传达学习。", None, BRANCH]]
    report = import_meetings(db, make_two_row_header_workbook(tmp_path / "台账.xlsx", UPPER, LOWER, rows))
    assert report.ok, report.to_text()
    (warning,) = [w for w in report.warnings if "未推算" in w]
    assert "没有填写应到人数" in warning and "应到、实到" not in warning, warning


def test_a_sitting_named_for_two_kinds_counts_for_both(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """TL-16: "组织生活会暨民主评议党员", "支部党员大会（主题党日）" — one sitting, each kind (domain.md §2)."""
    make_branch(db)
    rows = [[1, "2026年1月16日", "组织生活会暨民主评议党员", None, "2025年度组织生活会", 9, 9, None, "对照检查。", None, BRANCH],
            [2, "2026年3月6日", "支部党员大会（主题党日）", None, "3月主题党日", 9, 9, None, "重温入党誓词。", None, BRANCH]]
    report = import_meetings(db, make_two_row_header_workbook(tmp_path / "台账.xlsx", UPPER, LOWER, rows))
    assert report.ok and report.created == 2, report.to_text()
    assert sorted(m.kinds for m in list_meetings(db)) == [("支部党员大会", "主题党日"), ("组织生活会", "民主评议党员")]


def test_absentees_separated_by_a_blank_are_two_names() -> None:
    """TL-4 addendum: "王芳 李娜" was read as one name "王芳李娜"; "张 伟" stays one name (a blank inside it)."""
    from branchdesk.domain.meetings.absentees import parse_absentees

    assert [a.name for a in parse_absentees("王芳 李娜")] == ["王芳", "李娜"]
    assert [(a.name, a.reason) for a in parse_absentees("王芳（病假） 李娜（公出）")] == [("王芳", "病假"), ("李娜", "公出")]
    assert [a.name for a in parse_absentees("张 伟")] == ["张伟"]
    assert [a.name for a in parse_absentees("欧阳 晨（病假）")] == ["欧阳晨"]
