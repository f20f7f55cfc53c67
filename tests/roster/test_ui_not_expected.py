"""不计入应到会 on the 组织与党员 page (VOTE-WHO, TD-5), typed as a person types: the member chosen in the
table, 更多 → 不计入应到会…, the reason chosen with the keyboard, dates in the spellings of paper, the
approval typed; refused beside its field without the approval; then a new sign-in sheet within the span
lists the member as 不计入应到 with the reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from branchdesk.domain.roster.records import MemberRecord
from branchdesk.services.meetings.records import default_attendees
from branchdesk.services.roster.not_expected import list_not_expected
from branchdesk.ui.roster.not_expected_dialog import NotExpectedDialog
from branchdesk.ui.roster.roster_page import RosterPage
from tests.ui_typing import type_text

pytestmark = pytest.mark.usefixtures("message_boxes")  # no box may block a test


def _select(page: RosterPage, pick: Callable[[MemberRecord], bool]) -> MemberRecord:
    row = next(r for r in range(page.proxy.rowCount()) if pick(page.proxy.record_at(r)))
    page.table.selectRow(row)
    return page.proxy.record_at(row)


def _run(monkeypatch: pytest.MonkeyPatch, fill: Callable[[NotExpectedDialog], None]) -> list[NotExpectedDialog]:
    opened: list[NotExpectedDialog] = []

    def exec_(dialog: NotExpectedDialog) -> int:
        opened.append(dialog)
        dialog.show()
        fill(dialog)
        return dialog.result()

    monkeypatch.setattr(NotExpectedDialog, "exec", exec_)
    return opened


def _type_date(field, text: str) -> None:  # type: ignore[no-untyped-def]
    field.edit.setFocus()
    field.edit.selectAll()
    type_text(field.edit, text)
    QTest.keyClick(field.edit, Qt.Key.Key_Return)


def _veteran(m: MemberRecord) -> bool:
    return m.join_date is not None and m.join_date < date(2020, 1, 1) and m.category == "正式党员"


def test_a_bedridden_member_is_left_out_of_new_sheets_once_approved(page, monkeypatch, demo_db) -> None:  # type: ignore[no-untyped-def]
    member = _select(page, _veteran)

    def without_approval(dialog: NotExpectedDialog) -> None:
        assert dialog.reason.currentData() == ""  # opens empty: the reason is chosen
        _type_date(dialog.starts, "2026-03-01")
        dialog.save_button.click()
        assert not dialog.approved.error.isHidden()  # 批准日期 is required
        _type_date(dialog.approved, "2026-02-20")
        dialog.save_button.click()  # still no reason, nobody who approved

    opened = _run(monkeypatch, without_approval)
    page.not_expected()
    form = opened[0]
    assert form.result() == 0
    assert form.errors["原因"].text().startswith("请选择原因")
    assert form.errors["批准人/组织"].text().startswith("请填写批准的组织")
    assert list_not_expected(demo_db, member.id) == []

    def typed(dialog: NotExpectedDialog) -> None:
        dialog.reason.setFocus()
        for _ in range(2):  # （请选择） → 长期出国（境） → 因病等无法表达本人意志
            QTest.keyClick(dialog.reason, Qt.Key.Key_Down)
        QTest.keyClick(dialog.reason, Qt.Key.Key_Tab)
        type_text(dialog.detail, "长期卧床")
        _type_date(dialog.starts, "2026.3.1")
        _type_date(dialog.approved, "2026年2月20日")
        dialog.approver.setFocus()
        type_text(dialog.approver, "党支部委员会")
        dialog.save_button.click()

    opened = _run(monkeypatch, typed)
    page.not_expected()
    assert opened[0].result() == QDialog.DialogCode.Accepted
    [span] = list_not_expected(demo_db, member.id)
    assert (span.reason, span.detail, span.starts_on, span.ends_on, span.approved_on, span.approved_by) == (
        "因病等无法表达本人意志", "长期卧床", date(2026, 3, 1), None, date(2026, 2, 20), "党支部委员会")
    sheet = {a.member_id: a for a in default_attendees(demo_db, member.branch_id, date(2026, 4, 10))}
    assert sheet[member.id].status == "不计入应到"
    status = next(c for c in range(page.model.columnCount())
                  if page.model.headerData(c, Qt.Orientation.Horizontal) == "状态")
    shown = _select(page, lambda m: m.id == member.id)  # the roster shows it today, the record as a tip
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.record_at(r).id == shown.id)
    cell = page.proxy.index(row, status)
    assert cell.data() == "在册·不计应到"
    assert "2026-02-20 党支部委员会批准" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert sheet[member.id].reason == "因病等无法表达本人意志（长期卧床）；2026-02-20 党支部委员会批准"

    def ended(dialog: NotExpectedDialog) -> None:  # listed; Enter opens it to add the day it ended
        assert dialog.history.count() == 1 and "起长期不计入应到会" in dialog.history.item(0).text()

        def add_end(correction: NotExpectedDialog) -> None:
            _type_date(correction.ends, "2026-06-30")
            correction.save_button.click()

        monkeypatch.setattr(NotExpectedDialog, "exec", lambda d: (d.show(), add_end(d), d.result())[2])
        dialog.history.setFocus()
        dialog.history.setCurrentRow(0)
        QTest.keyClick(dialog.history, Qt.Key.Key_Return)
        assert "至 2026-06-30" in dialog.history.item(0).text()
        dialog.reject()

    _select(page, lambda m: m.id == member.id)
    _run(monkeypatch, ended)
    page.not_expected()
    sheet = {a.member_id: a for a in default_attendees(demo_db, member.branch_id, date(2026, 7, 10))}
    assert sheet[member.id].status == "出席"


def test_an_earlier_span_is_read_whole_without_a_sideways_scroll_bar(page, demo_db) -> None:  # type: ignore[no-untyped-def]
    """The list of earlier spans at 1366×768: reason, 说明 and approval on one line, no scroll bar."""
    from branchdesk.domain.roster.not_expected import NotExpectedReason
    from branchdesk.services.roster.not_expected import record_not_expected

    member = _select(page, _veteran)
    record_not_expected(demo_db, member.id, date(2025, 3, 1), NotExpectedReason.ABROAD, date(2025, 2, 20),
                        "党支部委员会", detail="在国外照顾子女，随子女在加拿大多伦多居住，每年春节回国探亲一次")
    dialog = NotExpectedDialog(page.context, member, page)
    dialog.show()
    QTest.qWait(50)
    assert dialog.history.count() == 1
    # the whole line is read: the form is as wide as the line (shots) or, where the screen is narrower, the line
    # wraps (volfix, R3-7) — never a sideways scroll bar
    fits = dialog.history.viewport().width() >= dialog.history.sizeHintForColumn(0)
    assert fits or dialog.history.wordWrap()
    assert dialog.history.horizontalScrollBar().maximum() == 0 or not dialog.history.horizontalScrollBar().isVisible()
    assert dialog.width() <= 1366
    dialog.close()
