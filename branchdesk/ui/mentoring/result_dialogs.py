"""Small dialogs of a pair's page: a dated outcome, the branch's year-end evaluation, and ending or
stopping a pair (中止 needs a reason)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.mentoring.records import EVALUATION_GRADES, PairRecord, PairStatus
from branchdesk.services.errors import ServiceError
from branchdesk.services.mentoring.lists import get_lists
from branchdesk.services.mentoring.log import add_outcome, list_evaluations, set_evaluation
from branchdesk.services.mentoring.records import set_status
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import DateEdit, InvalidDate, first_problem


def _date_edit(value: date, label: str) -> DateEdit:
    return DateEdit(value, required=True, label=label, past=True)  # days that happened (TY-7)


class _FormDialog(QDialog):
    """A titled form with 保存/取消 whose save runs `apply()`; a ServiceError keeps it open."""

    def __init__(self, title: str, pair: PairRecord, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{pair.mentor} — {pair.mentee_label}（{pair.kind}）"))
        layout.addLayout(self.form)
        layout.addWidget(buttons)

    def apply(self) -> None:  # each dialog below calls its service here
        raise NotImplementedError(type(self).__name__)

    def save(self) -> None:
        if first_problem(self.findChildren(DateEdit)) is not None:
            return  # named beside the field; nothing is saved
        try:
            self.apply()
        except (ServiceError, InvalidDate) as exc:
            QMessageBox.warning(self, self.tr("无法保存"), str(exc))
            return
        self.accept()


class OutcomeDialog(_FormDialog):
    def __init__(self, context: AppContext, pair: PairRecord, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("登记成效"), pair, parent)
        self.context, self.pair = context, pair
        self.outcome_date = _date_edit(date.today(), "日期")
        self.kind = QComboBox()
        self.kind.addItems(get_lists(context.db).outcome_kinds)
        self.description = QLineEdit()
        self.description.setPlaceholderText(self.tr("如：区青年教师优质课评比二等奖"))
        self.form.addRow(self.tr("日期"), self.outcome_date)
        self.form.addRow(self.tr("成效类别"), self.kind)
        self.form.addRow(self.tr("说明"), self.description)

    def apply(self) -> None:
        add_outcome(self.context.db, self.pair.id, self.outcome_date.value(), self.kind.currentText(),
                    self.description.text())


class EvaluationDialog(_FormDialog):
    """The branch's 等次 and comment for one year; opening it for a year already evaluated edits that."""

    def __init__(self, context: AppContext, pair: PairRecord, parent: QWidget | None = None,
                 year: int | None = None) -> None:
        super().__init__(self.tr("年度考核评价"), pair, parent)
        self.context, self.pair = context, pair
        self.existing = {e.year: e for e in list_evaluations(context.db, pair.id)}
        default = year or (pair.planned_end.year if pair.planned_end and pair.planned_end <= date.today()
                           else date.today().year)
        self.year = QSpinBox()
        self.year.setRange(2000, date.today().year + 1)
        self.grade = QComboBox()
        self.grade.addItems(list(EVALUATION_GRADES))
        self.comment = QPlainTextEdit()
        self.comment.setFixedHeight(80)
        self.comment.setTabChangesFocus(True)
        self.evaluated_on = _date_edit(date.today(), "评价日期")
        self.year.valueChanged.connect(self._load_year)
        self.year.setValue(default)
        self._load_year(default)
        self.form.addRow(self.tr("年度"), self.year)
        self.form.addRow(self.tr("考核等次"), self.grade)
        self.form.addRow(self.tr("支部评语"), self.comment)
        self.form.addRow(self.tr("评价日期"), self.evaluated_on)

    def _load_year(self, year: int) -> None:
        existing = self.existing.get(year)
        if existing is not None:
            self.grade.setCurrentText(existing.grade)
            self.comment.setPlainText(existing.comment)

    def apply(self) -> None:
        set_evaluation(self.context.db, self.pair.id, self.year.value(), self.grade.currentText(),
                       self.comment.toPlainText(), self.evaluated_on.value())


class StatusDialog(_FormDialog):
    """结束 or 中止 a pair on a date; 中止 needs a reason (shown in lists and the ledger)."""

    def __init__(self, context: AppContext, pair: PairRecord, status: PairStatus,
                 parent: QWidget | None = None) -> None:
        title = QCoreApplication.translate("StatusDialog", "结束结对" if status == PairStatus.FINISHED else "中止结对")
        super().__init__(title, pair, parent)
        self.context, self.pair, self.status = context, pair, status
        self.on = _date_edit(date.today(), "结束日期")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("如：徒弟调离本校、学生转学"))
        self.form.addRow(self.tr("结束日期"), self.on)
        if status == PairStatus.STOPPED:
            self.form.addRow(self.tr("中止原因"), self.reason)

    def apply(self) -> None:
        set_status(self.context.db, self.pair.id, self.status.value, on=self.on.value(),
                   reason=self.reason.text())
