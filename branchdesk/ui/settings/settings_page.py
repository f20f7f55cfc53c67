"""设置: one tab per concern. Each tab is a panel with `refresh()`; PANELS lists them in order as
(title, panel class), so data-safety panels (backups, database check, recycle bin) plug in here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from branchdesk.ui.context import AppContext
from branchdesk.ui.exchange.exchange_panel import ExchangePanel
from branchdesk.ui.security.encryption_panel import EncryptionPanel
from branchdesk.ui.settings.backup_panel import BackupPanel
from branchdesk.ui.settings.check_panel import CheckPanel
from branchdesk.ui.settings.database_panel import DatabasePanel
from branchdesk.ui.settings.records_panel import RecordsPanel
from branchdesk.ui.settings.recycle_panel import RecyclePanel
from branchdesk.ui.settings.rules_panel import RulesPanel
from branchdesk.ui.settings.school_panel import SchoolPanel

PANELS: list[tuple[str, Callable[[AppContext, QWidget], QWidget]]] = [
    ("学校信息", SchoolPanel),
    ("台账记录", RecordsPanel),
    ("规则与节假日", RulesPanel),
    ("备份与恢复", BackupPanel),
    ("检查数据库", CheckPanel),
    ("回收站", RecyclePanel),
    ("数据库位置", DatabasePanel),
    ("数据加密", EncryptionPanel),
    ("数据交换", ExchangePanel),
]


class SettingsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.tabs = QTabWidget()
        for title, panel_class in PANELS:
            self.tabs.addTab(panel_class(context, self), self.tr(title))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        panel = self.tabs.currentWidget()
        if panel is not None and hasattr(panel, "refresh"):
            panel.refresh()
