"""Mark a member as 转出 / 离世 / 出党. The member stays in the database (past records stay whole)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from branchdesk.domain.roster.records import MemberRecord
from branchdesk.domain.vocabulary import LEAVING_MOVES, MoveKind
from branchdesk.services.errors import ServiceError
from branchdesk.services.mentoring.records import pairs_ended_by_leaving
from branchdesk.services.roster.records import mark_left
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import DateEdit, InvalidDate, first_problem


class LeaveDialog(QDialog):
    def __init__(self, context: AppContext, member: MemberRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.member = member
        self.setWindowTitle(self.tr("标记离开：{0}").format(member.name))
        self.kind = QComboBox()
        for kind in LEAVING_MOVES:
            self.kind.addItem(kind.value, kind)
        self.when = DateEdit(date.today(), required=True, label="日期", past=True)
        self.counterpart = QLineEdit()
        self.counterpart.setPlaceholderText(self.tr("转往的党组织（转出时填写）"))
        self.reason = QLineEdit()
        form = QFormLayout(self)
        form.addRow(self.tr("离开方式"), self.kind)
        form.addRow(self.tr("日期"), self.when)
        form.addRow(self.tr("转往"), self.counterpart)
        form.addRow(self.tr("原因或说明"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        if first_problem([self.when]) is not None:
            return  # named beside the field; nothing is saved
        kind = MoveKind(self.kind.currentData())  # Qt hands the enum back as its text (TY-3)
        try:
            when = self.when.value()
            assert when is not None  # required: first_problem said so when empty
            ending = pairs_ended_by_leaving(self.context.db, self.member.id)
            mark_left(self.context.db, self.member.id, kind, when,
                      self.counterpart.text().strip(), self.reason.text().strip())
        except (ServiceError, InvalidDate) as exc:
            QMessageBox.warning(self, self.tr("无法标记"), str(exc))
            return
        if ending:  # a pair ends the day its member leaves (domain.md §7, TY-12): say which
            QMessageBox.information(self, self.tr("结对帮扶随之中止"), self.tr(
                "{0}自 {1} 起不在册，以下结对帮扶于当日中止：\n{2}\n\n如需继续帮扶，请在“结对帮扶”页面为帮扶对象重新结对。"
            ).format(self.member.name, f"{when:%Y-%m-%d}", "\n".join(f"· {label}" for label in ending)))
        self.accept()
