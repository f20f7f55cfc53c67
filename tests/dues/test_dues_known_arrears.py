"""One member without a 缴费基数 hid the others' arrears (trial K, TK-8): 马超 and 罗静 owed 11月, 王小雨 had no
base, and the volume printed 党费欠交 "未核定", 欠交人数 "无法核对" and "欠交人数和金额暂无法统计". The whole is not
known, but the known part is a fact: "已知欠交 141.00 元（2 人），另有 1 人无法核对" — one sentence in the 党费
page, the volume's 年度主要数据 (workbook and PDF), its chapter, its 党费收缴汇总 table and the dues export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from branchdesk.domain.annual_report.chapters import chapters
from branchdesk.domain.annual_report.dues import summary
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.io.annual_xlsx import write_annual_workbook
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.dues.excel import export_dues
from branchdesk.services.dues.records import record_payments
from branchdesk.ui.context import AppContext
from branchdesk.ui.dues.dues_page import DuesPage
from tests.dues.dues_fixtures import BRANCH, make_dues_branch

Y = 2025
AS_OF = date(Y, 12, 31)
KNOWN = "已知欠交 141.00 元（2 人），另有 1 人无法核对"
# 周四 has no 缴费基数 (dues_fixtures); the others paid every month but 王书记 and 李组织 November
MONTHLY = {"王书记": 93, "李组织": 48, "张宣传": 15, "赵一": 30, "钱二": 210, "孙三": 50}


def _school(db):  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    record_payments(db, [PaymentInput(branch.members[n], [Month(Y, k)], str(a), date(Y, k, 10), "现金", "李组织")
                         for n, a in MONTHLY.items() for k in range(1, 13)
                         if not (k == 11 and n in ("王书记", "李组织"))], today=AS_OF)
    return branch


def test_the_volume_gives_the_known_arrears_beside_the_unknown(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _school(db)
    data = gather_report(db, Y, branch=BRANCH, generated_on=AS_OF)
    figures = {label: value for label, value, _kind in data.key_figures()}
    assert figures["党费欠交（元）"] == KNOWN
    assert figures["党费欠交人数"] == "已知 2 人，另有 1 人无法核对"
    dues = next(c for c in chapters(data) if c.key == "dues")
    assert dict(dues.figures)["党费欠交（元）"] == KNOWN
    assert "交纳情况无法核对；其余党员中有2名欠交或少交党费，共141.00元。" in summary(data.dues, "本支部")
    path = tmp_path / "年终台账.xlsx"
    write_annual_workbook(data, path)
    cells = [str(c) for sheet in openpyxl.load_workbook(path, read_only=True).worksheets
             for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert KNOWN in cells and "已知 141.00" in cells and "已知 2" in cells  # the 汇总 and the 党费收缴汇总 table


def test_the_dues_page_and_export_say_the_same(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _school(db)
    page = DuesPage(AppContext(db))
    qtbot.addWidget(page)
    page.year.setValue(Y)
    page.refresh()
    page.branch.setCurrentIndex(page.branch.findText(BRANCH))
    assert KNOWN in page.summary.text(), page.summary.text()
    path = tmp_path / "党费.xlsx"
    export_dues(db, path, year=Y, branch=BRANCH, as_of=AS_OF)
    cells = [str(c) for sheet in openpyxl.load_workbook(path, read_only=True).worksheets
             for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert any(KNOWN in c for c in cells)
