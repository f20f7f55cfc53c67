"""What the dated member-event forms (支部调整, 组织关系转入, 离开本单位, 党纪处分) share: a line naming
the member, a form whose fields show their problems beside them, a red line for what the service
refuses, the member's earlier events of the kind, and 保存 / 取消.

Every rule lives in the service: the form only reads what was typed (an unreadable date is named
beside its field by DateEdit) and shows the service's refusal in its words. Nothing is saved until
the service accepts the whole event in one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.roster.records import MemberRecord
from branchdesk.services.errors import ServiceError, ValidationFailed
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import DateEdit, InvalidDate, first_problem
from branchdesk.ui.widgets.field_errors import checked_form, show_field_errors

ERROR_STYLE = "color: #b00020;"
HINT_STYLE = "color: #5f6368;"


class MemberEventDialog(QDialog):
    """Base of the event forms; a subclass builds its fields, then calls `build` and implements `write`."""

    def __init__(self, context: AppContext, member: MemberRecord, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.member = member
        self.setWindowTitle(f"{title} — {member.name}")
        self.setMinimumWidth(560)
        where = f"{member.branch}" + (f" · {member.group}" if member.group else "")
        self.who = QLabel(self.tr("党员：{0}（{1}，{2}；入党日期 {3}）").format(
            member.name, where, member.category, f"{member.join_date:%Y-%m-%d}" if member.join_date else "未填"))
        self.who.setWordWrap(True)
        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.setStyleSheet(ERROR_STYLE)
        self.refusal.setWordWrap(True)
        self.refusal.hide()
        self.history = QListWidget()
        self.history.setObjectName("eventHistory")
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.errors: dict[str, QLabel] = {}
        self.dates: list[DateEdit] = []

    def build(self, fields: Sequence[str], widgets: Sequence[QWidget], hint: str, history_title: str,
              history: Sequence[str], ok_text: str = "保存") -> None:
        """Lay the form out: member line, fields, hint, refusal line, earlier events, buttons."""
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
        title = QLabel(history_title)
        layout.addWidget(title)
        if history:
            self.history.addItems(list(history))
            rows = min(len(history), 4)  # as tall as the lines it holds, scrolling beyond four
            self.history.setFixedHeight(rows * self.history.sizeHintForRow(0) + 2 * self.history.frameWidth() + 6)
            layout.addWidget(self.history)
        else:
            title.setText(history_title + self.tr("无"))
            self.history.hide()
        layout.addWidget(buttons)
        if widgets:
            widgets[0].setFocus()

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

