"""What every page shares: the open database, the thread pool, and app-wide signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool, Signal

from branchdesk.db.engine import Database


class AppContext(QObject):
    """Passed to every page. Pages emit `data_changed` after a write so other pages refresh, and
    `navigate(area_key, payload)` to open another area (the home page's to-dos use it)."""

    data_changed = Signal(str)  # the area key that changed
    navigate = Signal(str, object)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.pool = QThreadPool.globalInstance()
