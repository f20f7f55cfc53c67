"""Icons of the window: the Lucide set (ISC licence, resources/licenses/lucide-LICENSE.txt) bundled as
SVG in resources/icons/lucide and drawn in the colour asked for, so one drawing serves the navigation,
the buttons and the status marks. A missing file gives an empty icon, never an error."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from branchdesk.paths import resources_folder

DEFAULT_COLOUR = "#3c4043"
SIZES = (16, 20, 24, 32, 48)

# The navigation areas and their icons (areas added later fall back to a neutral one).
NAV_ICONS = {
    "home": "house", "roster": "users", "meetings": "calendar-check", "themeday": "flag",
    "development": "sprout", "mentoring": "handshake", "rectification": "clipboard-check",
    "dues": "wallet", "exchange": "package", "reports": "file-chart-column", "settings": "settings",
}


def icon_file(name: str):  # type: ignore[no-untyped-def]
    return resources_folder() / "icons" / "lucide" / f"{name}.svg"


@lru_cache(maxsize=256)
def _svg(name: str, colour: str) -> bytes | None:
    try:
        text = icon_file(name).read_text(encoding="utf-8")
    except OSError:
        return None
    return text.replace("currentColor", colour).encode("utf-8")


def pixmap(name: str, size: int = 20, colour: str = DEFAULT_COLOUR, ratio: float = 1.0) -> QPixmap:
    data = _svg(name, colour)
    side = max(1, round(size * ratio))
    result = QPixmap(side, side)
    result.fill(Qt.GlobalColor.transparent)
    if data is None:
        return result
    renderer = QSvgRenderer(QByteArray(data))
    painter = QPainter(result)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, side, side))
    painter.end()
    result.setDevicePixelRatio(ratio)
    return result


@lru_cache(maxsize=256)
def icon(name: str, colour: str = DEFAULT_COLOUR, active: str | None = None) -> QIcon:
    """A QIcon at the usual sizes; `active` is the colour when the item is selected (navigation)."""
    result = QIcon()
    if _svg(name, colour) is None:
        return result
    for size in SIZES:
        result.addPixmap(pixmap(name, size, colour), QIcon.Mode.Normal)
        result.addPixmap(pixmap(name, size, "#9aa0a6"), QIcon.Mode.Disabled)
        if active:
            result.addPixmap(pixmap(name, size, active), QIcon.Mode.Selected)
    return result


def icon_size(size: int = 18) -> QSize:
    return QSize(size, size)
