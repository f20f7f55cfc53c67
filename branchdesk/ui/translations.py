"""Qt's own Chinese texts: standard buttons (确定/取消/关闭/是/否), file dialogs, context menus.

Without this Qt shows them in English inside an otherwise Chinese program. The catalogue ships with
PySide6 (and in the bundle: packaging/branchdesk.spec keeps the zh_CN catalogues)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

LOCALE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


def translation_folders() -> list[str]:
    """Where Qt's catalogues may be: Qt's own idea, then PySide6's package (a pip install on Windows or
    Linux, a bundle that moved the files), so the Chinese buttons never depend on one layout."""
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
               str(package / "Qt" / "translations"), str(package / "translations")]
    return list(dict.fromkeys(f for f in folders if f))


def install_qt_chinese(app: QApplication) -> bool:
    """Load qtbase_zh_CN into the application (kept alive on it); True when it was found."""
    translator = QTranslator(app)
    for folder in translation_folders():
        if translator.load(LOCALE, "qtbase", "_", folder):
            break
    else:
        return False
    app.installTranslator(translator)
    QLocale.setDefault(LOCALE)
    return True
