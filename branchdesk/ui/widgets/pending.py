"""A form's database work that waits a moment after the user's input (the meeting form's sheet follows
the date once the typing stops; the annual report keeps the typed summary 0.8 s after the last key).
Such work must not be left waiting when the window locks: the key is gone by the time it runs, and
what was typed would be neither shown nor kept (trial R, TR-9: "程序遇到了意外的问题（KeyRequired…）"
over the lock screen). `run_pending` does it at once; the window lock calls it before the key goes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


class PendingWork(QTimer):
    """A single-shot timer for `work` that reads or writes the database; `run_now` runs it at once
    when it is waiting (and nothing when it is not)."""

    def __init__(self, interval_ms: int, work: Callable[[], object], parent: QWidget) -> None:
        super().__init__(parent)
        self.setSingleShot(True)
        self.setInterval(interval_ms)
        self.work = work
        self.timeout.connect(work)

    def run_now(self) -> None:
        if self.isActive():
            self.stop()
            self.work()


def run_pending() -> None:
    """Every open window's waiting database work, now (before the window lock drops the key)."""
    for window in QApplication.topLevelWidgets():
        for pending in window.findChildren(PendingWork):
            pending.run_now()
