"""What every page shares: the open database, the thread pool, and app-wide signals."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal

if TYPE_CHECKING:  # the database layer (SQLAlchemy) is imported once the window is shown (app.py)
    from branchdesk.db.engine import Database


_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


class AppContext(QObject):
    """Passed to every page. Pages emit `data_changed` after a write so other pages refresh, and
    `navigate(area_key, payload)` to open another area (the home page's to-dos use it).

    The window is shown before its database is open (app.py, issue 18): until then `ready` is False,
    `target` names what is being opened, and no page is built."""

    data_changed = Signal(str)  # the area key that changed
    navigate = Signal(str, object)

    def __init__(self, db: Database | None = None, parent: QObject | None = None, *, target: str = "") -> None:
        super().__init__(parent)
        self._db = db
        self.target = target
        self.pool = QThreadPool.globalInstance()

    @property
    def db(self) -> Database:
        if self._db is None:
            raise RuntimeError("the database is not open yet")
        return self._db

    @db.setter
    def db(self, db: Database) -> None:
        self._db = db

    @property
    def ready(self) -> bool:
        """Is the database open?"""
        return self._db is not None

    @property
    def path(self) -> Path | None:
        """The database file (None for a server), also while it is being opened."""
        if self._db is not None:
            return self._db.path
        return Path(self.target) if self.target and "://" not in self.target else None

    @property
    def url(self) -> object:
        """The server URL (its password masked while the database is being opened)."""
        return self._db.url if self._db is not None else _PASSWORD.sub(r"\1***@", self.target)

    @property
    def where(self) -> str:
        """The database as the title bar names it."""
        return str(self.path or self.url)
