"""关于: the version (from the package metadata, so the installer, the bundle and the window agree),
where the data lives (portable or not), the database in use, and the licences of what is bundled."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from branchdesk import __version__
from branchdesk.paths import PORTABLE_MARKER, data_folder, program_folder, resources_folder

APP_TITLE = "支部台账 BranchDesk"


def icon_file() -> Path:
    return resources_folder() / "icons" / "branchdesk.png"


def app_icon() -> QIcon:
    """The application icon; an empty icon (Qt's default) when the file is missing."""
    path = icon_file()
    return QIcon(str(path)) if path.exists() else QIcon()


def portable_mode() -> bool:
    return (program_folder() / PORTABLE_MARKER).exists()


def licence_text() -> str:
    """The third-party notice and the bundled font's licence, as shipped in resources/."""
    parts = []
    for path in (resources_folder() / "licenses" / "THIRD_PARTY_NOTICES.txt",
                 resources_folder() / "fonts" / "wqy-microhei-LICENSE.txt"):
        if path.exists():
            parts.append(path.read_text(encoding="utf-8"))
    return "\n\n".join(parts) if parts else "许可文件缺失，请重新安装 BranchDesk。"


def database_text(db: object | None) -> str:
    """A file path as is; a server URL without its password (it must never be shown)."""
    if db is None:
        return "（未打开）"
    path = getattr(db, "path", None)
    if path is not None:
        return str(path)
    url = getattr(db, "url", None)
    render = getattr(url, "render_as_string", None)
    return render(hide_password=True) if render else str(url)


class AboutDialog(QDialog):
    def __init__(self, db: object | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("关于 {0}").format(APP_TITLE))
        self.setWindowIcon(app_icon())
        logo = QLabel()
        pixmap = QPixmap(str(icon_file()))
        if not pixmap.isNull():
            logo.setPixmap(pixmap.scaled(96, 96, Qt.AspectRatioMode.KeepAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation))
        mode = self.tr("便携模式（数据保存在程序旁边的文件夹中）") if portable_mode() else self.tr("安装模式")
        self.version_label = QLabel(self.tr("版本 {0}").format(__version__))
        self.version_label.setObjectName("version")
        self.details = QLabel(
            self.tr("数据文件夹：{0}\n运行方式：{1}\n数据库：{2}\nPython {3}（{4}），Qt {5}，PySide6 {6}").format(
                data_folder(), mode, database_text(db), platform.python_version(),
                "64 位" if sys.maxsize > 2**32 else "32 位", qVersion(), pyside_version,
            )
        )
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setWordWrap(True)
        title = QLabel(f"<h2>{APP_TITLE}</h2>")
        blurb = QLabel(self.tr("中小学校党支部台账管理软件：组织和党员花名册、三会一课、发展党员、结对帮扶、整改台账。"
                               "数据保存在本机或本校的共享数据库中，不需要联网。"))
        blurb.setWordWrap(True)
        self.licences = QPlainTextEdit(licence_text())
        self.licences.setReadOnly(True)
        self.licences.setMinimumHeight(180)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        head = QHBoxLayout()
        head.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        for widget in (title, self.version_label, blurb, self.details):
            text.addWidget(widget)
        head.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(QLabel(self.tr("第三方组件及许可：")))
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        self.resize(640, 520)


def install_about_action(window: QMainWindow, db: object | None = None) -> QAction:
    """Give the main window its icon and a 帮助 → 关于 menu entry (Ctrl+F1; F1 stays free for help)."""
    window.setWindowIcon(app_icon())
    menu = window.menuBar().addMenu(window.tr("帮助(&H)"))
    action = QAction(window.tr("关于 支部台账(&A)…"), window)
    action.setShortcut(QKeySequence("Ctrl+F1"))
    action.setMenuRole(QAction.MenuRole.AboutRole)
    action.triggered.connect(lambda: AboutDialog(db, window).exec())
    menu.addAction(action)
    return action
