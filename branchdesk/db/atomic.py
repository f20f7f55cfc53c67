"""Small files beside the database (the key file, the history anchor) written so that a crash leaves the
old file or the new one, never half of one: a partial file, fsync, rename. A partial left behind by a
crash is removed by the sweep at the next open (db/leftovers.py)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_text(target: Path, text: str) -> None:
    partial = target.with_name(target.name + ".partial")
    try:
        with open(partial, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
