"""Windows and dialogs that fit the screen they open on (its available area: the taskbar excluded),
remember the size the user gave them, and scroll their content rather than push the buttons below
the bottom of a 1366×768 office screen.

`install(app)` watches every BranchDesk dialog: at its first showing it takes back its remembered
size (QSettings, one entry per dialog class), is shrunk to the screen when larger and centred on its
parent; when it closes its size is remembered. `scrolling(layout)` wraps a form's fields in a scroll
area for dialogs that may be taller than the screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QDialog, QFrame, QLayout, QScrollArea, QWidget

MIN_WIDTH = 400  # a form narrower than this looks cramped beside a 1366-pixel window
MARGIN = 16  # kept free around a window so its frame and title bar stay on the screen
SKIP = ("QMessageBox", "QProgressDialog", "QInputDialog", "QFileDialog", "QColorDialog", "QFontDialog")


def available(widget: QWidget | None = None) -> QRect:
    """The screen area a window may use: the screen of `widget` (or its parent), else the primary."""
    screen: QScreen | None = None
    probe = widget
    while probe is not None and screen is None:
        screen = probe.screen() if probe.isVisible() else None
        probe = probe.parentWidget()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def bounded(size: QSize, area: QRect) -> QSize:
    return QSize(min(size.width(), area.width() - 2 * MARGIN), min(size.height(), area.height() - 2 * MARGIN - 30))


def place(window: QWidget, preferred: QSize) -> None:
    """Size `window` to `preferred` within the available area and centre it on its parent or screen."""
    area = available(window)
    size = bounded(preferred.expandedTo(window.minimumSize()), area)
    window.resize(size)
    parent = window.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None and parent.isVisible() else area.center()
    frame = QRect(0, 0, size.width(), size.height() + 30)
    frame.moveCenter(centre)
    frame.moveLeft(max(area.left() + MARGIN // 2, min(frame.left(), area.right() - frame.width())))
    frame.moveTop(max(area.top(), min(frame.top(), area.bottom() - frame.height())))
    window.move(frame.topLeft())


def settings_key(dialog: QWidget) -> str:
    return f"dialogs/{type(dialog).__name__}/size"


def scrolling(layout: QLayout, parent: QWidget | None = None) -> QScrollArea:
    """The fields of a long form in a frameless scroll area (its buttons stay outside, always seen).
    Rows may still be added to `layout` afterwards: the dialog asks for their full height when shown."""
    content = QWidget()
    content.setLayout(layout)
    area = QScrollArea(parent)
    area.setObjectName("formScroll")
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields inside, not to the area (T10-10)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    area.setMinimumHeight(160)
    return area


def _fit_scroll_width(area: QScrollArea) -> None:
    """Wide enough for the form's fields, so only the height ever scrolls."""
    content = area.widget()
    if content is not None:
        area.setMinimumWidth(content.sizeHint().width() + area.verticalScrollBar().sizeHint().width() + 4)


class _DialogSizes(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind not in (QEvent.Type.Show, QEvent.Type.Hide) or not isinstance(watched, QDialog):
            return False
        name = type(watched).__name__
        if name in SKIP or not type(watched).__module__.startswith("branchdesk."):
            return False
        if kind == QEvent.Type.Show and not watched.property("sizeRestored"):
            watched.setProperty("sizeRestored", True)
            saved = QSettings().value(settings_key(watched))
            preferred = (saved.expandedTo(_least(watched, saved.width())) if isinstance(saved, QSize) and saved.isValid()
                         else _preferred(watched))
            place(watched, preferred)
        elif kind == QEvent.Type.Hide and watched.property("sizeRestored"):
            QSettings().setValue(settings_key(watched), watched.size())
        return False


def _least(dialog: QDialog, width: int) -> QSize:
    """The least a remembered size may give the dialog: its fields at their minimum, its wrapped lines
    whole at that width. One size is kept per class: 离开本单位 (a button more) opened after 转入 at
    转入's height squeezed its fields to half a line."""
    layout = dialog.layout()
    if layout is None:
        return QSize()
    layout.activate()
    minimum = dialog.minimumSizeHint()
    width = max(width, minimum.width())
    height = layout.totalMinimumHeightForWidth(width) if layout.hasHeightForWidth() else minimum.height()
    return QSize(minimum.width(), max(height, minimum.height()))


def _preferred(dialog: QDialog) -> QSize:
    """The size the dialog asks for, counting the full height of any scrolling form inside it."""
    areas = dialog.findChildren(QScrollArea, "formScroll")
    for area in areas:
        _fit_scroll_width(area)
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    hint = dialog.sizeHint()
    if dialog.testAttribute(Qt.WidgetAttribute.WA_Resized):  # the dialog asked for a size of its own
        hint = hint.expandedTo(dialog.size())
    extra = 0
    for area in areas:
        content = area.widget()
        wanted = content.sizeHint().height() + 4 if content is not None else 0
        extra += max(0, wanted - area.sizeHint().height())
    return QSize(max(hint.width(), dialog.minimumSizeHint().width(), MIN_WIDTH), hint.height() + extra)


def install(app: QApplication) -> None:
    if app.property("branchdeskDialogSizes"):
        return
    app.setProperty("branchdeskDialogSizes", True)
    app._dialog_sizes = _DialogSizes(app)  # type: ignore[attr-defined]  # kept alive with the application
    app.installEventFilter(app._dialog_sizes)  # type: ignore[attr-defined]
