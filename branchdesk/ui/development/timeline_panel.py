"""One person's 25 steps: date, limit, status (已完成 / 有问题 / 逾期 / 待办 / 未记录 / 未到), the people
and documents of each step and the findings about it; with the actions that edit the record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.development.records import DevelopmentCase
from branchdesk.domain.development.timeline import StepStatus, TimelineItem
from branchdesk.domain.file_errors import file_error
from branchdesk.services.attachment_files import suggested_name
from branchdesk.services.development.checks import timeline
from branchdesk.services.development.records import MAX_ATTACHMENT, document_content
from branchdesk.ui.context import AppContext
from branchdesk.ui.development.dialogs import DocumentDialog, OutcomeDialog, ReviewDialog, StepDialog, tell
from branchdesk.ui.widgets.action_bar import Control, action_bar
from branchdesk.ui.widgets.column_menu import choose_columns
from branchdesk.ui.widgets.list_keys import keyboard_list
from branchdesk.ui.widgets.save_file import ask_save_name
from branchdesk.ui.widgets.table_fit import fit_table
from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel

STATUS_COLOURS = {
    StepStatus.DONE: "#1b5e20", StepStatus.PROBLEM: "#b00020", StepStatus.LATE: "#b00020",
    StepStatus.DUE: "#e65100", StepStatus.MISSING: "#8d6e00", StepStatus.WAITING: "#757575",
    StepStatus.CLOSED: "#9e9e9e",
}


def _findings_text(item: TimelineItem) -> str:
    return "\n".join(f.message + (f"\n　已说明原因：{f.annotation}" if f.annotation else "") for f in item.findings)


def _problems(item: TimelineItem) -> str:
    return "；".join(f.message.split("，", 1)[-1] + ("［已说明原因］" if f.annotation else "") for f in item.findings)


def _step_text(item: TimelineItem) -> str:
    """The step's whole name with what the columns hidden at 1366×768 hold (相关人员, 材料, 记录, 阶段)."""
    facts = (("阶段", item.stage), ("相关人员", item.people), ("材料", item.documents), ("记录", item.detail))
    return "\n".join([item.label] + [f"{name}：{value}" for name, value in facts if value])


def _due_text(item: TimelineItem) -> str:
    """A deadline is its day; a day the step may not come before (确定发展对象 one year after 确定入党积极分子,
    细则 第十三条) reads "最早可于 …", not under the same word as a deadline (TK-12)."""
    if item.due is None:
        return ""
    return f"最早可于 {item.due.isoformat()}" if item.earliest else item.due.isoformat()


def _due_tip(item: TimelineItem) -> str:
    if item.due is None:
        return ""
    return "不得早于此日进行" if item.earliest else "应在此日前完成"


TIMELINE_COLUMNS: list[ColumnSpec[TimelineItem]] = [  # what to act on first; 问题与提醒 takes the room left
    ColumnSpec("步骤", lambda i: i.label, tooltip=_step_text),
    ColumnSpec("状态", lambda i: i.status.value, color=lambda i: STATUS_COLOURS[i.status], tooltip=_findings_text),
    ColumnSpec("日期", lambda i: i.on),
    ColumnSpec("期限", _due_text, tooltip=_due_tip),
    ColumnSpec("问题与提醒", _problems,
               color=lambda i: "#b00020" if any(f.severity.value == "error" and not f.annotation for f in i.findings)
               else None,
               tooltip=_findings_text),
    ColumnSpec("相关人员", lambda i: i.people),
    ColumnSpec("材料", lambda i: i.documents),
    ColumnSpec("记录", lambda i: i.detail),
    ColumnSpec("阶段", lambda i: i.stage),
]


