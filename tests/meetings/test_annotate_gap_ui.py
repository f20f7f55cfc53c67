"""T10-18: in 规定次数检查 a secretary chose a gap in the findings list and tabbed to “说明缺漏原因…”: Tab
walked the list row by row, so the reason was filed on another month — and, for a 党小组会, on every
党小组 of the branch, which the dialog did not say. Tab now leaves the list with the chosen gap kept,
and the dialog names the gap it covers: branch, period, kind, and for MTG-MONTHLY-GROUP (支部条例
第十三条, per group) the 党小组 the reason applies to."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QPushButton

from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.services.meetings.calendar import list_exemptions
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.calendar_tab import CalendarTab
from tests.meetings.helpers import BRANCH, make_branch

pytestmark = pytest.mark.usefixtures("message_boxes")


@pytest.fixture
def tab(qtbot, db):  # type: ignore[no-untyped-def]
    branch = make_branch(db)  # no meeting at all: every month of 2025 is a gap
    widget = CalendarTab(AppContext(db), lambda: [(BRANCH, branch.id)])
    qtbot.addWidget(widget)
    widget.year.setValue(2025)
    with qtbot.waitSignal(widget.loaded, timeout=20_000):
        widget.refresh()
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    return widget


def _down_to(qtbot, tab: CalendarTab, kind: str, period: str) -> None:  # type: ignore[no-untyped-def]
    tab.findings.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: tab.selected() is not None)
    for _ in range(tab.findings_proxy.rowCount()):
        chosen = tab.selected()
        if chosen is not None and (chosen.meeting_type, chosen.period) == (kind, period):
            return
        QTest.keyClick(tab.findings, Qt.Key.Key_Down)
    raise AssertionError(f"{period} {kind} not listed")


def _tab_to_annotate(tab: CalendarTab) -> None:
    button = next(b for b in tab.findChildren(QPushButton) if b.text() == "说明缺漏原因…")
    for _ in range(10):
        if QApplication.focusWidget() is button:
            return
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached the button (focus on {QApplication.focusWidget()!r})")


def test_tab_to_the_button_keeps_the_chosen_gap_and_files_the_reason_on_it(qtbot, tab, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _down_to(qtbot, tab, MeetingKind.THEME_DAY.value, "2025-02")
    _tab_to_annotate(tab)
    chosen = tab.selected()
    assert chosen is not None and (chosen.meeting_type, chosen.period) == (MeetingKind.THEME_DAY.value, "2025-02")
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (asked.append(a[2]) or "寒假期间党员分散", True))
    with qtbot.waitSignal(tab.loaded, timeout=20_000):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert "高一年级党支部" in asked[0] and "2025年2月" in asked[0] and "主题党日" in asked[0]
    assert [(e.kind, e.period) for e in list_exemptions(tab.context.db)] == [("主题党日", "2025-02")]


def test_a_group_meetings_gap_names_the_groups_the_reason_covers(qtbot, tab, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _down_to(qtbot, tab, MeetingKind.GROUP.value, "2025-02")
    _tab_to_annotate(tab)
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (asked.append(a[2]) or "", False))
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert "2025年2月" in asked[0] and "党小组会" in asked[0]
    assert "语文党小组" in asked[0] and "数学党小组" in asked[0]  # the reason is kept for the branch's month
    assert list_exemptions(tab.context.db) == []  # cancelled: nothing filed
