"""A PDF is written whole or not at all: built into `<name>.partial` beside the target and renamed over
it only once reportlab has written every byte, so a full disk or a USB drive pulled out half-way
leaves the file printed last time (and no partial) — as the year-end volume and every workbook."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def written_whole(path: Path) -> Iterator[str]:
    """The file name to build the PDF into; on leaving without an error it becomes `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        yield str(partial)
        os.replace(partial, path)
    finally:
        if partial.exists():
            partial.unlink()