class TimelinePanel(QWidget):
    changed = Signal()  # the record was edited: the page reloads its lists
    opened = Signal(bool)  # a person's steps are shown (True), or only the hint to choose one (False)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.case: DevelopmentCase | None = None
        self.as_of = date.today()
        self.title = QLabel(self.tr("在左侧选择一人，查看其25个步骤"))
        self.title.setStyleSheet("font-size: 15px; font-weight: bold")
        self.title.setWordWrap(True)  # the hint fits the folded pane (ui/widgets/detail_pane.py)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model: RecordTableModel[TimelineItem] = RecordTableModel(TIMELINE_COLUMNS, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("timelineTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # 问题与提醒 always in view, never off at the right, wrapped to its whole text; the step's name and
        # its day are never elided (TK-12: "第1步 递交入党…")
        fit_table(self.table, widest=240, stretch=4, keep=(0, 2, 3))
        self.table.setWordWrap(True)  # the fitter elides on one line; here the rows grow instead
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.proxy.modelReset.connect(self.table.resizeRowsToContents)
        # at 1366×768 the pane has room for what a step is, where it stands and what is wrong with it; the
        # people, documents and notes are in the step's tooltip and its form, and a right click on the
        # header shows their columns (remembered) — they made the steps scroll sideways (NOTE10 "Left")
        choose_columns(self.table, "development-steps", fixed=("步骤",), hidden=("相关人员", "材料", "记录", "阶段"))
        keyboard_list(self.table, self.edit_step)  # Enter, double click
        buttons = QHBoxLayout()
        self.buttons: dict[str, Control] = {}
        action_bar(buttons, self, ((self.tr("登记此步骤"), self.edit_step, None), (self.tr("登记考察"), self.add_review, None),
                                   (self.tr("登记材料"), self.add_document, None)),
                   ((self.tr("附加文件…"), self.attach_file, None), (self.tr("保存附件…"), self.save_attachment, None),
                    (self.tr("延长/取消/终止"), self.record_outcome, None), (self.tr("打印时间线 PDF"), self.print_pdf, None)),
                   self.buttons, self.table)
        self.body = QWidget()  # all but the title: hidden while nobody is chosen
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.summary)
        body.addWidget(self.table, 1)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(on)

    def show_case(self, case_id: int | None, as_of: date | None = None) -> None:
        self.as_of = as_of or self.as_of
        if case_id is None:
            self.case = None
            self.model.set_rows([])
            self.title.setText(self.tr("在左侧选择一人，查看其25个步骤"))
            self.summary.setText("")
            self._enable(False)
            self.opened.emit(False)
            return
        self.case, items = timeline(self.context.db, case_id, self.as_of)
        self.opened.emit(True)
        self.model.set_rows(items)
        case = self.case
        stage = case.outcome.value if case.outcome.value in ("取消预备党员资格", "终止发展") else case.stage.value
        self.title.setText(f"{case.name}　{case.branch}　{stage}")
        late = sum(i.status in (StepStatus.LATE, StepStatus.PROBLEM) for i in items)
        due = sum(i.status is StepStatus.DUE for i in items)
        extra = f"；延长预备期 {case.extension_months} 个月（{case.extension_reason}）" if case.extension_months else ""
        if case.outcome_reason:
            extra += f"；{case.outcome.value} {case.outcome_on}：{case.outcome_reason}"
        self.summary.setText(self.tr("已完成 {0} 步，有问题或逾期 {1} 项，30天内到期 {2} 项").format(
            sum(i.status in (StepStatus.DONE, StepStatus.PROBLEM) for i in items), late, due) + extra)
        self._enable(True)

    def current_step(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return self.proxy.record_at(rows[0].row()).step
        waiting = [i.step for i in self.model.rows() if i.status is not StepStatus.DONE and i.on is None]
        return waiting[0] if waiting else 1

    def _after(self, dialog: object) -> None:
        tell(self, getattr(dialog, "note", ""))
        assert self.case is not None
        self.show_case(self.case.id)
        self.changed.emit()

    def edit_step(self) -> None:
        if self.case is None:
            return
        step = self.current_step()
        if step in (6, 21):
            self.add_review()
            return
        dialog = StepDialog(self.context, self.case, step, self)
        if dialog.exec():
            self._after(dialog)

    def add_review(self) -> None:
        if self.case is not None:
            dialog = ReviewDialog(self.context, self.case, self)
            if dialog.exec():
                self._after(dialog)

    def add_document(self) -> None:
        if self.case is not None:
            dialog = DocumentDialog(self.context, self.case, self)
            dialog.step.setCurrentIndex(self.current_step() - 1)
            if dialog.exec():
                self._after(dialog)

    def attach_file(self) -> None:
        if self.case is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, self.tr("选择材料文件"))
        if not name:
            return
        path = Path(name)
        with path.open("rb") as handle:  # one byte past the limit at most: saving refuses it
            content = handle.read(MAX_ATTACHMENT + 1)  # (a video picked by mistake is never read whole)
        dialog = DocumentDialog(self.context, self.case, self, path.name, content)
        dialog.step.setCurrentIndex(self.current_step() - 1)
        if dialog.exec():
            self._after(dialog)

    def save_attachment(self) -> None:
        """Write an attached document (kept in the database) back to a file the user chooses."""
        if self.case is None:
            return
        attached = [d for d in self.case.documents if d.size]
        if not attached:
            QMessageBox.information(self, self.tr("保存附件"), self.tr("此人的材料中没有附加文件。"))
            return
        labels = [f"{d.title}：{d.filename}（{d.size // 1024 + 1} KB）" for d in attached]
        choice, ok = QInputDialog.getItem(self, self.tr("保存附件"), self.tr("选择附件"), labels, 0, False)
        if not ok:
            return
        document = attached[labels.index(choice)]
        filename, content = document_content(self.context.db, document.id)
        name, _ = QFileDialog.getSaveFileName(self, self.tr("保存附件"), suggested_name(filename, document.title))
        if name:
            Path(name).write_bytes(content)

    def record_outcome(self) -> None:
        if self.case is not None:
            dialog = OutcomeDialog(self.context, self.case, self)
            if dialog.exec():
                self._after(dialog)

    def print_pdf(self) -> None:
        if self.case is None:
            return
        from branchdesk.services.development.printing import export_timeline_pdf

        name = ask_save_name(self, self.tr("保存发展党员时间线"), f"{self.case.name}发展党员时间线.pdf", "PDF (*.pdf)",
                             db=self.context.db)
        if not name:
            return
        try:
            export_timeline_pdf(self.context.db, self.case.id, Path(name), self.as_of)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("保存失败"), file_error(exc, name, writing=True))
            return
        QMessageBox.information(self, self.tr("已保存"), self.tr("已保存到 {0}").format(name))

