"""帮助 → 使用说明 (F1): the short illustrated guide shipped in resources/help (HTML with screenshots of
the real window made by docs/make_screenshots.py), read offline in a window beside the program."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from branchdesk.paths import resources_folder
from branchdesk.ui.widgets.window_fit import place


def guide_file() -> Path:
    return resources_folder() / "help" / "index.html"


class GuideWindow(QDialog):
    """Not modal: the guide stays open beside the window while the secretary follows it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("支部台账 使用说明"))
        self.setModal(False)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide")
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._anchor)
        path = guide_file()
        if path.exists():
            self.browser.setSearchPaths([str(path.parent)])
            self.browser.setSource(QUrl.fromLocalFile(str(path)))
        else:
            self.browser.setHtml(self.tr("<h2>使用说明文件缺失</h2><p>请重新安装 BranchDesk。</p>"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        place(self, QSize(980, 700))

    def _anchor(self, url: QUrl) -> None:
        """Links inside the guide stay in it; a link to anything else opens in its own program."""
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)


def _help_menu(window: QMainWindow) -> QMenu:
    for action in window.menuBar().actions():
        if action.menu() is not None and action.text().startswith(window.tr("帮助")):
            return action.menu()  # type: ignore[return-value]
    return window.menuBar().addMenu(window.tr("帮助(&H)"))


def install_guide_action(window: QMainWindow) -> QAction:
    """帮助 → 使用说明 (F1), above 关于."""
    menu = _help_menu(window)
    action = QAction(window.tr("使用说明(&G)"), window)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    holder: dict[str, GuideWindow] = {}

    def show() -> None:
        guide = holder.get("window")
        if guide is None:
            guide = holder["window"] = GuideWindow(window)
        guide.show()
        guide.raise_()
        guide.activateWindow()

    action.triggered.connect(show)
    first = menu.actions()[0] if menu.actions() else None
    if first is not None:
        menu.insertAction(first, action)
        menu.insertSeparator(first)
    else:
        menu.addAction(action)
    window.addAction(action)
    window.guide_action = action  # type: ignore[attr-defined]
    return action
