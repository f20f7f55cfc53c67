"""The actions of the 整改台账 page on measures and on Excel, kept apart from its layout: add a problem or
a measure, edit, progress, 完成, 销号 (RECT-CLOSE-OFF), reopen (RECT-REOPEN), history, evidence, and
import / export / template. Mixed into RectificationPage, which provides the widgets used here."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from branchdesk.domain.rectification.records import MeasureRecord
from branchdesk.domain.rectification.status import MeasureStatus, is_done
from branchdesk.services.errors import ServiceError
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification import status
from branchdesk.services.rectification.excel import (
    export_rectification,
    export_template,
    import_rectification,
)
from branchdesk.services.rectification.figures import LedgerFigures
from branchdesk.ui.context import AppContext
from branchdesk.ui.import_dialog import ImportDialog
from branchdesk.ui.rectification.close_off_dialog import CloseOffDialog
from branchdesk.ui.rectification.evidence_dialog import EvidenceDialog
from branchdesk.ui.rectification.import_target import NewLedgerImport
from branchdesk.ui.rectification.measure_dialogs import (
    HistoryDialog,
    MeasureDialog,
    ProblemDialog,
    ProgressDialog,
    ReopenDialog,
)
from branchdesk.ui.rectification.measure_tree import MeasureTree
from branchdesk.ui.tasks import failure_box, run_task
from branchdesk.ui.widgets.table_model import FilterProxy, RecordTableModel

# A mixin of RectificationPage (a QWidget): the type checker sees it as one, Python as a plain class.
if TYPE_CHECKING:
    _Page = QWidget
else:
    _Page = object
from branchdesk.ui.widgets.save_file import ask_save_name


class MeasureActions(_Page):
    """Needs from the page (declared here for the type checker): the widgets and state below, and
    `_changed(select_id)` to reload after a change."""

    context: AppContext
    current: LedgerFigures | None
    measure_table: MeasureTree
    measure_proxy: FilterProxy
    measure_model: RecordTableModel[MeasureRecord]

    if TYPE_CHECKING:
        def _changed(self, select_id: int | None = None) -> None: ...

        def clear_filters(self) -> None: ...

    def selected_measure(self) -> MeasureRecord | None:
        return self.measure_table.current_measure()

    def _open_measure(self) -> None:
        """Enter or a double click: a measure's row opens it; a problem's heading row opens nothing."""
        if self.selected_measure() is not None:
            self.edit_measure()

    def _need_measure(self, title: str) -> MeasureRecord | None:
        measure = self.selected_measure()
        if measure is None:
            QMessageBox.information(self, title, self.tr("请先在列表中选中一项整改措施（问题下面的一行）。"))
        return measure

    def _after(self, measure_id: int | None) -> None:
        self._changed()
        if measure_id is not None:
            self.measure_table.select_measure(measure_id)

    def add_problem(self) -> None:
        if self.current is None:
            QMessageBox.information(self, self.tr("新增问题"), self.tr("请先新建或选择一份整改台账。"))
            return
        categories = list(dict.fromkeys(m.category for m in self.measure_model.rows() if m.category))
        dialog = ProblemDialog(self.context, self.current.ledger.id, categories, self.current.ledger.source, self)
        if dialog.exec() and dialog.saved:
            self._changed()
            # shown with no measure yet, and chosen: 新增措施 goes under it; a filter that hides it is cleared
            if not self.measure_table.select_problem(dialog.saved.id):
                self.clear_filters()
                self.measure_table.select_problem(dialog.saved.id)

    def add_measure(self) -> None:
        if self.current is None:
            return
        problems = rect.list_problems(self.context.db, self.current.ledger.id)
        if not problems:
            QMessageBox.information(self, self.tr("新增措施"), self.tr("这份台账还没有问题，请先“新增问题”。"))
            return
        dialog = MeasureDialog(self.context, problems, None, self)
        problem_id = self.measure_table.current_problem_id()
        if problem_id is not None:
            dialog.problem.setCurrentIndex(max(dialog.problem.findData(problem_id), 0))
        if dialog.exec() and dialog.saved:
            self._after(dialog.saved.id)

    def edit_measure(self) -> None:
        measure = self._need_measure(self.tr("编辑措施"))
        if measure is not None and self.current is not None:
            problems = rect.list_problems(self.context.db, self.current.ledger.id)
            dialog = MeasureDialog(self.context, problems, measure, self)
            if dialog.exec():
                self._after(measure.id)

    def add_progress(self) -> None:
        measure = self._need_measure(self.tr("登记进展"))
        if measure is not None and ProgressDialog(self.context, measure, self).exec():
            self._after(measure.id)

    def mark_done(self) -> None:
        measure = self._need_measure(self.tr("标记完成"))
        if measure is None:
            return
        try:
            status.set_status(self.context.db, measure.id, MeasureStatus.DONE.value, date.today(),
                              version=measure.version)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("无法标记完成"), str(exc))
            return
        self._after(measure.id)

    def close_off(self) -> None:
        measure = self._need_measure(self.tr("销号"))
        if measure is None:
            return
        if measure.status == MeasureStatus.CLOSED:
            QMessageBox.information(self, self.tr("销号"), self.tr("这项整改措施已经销号。"))
            return
        if CloseOffDialog(self.context, measure, self).exec():
            self._after(measure.id)

    def reopen(self) -> None:
        measure = self._need_measure(self.tr("重新打开"))
        if measure is None:
            return
        if not is_done(measure.status):
            QMessageBox.information(self, self.tr("重新打开"), self.tr("只有“已完成”或“已销号”的整改措施需要重新打开。"))
            return
        if ReopenDialog(self.context, measure, self).exec():
            self._after(measure.id)

    def show_history(self) -> None:
        measure = self._need_measure(self.tr("历史"))
        if measure is not None:
            HistoryDialog(self.context, measure, self).exec()

    def show_evidence(self) -> None:
        measure = self._need_measure(self.tr("佐证材料"))
        if measure is None:
            return
        dialog = EvidenceDialog(self.context, measure, self)
        dialog.exec()
        if dialog.changed:
            self._after(measure.id)

    # --- Excel
    def import_excel(self) -> None:
        """Into the selected ledger; with none selected, into a new one named here with its 问题来源
        (created by the import; the source may be taken from the file's 问题来源 column)."""
        source: str | None = None
        if self.current is None:
            target = NewLedgerImport(self.context, self)
            if not target.exec():
                return
            title, source = target.ledger_title(), target.chosen_source()
        else:
            title = self.current.ledger.title
        db = self.context.db

        def run(path: Path, dry_run: bool, progress: Any, cancelled: Any) -> Any:
            return import_rectification(db, path, ledger=title, source=source, dry_run=dry_run, progress=progress,
                                        cancelled=cancelled, window=True)

        if ImportDialog(self.context, self.tr("导入到整改台账：{0}").format(title), run, self).exec():
            found = rect.find_ledger(db, title)  # a new ledger is shown at once
            self._changed(found.id if found else None)

    def export_excel(self) -> None:
        title = self.current.ledger.title if self.current else None
        name = ask_save_name(self, self.tr("导出整改台账"), f"{title or '整改台账'}.xlsx", "Excel (*.xlsx)",
                             db=self.context.db)
        if not name:
            return
        db = self.context.db
        run_task(self, lambda _p, _c: export_rectification(db, Path(name), ledger=title),
                 lambda result: QMessageBox.information(self, self.tr("导出完成"), self.tr(
                     "已导出 {0} 份台账、{1} 项整改措施到 {2}").format(result[0], result[1], name)),
                 lambda error: failure_box(self, self.tr("导出失败"), error),
                 label=self.tr("正在导出整改台账……"), pool=self.context.pool)

    def save_template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存空白模板"), "整改台账模板.xlsx", "Excel (*.xlsx)")
        if name:
            export_template(Path(name))
