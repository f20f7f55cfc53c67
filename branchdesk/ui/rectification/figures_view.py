"""统计: a ledger's figures (RECT-RATIOS) as a whole, per category and per responsible person."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from branchdesk.domain.rectification.figures import percent
from branchdesk.services.rectification.figures import LedgerFigures
from branchdesk.ui.rectification.columns import FigureRow, figure_columns
from branchdesk.ui.widgets.table_model import FilterProxy, RecordTableModel


def figures_table(parent: QWidget, first: str) -> tuple[RecordTableModel[FigureRow], QTableView]:
    model: RecordTableModel[FigureRow] = RecordTableModel(figure_columns(first), parent)
    proxy = FilterProxy(parent)
    proxy.setSourceModel(model)
    table = QTableView()
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the ledger's own order until a click
    table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    return model, table


class FiguresView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setObjectName("figuresSummary")
        self.summary.setWordWrap(True)
        self.category_model, self.category_table = figures_table(self, self.tr("问题类别"))
        self.person_model, self.person_table = figures_table(self, self.tr("责任人"))
        splitter = QSplitter()
        splitter.setOrientation(splitter.orientation().Vertical)
        splitter.addWidget(self.category_table)
        splitter.addWidget(self.person_table)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

    def set_figures(self, figures: LedgerFigures | None) -> None:
        if figures is None:
            self.summary.setText(self.tr("请在左侧选择一份整改台账。"))
            self.category_model.set_rows([])
            self.person_model.set_rows([])
            return
        f = figures.overall
        self.summary.setText(self.tr(
            "《{0}》共 {1} 项整改措施：未开始 {2}、整改中 {3}、已完成 {4}、已销号 {5}；完成率 {6}，销号率 {7}；"
            "逾期未完成 {8} 项，逾期完成 {9} 项。").format(
            figures.ledger.title, f.total, f.by_status.get("未开始", 0), f.by_status.get("整改中", 0),
            f.by_status.get("已完成", 0), f.by_status.get("已销号", 0), percent(f.completion_rate),
            percent(f.closing_rate), f.overdue, f.closed_late))
        self.category_model.set_rows([FigureRow(name, fig) for name, fig in figures.by_category.items()])
        self.person_model.set_rows([FigureRow(name, fig) for name, fig in figures.by_person.items()])
        self.category_table.resizeColumnsToContents()
        self.person_table.resizeColumnsToContents()
