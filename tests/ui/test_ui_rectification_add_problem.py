"""整改台账: 新增问题 is a button of the page (NOTE10 "Left": it sat in 更多, and a new user did not find
it), the page's main action like 新增党员 or 新增结对: the first, in the accent colour, reached by Tab from
the list and by Ctrl+N. A problem just added is shown (as a heading with no measure yet) and chosen, so
新增措施 (Ctrl+Shift+N) puts its first measure under it. Driven with the keys, at 1366×768."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from branchdesk.services.rectification import records as rect
from branchdesk.ui.rectification.measure_dialogs import MeasureDialog, ProblemDialog
from tests.ui_typing import type_text

pytestmark = pytest.mark.usefixtures("message_boxes", "keyboard")

CTRL = Qt.KeyboardModifier.ControlModifier



def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def _press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(_focused(), key, modifier)


def _in_the_form(qtbot, act: Callable[[QWidget], None]) -> list[QWidget]:  # type: ignore[no-untyped-def]
    """Run `act` on the form the next key opens (a modal dialog), once it is shown."""
    seen: list[QWidget] = []

    def run() -> None:
        form = QApplication.activeModalWidget()
        if form is None or QApplication.activeWindow() is not form:  # offscreen, shown then activated
            if form is not None:
                form.activateWindow()
            QTimer.singleShot(50, run)
            return
        seen.append(form)
        try:
            act(form)
        except BaseException as exc:  # reported by the test, not lost in the event loop
            seen.append(exc)  # type: ignore[arg-type]
            form.close()

    QTimer.singleShot(50, run)
    return seen


def _activate(qtbot: Any, window: QWidget) -> None:
    """Offscreen, the window is activated again by hand after a form closes, as the desktop does."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _page(office_window: Any, qtbot: Any) -> Any:
    _activate(qtbot, office_window)
    office_window.nav.setFocus()
    _press(Qt.Key.Key_7, CTRL)
    page = office_window.page("rectification")
    qtbot.waitUntil(lambda: page.measure_model.rowCount() > 0)
    return page


def test_new_problem_is_a_button_reached_by_tab_and_ctrl_n(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = _page(office_window, qtbot)
    button = page.buttons["新增问题"]
    assert isinstance(button, QPushButton) and button.isVisible()  # not an entry of 更多
    assert button.property("primary") is True  # the page's main action, as 新增党员 is
    assert "Ctrl+N" in button.toolTip()
    # Tab from the measures' list reaches it
    page.measure_table.setFocus(Qt.FocusReason.TabFocusReason)
    for _ in range(6):
        if _focused() is button:
            break
        _press(Qt.Key.Key_Tab)
    assert _focused() is button

    def type_problem(form: QWidget) -> None:
        assert isinstance(form, ProblemDialog)
        assert _focused() is form.number  # the form opens in its first field
        _press(Qt.Key.Key_Tab)
        type_text(_focused(), "意识形态")
        form.description.setFocus()
        type_text(form.description, "校园网站信息发布审核不严")
        QTest.mouseClick(form.buttons.button(form.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    seen = _in_the_form(qtbot, type_problem)
    _press(Qt.Key.Key_Space)  # on the button
    assert len(seen) == 1, seen
    assert isinstance(seen[0], ProblemDialog) and seen[0].result() == ProblemDialog.DialogCode.Accepted
    problems = rect.list_problems(page.context.db, page.current.ledger.id)
    added = next(p for p in problems if p.description == "校园网站信息发布审核不严")
    assert added.category == "意识形态"
    # shown, and chosen: the list has its heading with no measure yet
    assert page.measure_table.current_problem_id() == added.id
    headings = [page.measure_tree_model.index(r, 0).data() for r in range(page.measure_tree_model.rowCount())]
    assert any("校园网站信息发布审核不严" in h and "尚无整改措施" in h for h in headings), headings

    # Ctrl+Shift+N: its first measure, under it
    def check_measure(form: QWidget) -> None:
        assert isinstance(form, MeasureDialog)
        assert form.problem.currentData() == added.id
        form.reject()

    seen = _in_the_form(qtbot, check_measure)
    _activate(qtbot, office_window)
    page.measure_table.setFocus()
    _press(Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(seen) > 0)  # a button's shortcut clicks it a moment later (animateClick)
    assert len(seen) == 1, seen

    # Ctrl+N from the list opens 新增问题
    def close(form: QWidget) -> None:
        assert isinstance(form, ProblemDialog)
        form.reject()

    seen = _in_the_form(qtbot, close)
    _activate(qtbot, office_window)
    page.measure_table.setFocus()
    _press(Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: len(seen) > 0)
    assert len(seen) == 1, seen


def test_a_filter_hides_a_problem_without_measures(office_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Searching or filtering shows only problems with a measure that matches, as before."""
    page = _page(office_window, qtbot)
    rect.add_problem(page.context.db, page.current.ledger.id, description="课后服务收费公示不及时",
                     category="", number="99", source=page.current.ledger.source)
    page.refresh()
    headings = lambda: [page.measure_tree_model.index(r, 0).data()  # noqa: E731
                        for r in range(page.measure_tree_model.rowCount())]
    assert any("课后服务收费公示不及时" in h for h in headings())
    page.search.setFocus()
    type_text(page.search, "食堂")
    assert not any("课后服务收费公示不及时" in h for h in headings()) and headings()
    page.search.clear()
    assert any("课后服务收费公示不及时" in h for h in headings())

    # a problem added while the list is filtered: the filter is cleared so that it is seen, chosen
    type_text(page.search, "食堂")
    page.state.setCurrentIndex(page.state.findData("overdue"))

    def type_problem(form: QWidget) -> None:
        assert isinstance(form, ProblemDialog)
        form.description.setFocus()
        type_text(form.description, "家校沟通渠道不畅")
        QTest.mouseClick(form.buttons.button(form.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    seen = _in_the_form(qtbot, type_problem)
    page.add_problem()
    assert len(seen) == 1, seen
    added = next(p for p in rect.list_problems(page.context.db, page.current.ledger.id)
                 if p.description == "家校沟通渠道不畅")
    assert page.search.text() == "" and page.state.currentIndex() == 0
    assert page.measure_table.current_problem_id() == added.id
