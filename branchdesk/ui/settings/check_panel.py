"""设置 → 检查数据库 (issue 8): SQLite's integrity_check and foreign_key_check and the change
history's hash chain, run off the GUI thread; the result in plain Chinese, with what to do."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from branchdesk.services.storage.database_check import DatabaseCheckReport, check_database
from branchdesk.ui.context import AppContext
from branchdesk.ui.tasks import describe, run_task


class CheckPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.report: DatabaseCheckReport | None = None
        intro = QLabel(self.tr("检查数据库文件是否完整、记录之间的关联是否正确，以及修改记录是否在 BranchDesk "
                               "之外被改动。检查只读取数据，不做任何修改。"))
        intro.setWordWrap(True)
        self.button = QPushButton(self.tr("检查数据库"))
        self.button.clicked.connect(self.run_check)
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.button)
        layout.addWidget(self.result, 1)

    def refresh(self) -> None:
        """Nothing to load: the check runs when asked (it reads the whole file)."""

    def run_check(self) -> None:
        db = self.context.db
        self.button.setEnabled(False)
        run_task(self, lambda _p, _c: check_database(db), self._show, self._failed,
                 label=self.tr("正在检查数据库……"), pool=self.context.pool)

    def _show(self, report: DatabaseCheckReport) -> None:
        self.report = report
        self.button.setEnabled(True)
        text = report.to_text()
        if not report.ok:
            text += self.tr("\n\n建议：在“备份与恢复”中选择一个“完好”的备份恢复；恢复前当前数据库会先自动备份。")
        self.result.setPlainText(text)
        self.result.setStyleSheet("" if report.ok else "color: #b00020;")

    def _failed(self, error: Exception) -> None:
        self.button.setEnabled(True)
        self.result.setPlainText(self.tr("检查没有完成：{0}").format(describe(error)))
