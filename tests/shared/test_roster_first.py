"""Re-trial R2, N-2: her roster was refused on day one, and on the database with no 党支部 and no member the other
imports gave reasons that sent her the wrong way — "表头缺少必需的列：所在党支部" (she would add the column) and, for
党费, "花名册中没有‘王建华’" 38 times. Every import that needs the roster now says once, at the top, that the roster
comes first."""

from __future__ import annotations

from pathlib import Path

import pytest

from branchdesk.services.development.excel import import_development
from branchdesk.services.dues.excel import import_dues, import_dues_base
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.mentoring.excel import import_mentoring
from branchdesk.services.study_hours.excel import import_study_records
from tests.xlsx_factory import make_workbook

NAMES = ["王建华", "李秀英", "张伟"]


@pytest.mark.parametrize(("run", "headers", "row"), [
    (import_meetings, ["会议类型", "会议日期", "主题"], ["党课", "2026-03-12", "学习"]),
    (import_study_records, ["姓名", "学习日期", "学习内容", "学时"], ["王建华", "2026-03-12", "党章", "4"]),
    (import_development, ["姓名", "公民身份号码", "申请入党日期"], ["王建华", "", "2025-03-01"]),
    (import_mentoring, ["党员姓名", "结对对象", "结对类型", "开始日期"], ["王建华", "李明", "师徒结对", "2026-09-01"]),
    (import_dues, ["姓名", "1月", "2月"], ["王建华", "20", "20"]),
    (import_dues_base, ["姓名", "缴纳类别", "缴费基数", "起始月份"], ["王建华", "在职", "5000", "2026-01"]),
])
def test_before_the_roster_every_import_says_so_once(db, tmp_path: Path, run, headers, row) -> None:  # type: ignore[no-untyped-def]
    path = make_workbook(tmp_path / "台账2026.xlsx", headers, [[name, *row[1:]] if row[0] == "王建华" else row
                                                                for name in NAMES])
    report = run(db, path)
    text = report.to_text()
    assert not report.ok
    assert text.count("请先导入花名册（党员名册）") == 1, text
    assert len(report.problems) == 1, text
    assert "所在党支部" not in text and "花名册中没有" not in text, text
