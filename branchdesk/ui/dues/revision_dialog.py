"""A revision of the 党费 bracket table (DUES-RATE): new rows with their own effective date, entered
when the regulation changes. The rows in force before stay and still judge the months before that
date, so a revision never rewrites what was owed in the past (domain.md: rules are data with an
effective date).

The 生效日期 may lie either side of today: a revision is entered when it is issued, often ahead of the
month it applies from ("from next month"), or after it came into force. A date typed without its year
("1月1日") is the such day nearest to today (ui.widgets.date_edit, `near`): in December the coming
1 January, in March the one just past — never the January eleven months back that "this year" would
give in December. The field shows the date it understood before saving; one further off is typed
with its year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.dues.amounts import parse_amount
from branchdesk.domain.dues.rates import Bracket, TableKind
from branchdesk.services.dues.records import add_table_revision
from branchdesk.services.errors import ServiceError, ValidationFailed
from branchdesk.ui.context import AppContext
from branchdesk.ui.dues.fields import date_edit, day_of

ROWS = 6


class RevisionDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("新增党费比例修订"))
        self.kind = QComboBox()
        self.kind.addItems([k.value for k in TableKind])
        self.start = date_edit(date.today(), label="生效日期", near=True)
        self.source = QComboBox()
        self.source.setEditable(True)
        self.source.setCurrentText(self.tr("（修订文件的名称和文号）"))
        self.rows = QTableWidget(ROWS, 2)
        self.rows.setHorizontalHeaderLabels([self.tr("基数上限（元，含；最高一档留空）"), self.tr("比例（%）或每月固定金额（元）")])
        self.rows.horizontalHeader().setStretchLastSection(True)
        self.rows.resizeColumnsToContents()
        self.errors = QLabel()
        self.errors.setObjectName("errors")
        self.errors.setStyleSheet("color: #b00020;")
        self.errors.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("类别"), self.kind)
        form.addRow(self.tr("生效日期"), self.start)
        form.addRow(self.tr("依据"), self.source)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("规定修订时录入新的各档（一次录入一个类别）。生效日期之前的月份仍按原比例计算。"
                                        "学生/无固定收入只填一行固定金额，如 0.2。")))
        layout.addLayout(form)
        layout.addWidget(self.rows)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)
        self.resize(560, 420)

    def _text(self, row: int, column: int) -> str:
        item = self.rows.item(row, column)
        return item.text().strip() if item is not None else ""

    def brackets(self) -> tuple[list[Bracket], list[str]]:
        kind = TableKind(self.kind.currentText())
        start = day_of(self.start)
        source = self.source.currentText().strip()
        result, problems = [], []
        for row in range(self.rows.rowCount()):
            upper_text, value_text = self._text(row, 0), self._text(row, 1)
            if not upper_text and not value_text:
                continue
            upper, problem = parse_amount(upper_text, what="基数上限") if upper_text else (None, "")
            value, value_problem = parse_amount(value_text.rstrip("%％"), what="比例或金额")
            for p in (problem, value_problem):
                if p:
                    problems.append(f"第 {row + 1} 行：{p}")
            if value is None:
                continue
            if kind is TableKind.NO_INCOME:
                result.append(Bracket(kind, start, None, None, value, source))
            else:
                result.append(Bracket(kind, start, upper, (value / 100).normalize() if value else Decimal(0), None, source))
        return result, problems

    def save(self) -> None:
        rows, problems = self.brackets()
        if problems:
            self.errors.setText("\n".join(problems))
            return
        try:
            add_table_revision(self.context.db, rows)
        except ValidationFailed as exc:
            self.errors.setText("\n".join(e.message for e in exc.errors))
            return
        except ServiceError as exc:
            self.errors.setText(str(exc))
            return
        self.accept()


def set_row(dialog: RevisionDialog, row: int, upper: str, value: str) -> None:
    """Put one row's two cells as a person would type them."""
    dialog.rows.setItem(row, 0, QTableWidgetItem(upper))
    dialog.rows.setItem(row, 1, QTableWidgetItem(value))
