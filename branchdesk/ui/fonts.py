"""Register the bundled CJK fonts so Chinese renders on a machine with no fonts at all.

WenQuanYi Micro Hei is the window's face. It lacks some rare characters (生僻字) a name may hold — 䶮
in 王䶮 came out as an empty box on 首页 on a PC without a CJK system font; AR PL UMing, bundled for the
PDF, has them, so the window's font names it second and Qt draws such a character in it. A character
neither has (𠮷) is left to the system's fonts, as before."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from branchdesk.paths import cjk_font_file, cjk_serif_font_file


def install_cjk_font(app: QApplication) -> str | None:
    """Load WenQuanYi Micro Hei and make it the application font; return its family name."""
    font_id = QFontDatabase.addApplicationFont(str(cjk_font_file()))
    if font_id < 0:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        return None
    font = QFont(families[0])
    rare = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(cjk_serif_font_file())))
    if rare:
        font.setFamilies([families[0], rare[0]])  # what the first face lacks is drawn in the second
    font.setPointSize(max(app.font().pointSize(), 10))
    app.setFont(font)
    return families[0]
