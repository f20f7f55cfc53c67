"""成立日期 / 撤销日期 of a branch (issue 13): the regulation calendar runs only while the branch exists,
from the later of its 成立日期 and the database's 启用日期 (domain.md §2, last paragraph).

Both are days that have happened (the service refuses either after today): a date typed without its
year ("9月1日") is read as every such field reads it (ui.widgets.date_edit, `past`) — in the year of the
date the field held, correcting its day, else this year, never after today. A branch founded years ago
is typed with its year; what the field understood is shown beside it before saving."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from branchdesk.services.errors import ServiceError
from branchdesk.services.records_start import branch_dates, set_branch_dates
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import DateEdit


class BranchDatesDialog(QDialog):
    def __init__(self, context: AppContext, org_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.org_id = org_id
        current = branch_dates(context.db, org_id)
        self.setWindowTitle(self.tr("{0}：成立与撤销日期").format(current.name))
        self.founded = DateEdit(label="成立日期", past=True)
        self.dissolved = DateEdit(label="撤销日期", past=True)
        self.founded.set_record_value(current.founded_on)
        self.dissolved.set_record_value(current.dissolved_on)
        hint = QLabel(self.tr("三会一课等规定次数从成立日期（与台账启用日期中较晚的一个）起计算，撤销后不再计算。"
                              "不清楚的可以留空。"))
        hint.setWordWrap(True)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("成立日期"), self.founded)
        form.addRow(self.tr("撤销日期"), self.dissolved)
        form.addRow(hint)
        form.addRow(self.error)
        form.addRow(buttons)

    def save(self) -> None:
        try:
            founded, dissolved = self.founded.value(), self.dissolved.value()
        except ValueError:  # a date typed that cannot be read: named beside its field
            self.error.clear()
            self.founded.show_problem()
            self.dissolved.show_problem()
            return
        try:
            set_branch_dates(self.context.db, self.org_id, founded, dissolved)
        except ServiceError as exc:
            self.error.setText(str(exc))
            return
        self.context.data_changed.emit("roster")
        self.accept()
