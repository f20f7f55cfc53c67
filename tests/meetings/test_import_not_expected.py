"""Review rev3 R3-9: the 三会一课 ledger import did not know the standing 不计入应到会 records (VOTE-WHO). A row whose
应到 rightly left out the approved member was told "应到 8 人，与当日花名册的 9 人不符" and kept with its counts
only, no sign-in sheet. The approvals on the sitting's day are read: the sheet lists him 不计入应到 with the
approval; before the approval (or an 应到 that counts him) reads as before."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from branchdesk.domain.meetings.records import AttendanceStatus
from branchdesk.domain.roster.not_expected import NotExpectedReason
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import get_meeting, list_meetings
from branchdesk.services.roster.not_expected import record_not_expected
from tests.meetings.helpers import BRANCH, make_branch

HEAD = ["序号", "日期", "会议类型", "党小组", "会议主题", "应到", "实到", "缺席人员", "主要内容", "所在党支部"]


def _ledger(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEAD)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_an_expected_count_leaving_out_the_approved_member_makes_the_sheet(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)  # 9 on the roster
    away = branch.members["孙三"]
    record_not_expected(db, away, date(2026, 3, 1), NotExpectedReason.AWAY, date(2026, 3, 1), "党支部委员会")
    path = _ledger(tmp_path / "三会一课.xlsx", [
        [1, "2026.4.24", "支部党员大会", None, "学习党章", 8, 7, "赵一（病假）", "学习讨论。", BRANCH],
        [2, "2026.2.20", "支部党员大会", None, "学习党章", 8, 8, None, "学习讨论。", BRANCH],  # before the approval
    ])
    report = import_meetings(db, path)
    assert report.ok, report.to_text()
    said = [w for w in report.warnings if "不符" in w]
    assert len(said) == 1 and "2026-02-20" in said[0], said  # the April row: no mismatch
    [april] = [m for m in list_meetings(db, year=2026, branch_id=branch.id) if m.date == date(2026, 4, 24)]
    sheet = {a.member_id: a for a in get_meeting(db, april.id).attendees}
    assert sheet[away].status == AttendanceStatus.NOT_EXPECTED.value
    assert sheet[away].reason == "外出半年以上；2026-03-01 党支部委员会批准"
    assert sheet[branch.members["赵一"]].status == "请假"
    assert sum(a.status == AttendanceStatus.PRESENT.value for a in sheet.values()) == 7
