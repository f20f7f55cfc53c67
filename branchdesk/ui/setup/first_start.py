"""首次使用: a short guided setup when the database is new — the school and its 党委/党总支, the
branches and 党小组 (typed as a list or read from the roster file), the 启用日期 — and then the way in:
import the roster from Excel (with the template), look at the demo first (a separate file), or
start. Every step can be skipped; 设置 → 学校信息 runs it again with today's answers filled in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCommandLinkButton,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.org_outline import BranchLine, committee_name, format_outline, parse_outline
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.errors import ServiceError
from branchdesk.services.setup import SetupInput, apply_setup, branches_in_roster, current_setup, mark_done
from branchdesk.ui.context import AppContext
from branchdesk.ui.tasks import run_task
from branchdesk.ui.widgets.date_edit import DateEdit
from branchdesk.ui.widgets.keyboard import focus_first_input
from branchdesk.ui.widgets.style import MUTED, PROBLEM, make_primary

EXAMPLE = "初一年级党支部：语文党小组、数学党小组\n高一年级党支部\n    第一党小组\n    第二党小组\n退休教师党支部"
STEPS = ("学校", "党支部和党小组", "启用日期", "开始使用")


class Next(Enum):
    """What the window does after the setup."""

    START = "start"
    IMPORT = "import"
    DEMO = "demo"


def _explain(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {MUTED};")
    return label


class FirstStartDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None, *, again: bool = False) -> None:
        super().__init__(parent)
        self.context = context
        self.again = again
        self.next = Next.START
        self.skipped: set[int] = set()
        self.saved = False
        self.setWindowTitle(self.tr("重新设置学校和党组织") if again else self.tr("欢迎使用支部台账"))
        start = current_setup(context.db) if again else SetupInput()
        self.steps = QListWidget()
        self.steps.setObjectName("setupSteps")
        self.steps.setFixedWidth(150)
        self.steps.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for number, title in enumerate(STEPS, start=1):
            self.steps.addItem(f"{number}　{self.tr(title)}")
        self.pages = QStackedWidget()
        for page in (self._school_page(start), self._branches_page(start), self._start_date_page(start),
                     self._way_in_page()):
            self.pages.addWidget(page)
        self.error = QLabel()
        self.error.setObjectName("setupError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {PROBLEM};")
        self.back_button = QPushButton(self.tr("上一步"))
        self.skip_button = QPushButton(self.tr("跳过此步"))
        self.skip_button.setToolTip(self.tr("以后可在“设置 → 学校信息”中再做"))
        self.next_button = make_primary(QPushButton(self.tr("下一步")))
        self.next_button.setDefault(True)
        self.back_button.clicked.connect(lambda: self.go(self.pages.currentIndex() - 1))
        self.skip_button.clicked.connect(self.skip)
        self.next_button.clicked.connect(lambda: self.forward())
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.next_button)
        right = QVBoxLayout()
        right.addWidget(self.pages, 1)
        right.addWidget(self.error)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addLayout(right, 1)
        # from a step's last field Tab (and Enter after the 启用日期) goes to 下一步, not to 上一步
        QWidget.setTabOrder(self.next_button, self.skip_button)
        QWidget.setTabOrder(self.skip_button, self.back_button)
        self.resize(760, 500)
        self.go(0)

    # --- pages
    def _school_page(self, start: SetupInput) -> QWidget:
        page = QWidget()
        self.school = QLineEdit(start.school)
        self.school.setObjectName("setupSchool")
        self.school.setPlaceholderText(self.tr("如：示范市第二中学"))
        self.kind_committee = QRadioButton(OrgKind.COMMITTEE.value)
        self.kind_general = QRadioButton(OrgKind.GENERAL_BRANCH.value)
        group = QButtonGroup(page)
        group.addButton(self.kind_committee)
        group.addButton(self.kind_general)
        (self.kind_general if start.committee_kind == OrgKind.GENERAL_BRANCH.value else self.kind_committee).setChecked(True)
        kinds = QHBoxLayout()
        kinds.addWidget(self.kind_committee)
        kinds.addWidget(self.kind_general)
        kinds.addStretch(1)
        self.committee = QLineEdit(start.committee)
        self.committee.setObjectName("setupCommittee")
        self._committee_typed = bool(start.committee)
        self.committee.textEdited.connect(lambda _t: setattr(self, "_committee_typed", True))
        self.school.textChanged.connect(self._propose_committee)
        self.kind_committee.toggled.connect(self._propose_committee)
        if start.committee:
            self.committee.setEnabled(not self.again)  # an existing 党委 is renamed in 组织与党员
        form = QFormLayout()
        form.addRow(self.tr("学校名称"), self.school)
        form.addRow(self.tr("学校党组织"), kinds)
        form.addRow(self.tr("党组织全称"), self.committee)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("<h3>学校和学校党组织</h3>")))
        layout.addWidget(_explain(self.tr("学校名称用在各类台账和报表的标题上。学校设党委的选“党委”，设党总支的选“党总支”；"
                                          "只有一个党支部的学校，也可跳过这一项。")))
        layout.addLayout(form)
        layout.addStretch(1)
        self._propose_committee()
        return page

    def _branches_page(self, start: SetupInput) -> QWidget:
        page = QWidget()
        self.outline = QPlainTextEdit(format_outline(start.branches))
        self.outline.setObjectName("setupOutline")
        self.outline.setPlaceholderText(self.tr("每行一个党支部，党小组写在冒号后面或下面缩进的行里，例如：\n") + EXAMPLE)
        self.outline.setTabChangesFocus(True)
        self.outline_state = QLabel()
        self.outline_state.setObjectName("outlineState")
        self.outline_state.setWordWrap(True)
        self.outline.textChanged.connect(self._outline_changed)
        from_roster = QPushButton(self.tr("从花名册文件读取…"))
        from_roster.setObjectName("outlineFromRoster")
        from_roster.clicked.connect(self.choose_roster)
        row = QHBoxLayout()
        row.addWidget(from_roster)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("<h3>党支部和党小组</h3>")))
        layout.addWidget(_explain(self.tr("每行写一个党支部；有党小组的，写在冒号后面（用顿号隔开），或写在下面缩进的行里。"
                                          "已有花名册 Excel 的，可直接从中读取“所在党支部”和“党小组”两列。")))
        layout.addWidget(self.outline, 1)
        layout.addWidget(self.outline_state)
        layout.addLayout(row)
        self._outline_changed()
        return page

    def _start_date_page(self, start: SetupInput) -> QWidget:
        page = QWidget()
        today = date.today()
        # a day that has come, as in 设置 → 台账记录 (ui.settings.records_panel): "9月1日" is the latest 1 September
        self.start_date = DateEdit(start.records_start or date(today.year, today.month, 1), label="启用日期", past=True)
        self.start_date.setObjectName("setupStartDate")
        form = QFormLayout()
        form.addRow(self.tr("台账记录自"), self.start_date)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("<h3>启用日期</h3>")))
        layout.addWidget(_explain(self.tr(
            "从哪一天起用本软件记台账。三会一课、主题党日等规定次数从这一天（或支部成立之日，取较晚者）起检查，"
            "之前没有在本软件记录的月份不会被列为缺漏。一般填开始使用的日子或本学期开学的日子；之前的记录可以补录。")))
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _way_in_page(self) -> QWidget:
        page = QWidget()
        self.import_link = QCommandLinkButton(self.tr("从 Excel 导入花名册"),
                                              self.tr("已有党员名单的，按模板整理后导入；导入前先检查、预览，确认后才写入。"))
        self.import_link.setObjectName("setupImport")
        self.template_link = QPushButton(self.tr("先保存花名册空白模板…"))
        self.template_link.setObjectName("setupTemplate")
        self.demo_link = QCommandLinkButton(self.tr("先看看演示数据"),
                                            self.tr("打开一所虚构学校的演示数据（单独的文件，标题栏注明“演示数据”），"
                                                    "不会混入本校数据；随时可以关闭。"))
        self.demo_link.setObjectName("setupDemo")
        self.start_link = QCommandLinkButton(self.tr("直接开始"), self.tr("稍后在“组织与党员”中录入党员，或从 Excel 导入。"))
        self.start_link.setObjectName("setupStart")
        self.import_link.clicked.connect(lambda: self.finish(Next.IMPORT))
        self.demo_link.clicked.connect(lambda: self.finish(Next.DEMO))
        self.start_link.clicked.connect(lambda: self.finish(Next.START))
        self.template_link.clicked.connect(self.save_template)
        template_row = QHBoxLayout()
        template_row.addSpacing(40)
        template_row.addWidget(self.template_link)
        template_row.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("setupSummary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("<h3>开始使用</h3>")))
        layout.addWidget(self.summary)
        layout.addWidget(self.import_link)
        layout.addLayout(template_row)
        layout.addWidget(self.demo_link)
        layout.addWidget(self.start_link)
        layout.addStretch(1)
        return page

    # --- behaviour
    def _propose_committee(self, *_args: object) -> None:
        if not self._committee_typed and self.committee.isEnabled():
            self.committee.setText(committee_name(self.school.text(), self.kind()))

    def kind(self) -> str:
        return OrgKind.GENERAL_BRANCH.value if self.kind_general.isChecked() else OrgKind.COMMITTEE.value

    def _outline_changed(self) -> None:
        branches, problems = parse_outline(self.outline.toPlainText())
        if problems:
            self.outline_state.setStyleSheet(f"color: {PROBLEM};")
            self.outline_state.setText("；".join(problems))
        elif branches:
            groups = sum(len(b.groups) for b in branches)
            self.outline_state.setStyleSheet(f"color: {MUTED};")
            self.outline_state.setText(self.tr("将建立 {0} 个党支部、{1} 个党小组（已有的保持不变）。").format(len(branches), groups))
        else:
            self.outline_state.setText("")

    def choose_roster(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("选择党员花名册"), "", self.tr("Excel 工作簿 (*.xlsx)"))
        if name:
            self.read_roster(Path(name))

    def read_roster(self, path: Path) -> None:
        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> list[BranchLine]:
            return branches_in_roster(path, progress, cancelled)

        def done(branches) -> None:  # type: ignore[no-untyped-def]
            if not branches:
                QMessageBox.information(self, self.tr("从花名册读取"), self.tr("这个文件的“所在党支部”一列是空的。"))
                return
            self.outline.setPlainText(format_outline(branches))

        run_task(self, work, done, lambda message: QMessageBox.warning(self, self.tr("无法读取花名册"), str(message)),
                 label=self.tr("正在读取花名册……"), pool=self.context.pool)

    def go(self, index: int) -> None:
        index = max(0, min(index, self.pages.count() - 1))
        self.pages.setCurrentIndex(index)
        self.steps.setCurrentRow(index)
        self.error.setText("")
        last = index == self.pages.count() - 1
        self.back_button.setEnabled(index > 0)
        self.skip_button.setVisible(not last)
        self.next_button.setVisible(not last)
        self.next_button.setText(self.tr("保存并继续") if index == self.pages.count() - 2 else self.tr("下一步"))
        if last:
            self.summary.setText(self._summary_text())
        # the cursor in the step's first field, so the typing goes there (T10-1: the 启用日期 typed after
        # 下一步 went nowhere and the default was saved); the last step: its first choice
        if not focus_first_input(self.pages.currentWidget()):
            self.import_link.setFocus(Qt.FocusReason.TabFocusReason)

    def skip(self) -> None:
        index = self.pages.currentIndex()
        self.skipped.add(index)
        self.forward(check=False)

    def forward(self, check: bool = True) -> None:
        index = self.pages.currentIndex()
        if check:
            self.skipped.discard(index)
            problem = self._problem(index)
            if problem:
                self.error.setText(problem)
                return
        if index == self.pages.count() - 2 and not self.save():
            return
        self.go(index + 1)

    def _problem(self, index: int) -> str:
        if index == 1:
            _branches, problems = parse_outline(self.outline.toPlainText())
            return "；".join(problems)
        if index == 2 and self.start_date.show_problem():
            return self.tr("启用日期：{0}").format(self.start_date.problem())
        return ""

    def setup_input(self) -> SetupInput:
        """The answers of the steps not skipped."""
        data = SetupInput()
        if 0 not in self.skipped:
            data.school, data.committee_kind = self.school.text(), self.kind()
            data.committee = self.committee.text() if self.committee.isEnabled() else ""
        if 1 not in self.skipped:
            data.branches = parse_outline(self.outline.toPlainText())[0]
        if 2 not in self.skipped:
            data.records_start = self.start_date.value()
        return data

    def save(self) -> bool:
        try:
            result = apply_setup(self.context.db, self.setup_input())
        except (ServiceError, ValueError) as exc:
            self.error.setText(str(exc))
            return False
        self.saved = True
        self.created = result.created
        self.context.data_changed.emit("roster")
        self.context.data_changed.emit("settings")
        return True

    def _summary_text(self) -> str:
        created = getattr(self, "created", [])
        if not created:
            return self.tr("设置已保存。接下来：")
        counts = {kind: sum(c.startswith(kind) for c in created) for kind in ("党委", "党总支", "党支部", "党小组")}
        parts = [self.tr("{0} {1} 个").format(kind, n) for kind, n in counts.items() if n]
        return self.tr("已保存，新建了{0}（可在“组织与党员”中查看和修改）。接下来：").format("、".join(parts))

    def finish(self, chosen: Next) -> None:
        self.next = chosen
        self.accept()

    def save_template(self) -> None:
        from branchdesk.services.roster.excel import export_roster_template
        from branchdesk.ui.widgets.save_file import ask_save_path

        path = ask_save_path(self, self.tr("保存花名册空白模板"), "党员花名册模板.xlsx", "Excel (*.xlsx)",
                             with_school=False)
        if path is not None:
            export_roster_template(path)
            QMessageBox.information(self, self.tr("已保存"), self.tr("空白模板已保存到 {0}。填好后点“从 Excel 导入花名册”。").format(path))

    def reject(self) -> None:
        """Closing the first start is skipping it: it is not asked again (设置 can run it)."""
        if not self.saved and not self.again:
            mark_done(self.context.db)
        super().reject()
