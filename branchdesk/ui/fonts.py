"""Register the bundled CJK font so Chinese renders on a machine with no fonts at all."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from branchdesk.paths import cjk_font_file


def install_cjk_font(app: QApplication) -> str | None:
    """Load WenQuanYi Micro Hei and make it the application font; return its family name."""
    font_id = QFontDatabase.addApplicationFont(str(cjk_font_file()))
    if font_id < 0:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        return None
    font = QFont(families[0])
    font.setPointSize(max(app.font().pointSize(), 10))
    app.setFont(font)
    return families[0]
