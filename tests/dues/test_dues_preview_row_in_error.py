"""The 党费 preview shows the row in error (trial L, TL-10 addendum): a 登记表 row whose 姓名 names nobody on
the roster was left out of the preview table — the good rows' payments were listed and the one error was
only the 27th line of the text under it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.services.dues.excel import import_dues
from tests.dues.dues_fixtures import make_dues_branch
from tests.dues.dues_sheets import header_ledger

N = None
MONTHS = [f"{m}月" for m in range(1, 13)]


def test_the_preview_lists_the_row_in_error(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_dues_branch(db)
    header = [["序号", "姓名", "月缴纳基数（元）", "缴纳情况", *[N] * 11], [N, N, N, *MONTHS]]
    rows = [[1, "李组织", 4800, *[48] * 12], [2, "王不在", 4800, *[48] * 12]]
    report = import_dues(db, header_ledger(tmp_path / "登记表.xlsx", header, rows), today=date(2026, 1, 10))
    assert not report.ok
    bad = [p for p in report.problems if "王不在" in p.message]
    assert bad, report.to_text()
    previewed = {int(p.row) for p in report.preview}
    assert bad[0].row in previewed, (bad[0].row, sorted(previewed))
    assert report.status_of(bad[0].row) == "有错误"
    assert any("王不在" in p.cells for p in report.preview)
