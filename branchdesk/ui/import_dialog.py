"""Import from Excel with a preview: the file is checked off the GUI thread (a dry run), every row is
shown with its status and problems, and only then can the user write it — all or nothing.

Any area can use it: give it the Qt-free import function `fn(path, dry_run, progress, cancelled)`.
When the preview needs a decision (issue 13) the dialog offers it and checks again: a word the file
uses that an editable list lacks is added in one click, and new branches / 党小组 a roster would
create are confirmed with a tick (the function then gets `create_orgs=True`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.progress import Cancelled
from branchdesk.services.errors import ServiceError
from branchdesk.services.import_report import ImportReport
from branchdesk.ui.context import AppContext
from branchdesk.ui.tasks import failure_box, run_task
from branchdesk.ui.widgets.table_model import ColumnSpec, FilterProxy, RecordTableModel

ImportFn = Callable[[Path, bool, Callable[[int, int], None], Callable[[], bool]], ImportReport]


@dataclass(frozen=True)
class PreviewLine:
    row: int
    cells: tuple[str, ...]
    status: str
    problems: str


def _colour(line: PreviewLine) -> str | None:
    return "#b00020" if line.status == "有错误" else ("#1b5e20" if line.status in ("新增", "更新", "恢复", "更正日期") else None)


def _problem_colour(line: PreviewLine) -> str | None:
    """The 问题 cell: red for a row in error, amber for a row's 提示 — not the green of a row to be added,
    the colour of nothing to see (review13-1 R1-4)."""
    if line.status == "有错误":
        return "#b00020"
    return "#8a6d00" if line.problems else None


def _said_of(report: ImportReport, row: int) -> str:
    """The row's problems, then its 提示 (re-trial 12, N-5: a 提示 was only in the text under the table)."""
    problems = [f"{x.column}：{x.message}" if x.column else x.message for x in report.problems_of(row)]
    return "；".join(problems + [f"提示：{text}" for text in report.warnings_of(row)])


