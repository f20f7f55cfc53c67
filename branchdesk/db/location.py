"""Where a database file may live. SQLite's WAL needs shared memory between the processes that open
the file, which network file systems cannot give, and their locking is unreliable: a database on a
network share can be corrupted silently, so BranchDesk refuses to open one (issue 8)."""

from __future__ import annotations

import sys
from pathlib import Path, PureWindowsPath

NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs",
    "lustre", "davfs", "fuse.sshfs", "sshfs", "fuse.davfs2", "fuse.glusterfs", "fuse.cephfs", "fuse.rclone",
})
_DRIVE_REMOTE = 4


def _unescape(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def mount_type(path: Path, mounts_text: str) -> str | None:
    """The file-system type of the mount that holds `path` (longest matching mount point)."""
    best, best_type = "", None
    text = str(path)
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape(parts[1]).rstrip("/") or "/"
        inside = text == point or text.startswith(point.rstrip("/") + "/") or point == "/"
        if inside and len(point) >= len(best):
            best, best_type = point, parts[2]
    return best_type


def _windows_remote(path: str) -> bool:
    win = PureWindowsPath(path)
    text = str(win)
    if text.startswith("\\\\?\\UNC\\"):
        return True
    if text.startswith("\\\\") and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return True
    if sys.platform == "win32" and win.drive:
        import ctypes

        return ctypes.windll.kernel32.GetDriveTypeW(win.drive + "\\") == _DRIVE_REMOTE  # type: ignore[attr-defined]  # Windows only
    return False


def network_share(path: str | Path, *, platform: str | None = None, mounts_text: str | None = None) -> str | None:
    """A Chinese description of the network share holding `path`, or None when it is a local disk."""
    platform = platform or sys.platform
    text = str(path)
    if platform == "win32" or text.startswith("\\\\"):
        return "Windows 网络共享文件夹" if _windows_remote(text) else None
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    kind = mount_type(Path(text), mounts_text)
    if kind and kind.lower() in NETWORK_FILE_SYSTEMS:
        return f"网络文件系统（{kind}）"
    return None
