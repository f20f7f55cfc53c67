"""What the dated member-event forms (支部调整, 组织关系转入, 离开本单位, 党纪处分) share: a line naming
the member, a form whose fields show their problems beside them, a red line for what the service
refuses, the member's earlier events of the kind, and 保存 / 取消.

An earlier event saved by mistake is corrected in the same list: select it, then 删除此记录 (or the
Delete key) and confirm the question that names it, or 修改 (Enter, or a double click) to retype it
in the same form, filled with what was saved. The form stays open so the right event can be entered
at once; `changed` tells the roster page to reload even if the form is then cancelled.

Every rule lives in the service: the form only reads what was typed (an unreadable date is named
beside its field by DateEdit) and shows the service's refusal in its words. Nothing is saved until
the service accepts the whole event in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.roster.records import MemberRecord
from branchdesk.services.errors import ServiceError, ValidationFailed
from branchdesk.services.roster.records import get_member
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import DateEdit, InvalidDate, first_problem
from branchdesk.ui.widgets.field_errors import checked_form, show_field_errors

ERROR_STYLE = "color: #b00020;"
HINT_STYLE = "color: #5f6368;"


@dataclass(frozen=True)
class EventRow:
    """One earlier event as the list shows it. `key` is the record's id; `refusal`, when set, is why it
    cannot be deleted here (shown instead of the question, so nobody confirms something refused);
    `editable` offers 修改 (the form's `correction` opens it), and `edit_refusal` says why not."""

    text: str
    key: int
    refusal: str = ""
    editable: bool = False
    edit_refusal: str = ""


def _who(member: MemberRecord) -> str:
    where = f"{member.branch}" + (f" · {member.group}" if member.group else "")
    joined = f"{member.join_date:%Y-%m-%d}" if member.join_date else "未填"
    return f"党员：{member.name}（{where}，{member.category}；入党日期 {joined}）"


class MemberEventDialog(QDialog):
    """Base of the event forms; a subclass builds its fields, then calls `build` and implements `write`."""

    def __init__(self, context: AppContext, member: MemberRecord, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.member = member
        self.setWindowTitle(f"{title} — {member.name}")
        self.setMinimumWidth(560)
        self.who = QLabel(_who(member))
        self.who.setWordWrap(True)
        self.changed = False  # an earlier event was deleted or corrected: the roster must reload
        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.setStyleSheet(ERROR_STYLE)
        self.refusal.setWordWrap(True)
        self.refusal.hide()
        self.history = QListWidget(self)
        self.history.setObjectName("eventHistory")
        self.history.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it; Delete deletes
        # the buttons follow the selection, not the current row: a mouse press makes the row current
        # before it selects it, so the current row alone would leave them greyed after a click
        self.history.itemSelectionChanged.connect(self._selection_changed)
        self.history.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.delete_button = QPushButton(self.tr("删除此记录(&D)"), self)
        self.delete_button.setToolTip(self.tr("删除在列表中选中的记录（Delete 键），删除前会再确认"))
        self.edit_button = QPushButton(self.tr("修改日期/原因(&E)"), self)
        for button in (self.delete_button, self.edit_button):
            button.setAutoDefault(False)
            button.setEnabled(False)
        self.delete_button.clicked.connect(self.delete_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.edit_button.hide()
        self.history.installEventFilter(self)  # the Delete key on the list deletes the selected event
        self.rows: list[EventRow] = []
        self.history_title = QLabel(self)
        self._title_text = ""
        self._title_hint = ""
        self.errors: dict[str, QLabel] = {}
        self.dates: list[DateEdit] = []

    def build(self, fields: Sequence[str], widgets: Sequence[QWidget], hint: str, history_title: str,
              history: Sequence[EventRow], ok_text: str = "保存", history_hint: str = "") -> None:
        """Lay the form out: member line, fields, hint, refusal line, earlier events, buttons.
        `history_title` names the list ("以往的党纪处分"); `history_hint` says what can be done with
        its rows and is shown only when there are some."""
        form, self.errors = checked_form(fields, widgets)
        self.dates = [w for w in widgets if isinstance(w, DateEdit)]
        note = QLabel(hint)
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr(ok_text))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.refusal)
        if not history_title:  # a form correcting one event lists none
            for widget in (self.history, self.history_title, self.delete_button, self.edit_button):
                widget.hide()
        else:
            self._title_text, self._title_hint = history_title, history_hint
            layout.addWidget(self.history_title)
            layout.addWidget(self.history)
            actions = QHBoxLayout()
            actions.addWidget(self.delete_button)
            actions.addWidget(self.edit_button)
            actions.addStretch(1)
            layout.addLayout(actions)
            self.show_history(history)
        layout.addWidget(buttons)
        if widgets:
            widgets[0].setFocus()

    def show_history(self, rows: Sequence[EventRow]) -> None:
        """Fill the list of earlier events (newest first), as tall as the lines it holds up to four,
        with room for the scroll bar a long reason brings; each line's whole text is its tooltip."""
        self.rows = list(rows)
        self.history.clear()
        for row in self.rows:
            item = QListWidgetItem(row.text)
            item.setData(Qt.ItemDataRole.UserRole, row.key)
            item.setToolTip(row.text)
            self.history.addItem(item)
        has_rows = bool(self.rows)
        self.history_title.setText(self._title_text + (self._title_hint + "：" if has_rows else self.tr("：无")))
        for widget in (self.history, self.delete_button, self.edit_button):
            widget.setVisible(has_rows and (widget is not self.edit_button or any(r.editable for r in self.rows)))
        if has_rows:
            lines = min(len(self.rows), 4)  # scrolling beyond four
            self.history.setFixedHeight(lines * self.history.sizeHintForRow(0) + 2 * self.history.frameWidth() + 6
                                        + self.history.horizontalScrollBar().sizeHint().height())
            self._fit_history()
        self._selection_changed()

    def _fit_history(self) -> None:
        """As wide as the longest earlier line, up to the screen less a margin: a 不计入应到会 line (reason,
        说明, approval) read sideways through a scroll bar at 560 pixels; a longer one still scrolls."""
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        sides = margins.left() + margins.right() if margins is not None else 22
        scroll = self.history.verticalScrollBar().sizeHint().width() if len(self.rows) > 4 else 0
        needed = self.history.sizeHintForColumn(0) + 2 * self.history.frameWidth() + scroll + sides + 8
        screen = self.screen().availableGeometry().width() if self.screen() is not None else 1366
        self.setMinimumWidth(max(560, min(needed, screen - 80)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Delete on the list deletes the event under the cursor; Enter opens it to correct. Both act
        on the current row even when it only has the focus frame (Tab into a list of one record
        selects nothing). Enter is always taken here: the list passes it on to the dialog, whose
        default button would then try to save an empty new event."""
        if watched is self.history and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.history.currentItem()
                if item is not None:
                    item.setSelected(True)
                    if event.key() == Qt.Key.Key_Delete:
                        self.delete_selected()
                    else:
                        self.edit_selected()
                return True
        return super().eventFilter(watched, event)

    def selected(self) -> EventRow | None:
        row = self.history.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) and self.history.currentItem().isSelected() else None

    def _selection_changed(self) -> None:
        row = self.selected()
        self.delete_button.setEnabled(row is not None)
        self.edit_button.setEnabled(row is not None and row.editable)

    def delete_selected(self) -> None:
        """Ask, naming the event and what deleting it changes; then let the service delete it."""
        row = self.selected()
        if row is None:
            return
        self.refuse("")
        if row.refusal:
            self.refuse(row.refusal)
            return
        question = self.tr("删除这条记录吗？\n\n{0}\n\n{1}").format(row.text, self.consequence(row))
        answer = QMessageBox.question(self, self.tr("删除记录"), question.strip(),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.remove(row.key)
        except ServiceError as exc:
            self.refuse(str(exc))
            return
        self.after_change()

    def after_change(self) -> None:
        """An earlier event was deleted or corrected: show the member and the list as they are now."""
        self.changed = True
        self.member = get_member(self.context.db, self.member.id)
        self.who.setText(_who(self.member))
        self.show_history(self.events())
        self.history.setFocus()

    def consequence(self, row: EventRow) -> str:
        """What deleting `row` changes besides the record itself (shown in the question)."""
        return self.tr("删除后可在回收站中查看。")

    def events(self) -> list[EventRow]:  # pragma: no cover - every subclass lists its own events
        raise NotImplementedError

    def remove(self, key: int) -> None:  # pragma: no cover - every subclass deletes its own events
        raise NotImplementedError

    def edit_selected(self) -> None:
        """Open the selected event in its correction form; the list shows it as saved afterwards."""
        row = self.selected()
        if row is None:
            return
        self.refuse("")
        if not row.editable:
            self.refuse(row.edit_refusal)
            return
        form = self.correction(row.key)
        if form is not None and form.exec():
            self.after_change()

    def correction(self, key: int) -> QDialog | None:
        """The form correcting event `key` (forms whose rows are `editable` provide one)."""
        return None

    def refuse(self, message: str) -> None:
        self.refusal.setText(message)
        self.refusal.setVisible(bool(message))

    def write(self) -> None:  # pragma: no cover - every subclass writes its own event
        raise NotImplementedError

    def save(self) -> None:
        """Check the typed dates, then let the service decide; its refusal stays on screen."""
        self.refuse("")
        show_field_errors(self.errors, [])
        if first_problem(self.dates) is not None:
            return  # an empty or unreadable date is named beside its field; nothing is saved
        try:
            self.write()
        except ValidationFailed as exc:
            rest = show_field_errors(self.errors, exc.errors)
            self.refuse("；".join(m for ms in rest.values() for m in ms))
            return
        except (ServiceError, InvalidDate) as exc:
            self.refuse(str(exc))
            return
        self.accept()

