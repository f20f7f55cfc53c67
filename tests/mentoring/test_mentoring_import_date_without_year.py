"""A 结对帮扶台账 row whose 开始日期 or 结束日期 has no year ("9月1日") is refused by the import, naming the
cell and saying to write the year — nothing written, nothing guessed. The form reads such a date by
what it is (the such day nearest to today; the first after the start: ui.mentoring.pair_dialog) because
it shows the full date before saving; an import has no one to show it to row by row, and a ledger of
an earlier year would be moved into this one (project principle: nothing invented)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.services import session
from branchdesk.services.mentoring.excel import import_mentoring
from branchdesk.services.mentoring.records import list_pairs
from tests.mentoring.helpers import make_roster
from tests.mentoring.test_mentoring_import import GOOD, HEADERS
from tests.xlsx_factory import make_workbook


def test_a_pair_ledgers_date_without_its_year_is_refused_naming_the_cell(tmp_path: Path) -> None:
    database = session.open(tmp_path / "a.sqlite")
    try:
        make_roster(database)
        rows = [list(r) for r in GOOD]
        rows[0][6] = "9月1日"  # 开始日期, as a 结对 list under a "2025—2026学年" title writes it
        rows[1][7] = "7.10"  # 结束日期
        book = make_workbook(tmp_path / "台账.xlsx", HEADERS, rows,
                             title_rows=["示范中学2025—2026学年青蓝工程结对帮扶台账", "填报单位：党委办公室"])
        report = import_mentoring(database, book, today=date(2026, 11, 20))
        assert not report.ok
        problems = {(p.column, p.letter) for p in report.problems}
        assert problems == {("开始日期", "G"), ("结束日期", "H")}, report.to_text()
        text = report.to_text()
        assert "“9月1日”没有写年份，请写上年份" in text and "“7.10”没有写年份" in text
        assert "没有写入任何数据" in text and list_pairs(database) == []
    finally:
        database.close()
