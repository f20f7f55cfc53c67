"""附件 of a meeting record: photos and scans kept in the database (a backup of the database holds
them), added, saved elsewhere and removed. Only a saved record takes attachments; after each change
the form reloads the record (`changed`), which shows the list again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.file_errors import file_error
from branchdesk.domain.meetings.sitting import MeetingRecord
from branchdesk.services.attachment_files import suggested_name
from branchdesk.services.errors import ServiceError
from branchdesk.services.meetings.records import add_attachment_file, attachment_data, remove_attachment
from branchdesk.ui.context import AppContext


class AttachmentsTab(QWidget):
    changed = Signal()  # an attachment was added or removed: the form reloads the record

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.record_id: int | None = None  # None: the record is not saved yet
        self.attachments = QListWidget()
        add = QPushButton(self.tr("添加照片或扫描件…"))
        add.clicked.connect(self.add_attachment)
        save = QPushButton(self.tr("另存为…"))
        save.clicked.connect(self.save_attachment)
        remove = QPushButton(self.tr("移除"))
        remove.clicked.connect(self.remove_attachment)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("附件保存在数据库中，备份数据库即同时备份附件。")))
        layout.addWidget(self.attachments, 1)
        row = QHBoxLayout()
        for button in (add, save, remove):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

    def show_record(self, record: MeetingRecord | None) -> None:
        self.attachments.clear()
        self.record_id = record.id if record is not None else None
        for info in record.attachments if record is not None else []:
            item = QListWidgetItem(f"{info.filename}（{info.size // 1024 + 1} KB）")
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.attachments.addItem(item)

    def add_attachment(self) -> None:
        if self.record_id is None:
            QMessageBox.information(self, self.tr("附件"), self.tr("请先保存会议记录，再添加附件。"))
            return
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("选择照片或扫描件"), "",
                                                self.tr("图片和文档 (*.jpg *.jpeg *.png *.pdf *.bmp *.tif *.docx);;所有文件 (*)"))
        for name in names:
            try:
                add_attachment_file(self.context.db, self.record_id, Path(name))  # read no further than the limit
            except (OSError, ServiceError) as exc:
                QMessageBox.warning(self, self.tr("未能添加附件"), file_error(exc, name))
        self.changed.emit()

    def save_attachment(self) -> None:
        item = self.attachments.currentItem()
        if item is None:
            return
        filename, payload = attachment_data(self.context.db, item.data(Qt.ItemDataRole.UserRole))
        target, _ = QFileDialog.getSaveFileName(self, self.tr("另存附件"), suggested_name(filename))
        if target:
            Path(target).write_bytes(payload)

    def remove_attachment(self) -> None:
        item = self.attachments.currentItem()
        if item is None or self.record_id is None:
            return
        remove_attachment(self.context.db, item.data(Qt.ItemDataRole.UserRole))
        self.changed.emit()
