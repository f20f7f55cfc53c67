"""The actions under a list, the same on every page: the two or three main ones as buttons (the first
in the accent colour), the rest in a "更多" menu, and all of them in the list's context menu. Every
action keeps its keyboard shortcut (shown in its tooltip and in the menu) and is recorded by its text
in `into`, so pages and tests reach it: a QPushButton for a main action, a QAction in 更多."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QMenu, QPushButton, QToolButton, QWidget

from branchdesk.ui.widgets.icons import icon, icon_size
from branchdesk.ui.widgets.style import make_primary

Action = tuple[str, Callable[[], object], str | None]
Control = QPushButton | QAction  # a main action's button, or an entry of 更多

# An icon for the common verbs, found by a word of the action's text (first match wins).
VERB_ICONS = (
    ("导入", "file-up"), ("导出", "file-down"), ("模板", "file-spreadsheet"), ("打印", "printer"),
    ("新增", "plus"), ("新建", "plus"), ("登记", "plus"), ("编辑", "pencil"), ("删除", "trash-2"),
    ("恢复", "undo-2"), ("历史", "history"), ("修改记录", "history"), ("附件", "paperclip"), ("定稿", "badge-check"),
    ("销号", "circle-check"), ("完成", "check"), ("重新打开", "refresh-cw"), ("佐证", "paperclip"), ("离开", "arrow-right"),
)


def verb_icon(text: str) -> str | None:
    return next((name for word, name in VERB_ICONS if word in text), None)


def _action(owner: QWidget, text: str, slot: Callable[[], object], shortcut: str | None) -> QAction:
    action = QAction(text, owner)
    name = verb_icon(text)
    if name:
        action.setIcon(icon(name))
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def action_bar(row: QHBoxLayout, owner: QWidget, primary: Sequence[Action], more: Iterable[Action] = (),
               into: dict[str, Control] | None = None, view: QAbstractItemView | None = None,
               stretch: bool = True, accent: bool = True) -> QToolButton | None:
    """Fill `row`; returns the 更多 button (None when every action is a main one). `accent=False` when
    the page's main action is a button of its own, already in `row`."""
    into = into if into is not None else {}
    more = list(more)
    menu_actions: list[QAction] = []
    for index, (text, slot, shortcut) in enumerate(primary):
        button = QPushButton(text)
        name = verb_icon(text)
        if name:
            button.setIcon(icon(name, "#ffffff" if index == 0 and accent else "#3c4043"))
            button.setIconSize(icon_size(16))
        if index == 0 and accent:
            make_primary(button)
        button.clicked.connect(lambda _checked=False, s=slot: s())
        if shortcut:
            button.setShortcut(QKeySequence(shortcut))
            button.setToolTip(QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText))
        row.addWidget(button)
        into[text] = button
        menu_actions.append(_action(owner, text, slot, None))  # for the context menu (the button has the key)
    more_button = None
    extra = [_action(owner, text, slot, shortcut) for text, slot, shortcut in more]
    if extra:
        more_button = QToolButton()
        more_button.setObjectName("moreButton")
        more_button.setText(owner.tr("更多"))
        more_button.setIcon(icon("ellipsis"))
        more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(more_button)
        for action, (text, _slot, _key) in zip(extra, more, strict=False):
            menu.addAction(action)
            owner.addAction(action)  # its shortcut works while the page is shown
            into[text] = action
        more_button.setMenu(menu)
        row.addWidget(more_button)
    if stretch:
        row.addStretch(1)
    if view is not None:
        attach_context_menu(view, menu_actions + extra)
    return more_button


def attach_context_menu(view: QAbstractItemView, actions: Sequence[QAction]) -> None:
    """Right-click on a row: the same actions as the buttons and 更多 under the list."""
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(pos: QPoint) -> None:
        index = view.indexAt(pos)
        if index.isValid() and view.selectionModel() is not None:
            view.selectionModel().select(index, view.selectionModel().SelectionFlag.ClearAndSelect
                                         | view.selectionModel().SelectionFlag.Rows)
            view.setCurrentIndex(index)
        menu = QMenu(view)
        for action in actions:
            menu.addAction(action)
        menu.exec(view.viewport().mapToGlobal(pos))

    view.customContextMenuRequested.connect(show)
