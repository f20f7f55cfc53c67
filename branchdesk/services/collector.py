"""Python's cycle collector paused while a report is gathered or a year is built: tens of thousands of
small objects that hold no cycles (rows, cells, shares, records) would otherwise set off repeated full
collections over the whole program's heap — on a district's year, a third of the gathering's time,
measured. Restored however the block ends; a block inside another leaves it to the outer one."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
