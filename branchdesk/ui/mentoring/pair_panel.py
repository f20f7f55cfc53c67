"""The pair's page: what was agreed, its activity log, its outcomes and its yearly evaluations, with
the actions that add to them. Shown beside the list of pairs on the 结对帮扶 page."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.file_errors import file_error
from branchdesk.domain.mentoring.log import ActivityRecord, EvaluationRecord, OutcomeRecord
from branchdesk.domain.mentoring.records import PairRecord
from branchdesk.services.attachment_files import save_into_folder, suggested_name
from branchdesk.services.errors import ServiceError
from branchdesk.services.mentoring.log import (
    activity_files,
    delete_activity,
    delete_outcome,
    list_activities,
    list_evaluations,
    list_outcomes,
)
from branchdesk.services.mentoring.records import agreement_file, get_pair
from branchdesk.ui.context import AppContext
from branchdesk.ui.mentoring.activity_dialog import ActivityDialog
from branchdesk.ui.mentoring.columns import ACTIVITY_COLUMNS, EVALUATION_COLUMNS, OUTCOME_COLUMNS
from branchdesk.ui.mentoring.result_dialogs import EvaluationDialog, OutcomeDialog
from branchdesk.ui.widgets.action_bar import Control, action_bar
from branchdesk.ui.widgets.list_keys import keyboard_list
from branchdesk.ui.widgets.table_model import FilterProxy, RecordTableModel


def _table(model: RecordTableModel, parent: QWidget) -> tuple[QTableView, FilterProxy]:
    proxy = FilterProxy(parent)
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    return view, proxy


class PairPanel(QWidget):
    changed = Signal(int)  # the pair whose log or results changed

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pair: PairRecord | None = None
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setObjectName("pairInfo")
        self.activities: RecordTableModel[ActivityRecord] = RecordTableModel(ACTIVITY_COLUMNS, self)
        self.outcomes: RecordTableModel[OutcomeRecord] = RecordTableModel(OUTCOME_COLUMNS, self)
        self.evaluations: RecordTableModel[EvaluationRecord] = RecordTableModel(EVALUATION_COLUMNS, self)
        self.activity_view, self.activity_proxy = _table(self.activities, self)
        self.activity_view.setObjectName("activityTable")
        keyboard_list(self.activity_view, self.edit_activity)  # Enter, double click
        self.outcome_view, self.outcome_proxy = _table(self.outcomes, self)
        self.evaluation_view, self.evaluation_proxy = _table(self.evaluations, self)
        keyboard_list(self.evaluation_view, self.evaluate)  # Enter, double click
        self.tabs = QTabWidget()
        self.tabs.addTab(self.activity_view, self.tr("帮扶活动记录"))
        self.tabs.addTab(self.outcome_view, self.tr("成效"))
        self.tabs.addTab(self.evaluation_view, self.tr("年度考核"))
        buttons = QHBoxLayout()
        self.buttons: dict[str, Control] = {}
        action_bar(buttons, self, (
            (self.tr("登记活动"), self.add_activity, "Ctrl+R"),
            (self.tr("登记成效"), self.add_outcome, None),
            (self.tr("年度考核评价"), self.evaluate, None),
        ), (
            (self.tr("修改活动"), self.edit_activity, None),
            (self.tr("删除活动"), self.remove_activity, None),
            (self.tr("删除成效"), self.remove_outcome, None),
            (self.tr("另存活动附件"), self.save_activity_files, None),
            (self.tr("另存协议附件"), self.save_agreement, None),
        ), self.buttons, self.activity_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.info)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.show_pair(None)

    def show_pair(self, pair: PairRecord | None) -> None:
        self.pair = pair
        for button in self.buttons.values():
            button.setEnabled(pair is not None)
        if pair is None:
            self.info.setText(self.tr("在上方列表中选择一对结对，查看其活动记录、成效和年度考核。"))
            for model in (self.activities, self.outcomes, self.evaluations):
                model.set_rows([])
            return
        self.buttons[self.tr("另存协议附件")].setEnabled(bool(pair.agreement_file))
        self.info.setText(self._describe(pair))
        self.activities.set_rows(list_activities(self.context.db, pair.id))
        self.outcomes.set_rows(list_outcomes(self.context.db, pair.id))
        self.evaluations.set_rows(list_evaluations(self.context.db, pair.id))
        self.activity_view.resizeColumnsToContents()

    def _describe(self, p: PairRecord) -> str:
        end = f"{p.planned_end:%Y-%m-%d}" if p.planned_end else self.tr("未定")
        status = p.status + (f"（{p.closed_on:%Y-%m-%d}）" if p.closed_on else "")
        if p.stop_reason:
            status += self.tr("，原因：") + p.stop_reason
        agreement = (self.tr("{0} 签订").format(f"{p.agreement_date:%Y-%m-%d}") if p.agreement_date
                     else self.tr("未登记")) + (f"，附件 {p.agreement_file}" if p.agreement_file else "")
        rows = [
            (self.tr("结对"), f"{p.kind}：{p.mentor} — {p.mentee_label}（{p.mentee_category or p.mentee_type}）"),
            (self.tr("支部与期限"), f"{p.branch}，{p.start_date:%Y-%m-%d} 至 {end}，{status}"),
            (self.tr("帮扶维度"), "、".join(p.dimensions) or self.tr("未填")),
            (self.tr("帮扶目标"), p.goals or self.tr("未填")),
            (self.tr("帮扶内容"), p.content or self.tr("未填")),
            (self.tr("成效"), p.results or self.tr("未填")),
            (self.tr("协议"), agreement),
            (self.tr("合计"), self.tr("活动 {0} 次，{1} 小时，成效 {2} 项").format(p.activity_count, p.hours,
                                                                               p.outcome_count)),
        ]
        return "<br>".join(f"<b>{escape(k)}</b>：{escape(v)}" for k, v in rows)

    def _reload(self) -> None:
        if self.pair is not None:
            self.show_pair(get_pair(self.context.db, self.pair.id))
            self.changed.emit(self.pair.id)

    def selected(self, view: QTableView, proxy: FilterProxy) -> Any:
        rows = view.selectionModel().selectedRows()
        return proxy.record_at(rows[0].row()) if rows else None

    def activity_dialog(self, activity: ActivityRecord | None = None) -> ActivityDialog:
        assert self.pair is not None
        return ActivityDialog(self.context, self.pair, activity, self)

    def add_activity(self) -> None:
        if self.pair is not None and self.activity_dialog().exec():
            self._reload()

    def edit_activity(self) -> None:
        activity = self.selected(self.activity_view, self.activity_proxy)
        if activity is not None and self.activity_dialog(activity).exec():
            self._reload()

    def remove_activity(self) -> None:
        activity = self.selected(self.activity_view, self.activity_proxy)
        if activity is None:
            QMessageBox.information(self, self.tr("删除活动"), self.tr("请先在活动记录中选中一条。"))
            return
        answer = QMessageBox.question(self, self.tr("删除活动"), self.tr("删除 {0} 的“{1}”记录？删除后可在回收站恢复。").format(
            f"{activity.activity_date:%Y-%m-%d}", activity.kind))
        if answer == QMessageBox.StandardButton.Yes:
            delete_activity(self.context.db, activity.id)
            self._reload()

    def add_outcome(self) -> None:
        if self.pair is not None and OutcomeDialog(self.context, self.pair, self).exec():
            self._reload()
            self.tabs.setCurrentIndex(1)

    def remove_outcome(self) -> None:
        outcome = self.selected(self.outcome_view, self.outcome_proxy)
        if outcome is None:
            QMessageBox.information(self, self.tr("删除成效"), self.tr("请先在成效列表中选中一条。"))
            return
        if QMessageBox.question(self, self.tr("删除成效"), self.tr("删除“{0}”？").format(outcome.ledger_line())) \
                == QMessageBox.StandardButton.Yes:
            delete_outcome(self.context.db, outcome.id)
            self._reload()

    def evaluate(self) -> None:
        if self.pair is None:
            return
        chosen = self.selected(self.evaluation_view, self.evaluation_proxy)
        if EvaluationDialog(self.context, self.pair, self, year=chosen.year if chosen else None).exec():
            self._reload()
            self.tabs.setCurrentIndex(2)

    def save_agreement(self) -> None:
        if self.pair is None:
            return
        stored = agreement_file(self.context.db, self.pair.id)
        if stored is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, self.tr("另存协议附件"), suggested_name(stored[0], "协议附件"))
        if not name:
            return
        try:
            Path(name).write_bytes(stored[1])
        except (OSError, ServiceError) as exc:
            QMessageBox.warning(self, self.tr("保存失败"), file_error(exc, name, writing=True))

    def save_activity_files(self) -> None:
        """Write the selected entry's attachments into a folder the user picks (names kept)."""
        activity = self.selected(self.activity_view, self.activity_proxy)
        if activity is None or not activity.attachments:
            QMessageBox.information(self, self.tr("另存活动附件"), self.tr("请先选中一条带附件的活动记录。"))
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择保存附件的文件夹"))
        if folder:
            self.write_files(Path(folder), activity_files(self.context.db, activity.id))

    def write_files(self, folder: Path, files: list[tuple[str, bytes]]) -> list[Path]:
        """Each file under its bare name, inside `folder` only, never over a file there (services/attachment_files.py)."""
        try:
            return save_into_folder(folder, files)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("保存失败"), file_error(exc, writing=True))
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("保存失败"), str(exc))
        return []
