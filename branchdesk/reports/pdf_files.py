"""A PDF is written whole or not at all: built into a temporary beside the target and renamed over it
only once reportlab has written every byte, so a full disk or a USB drive pulled out half-way leaves
the file printed last time (and no temporary) — as the year-end volume and every workbook. The
temporary of an export killed half-way is removed by the next export to the folder (export_files.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from branchdesk import export_files


@contextmanager
def written_whole(path: Path) -> Iterator[str]:
    """The file name to build the PDF into; on leaving without an error it becomes `path`."""
    with export_files.written_whole(path) as partial:
        yield str(partial)
