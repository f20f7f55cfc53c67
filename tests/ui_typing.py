"""Typing into the window as a person does: ASCII as key presses (QTest.keyClicks), Chinese characters
as an input method commits them (a QInputMethodEvent), then Tab to leave the field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` at the cursor: runs of ASCII by key clicks, other characters through the IME."""
    run = ""
    for char in text:
        if char == "\n":  # Enter, as a key (QTest has no key for the character itself)
            if run:
                QTest.keyClicks(widget, run)
                run = ""
            QTest.keyClick(widget, Qt.Key.Key_Return)
            continue
        if char.isascii():
            run += char
            continue
        if run:
            QTest.keyClicks(widget, run)
            run = ""
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(widget, event)
    if run:
        QTest.keyClicks(widget, run)


def retype(edit: QLineEdit, text: str, *, leave: bool = True) -> None:
    """Select what the field holds, type over it, and (by default) leave it with Tab."""
    edit.setFocus()
    edit.selectAll()
    if not text:
        QTest.keyClick(edit, Qt.Key.Key_Delete)
    type_text(edit, text)
    if leave:
        edit.editingFinished.emit()  # what Tab does to the field (offscreen windows have no focus chain)


def type_date(field: QWidget, text: str) -> None:
    """Type into a DateEdit (ui.widgets.date_edit) as a person does."""
    retype(field.edit, text)  # type: ignore[attr-defined]


def type_date_and_enter(field: QWidget, text: str, today: date) -> str:
    """Type `text` over a DateEdit's content as if on `today` and press Enter; returns what the field
    showed as understood while the text was still as typed (before Enter wrote it out)."""
    field.today = today  # type: ignore[attr-defined]
    edit: QLineEdit = field.edit  # type: ignore[attr-defined]
    edit.setFocus()
    edit.selectAll()
    type_text(edit, text)
    shown: str = field.hint.text()  # type: ignore[attr-defined]
    QTest.keyClick(edit, Qt.Key.Key_Return)
    return shown
