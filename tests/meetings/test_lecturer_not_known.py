"""TR-3 (trial R, 林老师): her 三会一课 ledger has no 主讲人 column; each 党课's 备注 says "主讲：王建华". The import
left every 党课 without its lecturer and said nothing, and the check and 首页 then said "支部书记（王书记）尚未讲党课"
although he gave two. The import reads "主讲：X" / "主讲人：X" / "讲授人：X" from the 备注 of a 党课 (said beside the
row); a 党课 whose lecturer is not written anywhere leaves the secretary's 党课 unknown — 无法判断, never 尚未讲
(MTG-SECRETARY-LECTURE, domain.md §2 MTG-QUARTERLY-LECTURE)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.services.meetings.checks import meeting_findings
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import get_meeting, list_meetings
from tests.meetings.helpers import BRANCH, make_branch
from tests.xlsx_factory import make_two_row_header_workbook

UPPER = ["序号", "时间", "会议类别", "党小组", "会议主题", "参会情况", None, None, "主要内容", "备注", "所在党支部"]
LOWER = [None, None, None, None, None, "应到", "参会人数", "缺席", None, None, None]
AS_OF = date(2026, 12, 5)  # 27 days left in the year: the secretary's 党课 is asked about


def _lectures(tmp_path: Path, remarks: list[str | None]) -> Path:
    rows = [[i, f"2026年{3 * i - 1}月20日", "党课", None, f"第{i}季度党课", 9, 9, None, "专题党课。", remark, BRANCH]
            for i, remark in enumerate(remarks, start=1)]
    return make_two_row_header_workbook(tmp_path / "2026年三会一课记录.xlsx", UPPER, LOWER, rows,
                                        ["第一党支部2026年三会一课记录"])


def _secretary_lecture(db) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.message for f in meeting_findings(db, year=2026, as_of=AS_OF) if f.rule == "MTG-SECRETARY-LECTURE"]


def test_the_lecturer_written_in_the_remark_is_read_and_said(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    report = import_meetings(db, _lectures(tmp_path, ["主讲：王书记", "主讲人:李组织", "讲授人：王书记", "授课人：张宣传"]))
    assert report.ok and report.created == 4, report.to_text()
    lecturers = sorted(get_meeting(db, m.id).lecturer for m in list_meetings(db))
    assert lecturers == ["张宣传", "李组织", "王书记", "王书记"]
    assert report.warnings_of(4) == ["党课主讲人按备注读取为“王书记”，请核对"]  # beside the row in the preview
    assert "已按备注读取主讲人为“李组织”" in report.to_text()
    assert _secretary_lecture(db) == []  # he gave two


def test_a_lecture_without_its_lecturer_leaves_the_secretary_unknown(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    report = import_meetings(db, _lectures(tmp_path, [None, "推迟一周", None, "主讲：李组织"]))
    assert report.ok, report.to_text()
    assert "无法判断支部书记是否讲过党课" in report.to_text()
    assert report.warnings_of(4) == ["党课没有填写主讲人，无法判断书记是否讲过党课"]
    [message] = _secretary_lecture(db)
    assert "尚未讲党课" not in message
    assert "有 3 次党课未填讲授人，无法判断支部书记（王书记）是否讲过党课" in message


def test_lectures_all_named_and_none_by_the_secretary_is_still_told(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    import_meetings(db, _lectures(tmp_path, ["主讲：李组织"] * 4))
    [message] = _secretary_lecture(db)
    assert "支部书记（王书记）尚未讲党课" in message and "本年度还剩 27 天" in message


def test_the_home_page_says_what_the_check_says(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """首页 lists the check's findings (run_checks → home_items): the same 无法判断, no 尚未讲党课."""
    from branchdesk.domain.finding_text import home_items
    from branchdesk.services.checks import run_checks

    make_branch(db)
    import_meetings(db, _lectures(tmp_path, [None, None, None, None]))
    items = [i.finding.message for i in home_items(run_checks(db, year=2026, as_of=AS_OF), AS_OF)
             if i.finding.rule == "MTG-SECRETARY-LECTURE"]
    assert items == _secretary_lecture(db) and "有 4 次党课未填讲授人，无法判断" in items[0]


def test_every_lecturer_listed_in_the_remark_is_read(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """"主讲：李组织、王书记" read only 李组织 (the first name), so the secretary's 党课 given with a colleague was
    not counted: every name listed with "、" or "/" is read, joined with "、" as the form's 主讲人 field holds two
    (the check finds the secretary's name in it); what follows the names is not one ("、内容见附件")."""
    make_branch(db)
    report = import_meetings(db, _lectures(tmp_path, ["主讲：李组织、王书记", "主讲人：张宣传/李组织。", "主讲：李组织、专题辅导报告",
                                                      "讲授人：李组织、张宣传等"]))
    assert report.ok and report.created == 4, report.to_text()
    lecturers = sorted(get_meeting(db, m.id).lecturer for m in list_meetings(db))
    assert lecturers == ["张宣传、李组织", "李组织", "李组织、张宣传", "李组织、王书记"]
    assert report.warnings_of(4) == ["党课主讲人按备注读取为“李组织、王书记”，请核对"]
    assert _secretary_lecture(db) == []  # he gave one, with 李组织


def test_what_was_done_after_the_lecturer_is_no_second_lecturer() -> None:
    """Review rev7 R7-1: "主讲：王建华、观看视频" stored 主讲人 "王建华、观看视频" — any 2–4 characters after a "、" were
    taken for a person. What was done ("观看视频", "学习党章", "集体讨论", "视频党课") is not a lecturer; a second
    person still is ("王书记、李组织", "王建华、刘芳")."""
    from branchdesk.io.meetings_xlsx import lecturers_in_remark

    assert lecturers_in_remark("主讲：王建华、观看视频") == "王建华"
    assert lecturers_in_remark("主讲：王建华、学习党章") == "王建华"
    assert lecturers_in_remark("主讲：王建华/视频党课") == "王建华"
    assert lecturers_in_remark("主讲：王书记、李组织、集体讨论") == "王书记、李组织"
    assert lecturers_in_remark("主讲：王建华、刘芳") == "王建华、刘芳"
