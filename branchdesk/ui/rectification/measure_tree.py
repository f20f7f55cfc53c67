"""整改措施 as a tree: each problem once, as a heading row with how far its measures are, and its
measures beneath it — instead of the problem's text repeated on every measure's row.

The tree reads the page's filtered list (`FilterProxy` over the measures), so search and the state,
category and person filters work as before; a problem with no measure left after filtering is not
shown. A problem that has no measure at all (just added) is shown while nothing is filtered, so the
problem a user entered is seen, and chosen for its first measure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTreeView, QWidget

from branchdesk.domain.rectification.editing import ProblemRecord
from branchdesk.domain.rectification.records import MeasureRecord
from branchdesk.domain.rectification.status import MeasureStatus
from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, display

Index = QModelIndex | QPersistentModelIndex
TOP = 0  # internal id of a problem row; a measure's is its problem's row + 1


@dataclass
class ProblemGroup:
    problem_id: int
    number: str
    description: str
    category: str
    measures: list[MeasureRecord] = field(default_factory=list)

    def heading(self) -> str:
        number = f"{self.number}. " if self.number else ""
        if not self.measures:
            return f"{number}{self.description}　（尚无整改措施）"
        done = sum(m.status == MeasureStatus.CLOSED for m in self.measures)
        return f"{number}{self.description}　（{len(self.measures)} 项措施，已销号 {done} 项）"


class ProblemTreeModel(QAbstractItemModel):
    def __init__(self, source: FilterProxy, columns: Sequence[ColumnSpec[MeasureRecord]], parent: Any = None) -> None:
        super().__init__(parent)
        self.source = source
        self.columns = list(columns)
        self.groups: list[ProblemGroup] = []
        self.problems: list[ProblemRecord] = []  # the ledger's, in order: those with no measure are shown too
        for signal in (source.modelReset, source.layoutChanged, source.rowsInserted, source.rowsRemoved,
                       source.dataChanged):
            signal.connect(self.rebuild)
        self.rebuild()

    def set_columns(self, columns: Sequence[ColumnSpec[MeasureRecord]]) -> None:
        self.beginResetModel()
        self.columns = list(columns)
        self.endResetModel()

    def set_problems(self, problems: Sequence[ProblemRecord]) -> None:
        """The ledger's problems, set before its measures (whose change rebuilds the tree)."""
        self.problems = list(problems)

    def rebuild(self, *_args: object) -> None:
        self.beginResetModel()
        groups: dict[int, ProblemGroup] = {}
        for row in range(self.source.rowCount()):
            measure: MeasureRecord = self.source.record_at(row)
            group = groups.get(measure.problem_id)
            if group is None:
                group = groups[measure.problem_id] = ProblemGroup(
                    measure.problem_id, measure.problem_number, measure.problem_description, measure.category)
            group.measures.append(measure)
        if not self.source.filtering():
            order = {p.id: i for i, p in enumerate(self.problems)}
            for problem in self.problems:
                groups.setdefault(problem.id, ProblemGroup(problem.id, problem.number, problem.description,
                                                           problem.category))
            groups = dict(sorted(groups.items(), key=lambda item: order.get(item[0], len(order))))
        self.groups = list(groups.values())
        self.endResetModel()

    # --- where a measure is
    def measure_at(self, index: Index) -> MeasureRecord | None:
        if not index.isValid() or index.internalId() == TOP:
            return None
        group = self.groups[index.internalId() - 1]
        return group.measures[index.row()] if index.row() < len(group.measures) else None

    def index_of(self, measure_id: int) -> QModelIndex:
        for g, group in enumerate(self.groups):
            for r, measure in enumerate(group.measures):
                if measure.id == measure_id:
                    return self.index(r, 0, self.index(g, 0))
        return QModelIndex()

    # --- Qt model interface
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, TOP)
        if parent.internalId() == TOP:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == TOP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == TOP and parent.column() == 0:
            return len(self.groups[parent.row()].measures)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == TOP:
            group = self.groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return group.heading() if index.column() == 0 else ""
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{group.description}\n问题类别：{group.category or '未分类'}"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor("#f3f4f6"))
            return None
        measure = self.measure_at(index)
        if measure is None:
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(column.value(measure))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == Qt.ItemDataRole.ForegroundRole and column.color is not None:
            colour = column.color(measure)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(measure)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return self.columns[section].title
        return None


class MeasureTree(QTreeView):
    """The tree view of the page; `selectRow(n)` selects the n-th measure of the filtered list (what
    the page and its tests have always used), `current_measure()` is the measure selected."""

    def __init__(self, model: ProblemTreeModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("measureTable")
        self.tree_model = model
        self.setModel(model)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QTreeView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTreeView.SelectionMode.SingleSelection)
        self.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.setRootIsDecorated(True)
        self.setExpandsOnDoubleClick(False)
        model.modelReset.connect(self._expand)

    def _expand(self) -> None:
        self.expandAll()
        for row in range(self.tree_model.rowCount()):
            self.setFirstColumnSpanned(row, QModelIndex(), True)

    def current_measure(self) -> MeasureRecord | None:
        rows = self.selectionModel().selectedRows()
        return self.tree_model.measure_at(rows[0]) if rows else None

    def current_problem_id(self) -> int | None:
        """The problem of the selected row, whether the problem itself or one of its measures."""
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0] if not rows[0].parent().isValid() else rows[0].parent()
        return self.tree_model.groups[index.row()].problem_id

    def select_measure(self, measure_id: int) -> bool:
        index = self.tree_model.index_of(measure_id)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        self.selectionModel().select(index, self.selectionModel().SelectionFlag.ClearAndSelect
                                     | self.selectionModel().SelectionFlag.Rows)
        self.scrollTo(index)
        return True

    def select_problem(self, problem_id: int) -> bool:
        row = next((r for r, g in enumerate(self.tree_model.groups) if g.problem_id == problem_id), None)
        if row is None:
            return False
        index = self.tree_model.index(row, 0)
        self.setCurrentIndex(index)
        self.selectionModel().select(index, self.selectionModel().SelectionFlag.ClearAndSelect
                                     | self.selectionModel().SelectionFlag.Rows)
        self.scrollTo(index)
        return True

    def selectRow(self, row: int) -> None:  # noqa: N802 - the QTableView spelling
        self.select_measure(self.tree_model.source.record_at(row).id)
