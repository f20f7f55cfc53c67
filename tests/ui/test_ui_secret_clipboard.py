"""Secrets copied to the clipboard (the recovery key, the set-up code of a branch site): 复制 left them
there after the dialog closed, for any program or the next person at the PC to paste, and Windows kept
them in its clipboard history (Win+V) and could sync them to the cloud. Now they are copied with the
formats Windows reads as "not for history, not for the cloud", and the dialog clears the clipboard
when it closes, unless something else was copied since."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication

from branchdesk.services.exchange.records import SetupResult
from branchdesk.ui.exchange.setup_dialogs import SetupCodeDialog
from branchdesk.ui.security.recovery_key_dialog import RecoveryKeyDialog
from branchdesk.ui.widgets.secret_clipboard import NOT_FOR_HISTORY

KEY = "-".join(["ABCD", "EFGH"] * 7)


def _no_history_formats() -> bool:
    mime = QGuiApplication.clipboard().mimeData()
    return mime is not None and all(mime.hasFormat(name) for name in NOT_FOR_HISTORY)


def test_the_recovery_key_leaves_the_clipboard_with_its_dialog(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = RecoveryKeyDialog(KEY, 0, tmp_path / "台账.sqlite")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.copy()
    assert QGuiApplication.clipboard().text() == KEY and _no_history_formats()
    dialog.confirm.setChecked(True)
    dialog.close_button.click()
    assert QGuiApplication.clipboard().text() == ""


def test_what_the_user_copied_since_is_kept(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = RecoveryKeyDialog(KEY, 0, tmp_path / "台账.sqlite")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.copy()
    QGuiApplication.clipboard().setText("会议记录的一段话")
    dialog.confirm.setChecked(True)
    dialog.reject()  # Esc, once confirmed
    assert QGuiApplication.clipboard().text() == "会议记录的一段话"


def test_the_set_up_code_leaves_the_clipboard_with_its_dialog(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = SetupResult(path=tmp_path / "第一党支部.bdsetup", branch="第一党支部", code="1234-5678-9012-3456-7890",
                         fingerprint="AB12 CD34", counts={})
    dialog = SetupCodeDialog(result)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == result.code and _no_history_formats()
    dialog.accept()
    assert QGuiApplication.clipboard().text() == ""
