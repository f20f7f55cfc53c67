"""A 三会一课台账 written before a 党小组 was renamed (trial TY-5): its rows name the old name and are the
group's; a row dated after the rename under the old name is refused, naming the new name."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.models import Meeting
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import list_meetings
from branchdesk.services.roster.organisation import rename_org
from tests.meetings.helpers import BRANCH, make_branch
from tests.xlsx_factory import make_workbook

HEADERS = ["序号", "会议日期", "会议类型", "党支部", "党小组", "会议主题", "主持人", "记录人", "应到人数", "实到人数",
           "缺席人员及原因", "会议内容"]


def _row(number: int, day: object, group: str, topic: str) -> list[object]:
    return [number, day, "党小组会", BRANCH, group, topic, "张宣传", "钱二", 5, 5, "", "学习讨论"]


def _groups(db) -> list[int | None]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return list(session.scalars(select(Meeting.group_id).order_by(Meeting.meeting_date)))


def _ledger(path: Path, rows: list[list[object]]) -> Path:
    return make_workbook(path, HEADERS, rows, title_rows=["示范中学党委", "2026年三会一课台账"])


def test_the_old_name_is_the_group_before_the_rename_and_refused_after(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    group = made.group_ids["语文党小组"]
    rename_org(db, group, "高一语文党小组", date(2026, 9, 1))
    rows = [_row(1, "2026.4.20", "语文党小组", "学习支部工作条例"),
            _row(2, datetime(2026, 8, 31), "语文党小组", "暑期学习交流"),
            _row(3, "2026年10月15日", "语文党小组", "学习二十届四中全会精神"),
            _row(4, "2026-10-20", "高一语文党小组", "研究期中工作")]
    report = import_meetings(db, _ledger(tmp_path / "三会一课台账2026.xlsx", rows))
    assert not report.ok
    text = report.to_text()
    assert "“语文党小组”自2026-09-01起已更名为“高一语文党小组”，2026-10-15时应写“高一语文党小组”" in text
    assert [p.row for p in report.problems] == [6]  # the third row, under two title rows and the header
    assert list_meetings(db) == []  # all or nothing
    rows[2][4] = "高一语文党小组"
    report = import_meetings(db, _ledger(tmp_path / "改正.xlsx", rows))
    assert report.ok and report.created == 4, report.to_text()
    assert _groups(db) == [group] * 4


def test_a_ledger_retyped_after_the_rename_may_use_the_new_name_for_earlier_days(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    group = made.group_ids["语文党小组"]
    rename_org(db, group, "高一语文党小组", date(2026, 9, 1))
    report = import_meetings(db, _ledger(tmp_path / "重录.xlsx", [_row(1, "2026.4.20", "高一语文党小组", "学习条例")]))
    assert report.ok, report.to_text()
    assert _groups(db) == [group]


def test_a_renamed_branch_is_matched_by_its_name_of_the_day_too(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    rename_org(db, made.id, "高一党支部", date(2026, 9, 1))
    rows = [_row(1, "2026.4.20", "语文党小组", "学习支部工作条例"), _row(2, "2026.10.15", "语文党小组", "学习全会精神")]
    report = import_meetings(db, _ledger(tmp_path / "旧支部名.xlsx", rows))  # both rows under 高一年级党支部
    assert [(p.row, p.message) for p in report.problems] == [
        (5, "“高一年级党支部”自2026-09-01起已更名为“高一党支部”，2026-10-15时应写“高一党支部”")]
    rows[1][3] = "高一党支部"
    report = import_meetings(db, _ledger(tmp_path / "改正.xlsx", rows))
    assert report.ok and report.created == 2, report.to_text()
    assert _groups(db) == [made.group_ids["语文党小组"]] * 2
