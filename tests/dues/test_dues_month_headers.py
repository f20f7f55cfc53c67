"""A wide 党费 登记表 whose month columns are headed the way month cells are written — "2025.1" …
"2025.12", "2025-01" …, "2025/1", "202501", or date cells (Excel turns a typed 2025-01 into a date, and
2025.10 into the number 2025.1) — is read like one headed "1月" … "12月" (trial 9, T9-9)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import Workbook

from branchdesk.io.dues_xlsx import month_header
from branchdesk.services.dues.excel import import_dues
from branchdesk.services.dues.records import list_payments
from tests.dues.dues_fixtures import BRANCH, make_dues_branch

Y = 2025
TODAY = date(2026, 1, 10)


def test_month_headers_in_every_spelling_a_cell_accepts() -> None:
    for text in ("3月", "2025年3月", "2025.3", "2025-03", "2025/3", "202503", "2025.03", "2025年3月份"):
        assert month_header(text) in ((None, 3), (2025, 3)), text
    assert month_header(datetime(2025, 3, 1)) == (2025, 3)
    assert month_header(2025.3) == (2025, 3) and month_header(202503) == (2025, 3)
    for other in ("2025", 2025, 3, 4800, "合计", "2025年度", "序号", None, "比例"):
        assert month_header(other) is None, other


def _sheet(tmp_path: Path, heads: list[object]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"{BRANCH}党费收缴登记表"])  # no year in the title: the headers give it
    sheet.append(["序号", "姓名", "缴费基数", "比例", *heads])
    sheet.append([1, "李组织", 4800, "1%", *(["48元"] * 10), None, None])
    path = tmp_path / "登记表.xlsx"
    workbook.save(path)
    return path


@pytest.mark.parametrize("heads", [
    [f"{Y}.{m}" for m in range(1, 13)],
    [f"{Y}-{m:02d}" for m in range(1, 13)],
    [f"{Y}/{m}" for m in range(1, 13)],
    [datetime(Y, m, 1) for m in range(1, 13)],
    [float(f"{Y}.{m}") for m in range(1, 13)],  # 2025.10 is the number 2025.1 after 2025.9
], ids=["dot", "dash", "slash", "date cells", "numbers"])
def test_a_grid_headed_by_year_and_month_imports(db, tmp_path, heads) -> None:  # type: ignore[no-untyped-def]
    make_dues_branch(db)
    report = import_dues(db, _sheet(tmp_path, heads), today=TODAY)
    assert report.ok, report.to_text()
    months = sorted(m for p in list_payments(db, year=Y) if p.name == "李组织" for m in p.months)
    assert [m.month for m in months] == list(range(1, 11)) and {m.year for m in months} == {Y}
    assert sum(p.amount for p in list_payments(db, year=Y)) == D("480.00")
