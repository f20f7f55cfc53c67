"""Is a BranchDesk window holding this database? (issue 8)

The window takes a QLockFile `<database>.lock` (ui/single_instance.py). Commands that replace the
database file — restore, turning encryption on or off — must not do it under an open window: while
the window is locked (idle lock) it has no connection open, so SQLite alone cannot tell. This reads
the lock file without Qt (the CLI never imports it): QLockFile writes the process id, the program
name and the host name on its first three lines; a lock whose process is gone on this PC is stale.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from branchdesk.processes import process_alive


def lock_file(database: Path) -> Path:
    return Path(str(database) + ".lock")


def holder(database: Path) -> str | None:
    """Who holds the window lock on `database`, in words, or None when nobody does."""
    try:
        lines = lock_file(Path(database)).read_text(encoding="utf-8", errors="replace").splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    program = lines[1] if len(lines) > 1 else "BranchDesk"
    host = lines[2] if len(lines) > 2 else ""
    if (not host or host == socket.gethostname()) and not process_alive(pid):
        return None  # left by a crashed window: stale
    if pid == os.getpid():
        return None  # this very process (the window calling a service)
    return f"计算机“{host or '?'}”上的 {program}（进程号 {pid}）"
