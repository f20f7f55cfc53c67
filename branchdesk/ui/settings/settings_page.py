"""设置: one tab per concern. Each tab is a panel with `refresh()`; panels are listed in PANELS as
(title, "module:Class") so data-safety panels (backups, database check, recycle bin) plug in here."""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from branchdesk.ui.context import AppContext

PANELS: list[tuple[str, str]] = [
    ("学校信息", "branchdesk.ui.settings.school_panel:SchoolPanel"),
    ("台账记录", "branchdesk.ui.settings.records_panel:RecordsPanel"),
    ("备份与恢复", "branchdesk.ui.settings.backup_panel:BackupPanel"),
    ("检查数据库", "branchdesk.ui.settings.check_panel:CheckPanel"),
    ("回收站", "branchdesk.ui.settings.recycle_panel:RecyclePanel"),
    ("数据库位置", "branchdesk.ui.settings.database_panel:DatabasePanel"),
    ("数据加密", "branchdesk.ui.security.encryption_panel:EncryptionPanel"),
]


class SettingsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.tabs = QTabWidget()
        for title, target in PANELS:
            module, _, name = target.partition(":")
            panel = getattr(importlib.import_module(module), name)(context, self)
            self.tabs.addTab(panel, self.tr(title))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        panel = self.tabs.currentWidget()
        if panel is not None and hasattr(panel, "refresh"):
            panel.refresh()
