"""Python's cycle collector paused while many objects are made that hold no cycles: a roster import of
thousands of rows, a report gathered or a 党费 year built. Each allocates hundreds of thousands of
small objects (rows, cells, shares, records); every time enough have piled up the collector would walk
every object of the process — SQLAlchemy's and Qt's included — again: a third of a 10,000-row import
and of a district's gathering, measured (issue 18). The collector runs as usual afterwards.

Pauses may nest and overlap across threads (an import in a worker while the window gathers 首页): the
collector is switched back on when the last one ends, and only if it was on before the first."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
