"""Trial R TR-14: "郑晓雯（新教师）" in 结对对象 was stored "郑晓雯(新教师)": full-width brackets made half-width. The
name is normalised for matching only; what she wrote is stored, and a pair kept under the old spelling is the same
pair (updated to her spelling, not added twice)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.models import MentoringPair
from branchdesk.services import session
from branchdesk.services.mentoring.excel import import_mentoring
from branchdesk.services.mentoring.records import list_pairs
from tests.mentoring.helpers import make_roster
from tests.xlsx_factory import make_workbook

HEADERS = ["序号", "结对类型", "所在党支部", "导师（帮扶人）", "结对对象", "对象类别", "开始日期"]
TODAY = date(2026, 11, 20)


def test_the_mentee_is_stored_as_written_and_matched_whatever_its_brackets(tmp_path: Path) -> None:
    database = session.open(tmp_path / "a.sqlite")
    try:
        make_roster(database)
        book = make_workbook(tmp_path / "结对.xlsx", HEADERS, [
            [1, "青蓝工程师徒结对", "高一年级党支部", "张建国", "郑晓雯（新教师）", "青年教师", "2025-09-01"]])
        report = import_mentoring(database, book, today=TODAY)
        assert report.ok, report.to_text()
        (pair,) = list_pairs(database)
        assert pair.mentee_name == "郑晓雯（新教师）"
        again = import_mentoring(database, book, today=TODAY)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 1), again.to_text()
        with database.session() as s:  # as an earlier version stored it
            for kept in s.scalars(select(MentoringPair)):
                kept.mentee_name = "郑晓雯(新教师)"
        third = import_mentoring(database, book, today=TODAY)
        assert (third.created, third.updated) == (0, 1), third.to_text()
        (pair,) = list_pairs(database)
        assert pair.mentee_name == "郑晓雯（新教师）"
    finally:
        database.close()
