"""The one way to run long work off the GUI thread (as Anki does): a QRunnable around a Qt-free
worker function `fn(progress, cancelled)` that reports progress through a callback and checks a
cancel flag. Signals carry the result, or the exception itself, back to the GUI thread: a worker
that stopped because the user pressed 取消 raises `Cancelled` (domain/progress.py), which goes to
`on_cancel`, never to `on_error`, so no 取消 is ever reported as a failure."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from branchdesk.domain.progress import Cancelled
from branchdesk.ui.error_report import UNEXPECTED_BOXED, UNEXPECTED_TASK, details_for, error_box, own_words

Worker = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]
OnDone = Callable[[Any], object]
OnError = Callable[[Exception], object]
OnCancel = Callable[[Cancelled], object]


def describe(error: BaseException) -> str:
    """What the user reads about a failure, by the window's one rule (error_report.own_words): a
    service's message (worded in Chinese), the disk's problem in plain words (a read-only database
    file, a full disk: SQLite's own text is English), an error the program worded in Chinese where it
    was raised, as it is; anything else (a bug, a library's English text) is an unexpected problem in
    plain Chinese — its name and text are in the traceback `Task.run` prints, never in the message.
    For a status line or a form's red line; a box says it with `failure_box`."""
    return own_words(error) or UNEXPECTED_TASK


def failure_box(parent: QWidget | None, title: str, error: BaseException, template: str = "{0}", *,
                critical: bool = False) -> None:
    """A failure told in a box (导出失败, 备份失败, 导入失败 …): `describe`'s rule in `template` ("{0}" is
    the sentence), with the technical text under 显示详情 — the window's one error box
    (error_report.error_box), as its unexpected errors have; a failure worded by the program has none."""
    sentence = own_words(error) or UNEXPECTED_BOXED
    error_box(parent, title, template.format(sentence), details_for(error),
              icon=QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning)


def _alive(widget: QObject) -> bool:
    """False once Qt has deleted the widget (its page was closed or rebuilt while the work ran): a
    result for a page that is gone is dropped instead of touching a deleted object."""
    return shiboken6.isValid(widget)


class TaskSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)  # the exception the worker raised (Cancelled after the user's 取消)


class Task(QRunnable):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self.worker = worker
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            result = self.worker(lambda done, total: self.signals.progress.emit(done, total), self._cancel.is_set)
        except Exception as exc:  # noqa: BLE001 - reported to the user, never swallowed
            if not isinstance(exc, Cancelled):
                traceback.print_exc()
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


def run_task(
    parent: QWidget,
    worker: Worker,
    on_done: OnDone,
    on_error: OnError,
    *,
    on_cancel: OnCancel | None = None,
    label: str = "正在处理……",
    pool: QThreadPool | None = None,
    cancellable: bool = True,
) -> Task:
    """Start `worker` on the pool with a modal progress dialog that has a 取消 button — or none, for
    work that must not stop half-way and does not look at its cancel flag (`cancellable=False`):
    a 取消 that closes the dialog while the work goes on would mislead.

    A worker that stops for the 取消 raises Cancelled: `on_cancel` gets it (nothing happens without
    one: the user asked for it); every other exception goes to `on_error`."""
    task = Task(worker)
    dialog = QProgressDialog(label, parent.tr("取消") if cancellable else "", 0, 0, parent)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.setWindowTitle(parent.tr("请稍候"))
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.canceled.connect(task.cancel)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)

    def finish(result: object) -> None:
        if not _alive(dialog):  # the parent went, and its dialog with it
            return
        dialog.reset()
        dialog.deleteLater()
        on_done(result)

    def fail(error: Exception) -> None:
        if not _alive(dialog):
            return
        dialog.reset()
        dialog.deleteLater()
        if isinstance(error, Cancelled):
            if on_cancel is not None:
                on_cancel(error)
        else:
            on_error(error)

    task.signals.progress.connect(progress)
    task.signals.finished.connect(finish)
    task.signals.failed.connect(fail)
    parent._running_task = task  # type: ignore[attr-defined]  # keep it alive until done
    (pool or QThreadPool.globalInstance()).start(task)
    return task


def run_quietly(
    owner: QObject,
    worker: Worker,
    on_done: OnDone,
    on_error: OnError,
    *,
    pool: QThreadPool | None = None,
) -> Task:
    """Start `worker` on the pool without a dialog (a page that fills itself in when ready).
    A task started again by the same owner supersedes the previous one, whose result is dropped;
    a worker that stopped because it was superseded (Cancelled) reports nothing."""
    previous: Task | None = getattr(owner, "_quiet_task", None)
    if previous is not None:
        previous.cancel()
    task = Task(worker)

    def finish(result: object) -> None:
        if not _alive(owner):
            return
        if getattr(owner, "_quiet_task", None) is task:
            owner._quiet_task = None  # type: ignore[attr-defined]  # kept on the owner, see below
            on_done(result)

    def fail(error: Exception) -> None:
        if not _alive(owner):
            return
        if getattr(owner, "_quiet_task", None) is task:
            owner._quiet_task = None  # type: ignore[attr-defined]  # kept on the owner, see below
            if not isinstance(error, Cancelled):
                on_error(error)

    task.signals.finished.connect(finish)
    task.signals.failed.connect(fail)
    owner._quiet_task = task  # type: ignore[attr-defined]  # the owner's current task, kept alive
    (pool or QThreadPool.globalInstance()).start(task)
    return task
