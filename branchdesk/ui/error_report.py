"""What the window says when something fails that no page expected: an exception that escapes a slot
(a save that SQLite refuses because the file is read-only or the disk is full, a bug). Qt would only
print it to a console nobody sees and the user would be left wondering whether the record was kept.
Here it becomes one message in plain Chinese; the technical text goes to the details and to stderr.
Installed once by the running application (app.run_app), never over a hook someone else set (a test
runner's)."""

from __future__ import annotations

import re
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

# An unexpected problem in a box (`error_box`): its technical text is under 显示详情.
UNEXPECTED_BOXED = "程序遇到了意外的问题。已保存的数据不受影响；请重试，如仍出现请点“显示详情”，把其中的说明告诉技术支持。"
UNEXPECTED = "操作没有完成：" + UNEXPECTED_BOXED
# The same for a background task's failure said in a status line or a form's red line: no 显示详情
# there, the technical text goes to the traceback the task prints.
UNEXPECTED_TASK = "程序遇到了意外的问题。已保存的数据不受影响；请重试，如仍出现请告诉技术支持。"

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}")  # "No such file", "object has no attribute"


def known_message(exc: BaseException) -> str | None:
    """A service's own message, or the disk's problem in plain words (read-only file, disk full,
    database busy: SQLite's own text is English); None for anything else. The services are imported
    here, when something failed: this module is loaded before the first paint and must not bring the
    database layer in with it (issue 18)."""
    from branchdesk.services.errors import ServiceError
    from branchdesk.services.storage.backups import storage_problem

    if isinstance(exc, ServiceError):
        return str(exc) or type(exc).__name__
    return storage_problem(exc)


def own_words(exc: BaseException) -> str | None:
    """What the program itself says about `exc`: `known_message`, or the text of an error worded in
    Chinese where it was raised (a wrong password, a locked file, a worker's "第 3 行不能为空"); None
    for a technical one (a bug's KeyError, a library's or the system's English text)."""
    if known := known_message(exc):
        return known
    text = str(exc).strip()
    if _CJK.search(text) and not _ENGLISH_WORDS.search(text):
        return text
    return None


def message_for(exc: BaseException) -> str:
    """A sentence for the user: `own_words`, or that the operation did not finish. A technical
    error's own text (English) is never in it: it goes to `details_for` (TY-3)."""
    return own_words(exc) or UNEXPECTED


def details_for(exc: BaseException) -> str:
    """What support needs of an unexpected error, for the box's 显示详情 (Qt's own button): its name, its first line
    and where it was raised; "" for a known one (its message says it all). A database server's DETAIL
    line names the values themselves (a 公民身份号码 that is already there), and SQLAlchemy's statement
    follows: only the first line is shown, the whole text goes to the traceback on stderr."""
    if known_message(exc):
        return ""
    first = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    lines = [f"{type(exc).__name__}: {first[:300]}"]
    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ is not None else []
    lines += [f"{Path(frame.filename).name}:{frame.lineno} {frame.name}" for frame in frames[-3:]]
    return "\n".join(lines)


def error_box(parent: QWidget | None, title: str, text: str, details: str = "", *,
              icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> None:
    """The one box that tells a failure — an unexpected error's (`report`), one held while the window
    was locked (`show_held`), a background task's (ui.tasks.failure_box): the plain sentence, and the
    technical text (`details_for`) under 显示详情 when there is one. It waits for 确定. Also a long result
    told in a line first, with its lines under 显示详情, where they scroll (several 数据包 received at
    once: the box stays within a 768 px screen, trial D, TD-10)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()


HELD = "窗口锁定期间有一项操作没有完成（数据库已锁定，不能读写）。已保存的数据不受影响；请检查刚才的操作，必要时再做一次。"
_held: list[BaseException] = []  # failures while the window was locked, told once it is unlocked


def _locked_out(exc: BaseException) -> bool:
    """`exc` comes of the window lock: the database's key was forgotten (KeyRequired, maybe wrapped)
    and is still not held. Expected while locked, so never "an unexpected problem" (trial R, TR-9)."""
    from branchdesk.db.cipher import KeyRequired
    from branchdesk.services.storage.encryption import is_unlocked

    seen: BaseException | None = exc
    for _ in range(5):  # the error itself and what it was raised from
        if seen is None:
            return False
        if isinstance(seen, KeyRequired):
            return not is_unlocked(seen.path)
        seen = seen.__cause__ or seen.__context__
    return False


def show_held() -> None:
    """After the unlock: say once that something did not finish while the window was locked (never a
    box over the lock screen, and never nothing: it may have been something the user asked for)."""
    if not _held or QApplication.instance() is None:
        return
    first = _held[0]
    _held.clear()
    error_box(QApplication.activeWindow(), "操作没有完成", HELD, details_for(first) or f"{type(first).__name__}: {first}",
              icon=QMessageBox.Icon.Information)


def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook: print the traceback (for a support request) and tell the person at the window,
    in plain Chinese, with the technical text under 显示详情. A failure because the window is locked
    is told after the unlock (`show_held`), not over the lock screen."""
    traceback.print_exception(exc_type, exc, tb)
    if isinstance(exc, KeyboardInterrupt) or QApplication.instance() is None:
        return
    if _locked_out(exc):
        _held.append(exc)
        return
    error_box(QApplication.activeWindow(), "操作没有完成", message_for(exc), details_for(exc))


def install() -> None:
    """Report unexpected errors in the window from now on, unless another hook is already in place."""
    if sys.excepthook is sys.__excepthook__:
        sys.excepthook = report
