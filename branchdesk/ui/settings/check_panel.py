"""设置 → 检查数据库 (issues 8 and 21): the file's integrity and links, the change history's hash chain,
every record against its last history entry, and the history against its anchor and the backups —
the same report as `branchdesk verify`, run off the GUI thread, in plain Chinese with what to do. When
records differ from the history (or the history from its anchor) and the user knows the change was
their own, 确认现状 writes it into the history under their name and sets a new anchor."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services.storage.database_check import DatabaseCheckReport, accept_current, check_database
from branchdesk.ui.context import AppContext
from branchdesk.ui.tasks import describe, run_task


class CheckPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.report: DatabaseCheckReport | None = None
        intro = QLabel(self.tr("检查数据库文件是否完整、记录之间的关联是否正确、每条记录是否与修改记录一致，以及修改记录"
                               "是否在 BranchDesk 之外被改动、删减。检查只读取数据，不做任何修改。"))
        intro.setWordWrap(True)
        self.button = QPushButton(self.tr("检查数据库"))
        self.button.clicked.connect(self.run_check)
        self.accept_button = QPushButton(self.tr("确认现状……"))
        self.accept_button.setToolTip(self.tr("发现的改动是自己做的（例如用旧文件替换过数据库）时使用：把改动记入修改记录"))
        self.accept_button.clicked.connect(self.accept_current)
        self.accept_button.setVisible(False)
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.button)
        buttons.addWidget(self.accept_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.result, 1)

    def refresh(self) -> None:
        """Nothing to load: the check runs when asked (it reads the whole file)."""

    def run_check(self) -> None:
        db = self.context.db
        self.button.setEnabled(False)
        self.accept_button.setVisible(False)
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
        fixable = not report.ok and not (report.integrity or report.foreign_keys or report.history)
        self.accept_button.setVisible(fixable)

    def accept_current(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("确认现状"),
            self.tr("只有确定这些改动是你自己做的（例如用较旧的文件替换过数据库），才确认现状。\n\n"
                    "确认后，这些改动会以你的名义记入修改记录，检查从现在起以此为准。是否确认？"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        db = self.context.db
        self.accept_button.setVisible(False)
        run_task(self, lambda _p, _c: accept_current(db), lambda _n: self.run_check(), self._failed,
                 label=self.tr("正在记入修改记录……"), pool=self.context.pool, cancellable=False)

    def _failed(self, error: Exception) -> None:
        self.button.setEnabled(True)
        self.result.setPlainText(self.tr("检查没有完成：{0}").format(describe(error)))
