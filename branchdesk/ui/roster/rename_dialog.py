"""重命名 of an organisation, from a day (trial TY-5): the new name and 自何日起 (default today). The
name in use until the day before stays the organisation's name for what was written then — the 三会一课
of those days, a ledger re-imported, that year's volume (services/roster/organisation.rename_org). A name
written wrong is corrected instead (the box under the date): nothing of it is kept as an earlier name."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from branchdesk.services.errors import ServiceError
from branchdesk.services.roster.organisation import OrgNode, rename_org
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import DateEdit


class RenameDialog(QDialog):
    def __init__(self, context: AppContext, node: OrgNode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.node = context, node
        self.setWindowTitle(self.tr("重命名“{0}”").format(node.name))
        self.name = QLineEdit(node.name)
        self.name.setObjectName("orgName")
        self.name.selectAll()
        self.since = DateEdit(date.today(), required=True, label="自何日起", past=True)
        self.correction = QCheckBox(self.tr("只是改正写错的名称（以前的记录也改用新名称）"))
        self.hint = QLabel()  # what happens to the earlier records: kept under the old name, or renamed too
        self.hint.setWordWrap(True)
        self.correction.toggled.connect(self._correction_toggled)
        self._correction_toggled(False)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("重命名"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("原名称"), QLabel(node.name))
        form.addRow(self.tr("新名称"), self.name)
        form.addRow(self.tr("自何日起"), self.since)
        form.addRow(self.correction)
        form.addRow(self.hint)
        form.addRow(self.error)
        form.addRow(buttons)
        self.name.setFocus()  # the new name is typed first; Enter renames from today

    def _correction_toggled(self, on: bool) -> None:
        self.since.setEnabled(not on)
        self.hint.setText(self.tr("以前的会议、台账和年度台账也改用新名称，不保留原名称（修改记录中仍可查到原写法）。") if on else
                          self.tr("这一天之前的会议、台账和年度台账仍使用原名称“{0}”。").format(self.node.name))

    def save(self) -> None:
        if not self.name.text().strip():
            self.error.setText(self.tr("请填写新名称"))
            return
        correction = self.correction.isChecked()
        try:
            since = None if correction else self.since.value()
        except ValueError:  # a date typed that cannot be read: named beside its field
            self.error.clear()
            self.since.show_problem()
            return
        if since is None and not correction:
            self.error.setText(self.tr("请填写新名称自何日起使用"))
            return
        try:
            rename_org(self.context.db, self.node.id, self.name.text(), since, correction=correction)
        except ServiceError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
