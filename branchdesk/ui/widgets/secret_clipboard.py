"""A secret on the clipboard (the recovery key, a branch site's set-up code): there to be pasted once,
then gone. Windows keeps what is copied in its clipboard history (Win+V) and may sync it to the
cloud; the formats Microsoft documents for password managers keep a copy out of both (other systems
ignore them). The dialog that copied the secret clears the clipboard when it closes, if the secret is
still there: something the user copied since is left alone."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData
from PySide6.QtGui import QGuiApplication

_WINDOWS = 'application/x-qt-windows-mime;value="{0}"'  # Qt: a clipboard format registered by name
_OFF = b"\x00\x00\x00\x00"  # a DWORD 0
NOT_FOR_HISTORY = {
    _WINDOWS.format("ExcludeClipboardContentFromMonitorProcessing"): _OFF,
    _WINDOWS.format("CanIncludeInClipboardHistory"): _OFF,
    _WINDOWS.format("CanUploadToCloudClipboard"): _OFF,
}


def copy_secret(text: str) -> None:
    """Put `text` on the clipboard, marked as kept out of the clipboard history and the cloud."""
    data = QMimeData()
    data.setText(text)
    for name, value in NOT_FOR_HISTORY.items():
        data.setData(name, QByteArray(value))
    QGuiApplication.clipboard().setMimeData(data)


def forget_secret(text: str) -> None:
    """Clear the clipboard if it still holds `text`."""
    clipboard = QGuiApplication.clipboard()
    if text and clipboard.text() == text:
        clipboard.clear()
