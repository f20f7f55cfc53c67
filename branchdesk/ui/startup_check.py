"""The bundle's smoke test (packaging/build_bundle.py): with BRANCHDESK_QUIT_AFTER_SHOW set, the window
quits on its own once it is shown and the first page's background loading has finished, so a build
can check that the frozen program really starts (exit code 0) and time it."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV = "BRANCHDESK_QUIT_AFTER_SHOW"
POLL_MS = 50
TIMEOUT_S = 60.0


def requested() -> bool:
    return bool(os.environ.get(ENV))


def quit_when_idle(app: QApplication, window: QWidget, pool: QThreadPool | None = None) -> QTimer:
    """Poll until the window is visible and no background task runs; then quit with 0 (1 on timeout)."""
    pool = pool or QThreadPool.globalInstance()
    started = time.monotonic()
    timer = QTimer(app)
    timer.setInterval(POLL_MS)

    idle_polls = [0]

    def check() -> None:
        # Idle on two polls in a row: a finished task's result is a queued signal, delivered in between.
        idle_polls[0] = idle_polls[0] + 1 if window.isVisible() and pool.activeThreadCount() == 0 else 0
        if idle_polls[0] >= 2:
            timer.stop()
            if sys.stdout is not None:  # a windowed program on Windows has no console
                print(f"BranchDesk window shown: {window.windowTitle()}", flush=True)
            window.close()
            app.exit(0)
        elif time.monotonic() - started > TIMEOUT_S:
            timer.stop()
            if sys.stderr is not None:
                print("BranchDesk window did not finish loading in time", file=sys.stderr, flush=True)
            app.exit(1)

    timer.timeout.connect(check)
    timer.start()
    return timer
