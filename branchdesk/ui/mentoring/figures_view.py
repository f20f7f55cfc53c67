"""年度统计: the year's 结对帮扶 figures per branch (pairs by kind, activities, hours, outcomes,
evaluations) with the school's total, as the year-end report quotes them."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QTableView, QVBoxLayout, QWidget

from branchdesk.services.mentoring.figures import BranchYearFigures, year_figures
from branchdesk.ui.context import AppContext
from branchdesk.ui.mentoring.columns import figure_columns
from branchdesk.ui.widgets.table_fit import fit_table
from branchdesk.ui.widgets.table_model import RecordTableModel


class FiguresView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.year = QSpinBox()
        self.year.setObjectName("figuresYear")
        self.year.setRange(2000, date.today().year + 1)
        self.year.setValue(date.today().year)
        self.year.setSuffix(self.tr(" 年度"))
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.model: RecordTableModel[BranchYearFigures] = RecordTableModel(figure_columns([]), self)
        self.table = QTableView()
        self.table.setObjectName("figuresTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("统计年度")))
        top.addWidget(self.year)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def refresh(self) -> None:
        figures = year_figures(self.context.db, self.year.value())
        # the kinds of pair are columns, and a user may add kinds: the model is rebuilt for them
        self.model = RecordTableModel(figure_columns(figures.kinds), self)
        self.model.set_rows(figures.rows)
        self.table.setModel(self.model)
        fit_table(self.table)  # fitted to the new model's columns, not left with the old one's widths
        total = figures.rows[-1]  # the 合计 row
        self.note.setText(self.tr(
            "{0} 年度：全校共有结对 {1} 对（本年新结对 {2} 对），开展帮扶活动 {3} 次、{4} 小时，取得成效 {5} 项。"
            "统计口径：当年在帮扶期内的结对；活动和成效按发生日期计入当年。").format(
            figures.year, total.pairs, total.new_pairs, total.activities, total.hours, total.outcomes))
