"""Batch work (an import of thousands of rows) runs with Python's cyclic garbage collector paused.

Building 10,000 rows allocates some hundreds of thousands of objects; each time enough have piled up
the collector walks every object of the process — SQLAlchemy's and Qt's included — again, which made
a third of a 10,000-row import (issue 18). The rows hold no cycles that must go before the batch
ends, and the collector runs as usual afterwards. Pauses may nest and overlap across threads: the
collector is switched back on when the last one ends, and only if it was on before the first.
"""

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
