"""设置 → 备份与恢复 (issue 8): the backups of this database with date, kind, size and record counts;
back up now; restore a chosen backup (or a file, encrypted or not) after showing what it holds; choose
the backup folder (a USB drive). Restoring closes the database, puts the backup in place (the current
database is backed up first) and opens it again; every page is then told to refresh."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.services import session
from branchdesk.services.storage import backups, encryption
from branchdesk.services.storage.backups import BackupEntry, BackupFailed
from branchdesk.ui.context import AppContext
from branchdesk.ui.tasks import describe, failure_box, run_quietly, run_task
from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _size(entry: BackupEntry) -> str:
    return f"{entry.size / 1_048_576:.1f} MB" if entry.size >= 1_048_576 else f"{max(entry.size // 1024, 1)} KB"


COLUMNS: list[ColumnSpec[BackupEntry]] = [
    ColumnSpec("时间", lambda e: e.created),
    ColumnSpec("类型", lambda e: e.kind),
    ColumnSpec("大小", _size, RIGHT),
    ColumnSpec("在册党员", lambda e: e.on_roster if e.on_roster is not None else "未知", RIGHT),  # not the rows (TY-10)
    ColumnSpec("记录数", lambda e: e.records if e.counts or e.live is not None else "未知", RIGHT,
               tooltip=lambda e: "\n".join(f"{k}：{v}" for k, v in e.labelled_counts().items())),
    ColumnSpec("加密", lambda e: "已加密" if e.encrypted else "未加密",
               color=lambda e: None if e.encrypted else "#8a1c00"),
    ColumnSpec("状态", lambda e: "恢复时输入密码" if e.ok is None and e.encrypted
               else {True: "完好", False: "不可用", None: ""}[e.ok],
               color=lambda e: "#b00020" if e.ok is False else None),
]


def describe_entry(entry: BackupEntry) -> str:
    """A backup for a question or a notice: its line, and what it holds by record area in plain words
    (never the program's own tables: re-trial 11, N-5)."""
    return f"{entry.summary}\n备份中的记录：{entry.contents_text()}"


class BackupPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.folder = QLineEdit()
        self.folder.setReadOnly(True)
        choose = QPushButton(self.tr("更改备份文件夹…"))
        choose.clicked.connect(self.choose_folder)
        default = QPushButton(self.tr("恢复默认位置"))
        default.clicked.connect(lambda: self.set_folder(None))
        self.model: RecordTableModel[BackupEntry] = RecordTableModel(COLUMNS, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        self.backup_button = QPushButton(self.tr("立即备份"))
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(self.tr("从所选备份恢复…"))
        self.restore_button.clicked.connect(self.restore_selected)
        from_file = QPushButton(self.tr("从文件恢复…"))
        from_file.clicked.connect(self.restore_from_file)
        self.status = QLabel()
        self.status.setWordWrap(True)
        hint = QLabel(self.tr("每天第一次打开（数据有变化时）、升级、导入和恢复之前都会自动备份；旧备份按"
                              "“近12天每天、近10周每周、近9个月每月”保留。可以把备份文件夹设在 U 盘上。"))
        hint.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("备份文件夹")))
        top.addWidget(self.folder, 1)
        top.addWidget(choose)
        top.addWidget(default)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, from_file):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    # --- data
    def refresh(self) -> None:
        """List the backups off the GUI thread: each one is checked with integrity_check."""
        db = self.context.db
        self.folder.setText(str(backups.backup_folder(db)))
        self.status.setText(self.tr("正在检查备份……"))
        run_quietly(self, lambda _p, _c: backups.list_backups(db, check=True), self._show,
                    lambda error: self.status.setText(describe(error)), pool=self.context.pool)

    def _show(self, entries: list[BackupEntry]) -> None:
        self.model.set_rows(entries)
        bad = sum(1 for e in entries if e.ok is False)
        text = self.tr("共 {0} 个备份。").format(len(entries))
        self.status.setText(text + (self.tr("其中 {0} 个不可用。").format(bad) if bad else ""))

    def selected(self) -> BackupEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.record_at(rows[0].row()) if rows else None

    # --- actions
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择备份文件夹"), self.folder.text())
        if folder:
            self.set_folder(folder)

    def set_folder(self, folder: str | None) -> None:
        try:
            backups.set_backup_folder(self.context.db, folder)
        except BackupFailed as exc:
            QMessageBox.warning(self, self.tr("不能使用这个文件夹"), str(exc))
            return
        self.refresh()

    def backup_now(self) -> None:
        db = self.context.db

        def done(entry: BackupEntry) -> None:
            self.refresh()
            QMessageBox.information(self, self.tr("已备份"), self.tr("已备份：{0}").format(describe_entry(entry)))

        run_task(self, lambda _p, _c: backups.backup_now(db), done,
                 lambda error: failure_box(self, self.tr("备份失败"), error),
                 label=self.tr("正在备份……"), pool=self.context.pool, cancellable=False)

    def restore_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            QMessageBox.information(self, self.tr("从备份恢复"), self.tr("请先在列表中选择一个备份。"))
            return
        if entry.ok is False:
            QMessageBox.warning(self, self.tr("不能恢复"), self.tr("这个备份未通过完整性检查，请选择另一个。"))
            return
        self.restore(entry.path, describe_entry(entry))

    def restore_from_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("选择备份文件"), self.folder.text(),
                                              self.tr("BranchDesk 备份 (*.sqlite *.bdsealed);;所有文件 (*)"))
        if name:
            self.restore(Path(name), None)

    def restore(self, backup: Path, what: str | None) -> None:
        """Restore `backup` after asking, with `what` it is (None: a picked file, described here once
        its password or key is given)."""
        path = self.context.db.path
        if path is None:
            QMessageBox.warning(self, self.tr("不能恢复"), self.tr("只有本机数据库文件才能从备份恢复。"))
            return
        password = None
        if backups.is_encrypted_backup(backup):
            password, ok = QInputDialog.getText(self, self.tr("加密备份"), self.tr("请输入备份密码："),
                                                QLineEdit.EchoMode.Password)
            if not ok:
                return
        if not self._unlock_backup(backup):
            return
        if what is None:
            what = self._file_description(backup)
        answer = QMessageBox.question(
            self, self.tr("从备份恢复"),
            self.tr("用这个备份替换当前数据库？\n\n{0}\n\n当前数据库会先自动备份，恢复后仍可找回。").format(what))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run_restore(path, backup, password, other_database=False)

    def _run_restore(self, path: Path, backup: Path, password: str | None, *, other_database: bool) -> None:
        self.context.db.close()

        def work(_p, _c):
            return backups.restore_backup(path, backup, password=password, other_database=other_database)

        run_task(self, work, lambda outcome: self._reopen(path, outcome.to_text(), ok=True),
                 lambda error: self._not_restored(path, backup, password, error),
                 label=self.tr("正在恢复……"), pool=self.context.pool, cancellable=False)

    def _not_restored(self, path: Path, backup: Path, password: str | None, error: BaseException) -> None:
        """A file that is another database than this one's backup: say what each is and ask again
        (db/restore.other_database); any other failure: the database as it was."""
        if not isinstance(error, backups.OtherDatabaseFailed):
            self._reopen(path, "", ok=False, error=error)
            return
        self._reopen(path, "", ok=None)
        answer = QMessageBox.question(
            self, self.tr("不是这个数据库的备份"),
            self.tr("{0}\n\n确实要用它替换当前数据库吗？当前数据库会先自动备份。").format(str(error)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._run_restore(path, backup, password, other_database=True)

    def _file_description(self, backup: Path) -> str:
        """A picked file: its path, and what it holds as the list says of a backup (a sealed package
        by its header); 未知 when that cannot be read before the restore (damaged, or another
        program's file: the restore then says what it is)."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a large file on a USB drive
        try:
            entry = backups.describe_file(backup)
        finally:
            QApplication.restoreOverrideCursor()
        if entry is None:
            return self.tr("{0}\n备份中的记录：未知（恢复前无法读取这个文件）").format(backup)
        return f"{backup}\n{describe_entry(entry)}"

    def _unlock_backup(self, backup: Path) -> bool:
        return ask_backup_secret(self, backup)

    def _reopen(self, path: Path, message: str, *, ok: bool | None, error: BaseException | None = None) -> None:
        """Open the database again (restored, or as it was after a failure: `error`, told with 显示详情)
        and tell every page."""
        try:
            self.context.db = session.open(path)
        except Exception as exc:  # noqa: BLE001 - the user must hear why the data cannot be shown
            failure_box(self, self.tr("无法打开数据库"), exc, critical=True)
            return
        self.context.data_changed.emit("*")
        self.refresh()
        if ok:
            QMessageBox.information(self, self.tr("已恢复"), message)
        elif ok is False and error is not None:
            failure_box(self, self.tr("恢复失败"), error)


def ask_backup_secret(parent: QWidget | None, backup: Path) -> bool:
    """An encrypted backup whose key this window does not hold (made before encryption was turned
    off and on again, or found after damage at start): ask for the password it was made with, or the
    recovery key. A restore keeps the database's current password either way (issue 8)."""
    if not encryption.is_encrypted_file(backup) or encryption.is_unlocked(backup):
        return True
    while True:
        secret, ok = QInputDialog.getText(
            parent, QCoreApplication.translate("BackupPanel", "加密的备份"),
            QCoreApplication.translate(
                "BackupPanel", "备份“{0}”已加密。请输入备份时数据库的密码，或恢复密钥：\n"
                "（恢复后，数据库仍使用现在的密码；数据库原来未加密的，恢复后也不加密）").format(backup.name),
            QLineEdit.EchoMode.Password)
        if not ok:
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the key derivation takes a moment
        try:
            encryption.unlock_file(backup, secret)
            return True
        except encryption.EncryptionFailed as exc:
            failure = str(exc)
        finally:
            QApplication.restoreOverrideCursor()
        QMessageBox.warning(parent, QCoreApplication.translate("BackupPanel", "无法解锁备份"), failure)
