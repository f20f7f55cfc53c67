"""Long work — imports, the year-end report, checks of the whole file — reports its progress and can
be stopped, without Qt: a worker takes `progress(done, total)` and `cancelled()` callbacks (ui/tasks.py
runs it on a thread; the command line passes none). When it sees the cancel flag it raises `Cancelled`,
the one exception every layer raises for a user's 取消, so the window tells a cancel from a failure
by its type and never by its wording."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]  # progress(done, total)
IsCancelled = Callable[[], bool]  # True once the user pressed 取消


class Cancelled(Exception):
    """The user pressed 取消 and the work stopped. The message says what was (not) done."""

    def __init__(self, message: str = "已取消，没有写入任何数据。") -> None:
        super().__init__(message)
