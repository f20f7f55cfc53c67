"""One visual language for the whole window: Qt's Fusion style on every system (the screenshots in
the guide look like the program on the office PC), a light palette, one restrained accent colour for
what is primary and selected, consistent spacing, and status colours that always come with a word
or a mark (问题 ●, 即将到期 ◔, 待办 ○, 提醒 ◇, 已完成 ✓), so nothing is told by colour alone."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QPushButton, QStyleFactory, QWidget

ACCENT = "#a3262a"  # a deep 党建 red, used sparingly: primary buttons, the selected area, focus
ACCENT_HOVER = "#8b1f23"
ACCENT_TINT = "#f7e9e9"
TEXT = "#202124"
MUTED = "#5f6368"
BORDER = "#d0d4d9"
SURFACE = "#f6f7f8"

# status: colour, mark, icon — the word is always shown with them
PROBLEM = "#b00020"
DUE = "#a15c00"
TODO = "#3b5b8c"
DONE = "#1b6e2a"
NOTED = "#5f6368"
REMINDER = "#6a4c93"
STATUS = {
    "问题": (PROBLEM, "●", "circle-alert"),
    "即将到期": (DUE, "◔", "clock"),
    "本月待办": (TODO, "○", "calendar-clock"),
    "提醒": (REMINDER, "◇", "info"),
    "已说明": (NOTED, "✎", "message-square-text"),
    "已完成": (DONE, "✓", "circle-check"),
}

SPACING = 8

STYLESHEET = f"""
QMainWindow, QDialog {{ background: #ffffff; }}
QToolTip {{ color: {TEXT}; background: #ffffe8; border: 1px solid {BORDER}; padding: 4px; }}
QPushButton {{
    padding: 4px 12px; min-height: 22px; border: 1px solid {BORDER}; border-radius: 4px; background: #ffffff;
}}
QPushButton:hover {{ background: {SURFACE}; border-color: #b8bdc4; }}
QPushButton:pressed {{ background: #eceef1; }}
QPushButton:disabled {{ color: #9aa0a6; background: #fafafa; border-color: #e3e5e8; }}
QPushButton:focus {{ border-color: {ACCENT}; }}
QPushButton::menu-indicator {{ subcontrol-position: right center; right: 6px; }}
QPushButton[primary="true"] {{
    color: #ffffff; background: {ACCENT}; border: 1px solid {ACCENT}; font-weight: bold; padding: 4px 14px;
}}
QPushButton[primary="true"]:hover {{ background: {ACCENT_HOVER}; }}
QPushButton[primary="true"]:disabled {{ color: #f2f2f2; background: #d3a5a7; border-color: #d3a5a7; }}
QToolButton#moreButton {{
    padding: 4px 10px; min-height: 22px; border: 1px solid {BORDER}; border-radius: 4px; background: #ffffff;
}}
QToolButton#moreButton:hover {{ background: {SURFACE}; }}
QToolButton#moreButton::menu-indicator {{ image: none; }}
QListWidget#navigation {{
    background: {SURFACE}; border: none; border-right: 1px solid {BORDER}; font-size: 15px; outline: none;
}}
QListWidget#navigation::item {{ padding: 9px 10px; margin: 1px 6px; border-radius: 6px; color: {TEXT}; }}
QListWidget#navigation::item:hover {{ background: #eceef1; }}
QListWidget#navigation::item:selected {{ background: {ACCENT_TINT}; color: {ACCENT}; font-weight: bold; }}
QTableView, QTreeView, QListView {{
    border: 1px solid {BORDER}; gridline-color: #e6e8eb; selection-background-color: #dfe8f5;
    selection-color: {TEXT}; alternate-background-color: #fafbfc;
}}
QListWidget#navigation {{ selection-background-color: {ACCENT_TINT}; }}
QHeaderView::section {{
    background: {SURFACE}; color: #3c4043; padding: 4px 6px; border: none;
    border-right: 1px solid #e6e8eb; border-bottom: 1px solid {BORDER}; font-weight: bold;
}}
QTabWidget::pane {{ border: 1px solid {BORDER}; border-radius: 4px; top: -1px; }}
QTabBar::tab {{ padding: 6px 14px; border: 1px solid transparent; color: {MUTED}; }}
QTabBar::tab:selected {{ color: {TEXT}; border-bottom: 2px solid {ACCENT}; font-weight: bold; }}
QTabBar::tab:hover {{ color: {TEXT}; }}
QGroupBox {{ font-weight: bold; border: 1px solid {BORDER}; border-radius: 6px; margin-top: 10px; padding-top: 6px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; }}
QLineEdit, QPlainTextEdit, QTextEdit {{
    border: 1px solid {BORDER}; border-radius: 4px; padding: 3px 5px; background: #ffffff;
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{ border-color: {ACCENT}; }}
QLabel[role="heading"] {{ font-size: 18px; font-weight: bold; color: {TEXT}; }}
QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel#dateHint {{ color: {MUTED}; }}
QStatusBar {{ color: {MUTED}; }}
QListWidget#setupSteps {{ background: {SURFACE}; border: none; border-right: 1px solid {BORDER}; font-size: 14px; }}
QListWidget#setupSteps::item {{ padding: 8px 10px; color: {MUTED}; }}
QListWidget#setupSteps::item:selected {{ color: {ACCENT}; background: {ACCENT_TINT}; font-weight: bold; }}
QTreeView::item {{ padding: 2px 0; }}
QFrame#demoBanner {{ background: #fff4d6; border-bottom: 1px solid #e8c66a; }}
"""


def apply_theme(app: QApplication) -> None:
    """Fusion, a light palette and the stylesheet above, once per application."""
    if app.property("branchdeskTheme"):
        return
    app.setProperty("branchdeskTheme", True)
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#ffffff"), (QPalette.ColorRole.Base, "#ffffff"),
                         (QPalette.ColorRole.AlternateBase, "#fafbfc"), (QPalette.ColorRole.Text, TEXT),
                         (QPalette.ColorRole.WindowText, TEXT), (QPalette.ColorRole.ButtonText, TEXT),
                         (QPalette.ColorRole.Button, "#ffffff"), (QPalette.ColorRole.Highlight, "#dfe8f5"),
                         (QPalette.ColorRole.HighlightedText, TEXT), (QPalette.ColorRole.ToolTipBase, "#ffffe8"),
                         (QPalette.ColorRole.ToolTipText, TEXT), (QPalette.ColorRole.Link, ACCENT),
                         (QPalette.ColorRole.PlaceholderText, "#9aa0a6")):
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)


def make_primary(button: QPushButton) -> QPushButton:
    """The page's (or dialog's) main action, in the accent colour."""
    button.setProperty("primary", True)
    button.style().unpolish(button)
    button.style().polish(button)
    return button


def heading(label: QWidget) -> QWidget:
    label.setProperty("role", "heading")
    return label


def muted(label: QWidget) -> QWidget:
    label.setProperty("role", "muted")
    return label
