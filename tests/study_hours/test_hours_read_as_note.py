"""Re-trial R2, N-5: "4课时" in her 学习培训登记表 was read as 4 学时, and "3天" in the 发展党员 集中培训学时 was kept as the
range's days, both without a word — she had counted 4课时 as 3 and said "要软件问我". How the cell was read is now said
on its row of the preview."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.services.study_hours.excel import import_study_records
from tests.development.test_development_trial_r import _row
from tests.meetings.helpers import BRANCH, make_branch
from tests.study_hours.test_study_date_moves import _book

TODAY = date(2026, 11, 20)


def test_class_hours_are_said_on_their_row_of_the_study_preview(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    rows = [[BRANCH, "钱二", "2026-03-05", "4课时", "党校", "专题培训", "区委党校", ""],
            [BRANCH, "赵一", "2026-04-20", "4学时", "其他", "读书班", "", ""],
            [BRANCH, "孙三", "2026-06-08", 6, "网络培训", "网络专题", "", ""]]
    report = import_study_records(db, _book(tmp_path / "登记表.xlsx", rows), today=TODAY, dry_run=True)
    assert report.ok, report.to_text()
    first, second, third = (p.row for p in report.preview)
    assert "学时“4课时”按 4 学时读入（1 课时 = 1 学时）" in report.warnings_of(first)
    assert report.warnings_of(second) == [] and report.warnings_of(third) == []


def test_training_hours_in_class_hours_or_days_are_said_on_the_development_row() -> None:
    assert _row(集中培训学时="24课时").notes == ["集中培训学时“24课时”按 24 学时读入（1 课时 = 1 学时）"]
    kept = _row(集中培训日期="2026.10.16-2026.10.18", 集中培训学时="3天")
    assert kept.notes == ["集中培训学时“3天”与集中培训日期的起止（3 天）一致，按起止天数记录，不记学时数"]
    assert _row(集中培训学时="24").notes == []
