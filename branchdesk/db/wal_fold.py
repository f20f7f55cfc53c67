"""Saves folded into the database file itself soon after they are made (trial TY-17).

In WAL mode a commit goes to `台账.sqlite-wal` and reaches `台账.sqlite` only at a checkpoint, which SQLite
runs after some 1,000 pages or when the program closes. A teacher who copies "the database file" to a USB
drive while the window is open carries a file without the day's saves — a member marked 离世 ten seconds
earlier is 在册 on the other PC, and nothing says the copy is stale. So, a moment after a transaction that
wrote, a PASSIVE checkpoint runs on a connection of its own in a background thread: it copies what the WAL
holds into the file without waiting for readers or blocking writers (a reader's snapshot only holds back
the frames it still needs; the next checkpoint takes them). Several saves in a row are folded once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import Engine

FOLD_DELAY = 1.0  # seconds after the last write: a form's save, an import's commit


class WalFolder:
    """One background thread per open database, started on the first write, stopped by `stop`."""

    def __init__(self, engine: Callable[[], Engine], delay: float = FOLD_DELAY) -> None:
        self._engine = engine  # the database's current engine (it is replaced on reconnect)
        self._delay = delay
        self._due: float | None = None  # when the next checkpoint runs (monotonic), None: nothing to fold
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopped = False

    def wrote(self) -> None:
        """A transaction that changed something committed: fold it in a moment."""
        with self._wake:
            if self._stopped:
                return
            self._due = time.monotonic() + self._delay
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="branchdesk-wal-fold", daemon=True)
                self._thread.start()
            self._wake.notify()

    def stop(self) -> None:
        """No checkpoint after this returns (closing, locking: the caller folds or forgets the WAL)."""
        with self._wake:
            self._stopped = True
            self._due = None
            self._wake.notify()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def resume(self) -> None:
        """After `stop` (the file replaced and connected again): saves are folded again."""
        with self._wake:
            self._stopped = False

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._stopped and (self._due is None or time.monotonic() < self._due):
                    self._wake.wait(None if self._due is None else max(self._due - time.monotonic(), 0))
                if self._stopped:
                    return
                self._due = None
            self._fold()

    def _fold(self) -> None:
        try:
            raw = self._engine().raw_connection()
            try:
                raw.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)")
            finally:
                raw.close()
        except Exception:  # noqa: BLE001 - locked, closing, busy: the WAL stays valid, the next save folds it
            pass
