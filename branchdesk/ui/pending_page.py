"""What an area shows while it is not built yet: a plain statement, not a fake screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from branchdesk.ui.context import AppContext
from branchdesk.ui.navigation import Area


class PendingPage(QWidget):
    def __init__(self, context: AppContext, area: Area, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        title = QLabel(f"<h2>{area.title}</h2>")
        body = QLabel(self.tr("这一部分（{0}）尚未完成，当前版本还不能使用。").format(area.summary))
        body.setWordWrap(True)
        for label in (title, body):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(label)
        layout.addStretch(1)

    def refresh(self) -> None:
        """Nothing to load."""
