"""What the window says when the database cannot be opened at start (issue 8), for `app.run_app`:
a damaged database (already renamed aside by the open) or a missing one after damage comes with the
offer to restore the newest backup that passes its own check, showing its date and record counts.
`show_notices` tells the user about things that did not stop the start (a failed daily backup)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from branchdesk.db.engine import Database
from branchdesk.services.session import DatabaseOpenError
from branchdesk.services.storage import backups


def tr(text: str) -> str:
    """QWidget.tr as a plain function (the same translation context), for texts outside a widget."""
    return QCoreApplication.translate("QWidget", text)


def offer_restore(parent: QWidget | None, error: DatabaseOpenError) -> bool:
    """Explain `error`; when good backups are known, offer the newest. True if it was restored (open
    the database again), False otherwise (the caller stops)."""
    good = list(getattr(error, "backups", []) or [])
    path: Path | None = getattr(error, "path", None)
    if not good or path is None:
        QMessageBox.critical(parent, tr("无法打开数据库"), str(error))
        return False
    answer = QMessageBox.question(
        parent, tr("数据库已损坏"),
        str(error) + tr("\n\n现在恢复这个备份吗？"),
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    from branchdesk.ui.settings.backup_panel import ask_backup_secret

    if not ask_backup_secret(parent, good[0].path):  # an encrypted backup: its password first
        return False
    try:
        outcome = backups.restore_backup(path, good[0].path)
    except backups.BackupFailed as exc:
        QMessageBox.critical(parent, tr("恢复失败"), str(exc))
        return False
    QMessageBox.information(parent, tr("已恢复"), outcome.to_text())
    return True


def show_notices(parent: QWidget | None, db: Database) -> None:
    if db.notices:
        QMessageBox.warning(parent, tr("提醒"), "\n".join(db.notices))
        db.notices.clear()
