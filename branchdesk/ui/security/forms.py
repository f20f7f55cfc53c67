"""Pieces every encryption dialog shares: password fields, the red inline error line, and running a
password check (Argon2id takes up to a second on an old PC) off the GUI thread so a wrong password
comes back as the exception itself — the dialog must tell 密码错误 from other failures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from branchdesk.ui.tasks import Task, run_task

ERROR_STYLE = "color: #b00020;"


def password_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumWidth(260)
    return edit


def recovery_key_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText("XXXX-XXXX-XXXX-…（14 组，每组 4 个字母或数字）")
    edit.setFont(monospace(11))
    edit.setMinimumWidth(520)
    return edit


def monospace(points: int) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(points)
    return font


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


def plain_button(text: str) -> QPushButton:
    """A button Enter never presses by accident: Enter submits through the fields' returnPressed."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setDefault(False)
    return button


def run_guarded(
    parent: QWidget,
    work: Callable[[], Any],
    on_ok: Callable[[Any], None],
    on_fail: Callable[[Exception], None],
    *,
    label: str,
) -> Task:
    """Run `work()` on the pool with run_task; a failure reaches `on_fail` as the exception itself, so
    a dialog can tell a wrong password (WrongPasswordError) from other failures by its type."""
    return run_task(parent, lambda _progress, _cancelled: work(), on_ok, on_fail, label=label,
                    cancellable=False)  # a conversion runs to its end
