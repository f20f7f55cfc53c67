"""TY-16: with no 上缴 registered for the year (it is registered in January), the 党费 export's 汇总 sheet and the
check said "已上缴 0 / 未上缴 12,202" while the volume said "未登记" (its note: 没有登记…不表示未上缴). 0 is a claim
that nothing was handed up (TV-2, 党费规定 第十二条): every place now says 未登记, and the check's reminder says the
上缴 is not registered yet. Once one is registered, the figures are as before."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from branchdesk.domain.dues.branch import HandUpInput
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.services.dues import checks
from branchdesk.services.dues.excel import export_dues
from branchdesk.services.dues.records import record_payments, save_hand_up
from tests.dues.dues_fixtures import BRANCH, make_dues_branch

Y = 2025
DAY = date(2026, 1, 5)


def _paid(db):  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    record_payments(db, [PaymentInput(branch.members["李组织"], [Month(Y, i) for i in range(1, 13)], "576",
                                      date(Y, 1, 10), "现金", "李组织")], today=date(Y, 1, 10))
    return branch


def _summary(path: Path) -> dict[str, dict[str, object]]:
    sheet = load_workbook(path)["汇总"]
    rows = [r for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r and r[0] == "党支部")
    titles = rows[header]
    return {str(r[0]): dict(zip(titles, r, strict=False)) for r in rows[header + 1:] if r and r[0]}


def _book_finding(db) -> str:  # type: ignore[no-untyped-def]
    [found] = [f.message for f in checks.check_dues(db, year=Y, as_of=DAY, branch=BRANCH) if f.rule == "DUES-BOOK"]
    return found


def test_no_hand_up_registered_reads_unregistered_everywhere(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _paid(db)
    export_dues(db, tmp_path / "党费.xlsx", year=Y, as_of=DAY)
    row = _summary(tmp_path / "党费.xlsx")[BRANCH]
    assert (row["已交（元）"], row["已上缴（元）"], row["未上缴（元）"]) == (576, "未登记", "未登记")
    sheet = load_workbook(tmp_path / "党费.xlsx")["汇总"]
    assert any("未登记" in str(c) and "不表示未上缴" in str(c) for r in sheet.iter_rows(values_only=True) for c in r if c)
    ledger = load_workbook(tmp_path / "党费.xlsx")[BRANCH]
    words = [str(c) for r in ledger.iter_rows(values_only=True) for c in r if c and "上缴" in str(c)]
    assert words and all("0.00" not in w for w in words) and any("未登记" in w for w in words)
    message = _book_finding(db)
    assert "576.00" in message and "尚未登记向党委上缴党费" in message
    assert "已上缴 0.00" not in message and "未上缴" not in message.split("，")[1]


def test_a_registered_hand_up_gives_its_figures(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    branch = _paid(db)
    save_hand_up(db, HandUpInput(branch.id, date(Y, 7, 1), "288", Month(Y, 1), Month(Y, 6), "李组织"),
                 today=date(Y, 7, 1))
    export_dues(db, tmp_path / "党费.xlsx", year=Y, as_of=DAY)
    row = _summary(tmp_path / "党费.xlsx")[BRANCH]
    assert (row["已上缴（元）"], row["未上缴（元）"]) == (288, 288)
    assert "尚有 288.00 元未上缴" in _book_finding(db)
