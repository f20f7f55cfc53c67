"""One BranchDesk window per database file (issue 8).

The lock is a QLockFile beside the database (`<name>.lock`): it records the holder's PID, host and
program, and a lock left by a crashed process is recognised as stale (the PID is gone) and taken
over. The first window also listens on a local socket named after the database, so a second start on
the same file — the secretary double-clicking the icon again — brings that window forward instead of
refusing; when the holder is on another PC (a file on a USB drive moved between machines) or does not
answer, the second start says who has the file open.
"""

from __future__ import annotations

import getpass
import hashlib
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

SHOW = b"show\n"
ANSWER_MS = 1500


def server_name(database: Path) -> str:
    """A socket name for this file (and this PC account: two accounts never share a window)."""
    text = str(Path(database).resolve())
    if sys.platform == "win32":
        text = text.lower()  # NTFS names are case-insensitive
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001 - the name only needs to be stable
        user = ""
    return "branchdesk-" + hashlib.sha256(f"{user}|{text}".encode()).hexdigest()[:24]


class InstanceGuard(QObject):
    """Holds the database's lock while the window is open; `show_requested` fires when a second
    start asks this window to come forward."""

    show_requested = Signal()

    def __init__(self, database: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = Path(database)
        self.lock = QLockFile(str(self.database) + ".lock")
        self.lock.setStaleLockTime(0)  # stale = its process is gone, however recent
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Take the lock (a stale one is taken over) and listen for later starts."""
        if not self.lock.tryLock(100):
            return False
        name = server_name(self.database)
        QLocalServer.removeServer(name)  # a socket file left by a crashed window
        self.server = QLocalServer(self)
        if self.server.listen(name):
            self.server.newConnection.connect(self._answer)
        return True

    def _answer(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.waitForReadyRead(ANSWER_MS)
            if bytes(socket.readAll().data()) == SHOW:
                socket.write(b"ok\n")
                socket.flush()
                socket.waitForBytesWritten(ANSWER_MS)
                self.show_requested.emit()
            socket.disconnectFromServer()

    def ask_holder_to_show(self) -> bool:
        """Ask the window that holds the lock to come forward; True when it answered."""
        socket = QLocalSocket()
        socket.connectToServer(server_name(self.database))
        if not socket.waitForConnected(ANSWER_MS):
            return False
        socket.write(SHOW)
        socket.flush()
        answered = socket.waitForReadyRead(ANSWER_MS) and bytes(socket.readAll().data()).startswith(b"ok")
        socket.disconnectFromServer()
        return bool(answered)

    def holder_text(self) -> str:
        """Who has the file open, as far as the lock file says."""
        info = self.lock.getLockInfo()  # PySide6: (pid, host, program), or a falsy value when unreadable
        pid, host, program = info[-3:] if isinstance(info, tuple) and len(info) >= 3 else (0, "", "")
        if not pid:
            return QCoreApplication.translate("InstanceGuard", "另一个 BranchDesk 窗口")
        return QCoreApplication.translate(
            "InstanceGuard", "计算机“{0}”上的 {1}（进程号 {2}）").format(host or "?", program or "BranchDesk", pid)

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()
