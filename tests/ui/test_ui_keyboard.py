"""The keyboard as a person on a shared office PC uses it (trial 10): the cursor where typing goes,
Tab out of lists, sheets and multi-line boxes, Escape that asks before throwing a form away.
Keys go to whatever has the focus, as they do on the screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from branchdesk.db.queries import get_setting
from branchdesk.services.setup import RECORDS_START
from branchdesk.ui.context import AppContext
from branchdesk.ui.setup.first_start import FirstStartDialog
from branchdesk.ui.widgets.keyboard import KeyboardFilter
from tests.ui_typing import type_text


@pytest.fixture
def keyboard() -> Iterator[KeyboardFilter]:
    """The application-wide keyboard filter (app.py installs it), taken out again after the test."""
    app = QApplication.instance()
    assert app is not None
    keys = KeyboardFilter()
    app.installEventFilter(keys)
    yield keys
    app.removeEventFilter(keys)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)


def type_here(text: str) -> None:
    type_text(focused(), text)


def shown(qtbot, window: QWidget) -> None:  # type: ignore[no-untyped-def]
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def test_each_first_start_step_takes_the_typing(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """T10-1: after 下一步 the cursor is in the step's first field: the 启用日期 typed is the one saved."""
    dialog = FirstStartDialog(AppContext(db))
    qtbot.addWidget(dialog)
    shown(qtbot, dialog)
    assert focused() is dialog.school
    type_here("示范市实验中学")
    press(Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == 1 and focused() is dialog.outline
    type_here("第三党支部：初一党小组、初二党小组")
    press(Qt.Key.Key_Tab)
    while focused() is not dialog.next_button:
        press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Space)
    assert dialog.pages.currentIndex() == 2
    assert focused() is dialog.start_date.edit
    type_here("2026.1.1")
    press(Qt.Key.Key_Return)  # confirms the date and moves on (date_edit), to 保存并继续
    assert dialog.pages.currentIndex() == 2 and focused() is dialog.next_button
    press(Qt.Key.Key_Return)
    assert dialog.pages.currentIndex() == 3
    with db.session() as session:
        assert get_setting(session, RECORDS_START) == "2026-01-01"
    assert focused() is dialog.import_link  # the last step: its first choice
    dialog.start_link.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
