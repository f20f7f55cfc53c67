"""Dialogs for problems and measures: add a problem, add / edit a measure, a dated progress note,
reopening with a reason (RECT-REOPEN) and the measure's history."""

from __future__ import annotations

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
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.rectification.editing import HistoryEntry, MeasureInput, ProblemRecord
from branchdesk.domain.rectification.records import MeasureRecord
from branchdesk.domain.rectification.status import OPEN_ENDED_DEADLINES
from branchdesk.domain.validation import FieldError
from branchdesk.services.errors import ServiceError, ValidationFailed
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification import status
from branchdesk.ui.context import AppContext
from branchdesk.ui.rectification.ledger_dialog import date_edit
from branchdesk.ui.widgets.date_edit import DateEdit, InvalidDate, first_problem
from branchdesk.ui.widgets.table_model import ColumnSpec, RecordTableModel


class _FormDialog(QDialog):
    """A form with an inline error line and 保存 / 取消; subclasses implement `submit()`."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)

    def finish_form(self, ok_text: str) -> None:
        self.form.addRow(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.form.addRow(self.buttons)

    def _submit(self) -> None:
        if first_problem([d for d in self.findChildren(DateEdit) if d.isEnabled()]) is not None:
            return  # named beside the field; nothing is saved
        try:
            self.submit()
        except InvalidDate as exc:
            self.error.setText(str(exc))
            return
        except ValidationFailed as exc:
            self.error.setText("\n".join(str(e) for e in exc.errors))
            return
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("无法保存"), str(exc))
            return
        self.accept()

    def submit(self) -> None:
        raise NotImplementedError


class ProblemDialog(_FormDialog):
    def __init__(self, context: AppContext, ledger_id: int, categories: list[str], source: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("新增问题"), parent)
        self.context, self.ledger_id = context, ledger_id
        self.saved: ProblemRecord | None = None
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("留空则自动编号"))
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(categories)
        self.source = QComboBox()
        self.source.setEditable(True)
        self.source.addItems(rect.list_sources(context.db))
        self.source.setCurrentText(source)
        self.description = QPlainTextEdit()
        self.form.addRow(self.tr("序号"), self.number)
        self.form.addRow(self.tr("问题类别"), self.category)
        self.form.addRow(self.tr("问题来源"), self.source)
        self.form.addRow(self.tr("问题描述"), self.description)
        self.finish_form(self.tr("保存"))

    def submit(self) -> None:
        number = self.number.text().strip() or str(len(rect.list_problems(self.context.db, self.ledger_id)) + 1)
        self.saved = rect.add_problem(self.context.db, self.ledger_id, description=self.description.toPlainText(),
                                      category=self.category.currentText(), number=number,
                                      source=self.source.currentText())


class MeasureDialog(_FormDialog):
    """Add a measure under a chosen problem, or edit one (its status is changed elsewhere)."""

    def __init__(self, context: AppContext, problems: list[ProblemRecord], measure: MeasureRecord | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("编辑整改措施") if measure else self.tr("新增整改措施"), parent)
        self.resize(560, 380)
        self.context, self.measure = context, measure
        self.saved: MeasureRecord | None = None
        self.problem = QComboBox()
        for p in problems:
            self.problem.addItem(f"{p.number}. {p.description}"[:60], p.id)
        if measure:
            self.problem.setCurrentIndex(max(self.problem.findData(measure.problem_id), 0))
            self.problem.setEnabled(False)
        self.text = QPlainTextEdit(measure.text if measure else "")
        self.leader = QLineEdit(measure.leader if measure else "")
        self.person = QLineEdit(measure.person if measure else "")
        self.deadline = date_edit(measure.deadline if measure else None, "完成时限", coming=True)
        self.open_ended = QCheckBox(self.tr("无固定时限"))
        self.open_ended_text = QComboBox()
        self.open_ended_text.setEditable(True)
        self.open_ended_text.addItems(OPEN_ENDED_DEADLINES)
        if measure and measure.deadline is None and measure.deadline_note:
            self.open_ended.setChecked(True)
            self.open_ended_text.setCurrentText(measure.deadline_note)
        self.open_ended.toggled.connect(self._sync)
        self._sync()
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(self.deadline, 1)
        deadline_row.addWidget(self.open_ended)
        deadline_row.addWidget(self.open_ended_text)
        self.form.addRow(self.tr("所属问题"), self.problem)
        self.form.addRow(self.tr("整改措施"), self.text)
        self.form.addRow(self.tr("责任领导"), self.leader)
        self.form.addRow(self.tr("责任人"), self.person)
        self.form.addRow(self.tr("完成时限"), deadline_row)
        self.finish_form(self.tr("保存"))

    def _sync(self) -> None:
        self.deadline.setEnabled(not self.open_ended.isChecked())
        self.open_ended_text.setEnabled(self.open_ended.isChecked())

    def data(self) -> MeasureInput:
        open_ended = self.open_ended.isChecked()
        return MeasureInput(
            text=self.text.toPlainText(), leader=self.leader.text(), person=self.person.text(),
            deadline=None if open_ended else self.deadline.value(),
            deadline_note=self.open_ended_text.currentText() if open_ended else "",
        )

    def submit(self) -> None:
        if self.problem.currentData() is None:
            raise ValidationFailed([FieldError("所属问题", "请先新增问题，再为问题添加整改措施")])
        if self.measure is None:
            self.saved = rect.add_measure(self.context.db, self.problem.currentData(), self.data())
        else:
            self.saved = rect.update_measure(self.context.db, self.measure.id, self.data(), self.measure.version)


class ProgressDialog(_FormDialog):
    def __init__(self, context: AppContext, measure: MeasureRecord, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("登记整改进展"), parent)
        self.context, self.measure = context, measure
        self.when = date_edit(past=True)
        self.text = QPlainTextEdit()
        self.form.addRow(self.tr("整改措施"), QLabel(measure.text))
        self.form.addRow(self.tr("日期"), self.when)
        self.form.addRow(self.tr("进展情况"), self.text)
        self.finish_form(self.tr("保存"))

    def submit(self) -> None:
        status.add_progress(self.context.db, self.measure.id, self.when.value(), self.text.toPlainText())


class ReopenDialog(_FormDialog):
    """RECT-REOPEN: back to 整改中; the reason is required and kept in the history."""

    def __init__(self, context: AppContext, measure: MeasureRecord, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("重新打开整改措施"), parent)
        self.context, self.measure = context, measure
        self.when = date_edit(past=True)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("如：回头看发现问题反弹，需继续整改"))
        self.form.addRow(self.tr("整改措施"), QLabel(measure.text))
        self.form.addRow(self.tr("当前状态"), QLabel(measure.status))
        self.form.addRow(self.tr("日期"), self.when)
        self.form.addRow(self.tr("重新打开原因"), self.reason)
        self.finish_form(self.tr("重新打开"))

    def submit(self) -> None:
        on = self.when.value()
        assert on is not None  # required: first_problem said so when empty
        status.reopen(self.context.db, self.measure.id, reason=self.reason.toPlainText(), on=on,
                      version=self.measure.version)


HISTORY_COLUMNS: list[ColumnSpec[HistoryEntry]] = [
    ColumnSpec("日期", lambda h: h.on),
    ColumnSpec("操作", lambda h: h.action),
    ColumnSpec("原状态", lambda h: h.from_status),
    ColumnSpec("新状态", lambda h: h.to_status),
    ColumnSpec("原因", lambda h: h.reason, tooltip=lambda h: h.reason),
    ColumnSpec("说明", lambda h: h.detail, tooltip=lambda h: h.detail),
    ColumnSpec("记录时间", lambda h: h.at),
]


class HistoryDialog(QDialog):
    def __init__(self, context: AppContext, measure: MeasureRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("整改措施历史：{0}").format(measure.text[:30]))
        self.resize(820, 360)
        self.model: RecordTableModel[HistoryEntry] = RecordTableModel(HISTORY_COLUMNS, self)
        self.model.set_rows(status.history(context.db, measure.id))
        table = QTableView()
        table.setModel(self.model)
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        progress = QPlainTextEdit(measure.progress_text or self.tr("（尚无整改进展）"))
        progress.setReadOnly(True)
        progress.setMaximumHeight(110)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("状态变更、销号和重新打开的记录：")))
        layout.addWidget(table, 1)
        layout.addWidget(QLabel(self.tr("整改进展：")))
        layout.addWidget(progress)
        layout.addWidget(buttons)
