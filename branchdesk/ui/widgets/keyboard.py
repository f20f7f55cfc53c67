"""The keyboard, the same in every window: a person on a shared office PC types the whole form and
Tabs from field to field (trial 10).

- Every dialog opens with the cursor in its first input (T10-10: 新增入党申请人, 新增结对 and each
  发展党员 step opened on their scroll area; the name typed first went nowhere). A dialog that
  already put the cursor in an input of its own keeps it.
- Tab moves on from a multi-line box (备注, 整改措施) instead of typing a tab character into it (T10-3).
- Tab leaves a list or a sheet (三会一课's records, the roster, the 出席情况 sign-in sheet) for the
  buttons after it; the arrow keys move inside it (T10-5, T10-8). While a cell is being edited, Tab
  still goes on to the next cell (Qt's editor does that by itself). A grid that wants Tab between
  its cells sets the property `tabBetweenCells`.
- Escape on a form that has been typed into asks before throwing the typing away (T10-3).
- Enter is the form's own button (登记, 保存) again as soon as the focus leaves a button: Tabbing over
  取消 once made Enter mean 取消 for good (TK-1).

`install(app)` does all of this for every BranchDesk window; `focus_first_input(widget)` puts the
cursor in the first input of a page or part of a window (首次使用's steps, a page opened by Ctrl+1…9).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from branchdesk.ui.widgets.list_keys import RECORD_LIST

VIEW_OPTION = "viewOption"  # a box that changes what a window shows (显示完整), not what it saves
SKIP = ("QMessageBox", "QProgressDialog", "QInputDialog", "QFileDialog", "QColorDialog", "QFontDialog")
_STARTED = "_branchdesk_form_start"  # what a dialog's fields held when it was shown
_TEXT_INPUTS = (QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit)


def is_input(widget: QWidget | None) -> bool:
    """A field a person types into or chooses in (not a button, label, list or scroll area)."""
    if widget is None or not isinstance(widget, _TEXT_INPUTS):
        return False
    if isinstance(widget, QLineEdit | QAbstractSpinBox | QPlainTextEdit | QTextEdit) and widget.isReadOnly():
        return False
    return True


def _reachable(widget: QWidget, top: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isEnabled() \
        and (widget is top or widget.isVisibleTo(top))


def first_input(top: QWidget) -> QWidget | None:
    """The first input inside `top` in the order Tab visits them, or None."""
    widget = top.nextInFocusChain()
    seen = 0
    while widget is not None and widget is not top and seen < 5000:
        seen += 1
        if top.isAncestorOf(widget) and _reachable(widget, top) and is_input(widget):
            return widget
        widget = widget.nextInFocusChain()
    return None


def focus_first_input(top: QWidget | None) -> bool:
    """Put the cursor in the first input of `top` (its text selected, so typing replaces it)."""
    widget = first_input(top) if top is not None else None
    if widget is None:
        return False
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    if isinstance(widget, QLineEdit):
        widget.selectAll()
    return True


def focus_page(page: QWidget) -> None:
    """Give the keys to a page just shown (T10-19: after Ctrl+1…9 they stayed in the sidebar, where Down
    meant for the list switched pages): its first record list that holds rows (its chosen row then
    chosen, list_keys), else its first field (a search box, 报表's options), else the first list."""
    lists = [v for v in page.findChildren(QAbstractItemView) if v.property(RECORD_LIST) and _reachable(v, page)]
    ordered = _in_tab_order(page, lists)
    filled = next((v for v in ordered if v.model() is not None and v.model().rowCount() > 0), None)
    if filled is not None:
        filled.setFocus(Qt.FocusReason.TabFocusReason)
    elif not focus_first_input(page) and ordered:
        ordered[0].setFocus(Qt.FocusReason.TabFocusReason)


def _in_tab_order(top: QWidget, widgets: list[QAbstractItemView]) -> list[QAbstractItemView]:
    wanted = {id(w): w for w in widgets}
    ordered: list[QAbstractItemView] = []
    widget = top.nextInFocusChain()
    seen = 0
    while widget is not None and widget is not top and seen < 5000 and len(ordered) < len(wanted):
        seen += 1
        if id(widget) in wanted and widget not in ordered:
            ordered.append(wanted[id(widget)])
        widget = widget.nextInFocusChain()
    return ordered


def _editing_view(editor: QWidget) -> QAbstractItemView | None:
    """The list whose cell `editor` is typing into, or None."""
    viewport = editor.parentWidget()
    view = viewport.parentWidget() if viewport is not None else None
    if isinstance(view, QAbstractItemView) and view.viewport() is viewport \
            and view.state() == QAbstractItemView.State.EditingState:
        return view
    return None


def _tab_from_last_cell(editor: QWidget) -> bool:
    """Tab typed in the last cell of a grid: the keys go on past the grid (the editor, losing the
    focus, keeps what was typed). Elsewhere Tab is left to Qt (True: handled here)."""
    view = _editing_view(editor)
    model = view.model() if view is not None else None
    if view is None or model is None:
        return False
    current = view.currentIndex()
    columns = [c for c in range(model.columnCount(current.parent())) if not view.isIndexHidden(model.index(0, c))]
    if not current.isValid() or current.row() != model.rowCount(current.parent()) - 1 \
            or not columns or current.column() != columns[-1]:
        return False
    widget = view.nextInFocusChain()
    while widget is not None and widget is not view:
        if not view.isAncestorOf(widget) and _reachable(widget, view.window()):
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        widget = widget.nextInFocusChain()
    return False


def _form_values(dialog: QDialog) -> list[tuple[QWidget, object]]:
    """What each field of the dialog holds now."""
    values: list[tuple[QWidget, object]] = []
    for widget in dialog.findChildren(QWidget):
        if widget.property(VIEW_OPTION):
            continue
        if isinstance(widget, QLineEdit) and not widget.isReadOnly() \
                and widget.echoMode() == QLineEdit.EchoMode.Normal:  # a password is not a form's content
            values.append((widget, widget.text()))
        elif isinstance(widget, QPlainTextEdit | QTextEdit) and not widget.isReadOnly():
            values.append((widget, widget.toPlainText()))
        elif isinstance(widget, QComboBox):
            values.append((widget, (widget.currentIndex(), widget.currentText())))
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            values.append((widget, widget.isChecked()))
    return values


def typed_into(dialog: QDialog) -> bool:
    """Whether a field of the dialog holds something other than when it was shown."""
    started = getattr(dialog, _STARTED, None)
    if started is None:
        return False
    now = dict((id(w), v) for w, v in _form_values(dialog))
    return any(now.get(id(w), value) != value for w, value in started)


def ask_discard(dialog: QDialog) -> bool:
    """Whether the person wants the typing thrown away (asked only when something was typed)."""
    if not typed_into(dialog):
        return True
    answer = QMessageBox.question(
        dialog, dialog.tr("放弃未保存的内容？"), dialog.tr("这个窗口里填写的内容还没有保存。放弃这些内容并关闭窗口吗？"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def _ours(dialog: QDialog) -> bool:
    return type(dialog).__name__ not in SKIP and type(dialog).__module__.startswith("branchdesk.")


class KeyboardFilter(QObject):
    """Application-wide (see the module's docstring)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Polish:
            if isinstance(watched, QPlainTextEdit | QTextEdit):
                watched.setTabChangesFocus(True)
            elif isinstance(watched, QAbstractItemView):
                watched.setTabKeyNavigation(False)
        elif kind == QEvent.Type.Show and isinstance(watched, QDialog) and _ours(watched):
            self._shown(watched)
        elif kind == QEvent.Type.Hide and isinstance(watched, QDialog) and hasattr(watched, _STARTED):
            delattr(watched, _STARTED)  # shown again (a dialog kept for reuse): asked afresh
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Tab \
                and event.modifiers() == Qt.KeyboardModifier.NoModifier and isinstance(watched, QWidget):
            return _tab_from_last_cell(watched)
        elif kind == QEvent.Type.KeyPress and isinstance(watched, QDialog) and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier \
                and _ours(watched):
            # reaches the dialog only when the field did not take it (a list's editor, a popup do)
            return not ask_discard(watched)
        return False

    @staticmethod
    def _shown(dialog: QDialog) -> None:
        if getattr(dialog, _STARTED, None) is None:
            setattr(dialog, _STARTED, _form_values(dialog))
            _register_default(dialog)
            if not is_input(dialog.focusWidget()):
                focus_first_input(dialog)


def _register_default(dialog: QDialog) -> None:
    """Make the dialog's default button its default to Qt as well. A button made the default before its
    dialog adopted it (`setDefault(True)` in `__init__`, before the layout takes the button box) is not
    the one Qt gives Enter back to when the focus leaves another button: after Tabbing once round
    收缴党费, Enter meant 取消 and threw a month's 14 payments away without a word (TK-1). Set again once
    the dialog is shown, it is."""
    for button in dialog.findChildren(QPushButton):
        if button.isDefault() and button.window() is dialog:
            button.setDefault(False)
            button.setDefault(True)
            return


def install(app: QApplication) -> None:
    if app.property("branchdeskKeyboard"):
        return
    app.setProperty("branchdeskKeyboard", True)
    app._keyboard = KeyboardFilter(app)  # type: ignore[attr-defined]  # kept alive with the application
    app.installEventFilter(app._keyboard)  # type: ignore[attr-defined]
