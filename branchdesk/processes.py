"""Is a process still running on this PC? Asked of the process id a lock file (db/window_lock_file.py)
or a temporary file's name (db/leftovers.py, export_files.py) carries: a temporary whose process is
gone is a leftover; one whose process runs belongs to work in progress and is left alone. Here, below
every layer, so the database, the workbooks and the PDFs ask it alike."""

from __future__ import annotations

import os
import sys


def process_alive(pid: int) -> bool:
    """Is process `pid` running on this PC? (On Windows never os.kill: it would end the process.)"""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]  # Windows only
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True
