"""报表 (issue 7): choose the year, the scope (whole committee or one branch) and the format, read and
edit the draft 年度工作总结 paragraphs, generate off the GUI thread with progress and 取消, then open the
file or its folder. Below, the single documents users print during the year, each linked to the page
of the area that prints it (they are not rewritten here)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.annual_report.records import AREA_KEYS, AREA_TITLES, PrintableDocument
from branchdesk.domain.progress import Cancelled
from branchdesk.services.annual_report.records import (
    ReportResult,
    gather_report,
    generate_report,
    printable_documents,
    scope_names,
)
from branchdesk.services.annual_report.summary_texts import (
    KeptText,
    forget_texts,
    keep_texts,
    kept_texts,
    kept_words,
)
from branchdesk.services.errors import ServiceError
from branchdesk.services.exchange.kept import site_branch
from branchdesk.services.roster.organisation import get_school_name
from branchdesk.services.storage import encryption
from branchdesk.ui.context import AppContext
from branchdesk.ui.tasks import describe, failure_box, run_task
from branchdesk.ui.widgets.pending import PendingWork
from branchdesk.ui.widgets.save_file import confirm_replace, documents_folder, proposed_name
from branchdesk.ui.widgets.style import make_primary
from branchdesk.ui.widgets.table_model import ColumnSpec, RecordTableModel

DOC_COLUMNS: list[ColumnSpec[PrintableDocument]] = [
    ColumnSpec("单据", lambda d: d.title),
    ColumnSpec("所属工作", lambda d: d.area),
    ColumnSpec("在哪里打印", lambda d: d.how),
]
FORMATS = (("PDF 汇编（送审）", "pdf"), ("Excel 工作簿（汇总与台账）", "xlsx"))


class ReportsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result: ReportResult | None = None
        self.drafts: dict[str, str] = {}  # the drafts as generated, to tell edited text apart
        self.kept: dict[str, KeptText] = {}  # what the user wrote for the shown year and scope, as kept
        self.shown: tuple[int, str | None] | None = None  # the (year, scope) the editors hold the text of
        self.editors: dict[str, QPlainTextEdit] = {}
        self._filling = False  # the editors are being filled: not the user typing
        self._unsaved = False  # typed text not kept because the database was locked at the time
        # the text is kept as it is typed (TY-9: what the secretary wrote was lost at a restart), once
        # the typing pauses, and at once when the year or scope changes, a report is made or the page hides
        # after a pause in the typing, not each word (修改记录 keeps each save); run at once by the lock (TR-9)
        self.save_timer = PendingWork(3000, self.save_texts, self)

        self.year = QSpinBox()
        self.year.setRange(1990, date.today().year + 1)
        self.year.setValue(date.today().year if date.today().month >= 11 else date.today().year - 1)
        self.scope = QComboBox()
        self.format = QComboBox()
        for label, key in FORMATS:
            self.format.addItem(self.tr(label), key)
        self.unmasked = QCheckBox(self.tr("列出完整的公民身份号码和联系电话（默认隐去）"))
        self.with_findings = QCheckBox(self.tr("附上自查发现的问题（附录，按支部列出，含情况说明）"))
        self.with_findings.setToolTip(self.tr("对照规定自查的问题和提醒作为汇编的附录；不勾选则汇编中不出现自查结果。"))
        self.out = QLineEdit()
        browse = QPushButton(self.tr("选择位置…"))
        browse.clicked.connect(self.choose_output)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("年度"), self.year)
        form.addRow(self.tr("范围"), self.scope)
        form.addRow(self.tr("格式"), self.format)
        form.addRow("", self.unmasked)
        form.addRow("", self.with_findings)
        form.addRow(self.tr("保存到"), out_row)

        self.load_button = QPushButton(self.tr("按当前数据重新起草总结"))
        self.load_button.clicked.connect(self.redraft)
        self.generate_button = make_primary(QPushButton(self.tr("生成报表")))
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.status = QLabel(self.tr("选择年度和范围后，先查看并修改年度工作总结，再生成报表。"))
        self.status.setWordWrap(True)
        # no school name: the cover's 学校 would print "—" without a word (trial L, TL-12)
        self.school_hint = QLabel(self.tr("尚未填写学校名称：报表封面的“学校”一栏将印为“—”。"
                                          "请在“设置 → 学校信息”中填写后再生成。"))
        self.school_hint.setWordWrap(True)
        self.school_hint.setVisible(False)
        self.open_file_button = QPushButton(self.tr("打开文件"))
        self.open_folder_button = QPushButton(self.tr("打开所在文件夹"))
        self.open_file_button.clicked.connect(self.open_file)
        self.open_folder_button.clicked.connect(self.open_folder)
        for button in (self.open_file_button, self.open_folder_button):
            button.setEnabled(False)
        buttons = QHBoxLayout()
        for w in (self.load_button, self.generate_button, self.open_file_button, self.open_folder_button):
            buttons.addWidget(w)
        buttons.addStretch(1)

        self.summary_tabs = QTabWidget()
        for key in AREA_KEYS:
            editor = QPlainTextEdit()
            editor.setTabChangesFocus(True)
            editor.textChanged.connect(self._typed)
            self.editors[key] = editor
            self.summary_tabs.addTab(editor, self.tr(AREA_TITLES[key]))
        summary_box = QGroupBox(self.tr("年度工作总结（草稿，可修改；修改的文字随时保存，生成时使用）"))
        QVBoxLayout(summary_box).addWidget(self.summary_tabs)

        self.docs = RecordTableModel(DOC_COLUMNS, self)
        self.docs.set_rows(printable_documents())
        self.docs_view = QTableView()
        self.docs_view.setModel(self.docs)
        self.docs_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.docs_view.horizontalHeader().setStretchLastSection(True)
        self.docs_view.resizeColumnsToContents()
        self.docs_view.doubleClicked.connect(lambda index: self.go_to_document(index.row()))
        docs_box = QGroupBox(self.tr("年度中常用的单据（双击转到所在页面打印）"))
        QVBoxLayout(docs_box).addWidget(self.docs_view)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.school_hint)
        layout.addWidget(self.status)
        layout.addWidget(summary_box, 2)
        layout.addWidget(docs_box, 1)
        self.year.valueChanged.connect(self._choice_changed)
        self.scope.currentIndexChanged.connect(self._choice_changed)
        self.format.currentIndexChanged.connect(self._suggest_output)

    # --- choices -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Fill the scope list from the organisation; show the kept texts and the drafts of the rest."""
        chosen = self.scope.currentData()
        top, branches = scope_names(self.context.db)
        kept = site_branch(self.context.db)  # a branch's own PC: its volume only (it keeps no other)
        self.scope.blockSignals(True)
        self.scope.clear()
        if kept is None:
            self.scope.addItem(self.tr("全校（{0}）").format(top), None)
        for name in [kept] if kept is not None else branches:
            self.scope.addItem(name, name)
        index = self.scope.findData(chosen)
        self.scope.setCurrentIndex(max(index, 0))
        self.scope.blockSignals(False)
        self.school_hint.setVisible(not get_school_name(self.context.db).strip())
        self._suggest_output()
        if self._unsaved:  # typed before a lock: kept now, before the editors are filled again
            self.save_texts()
        # what was typed is kept as it is typed, so the editors are filled again from the database
        # (after a restore, its own texts): nothing saved from them until they are (shown is None)
        self.shown = None
        self.load_drafts()

    def branch(self) -> str | None:
        return self.scope.currentData()

    def fmt(self) -> str:
        return str(self.format.currentData())

    def _choice_changed(self) -> None:
        """Another year or scope: the text written for the one shown is kept first, then that year's
        and scope's own text (kept, or drafted from its data) is shown."""
        self.save_texts()
        self._suggest_output()
        self.load_drafts()

    def _suggest_output(self) -> None:
        """学校 + 范围 + 年度 in the name: two schools (or two years) never propose the same file."""
        school = get_school_name(self.context.db)
        name = proposed_name(f"年度党建工作台账汇编.{self.fmt()}", school=school, year=self.year.value(),
                             scope=self.branch() or ("" if school else "全校"))
        folder = Path(self.out.text()).parent if self.out.text().strip() else documents_folder()
        self.out.setText(str(folder / name))

    def choose_output(self) -> None:
        suffix = self.fmt()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存报表"), self.out.text(),
                                              f"{suffix.upper()} (*.{suffix})",
                                              options=QFileDialog.Option.DontConfirmOverwrite)  # asked when generating
        if path:
            self.out.setText(path if path.lower().endswith(f".{suffix}") else f"{path}.{suffix}")

    # --- drafts ------------------------------------------------------------------------------------
    def edited(self) -> dict[str, str]:
        """The summaries whose text differs from the draft (what the user changed)."""
        return {k: e.toPlainText() for k, e in self.editors.items()
                if e.toPlainText().strip() != self.drafts.get(k, "").strip()}

    def summaries(self) -> dict[str, str]:
        return {k: e.toPlainText() for k, e in self.editors.items()}

    def _typed(self) -> None:
        if not self._filling and self.shown is not None:
            self.save_timer.start()

    def save_texts(self) -> None:
        """Keep what the user wrote for the shown year and scope (an area left as drafted keeps nothing)."""
        self.save_timer.stop()
        if self.shown is None:
            return
        db = self.context.db
        if db.encrypted and not encryption.is_unlocked(db.path):  # type: ignore[arg-type]  # encrypted: a file
            self._unsaved = True  # locked (the page hides behind the lock screen): kept once it shows again
            return
        self._unsaved = False
        year, branch = self.shown
        try:
            saved = keep_texts(self.context.db, year, branch, self.summaries(), self.drafts)
        except ServiceError as exc:
            self.status.setText(self.tr("年度工作总结没有保存：{0}").format(exc))
            return
        if saved:
            self.status.setText(self.tr("已保存修改的年度工作总结（{0}）。").format(
                "、".join(self.summary_tabs.tabText(list(self.editors).index(k)) for k in saved)))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Unlocked again: what was typed before the lock is kept now."""
        super().showEvent(event)
        if self._unsaved:
            self.save_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        """Another page, or the window closing: what was typed is kept."""
        self.save_texts()
        super().hideEvent(event)

    def redraft(self) -> None:
        """按当前数据重新起草: the kept text gives way to drafts from the data (after asking)."""
        self.save_texts()
        kept = kept_texts(self.context.db, self.year.value(), self.branch()) if self.shown else {}
        if kept and QMessageBox.question(
                self, self.tr("重新起草"),
                self.tr("将按当前数据重新起草，替换您修改并保存的“{0}”。原来的文字仍可在修改记录中找到。是否继续？").format(
                    kept_words(kept))) != QMessageBox.StandardButton.Yes:
            return
        if kept:
            forget_texts(self.context.db, self.year.value(), self.branch())
        self.load_drafts()

    def load_drafts(self) -> None:
        db, year, branch = self.context.db, self.year.value(), self.branch()
        self._editable(False)  # typing while they are filled would be replaced without a word

        def work(progress, cancelled):
            drafts = gather_report(db, year, branch=branch, progress=progress, cancelled=cancelled).summaries
            return year, branch, drafts, kept_texts(db, year, branch)

        self.status.setText(self.tr("正在根据{0}年的数据起草年度工作总结……").format(year))
        self.task = run_task(self, work, self._drafts_ready, self._failed, on_cancel=self._cancelled,
                             label=self.tr("正在起草年度工作总结……"))

    def _drafts_ready(self, loaded: tuple[int, str | None, dict[str, str], dict[str, KeptText]]) -> None:
        year, branch, drafts, kept = loaded
        self._editable(True)
        self.drafts, self.kept, self.shown = dict(drafts), kept, (year, branch)
        self._filling = True
        try:
            for key, editor in self.editors.items():
                editor.setPlainText(kept[key].text if key in kept else drafts.get(key, ""))
        finally:
            self._filling = False
        if kept:
            latest = max((k.saved_at for k in kept.values() if k.saved_at), default=None)
            when = self.tr("，最后保存于 {0}").format(latest.strftime("%Y-%m-%d %H:%M")) if latest else ""
            self.status.setText(self.tr("“{0}”是您修改并保存的文字{1}；其余部分按{2}年的数据起草，可直接修改。").format(
                kept_words(kept), when, year))
        else:
            self.status.setText(self.tr("已按{0}年的数据起草年度工作总结，可直接修改。").format(year))

    # --- generate ----------------------------------------------------------------------------------
    def generate(self) -> None:
        out = self.out.text().strip()
        if not out:
            QMessageBox.warning(self, self.tr("生成报表"), self.tr("请先选择报表保存到哪里。"))
            return
        if not confirm_replace(self, Path(out)):
            self.status.setText(self.tr("没有生成：已有同名文件，未替换。可改一个文件名，或选择其他位置。"))
            return
        self.save_texts()
        db, year, fmt, branch = self.context.db, self.year.value(), self.fmt(), self.branch()
        masked, summaries = not self.unmasked.isChecked(), self.summaries()
        with_findings = self.with_findings.isChecked()

        def work(progress, cancelled):
            return generate_report(db, year, fmt, Path(out), branch=branch, masked=masked, summaries=summaries,
                                   progress=progress, cancelled=cancelled, with_findings=with_findings)

        self.generate_button.setEnabled(False)
        self.status.setText(self.tr("正在生成报表……"))
        self.task = run_task(self, work, self._generated, self._failed, on_cancel=self._cancelled,
                             label=self.tr("正在生成年度报表……"))

    def _generated(self, result: ReportResult) -> None:
        self.result = result
        self.generate_button.setEnabled(True)
        for button in (self.open_file_button, self.open_folder_button):
            button.setEnabled(True)
        self.status.setText(result.summary)

    def _editable(self, editable: bool) -> None:
        for editor in self.editors.values():
            editor.setReadOnly(not editable)

    def _failed(self, error: Exception) -> None:
        self._editable(True)
        self.generate_button.setEnabled(True)
        self.status.setText(self.tr("未能完成：{0}").format(describe(error)))
        failure_box(self, self.tr("报表"), error)

    def _cancelled(self, cancel: Cancelled) -> None:
        self._editable(True)
        self.generate_button.setEnabled(True)
        self.status.setText(str(cancel))

    def open_file(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.path)))

    def open_folder(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.path.parent)))

    def go_to_document(self, row: int) -> None:
        document = self.docs.row_at(row)
        if document.area_key:
            self.context.navigate.emit(document.area_key, None)