class ImportDialog(QDialog):
    def __init__(self, context: AppContext, title: str, import_fn: ImportFn, parent: QWidget | None = None,
                 path: Path | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.import_fn = import_fn
        self.report: ImportReport | None = None
        self.options: dict[str, object] = {}  # decisions taken in the preview (create_orgs)
        self.setWindowTitle(title)
        self.resize(980, 600)
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        browse = QPushButton(self.tr("选择文件…"))
        browse.clicked.connect(self.choose_file)
        self.summary = QLabel(self.tr("请选择要导入的 Excel 文件（.xlsx）。先检查、预览，确认无误后才写入。"))
        self.summary.setWordWrap(True)
        self.decisions = QHBoxLayout()  # one-click answers the preview asks for
        self.model: RecordTableModel[PreviewLine] = RecordTableModel([], self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(120)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(self.tr("确认导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        close = self.buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self.run_import)
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.path_edit, 1)
        top.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(self.decisions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.buttons)
        if path is not None:
            self.check(path)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("选择 Excel 文件"), "", self.tr("Excel 工作簿 (*.xlsx)"))
        if name:
            self.check(Path(name))

    def check(self, path: Path) -> None:
        """Dry run off the GUI thread; fills the preview."""
        self.path = path
        self.path_edit.setText(str(path))
        self.import_button.setEnabled(False)
        run_task(self, lambda progress, cancelled: self._call(path, True, progress, cancelled),
                 self.show_preview, self._failed, on_cancel=self._cancelled, label=self.tr("正在检查文件……"),
                 pool=self.context.pool)

    def _call(self, path: Path, dry_run: bool, progress: Callable[[int, int], None],
              cancelled: Callable[[], bool]) -> ImportReport:
        if self.options:
            return self.import_fn(path, dry_run, progress, cancelled, **self.options)
        return self.import_fn(path, dry_run, progress, cancelled)

    def _offer_decisions(self, report: ImportReport) -> None:
        while self.decisions.count():
            item = self.decisions.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for word in report.unknown_words:
            if not word.editable:
                continue
            button = QPushButton(self.tr("把“{0}”添加为新的{1}").format(word.word, word.title))
            button.setToolTip(self.tr("文件中 {0} 行使用了“{1}”。添加后重新检查文件。").format(len(word.rows), word.word))
            button.clicked.connect(lambda _checked=False, w=word: self._add_word(w.list_key, w.word))
            self.decisions.addWidget(button)
        if report.needs_confirmation:
            box = QCheckBox(self.tr("确认新建这些党组织（{0}）").format(report.needs_confirmation))
            box.setChecked(bool(self.options.get("create_orgs")))
            box.toggled.connect(self._confirm_orgs)
            self.decisions.addWidget(box)
        self.decisions.addStretch(1)

    def _add_word(self, list_key: str, word: str) -> None:
        from branchdesk.services.word_lists import add_list_entry

        try:
            add_list_entry(self.context.db, list_key, word)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("无法添加"), str(exc))
            return
        self.context.data_changed.emit("settings")
        self.check(self.path)

    def _confirm_orgs(self, checked: bool) -> None:
        if checked:
            self.options["create_orgs"] = True
        else:
            self.options.pop("create_orgs", None)
        self.check(self.path)

    def show_preview(self, report: ImportReport) -> None:
        self.report = report
        headers = report.preview_headers
        columns: list[ColumnSpec[PreviewLine]] = [ColumnSpec("行号", lambda line: int(line.row))]
        if "工作表" not in headers and any(getattr(p.row, "sheet", "") for p in report.preview):  # several sheets
            columns.insert(0, ColumnSpec("工作表", lambda line: getattr(line.row, "sheet", "")))
        columns += [ColumnSpec(h, lambda line, i=i: line.cells[i]) for i, h in enumerate(headers)]
        columns += [ColumnSpec("状态", lambda line: line.status, color=_colour),
                    ColumnSpec("问题", lambda line: line.problems, color=_problem_colour,
                               tooltip=lambda line: line.problems)]  # the whole text: the cell is cut at the edge
        self.model = RecordTableModel(columns, self)
        lines = [PreviewLine(p.row, p.cells, report.status_of(p.row), _said_of(report, p.row)) for p in report.preview]
        lines.sort(key=lambda line: line.status != "有错误")  # the rows in error first, each sheet's in order (TL-10)
        self.model.set_rows(lines)
        self.proxy.setSourceModel(self.model)
        self.table.resizeColumnsToContents()
        self.summary.setText(report.summary())
        self.details.setPlainText(report.to_text())
        self._offer_decisions(report)
        self.import_button.setEnabled(report.ok and report.rows_read > 0)

    def run_import(self) -> None:
        """Back up before writing (issue 8: before every import that writes), in the task too."""
        path = self.path
        db = self.context.db

        def work(progress, cancelled):
            from branchdesk.services.storage.backups import backup_before_writing

            with backup_before_writing(db, file=path):  # taken when the import is about to write (issue 21)
                return self._call(path, False, progress, cancelled)

        run_task(self, work, self._imported, self._failed, on_cancel=self._cancelled, label=self.tr("正在导入……"),
                 pool=self.context.pool)

    def _imported(self, report: ImportReport) -> None:
        self.report = report
        self.details.setPlainText(report.to_text())
        self.summary.setText(report.summary())  # no longer the check's "（试运行，未写入数据）"
        if report.written:
            QMessageBox.information(self, self.tr("导入完成"), report.done_text())
            self.accept()
        else:
            self.show_preview(report)

    def _failed(self, error: Exception) -> None:
        failure_box(self, self.tr("导入失败"), error, self.tr("导入没有完成，没有写入任何数据。\n{0}"))

    def _cancelled(self, cancel: Cancelled) -> None:
        """The user's 取消 is no failure: say so where the summary stands, and ask nothing."""
        self.summary.setText(str(cancel))
