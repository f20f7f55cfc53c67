"""月度销号 (RECT-MONTHLY-REVIEW): for a chosen month, what was closed off, what was completed and awaits
销号, what is overdue and what falls due next month — for the selected ledger or all of them — and the
printable page (PDF)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.file_errors import file_error
from branchdesk.domain.rectification.figures import MonthlyReview, percent
from branchdesk.domain.rectification.records import LedgerRecord, MeasureRecord
from branchdesk.services.errors import ServiceError
from branchdesk.services.rectification.figures import review_month
from branchdesk.services.rectification.printing import export_review_pdf
from branchdesk.ui.context import AppContext
from branchdesk.ui.rectification.columns import fit_columns, review_columns
from branchdesk.ui.widgets.date_edit import MonthEdit
from branchdesk.ui.widgets.table_model import FilterProxy, RecordTableModel


class ReviewView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ledger: LedgerRecord | None = None
        self.review: MonthlyReview | None = None
        # the month typed as every month field reads it ("3月", "2026.3", "2026年3月"): a month that has
        # happened, so "1月" typed in December is this January (a QDateEdit's year and month sections
        # swallowed typing: NOTE12 "Left")
        # happened: a month to come is refused, not shown with its figures as fact (review 13-2, F4)
        self.month = MonthEdit(date.today(), required=True, label=self.tr("月份"), past=True, happened=True)
        self.month.setObjectName("reviewMonth")
        self._month = date.today()  # the month shown: the last one the field could read
        self.all_ledgers = QCheckBox(self.tr("全部台账"))
        self.print_button = QPushButton(self.tr("打印月度销号表（PDF）…"))
        self.print_button.clicked.connect(self.save_pdf)
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        self.models: dict[str, RecordTableModel[MeasureRecord]] = {}
        self.tables: dict[str, QTableView] = {}
        for key in ("closed", "completed", "overdue", "due_next_month"):
            model: RecordTableModel[MeasureRecord] = RecordTableModel(review_columns(date.today()), self)
            proxy = FilterProxy(self)
            proxy.setSourceModel(model)
            table = QTableView()
            table.setModel(proxy)
            table.setSortingEnabled(True)
            table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the ledger's own order until a click
            table.horizontalHeader().setStretchLastSection(True)
            table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
            self.models[key] = model
            self.tables[key] = table
            self.tabs.addTab(table, "")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("月份")))
        top.addWidget(self.month)
        top.addWidget(self.all_ledgers)
        top.addStretch(1)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        # typed: read when Enter is pressed or the field is left ("2026年1" on the way to "2026年12月" is
        # no month asked for); picked from the calendar or set: at once
        self.month.edit.editingFinished.connect(lambda: self._month_typed(self._readable_month()))
        self.month.valueChanged.connect(lambda day: None if self.month.edit.hasFocus() else self._month_typed(day))
        self.all_ledgers.toggled.connect(lambda _on: self.refresh())

    def set_ledger(self, ledger: LedgerRecord | None) -> None:
        self.ledger = ledger
        self.refresh()

    def _readable_month(self) -> date | None:
        """The field's month, None while it cannot be read (its problem is shown at the field)."""
        return None if self.month.problem() else self.month.reading()

    def _month_typed(self, day: date | None) -> None:
        """A month read from the field (not an unreadable or empty one: the review shown stays)."""
        if day is not None and (day.year, day.month) != (self._month.year, self._month.month):
            self._month = day
            self.refresh()

    def set_month(self, year: int, month: int) -> None:
        self.month.set_value(date(year, month, 1))

    def chosen_month(self) -> tuple[int, int]:
        return self._month.year, self._month.month

    def refresh(self) -> None:
        year, month = self.chosen_month()
        ledger_id = None if self.all_ledgers.isChecked() or self.ledger is None else self.ledger.id
        if ledger_id is None and not self.all_ledgers.isChecked():
            self.review = None
            self.summary.setText(self.tr("请在左侧选择一份整改台账，或勾选“全部台账”。"))
            for model in self.models.values():
                model.set_rows([])
            return
        try:
            _, review = review_month(self.context.db, year, month, ledger_id=ledger_id)
        except ServiceError as exc:
            self.summary.setText(str(exc))
            return
        self.review = review
        titles = (self.tr("本月销号"), self.tr("本月完成、待销号"), self.tr("逾期未完成"), self.tr("下月到期"))
        for index, (key, title) in enumerate(zip(self.models, titles, strict=True)):
            items = getattr(review, key)
            self.models[key].set_columns(review_columns(review.reference_day))
            self.models[key].set_rows(items)
            fit_columns(self.tables[key])
            self.tabs.setTabText(index, f"{title}（{len(items)}）")
        f = review.figures
        self.summary.setText(self.tr("{0}（统计截至 {1}）：本月销号 {2} 项，完成待销号 {3} 项，逾期未完成 {4} 项，"
                                     "下月到期 {5} 项。当前完成率 {6}，销号率 {7}。").format(
            review.label, f"{review.reference_day:%Y-%m-%d}", len(review.closed), len(review.completed),
            len(review.overdue), len(review.due_next_month), percent(f.completion_rate) if f else "",
            percent(f.closing_rate) if f else ""))

    def save_pdf(self) -> None:
        year, month = self.chosen_month()
        scoped = None if self.all_ledgers.isChecked() or self.ledger is None else self.ledger.title
        suggested = f"{scoped or '整改台账'}_{year}年{month}月销号.pdf"
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存月度销号表"), suggested, "PDF (*.pdf)")
        if not name:
            return
        try:
            export_review_pdf(self.context.db, Path(name), year, month, ledger=scoped)
        except (ServiceError, OSError) as exc:
            QMessageBox.warning(self, self.tr("无法生成"), file_error(exc, name, writing=True))
            return
        QMessageBox.information(self, self.tr("已生成"), self.tr("月度销号表已保存到 {0}").format(name))
