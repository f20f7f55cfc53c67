"""Qt's own Chinese texts: standard buttons (确定/取消/关闭/是/否), file dialogs, context menus.

Without this Qt shows them in English inside an otherwise Chinese program. The catalogue ships with
PySide6 (and in the bundle: packaging/branchdesk.spec keeps the zh_CN catalogues)."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

LOCALE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


def install_qt_chinese(app: QApplication) -> bool:
    """Load qtbase_zh_CN into the application (kept alive on it); True when it was found."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(LOCALE, "qtbase", "_", folder):
        return False
    app.installTranslator(translator)
    QLocale.setDefault(LOCALE)
    return True
