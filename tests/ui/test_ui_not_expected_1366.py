"""Review rev3 R3-7: at 1366×768 the 组织与党员 list's 状态 column read "在册（不计…" (cut) for a member left out of
应到会 with approval, and the 不计入应到会 form's list of earlier records scrolled sideways. The status word is
short ("在册·不计应到", the record in its tooltip) and whole; the form's lines wrap."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from branchdesk.domain.roster.not_expected import NotExpectedReason
from branchdesk.services.roster.not_expected import record_not_expected
from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.roster.not_expected_dialog import NotExpectedDialog

pytestmark = pytest.mark.usefixtures("message_boxes")

SHOTS = None  # a folder to save the screenshots in, to look at them (None: not saved)


def test_the_status_and_the_earlier_records_are_readable_at_1366(office_window: MainWindow, qtbot: Any,
                                                                  demo_db) -> None:  # type: ignore[no-untyped-def]
    window = office_window
    window.open_area("roster")
    page = window.page("roster")
    qtbot.waitUntil(lambda: page.proxy.rowCount() > 0)
    member = page.proxy.record_at(0)
    record_not_expected(demo_db, member.id, date(2026, 3, 1), NotExpectedReason.CANNOT_EXPRESS, date(2026, 2, 20),
                        "党支部委员会", detail="长期卧床，在家休养")
    record_not_expected(demo_db, member.id, date(2025, 3, 1), NotExpectedReason.AWAY, date(2025, 2, 20),
                        "党支部委员会", ends_on=date(2025, 12, 31), detail="在外地照顾生病的父母")
    page.reload_members()
    qtbot.wait(100)
    view, model = page.table, page.table.model()
    column = next(c for c in range(model.columnCount())
                  if model.headerData(c, Qt.Orientation.Horizontal) == "状态")
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.record_at(r).id == member.id)
    text = str(model.index(row, column).data())
    assert text == "在册·不计应到"
    assert "不计入应到会" in str(model.index(row, column).data(Qt.ItemDataRole.ToolTipRole))
    header = view.horizontalHeader()
    assert QFontMetrics(view.font()).horizontalAdvance(text) + 8 <= header.sectionSize(column), header.sectionSize(column)
    assert header.sectionViewportPosition(column) + header.sectionSize(column) <= view.viewport().width()
    if SHOTS:
        window.grab().save(f"{SHOTS}/roster_1366.png")
    dialog = NotExpectedDialog(window.context, member, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(100)
    if SHOTS:
        dialog.grab().save(f"{SHOTS}/not_expected_form.png")
    assert dialog.history.count() == 2
    assert not dialog.history.horizontalScrollBar().isVisible()
    assert dialog.history.horizontalScrollBar().maximum() == 0
    assert dialog.height() <= 728
