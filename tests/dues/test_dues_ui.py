"""The 党费 page as a secretary uses it: the grid says each month's state in words and colour, the
monthly collection is Ctrl+M, untick who did not pay, type over an amount, Enter; cells chosen with
Shift+arrows and Enter open the same dialog; a base is typed into its form (problems beside their
fields, the amount shown while typing); a hand-up; a mistaken payment undone; a check finding opens
the page on its member. Models pass Qt's model tester; the page fits a 1366×768 screen."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from branchdesk.domain.dates import add_years
from branchdesk.domain.dues.ledger import CellState
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.domain.findings import Finding, Severity
from branchdesk.services.dues.records import (
    dues_year,
    list_hand_ups,
    list_payments,
    member_bases,
    record_payments,
)
from branchdesk.ui.context import AppContext
from branchdesk.ui.dues import base_dialog, collect_dialog, dialogs
from branchdesk.ui.dues.dues_page import DuesPage
from branchdesk.ui.dues.grid_model import MONTH_COLUMN
from tests.dues.dues_fixtures import BRANCH, make_dues_branch
from tests.ui_typing import type_date

TODAY = date.today()
Y = TODAY.year


@pytest.fixture(autouse=True)
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: shown.append(str(a[2])) or QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: shown.append(str(a[2])) or QMessageBox.StandardButton.Yes)
    return shown


@pytest.fixture
def school(db):  # type: ignore[no-untyped-def]
    from branchdesk.domain.dues.settings import DuesSettings
    from branchdesk.services.dues.records import save_settings

    branch = make_dues_branch(db)
    save_settings(db, DuesSettings(start=Month(Y, 1)))
    m = branch.members
    months = list(range(1, TODAY.month))  # everything before this month paid, but 赵一 owes March on
    entries = [PaymentInput(m[n], [Month(Y, k) for k in months if n != "赵一" or k < 3], str(a * len(
        [k for k in months if n != "赵一" or k < 3])), date(Y, 1, 2), "现金", "李组织")
        for n, a in (("王书记", 93), ("李组织", 48), ("张宣传", 15), ("赵一", 30), ("钱二", 210), ("孙三", 50))]
    record_payments(db, [e for e in entries if e.months], today=TODAY)
    return branch


@pytest.fixture
def page(qtbot, db, school):  # type: ignore[no-untyped-def]
    widget = DuesPage(AppContext(db))
    qtbot.addWidget(widget)
    widget.resize(1366 - 170, 768 - 90)
    widget.refresh()
    widget.branch.setCurrentIndex(widget.branch.findText(BRANCH))
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    return widget


def type_chinese(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Chinese arrives from the input method as a committed string, not as key presses."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _row(page: DuesPage, name: str) -> int:
    return next(r for r in range(page.grid_proxy.rowCount()) if page.grid_proxy.record_at(r).member.name == name)


def _cell(page: DuesPage, name: str, month: int):  # type: ignore[no-untyped-def]
    return page.grid_proxy.index(_row(page, name), MONTH_COLUMN + month - 1)


def test_grid_says_states_in_words_and_colour_and_models_pass_the_tester(page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    for model in (page.grid, page.grid_proxy, page.bases.members, page.bases.history, page.book.months,
                  page.book.hand_ups, page.payments.model):
        qtmodeltester.check(model)
    assert page.grid_proxy.headerData(MONTH_COLUMN, Qt.Orientation.Horizontal) == "1月"
    assert _cell(page, "李组织", 1).data() == "48.00"
    assert _cell(page, "李组织", TODAY.month).data() == "待交"
    if TODAY.month >= 4:
        owed = _cell(page, "赵一", 3)
        assert owed.data() == "欠30.00"
        assert owed.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#f8cbad"
        assert "应交 30.00 元" in owed.data(Qt.ItemDataRole.ToolTipRole)
    zhou = page.grid_proxy.index(_row(page, "周四"), 1)
    assert zhou.data() == "未登记基数"
    assert "未登记缴费基数" in page.summary.text()
    if TODAY.month >= 2:  # 周四 has no base and paid nothing: whether 欠交 cannot be told, so only the others'
        assert _cell(page, "周四", 1).data() == "未核定" and "，另有 1 人无法核对" in page.summary.text()  # (TK-8)


def test_monthly_collection_untick_type_over_enter(page, qtbot, monkeypatch, messages) -> None:  # type: ignore[no-untyped-def]
    seen = {}

    def fill(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.show()
        names = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
        seen["names"] = names
        absent = names.index("张宣传")
        dialog.table.setCurrentCell(absent, 0)
        QTest.keyClick(dialog.table, Qt.Key.Key_Space)  # untick: did not pay today
        for name, amount in (("钱二", "250"), ("周四", "50")):  # paid more; no base yet: type what was paid
            dialog.table.setCurrentCell(names.index(name), 4)
            QTest.keyClick(dialog.table, Qt.Key.Key_F2)  # edit the amount cell, as F2 does
            editor = next(e for e in dialog.table.viewport().findChildren(QLineEdit) if e.isVisible())
            editor.selectAll()
            QTest.keyClicks(editor, amount)
            QTest.keyClick(editor, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda a=amount, n=name: dialog.amount_text(names.index(n)) == a)  # committed
        dialog.collector.clear()
        type_chinese(dialog.collector, "李组织")
        QTest.keyClicks(dialog.receipt, "2026-031")
        seen["total"] = dialog.total.text()
        QTest.keyClick(dialog.collector, Qt.Key.Key_Return)  # the default button: 登记
        seen["errors"] = dialog.errors.text()
        seen["amounts"] = [dialog.amount_text(r) for r in dialog.checked_rows()]
        return int(dialog.result())

    monkeypatch.setattr(collect_dialog.CollectDialog, "exec", fill)
    page.grid_table.setFocus()
    QTest.keyClick(page.grid_table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "names" in seen)  # the button's shortcut clicks it (animated)
    assert "张宣传" in seen["names"] and "周四" in seen["names"]
    payments = {p.name: p for p in list_payments(page.context.db, year=Y) if Month(Y, TODAY.month) in p.months}
    assert "钱二" in payments, seen
    assert payments["周四"].amount == D("50.00")
    assert "张宣传" not in payments
    assert payments["钱二"].amount == D("250.00") and payments["李组织"].collector == "李组织"
    receipts = sorted(p.receipt_no for p in payments.values())
    assert receipts[0] == "2026-031" and len(set(receipts)) == len(receipts)
    assert _cell(page, "钱二", TODAY.month).data() == "250.00"
    assert _cell(page, "张宣传", TODAY.month).data() == "待交"


def test_selected_cells_and_enter_open_the_same_dialog(page, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    if TODAY.month < 4:
        pytest.skip("the page shows the current year: its March and April are not yet due before April")
    seen = {}

    def fill(dialog) -> int:  # type: ignore[no-untyped-def]
        seen["rows"] = [(dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text(), dialog.table.item(r, 3).text())
                        for r in range(dialog.table.rowCount())]
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(collect_dialog.CollectDialog, "exec", fill)
    page.grid_table.setFocus()
    page.grid_table.setCurrentIndex(_cell(page, "赵一", 3))
    QTest.keyClick(page.grid_table, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(page.grid_table, Qt.Key.Key_Return)
    assert seen["rows"] == [("赵一", f"{Y}年3月至4月", "60.00")]
    assert _cell(page, "赵一", 3).data() == "补30.00"  # paid after March: 补交


def test_a_base_typed_into_its_form(page, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    previews = []

    def fill(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.show()
        dialog.save()  # nothing typed: the problem is shown beside 缴费基数
        previews.append(dialog.errors["缴费基数"].text())
        QTest.keyClicks(dialog.parts[0], "2800")
        QTest.keyClicks(dialog.parts[1], "900")
        QTest.keyClicks(dialog.parts[2], "1600")
        QTest.keyClicks(dialog.parts[3], "300")
        previews.append(dialog.preview.text())
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(base_dialog.BaseDialog, "exec", fill)
    page.tabs.setCurrentWidget(page.bases)
    page.bases.select_member(page.dues.ledgers[[m.member.name for m in page.dues.ledgers].index("周四")].member.member_id)
    page.bases.buttons["新增基数…"].click()
    assert "请填写税后月工资" in previews[0]
    assert previews[1] == "缴费基数 5,600.00 元，每月应交 84.00 元（5000–10000 元（含 10000）按 1.5%）"
    zhou = page.bases.selected_member()
    assert zhou is not None and zhou.member.name == "周四"
    assert member_bases(page.context.db, zhou.member.member_id)[0].record.base == D("5600.00")
    assert page.bases.history.rowCount() == 1


def test_hand_up_and_undo_a_payment(page, qtbot, monkeypatch, messages) -> None:  # type: ignore[no-untyped-def]
    suggested = []

    def fill(dialog) -> int:  # type: ignore[no-untyped-def]
        suggested.append(dialog.amount.text())  # what is in hand
        type_date(dialog.handed_on, TODAY.isoformat())  # the 上缴日期 is typed, never filled in (TK-4)
        type_chinese(dialog.handled_by, "李组织")
        dialog.save()
        return int(dialog.result())

    monkeypatch.setattr(dialogs.HandUpDialog, "exec", fill)
    page.tabs.setCurrentWidget(page.book)
    page.book.buttons["登记上缴…"].click()
    assert suggested[0], messages
    [hand_up] = list_hand_ups(page.context.db, year=Y)
    assert hand_up.record.handled_by == "李组织" and page.dues.branches[0].book.balance == 0
    page.tabs.setCurrentIndex(0)
    index = _cell(page, "李组织", 1)
    page.grid_table.selectionModel().select(index, page.grid_table.selectionModel().SelectionFlag.ClearAndSelect)
    page.buttons["撤销选中月份的交纳…"].click()
    assert "李组织" in messages[-1]
    assert _cell(page, "李组织", 1).data(Qt.ItemDataRole.DisplayRole) != "48.00"


def test_a_finding_opens_the_page_on_its_member(page) -> None:  # type: ignore[no-untyped-def]
    finding = Finding(Severity.WARNING, "…", rule="DUES-LAPSE", branch=BRANCH, period=f"{Y}-03", person="赵一", area="党费")
    page.open_item(finding)
    assert page.search.text() == "赵一" and page.grid_proxy.rowCount() == 1
    assert page.tabs.currentIndex() == 0
    page.open_item(Finding(Severity.WARNING, "…缴费基数…", rule="DUES-BASE-CHANGE", branch=BRANCH, period=str(Y),
                           person="李组织", area="党费"))
    assert page.tabs.currentWidget() is page.bases


def test_fits_a_small_screen(page) -> None:  # type: ignore[no-untyped-def]
    assert page.minimumSizeHint().width() <= 1366 - 170
    assert page.minimumSizeHint().height() <= 768 - 90
    ledger = dues_year(page.context.db, Y, BRANCH).ledgers
    assert any(c.state is CellState.OPEN for m in ledger for c in m.cells)


def test_settings_and_a_revision_of_the_table(page, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.dues.records import get_settings, rate_tables
    from branchdesk.ui.dues import revision_dialog

    def revise(dialog) -> int:  # type: ignore[no-untyped-def]
        type_date(dialog.start, add_years(dialog.start.value(), 1).strftime("%Y年%m月%d日"))  # typed, as a person does
        revision_dialog.set_row(dialog, 0, "4000", "0.5")
        revision_dialog.set_row(dialog, 1, "", "1")
        dialog.save()
        return int(dialog.result())

    def settle(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.rounding.setCurrentIndex(1)  # 到角
        QTest.keyClick(dialog.base_months, Qt.Key.Key_Up)
        monkeypatch.setattr(revision_dialog.RevisionDialog, "exec", revise)
        dialog.revise()
        seen.append(dialog.tables.text())
        dialog.save()
        return int(dialog.result())

    seen: list[str] = []
    monkeypatch.setattr(dialogs.SettingsDialog, "exec", settle)
    page.open_settings()
    settings = get_settings(page.context.db)
    assert settings.rounding.value == "角" and settings.base_max_months == 13
    revised = [t for t in rate_tables(page.context.db) if t.effective_from.year == Y + 1]
    assert len(revised) == 1 and [b.rate_text for b in revised[0].brackets] == ["0.5%", "1%"]
    assert f"{Y + 1}-" in seen[0]


def test_the_summary_says_no_hand_up_is_recorded_rather_than_zero(page, school, db) -> None:  # type: ignore[no-untyped-def]
    """TV-2 on the 党费 page: with payments but no 上缴 recorded, 已上缴 is not known — not "0.00 元"
    (the year-end volume reads 未登记 there too); once one is recorded, the sum is given."""
    from branchdesk.domain.dues.branch import HandUpInput
    from branchdesk.services.dues.records import save_hand_up

    if TODAY.month == 1:  # the fixture pays the months before this one: none yet in January
        record_payments(db, [PaymentInput(school.members["王书记"], [Month(Y, 1)], "93", TODAY, "现金", "李组织")],
                        today=TODAY)
        page.refresh()
    assert "向党委上缴党费尚未登记" in page.summary.text() and "已上缴 0.00" not in page.summary.text()
    save_hand_up(db, HandUpInput(school.id, date(Y, 2, 1), "93", Month(Y, 1), Month(Y, 1), "李组织"), today=TODAY)
    page.refresh()
    assert "已上缴 93.00 元" in page.summary.text()


def test_enter_after_a_tab_round_registers_the_month(page, qtbot, monkeypatch, keyboard) -> None:  # type: ignore[no-untyped-def]
    """TK-1: she Tabs once round 收缴党费 to see its fields (over 登记 and 取消, into the table, back to
    缴纳日期), types the 收款人 and presses Enter: the month is registered. 取消 had kept Enter after the
    focus passed over it, and the month's payments were thrown away without a word."""
    seen: dict[str, object] = {}

    def fill(dialog) -> int:  # type: ignore[no-untyped-def]
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        start = QApplication.focusWidget()
        for _ in range(100):
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            if QApplication.focusWidget() is start:
                break
        while QApplication.focusWidget() is not dialog.collector:
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        for row in range(dialog.table.rowCount()):  # a member without a 缴费基数 has no amount to offer
            if not dialog.amount_text(row):
                dialog.table.item(row, 0).setCheckState(Qt.CheckState.Unchecked)
        dialog.collector.clear()
        type_chinese(dialog.collector, "李组织")
        seen["rows"] = len(dialog.checked_rows())
        QTest.keyClick(dialog.collector, Qt.Key.Key_Return)
        seen["errors"] = dialog.errors.text()
        return int(dialog.result())

    monkeypatch.setattr(collect_dialog.CollectDialog, "exec", fill)
    page.grid_table.setFocus()
    QTest.keyClick(page.grid_table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "errors" in seen)
    registered = [p for p in list_payments(page.context.db, year=Y) if Month(Y, TODAY.month) in p.months]
    assert seen["errors"] == "" and seen["rows"] and len(registered) == seen["rows"]
