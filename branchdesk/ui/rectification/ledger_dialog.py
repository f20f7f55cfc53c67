"""New / edit a rectification ledger: title, source (the list can be extended), organisation, dates."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from branchdesk.domain.rectification.editing import LedgerInput
from branchdesk.domain.rectification.records import LedgerRecord
from branchdesk.services.errors import ServiceError, ValidationFailed
from branchdesk.services.rectification import records as rect
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import DateEdit, InvalidDate, first_problem


def date_edit(value: date | None = None, label: str = "日期", *, required: bool = True,
              past: bool = False, coming: bool = False) -> DateEdit:
    """A typed date for the rectification forms; empty ones start at today. `past`: a day that has
    happened (收到, 进展, 完成, 销号, 重新打开), so a month and day typed without the year ("12月28日") is
    read in the record's year — that of `value` — or today's, and never after today (TY-7: in January
    last December's 销号 is last December). `coming`: a deadline (整改时限, 完成时限), a day to come, so
    such a day is the nearest one from today on ("12月25日" typed on 2026-12-05 is 2026-12-25, TK-11).
    Either way the full date is shown beside the field before saving."""
    field = DateEdit(value or date.today(), required=required, label=label, past=past, coming=coming)
    if past and value is not None:
        field.year = value.year
    return field


class LedgerDialog(QDialog):
    def __init__(self, context: AppContext, ledger: LedgerRecord | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ledger = ledger
        self.saved: LedgerRecord | None = None
        self.setWindowTitle(self.tr("编辑整改台账") if ledger else self.tr("新建整改台账"))
        self.resize(520, 360)
        self.title = QLineEdit(ledger.title if ledger else "")
        self.title.setPlaceholderText(self.tr("如：2025年巡察反馈问题整改台账"))
        self.source = QComboBox()
        self.source.setEditable(True)  # a source not in the list is added when saved
        self.source.addItems(rect.list_sources(context.db))
        # A new ledger names neither its source nor its organisation until the user does: a default Tabbed
        # past was saved as a fact — a branch's 组织生活会 ledger as the 党委's 巡察反馈 (trial K, TK-11).
        self.source.setCurrentIndex(-1)
        self.source.lineEdit().setPlaceholderText(self.tr("请选择或填写，如 巡察反馈、审计、组织生活会"))
        if ledger:
            self.source.setCurrentText(ledger.source)
        organisations = rect.ledger_organisations(context.db)
        self.org_required = ledger is None and bool(organisations)
        self.org = QComboBox()
        self.org.addItem(self.tr("（请选择）") if self.org_required else self.tr("（未指定）"), None)
        for org_id, name in organisations:
            self.org.addItem(name, org_id)
        if ledger and ledger.org_id:
            self.org.setCurrentIndex(max(self.org.findData(ledger.org_id), 0))
        elif self.org_required and len(organisations) == 1:
            self.org.setCurrentIndex(1)  # the school's one organisation: nothing to choose
        self.received = DateEdit(ledger.received_date if ledger else date.today(), label="收到日期", past=True)
        if ledger and ledger.received_date:  # "3月2日" while correcting a ledger: its year (TY-7)
            self.received.year = ledger.received_date.year
        self.has_deadline = QCheckBox(self.tr("有总体整改时限"))
        self.deadline = date_edit(ledger.deadline if ledger else None, "整改时限", coming=True)
        self.has_deadline.setChecked(bool(ledger and ledger.deadline))
        self.deadline.setEnabled(self.has_deadline.isChecked())
        self.has_deadline.toggled.connect(self.deadline.setEnabled)
        self.note = QPlainTextEdit(ledger.note if ledger else "")
        self.note.setMaximumHeight(80)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.has_deadline)
        deadline_row.addWidget(self.deadline, 1)
        form = QFormLayout(self)
        form.addRow(self.tr("台账名称"), self.title)
        form.addRow(self.tr("问题来源"), self.source)
        form.addRow(self.tr("所属组织"), self.org)
        form.addRow(self.tr("收到日期"), self.received)
        form.addRow(self.tr("整改时限"), deadline_row)
        form.addRow(self.tr("备注"), self.note)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def data(self) -> LedgerInput:
        return LedgerInput(
            title=self.title.text().strip(), source=self.source.currentText().strip(),
            org_id=self.org.currentData(), received_date=self.received.value(),
            deadline=self.deadline.value() if self.has_deadline.isChecked() else None,
            note=self.note.toPlainText().strip(),
        )

    def save(self) -> None:
        dates = [self.received] + ([self.deadline] if self.has_deadline.isChecked() else [])
        if first_problem(dates) is not None:
            return  # named beside the field; nothing is saved
        try:
            data = self.data()
            known = rect.list_sources(self.context.db)
            if self.ledger is None:
                self.saved = rect.create_ledger(self.context.db, data, org_required=self.org_required)
            else:
                self.saved = rect.update_ledger(self.context.db, self.ledger.id, data)
            if data.source not in known:  # a new source joins the list once its ledger is saved
                rect.add_source(self.context.db, data.source)
        except ValidationFailed as exc:
            self.error.setText("\n".join(str(e) for e in exc.errors))
            return
        except (ServiceError, InvalidDate) as exc:
            QMessageBox.warning(self, self.tr("无法保存"), str(exc))
            return
        self.accept()
