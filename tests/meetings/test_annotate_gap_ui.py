"""T10-18: in 规定次数检查 a secretary chose a gap in the findings list and tabbed to “说明缺漏原因…”: Tab
walked the list row by row, so the reason was filed on another month — and, for a 党小组会, on every
党小组 of the branch, which the dialog did not say. Tab now leaves the list with the chosen gap kept,
and the dialog names the gap it covers: branch, period, kind, and for MTG-MONTHLY-GROUP (支部条例
第十三条, per group) the one 党小组 the reason is filed on (the reason is that group's alone)."""

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


def test_a_group_meetings_gap_names_the_group_the_reason_is_for(qtbot, tab, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _down_to(qtbot, tab, MeetingKind.GROUP.value, "2025-02")
    group = tab.selected().group  # type: ignore[union-attr]
    _tab_to_annotate(tab)
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (asked.append(a[2]) or "", False))
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert "2025年2月" in asked[0] and "党小组会" in asked[0]
    assert f"（{group}）" in asked[0] and f"这条说明只用于{group}" in asked[0]  # one 党小组's reason
    assert list_exemptions(tab.context.db) == []  # cancelled: nothing filed


def _answer_the_dialog(qtbot, reason: str, asked: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Once the 说明 dialog is up: read its question, type the reason as a person does, press Enter."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLabel, QLineEdit

    from tests.ui_typing import type_text

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        asked.append("\n".join(label.text() for label in dialog.findChildren(QLabel)))
        edit = dialog.findChild(QLineEdit)
        edit.setFocus()
        type_text(edit, reason)
        QTest.keyClick(edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)


def test_a_reason_typed_for_one_groups_gap_leaves_the_other_groups_gap_a_problem(
        qtbot, tab, message_boxes) -> None:  # type: ignore[no-untyped-def]
    """T10-18: the reason typed for one 党小组's missed 党小组会 is filed on that group's gap only; the
    other group's gap of the month stays a 问题. 撤销说明 on it withdraws that one reason."""
    kind = MeetingKind.GROUP.value
    _down_to(qtbot, tab, kind, "2025-02")
    chosen = tab.selected()
    assert chosen is not None and chosen.group in ("语文党小组", "数学党小组")
    other = ({"语文党小组", "数学党小组"} - {chosen.group}).pop()
    _tab_to_annotate(tab)
    asked: list[str] = []
    _answer_the_dialog(qtbot, "寒假期间党员分散，3月开学后补开", asked)
    with qtbot.waitSignal(tab.loaded, timeout=20_000):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert f"（{chosen.group}）" in asked[0] and f"这条说明只用于{chosen.group}" in asked[0]
    assert other not in asked[0].split("\n")[0]
    assert [(e.kind, e.period, e.group, e.reason) for e in list_exemptions(tab.context.db)] == [
        (kind, "2025-02", chosen.group, "寒假期间党员分散，3月开学后补开")]
    shown = {f.group: f for f in tab.findings_model.rows() if f.meeting_type == kind and f.period == "2025-02"}
    assert shown[chosen.group].message.endswith("已说明情况：寒假期间党员分散，3月开学后补开")
    assert shown[other].severity.value == "error" and "已说明" not in shown[other].message

    def choose(finding) -> None:  # type: ignore[no-untyped-def]
        tab.findings.selectRow(next(i for i in range(tab.findings_proxy.rowCount())
                                    if tab.findings_proxy.record_at(i) is finding))

    choose(shown[other])
    button = next(b for b in tab.findChildren(QPushButton) if b.text() == "撤销说明")
    button.click()
    assert message_boxes.texts[-1] == "所选检查结果没有已填写的说明。"  # the other group has none to withdraw
    assert len(list_exemptions(tab.context.db)) == 1
    choose(shown[chosen.group])
    with qtbot.waitSignal(tab.loaded, timeout=20_000):
        button.click()
    assert message_boxes.questions[-1] == f"撤销{chosen.group}的说明“寒假期间党员分散，3月开学后补开”？"
    assert list_exemptions(tab.context.db) == []


def test_withdrawing_a_whole_branch_reason_from_a_groups_gap_says_it_covers_every_group(
        qtbot, tab, message_boxes) -> None:  # type: ignore[no-untyped-def]
    """A reason kept without a 党小组 (every reason kept before they had one) explains each group's gap;
    撤销说明 on one group's gap says it is the whole branch's before it is withdrawn."""
    from branchdesk.services.meetings.calendar import save_exemption

    kind = MeetingKind.GROUP.value
    branch_id = tab._branches()[0][1]
    save_exemption(tab.context.db, branch_id, kind, "2025-02", "寒假")
    with qtbot.waitSignal(tab.loaded, timeout=20_000):
        tab.refresh()
    _down_to(qtbot, tab, kind, "2025-02")
    assert tab.selected().message.endswith("已说明情况（全支部的说明，适用于各党小组）：寒假")  # type: ignore[union-attr]
    button = next(b for b in tab.findChildren(QPushButton) if b.text() == "撤销说明")
    with qtbot.waitSignal(tab.loaded, timeout=20_000):
        button.click()
    assert message_boxes.questions[-1] == ("撤销说明“寒假”？\n这是全支部的说明，适用于各党小组：撤销后本支部各党小组"
                                           "2025年2月未召开党小组会的都不再有说明。")
    assert list_exemptions(tab.context.db) == []
