"""设置 → 规则与节假日: next year's official holiday schedule (公示 counts working days by it), how
promptly a 转正 discussion must follow the end of probation, and what a branch may differ in (a
离退休党支部's 党小组会 interval and 学时, the committee's term, the fixed day of its 主题党日 — set for
one branch or for all). Rules cannot be switched off here."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.meetings.theme_day import WEEKDAYS, WEEKS, FixedDay
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.domain.workdays import DEFAULT_CALENDAR
from branchdesk.services.errors import ServiceError
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.services.rule_settings import (
    BranchSettings,
    branch_settings,
    delete_schedule,
    list_schedules,
    prompt_settings,
    save_branch_settings,
    save_prompt_settings,
    save_schedule,
    save_theme_day_for_all,
)
from branchdesk.ui.context import AppContext


class RulesPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        # three boxes are taller than a 1366×768 screen leaves the 设置 page: they scroll, the window
        # stays on the screen (it grew 18 pixels under the taskbar on every 设置 tab)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget(scroll)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(inner)

        holidays = QGroupBox(self.tr("法定节假日安排（计算公示的工作日）"))
        form = QFormLayout(holidays)
        self.known = QLabel()
        self.known.setWordWrap(True)
        form.addRow(self.known)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.holidays = QPlainTextEdit()
        self.holidays.setPlaceholderText(self.tr("按国务院办公厅通知填写放假日期，如：2027-01-01, 2027-02-06至2027-02-12"))
        self.holidays.setMaximumHeight(70)
        self.workdays = QPlainTextEdit()
        self.workdays.setPlaceholderText(self.tr("调休上班的周末日期，如：2027-02-14"))
        self.workdays.setMaximumHeight(50)
        form.addRow(self.tr("年份"), self.year)
        form.addRow(self.tr("放假日期"), self.holidays)
        form.addRow(self.tr("调休上班日期"), self.workdays)
        buttons = QHBoxLayout()
        self.save_schedule_button = QPushButton(self.tr("保存该年安排"))
        self.save_schedule_button.clicked.connect(self.save_schedule)
        self.delete_schedule_button = QPushButton(self.tr("删除该年安排"))
        self.delete_schedule_button.clicked.connect(self.delete_schedule)
        buttons.addWidget(self.save_schedule_button)
        buttons.addWidget(self.delete_schedule_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        layout.addWidget(holidays)

        prompt = QGroupBox(self.tr("预备期满后讨论转正（党章第七条“及时讨论”）"))
        form = QFormLayout(prompt)
        self.warn_months = QSpinBox()
        self.warn_months.setRange(1, 12)
        self.warn_months.setSuffix(self.tr(" 个月后提醒"))
        self.error_months = QSpinBox()
        self.error_months.setRange(1, 12)
        self.error_months.setSuffix(self.tr(" 个月后列为问题"))
        form.addRow(self.tr("期满后仍未讨论"), self.warn_months)
        form.addRow("", self.error_months)
        save_prompt = QPushButton(self.tr("保存"))
        save_prompt.clicked.connect(self.save_prompt)
        form.addRow(save_prompt)
        layout.addWidget(prompt)

        branch = QGroupBox(self.tr("各党支部的设置（如离退休党支部）"))
        form = QFormLayout(branch)
        self.branch = QComboBox()
        self.branch.currentIndexChanged.connect(self._load_branch)
        self.group_months = QComboBox()
        self.group_months.addItem(self.tr("每月 1 次（支部条例第十三条）"), 1)
        self.group_months.addItem(self.tr("每季度 1 次（离退休党支部，经党委同意）"), 3)
        self.study_hours = QSpinBox()
        self.study_hours.setRange(1, 200)
        self.study_hours.setSuffix(self.tr(" 学时/年"))
        self.term_years = QComboBox()
        self.term_years.addItem(self.tr("3 年（学校等基层单位）"), 3)
        self.term_years.addItem(self.tr("5 年（村、社区）"), 5)
        form.addRow(self.tr("党支部"), self.branch)
        form.addRow(self.tr("党小组会"), self.group_months)
        form.addRow(self.tr("学习学时要求"), self.study_hours)
        form.addRow(self.tr("支委会每届任期"), self.term_years)
        form.addRow(self.tr("主题党日"), self._theme_day_row())
        theme_note = QLabel(self.tr("支部条例第十六条：每月相对固定1天开展主题党日。固定日遇周末或法定节假日的，"
                                    "可提前或顺延到本月最近的工作日。选“不固定”则不检查召开日期。"))
        theme_note.setWordWrap(True)
        form.addRow("", theme_note)
        buttons = QHBoxLayout()
        save_branch = QPushButton(self.tr("保存该支部设置"))
        save_branch.clicked.connect(self.save_branch)
        self.theme_all_button = QPushButton(self.tr("主题党日用于所有党支部"))
        self.theme_all_button.clicked.connect(self.save_theme_day_for_all)
        buttons.addWidget(save_branch)
        buttons.addWidget(self.theme_all_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        layout.addWidget(branch)
        layout.addStretch(1)

    def _theme_day_row(self) -> QWidget:
        """不固定 / 每月 N 日 / 每月第 N 个星期X: a choice, then only the fields it needs."""
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.theme_kind = QComboBox()
        self.theme_kind.addItem(self.tr("不固定"), "")
        self.theme_kind.addItem(self.tr("每月固定日期"), "day")
        self.theme_kind.addItem(self.tr("每月固定星期"), "week")
        self.theme_day = QSpinBox()
        self.theme_day.setRange(1, 31)
        self.theme_day.setValue(20)
        self.theme_day.setPrefix(self.tr("每月 "))
        self.theme_day.setSuffix(self.tr(" 日"))
        self.theme_day.setToolTip(self.tr("没有这一天的月份（如2月30日），按该月最后一天"))
        self.theme_week = QComboBox()
        for week, words in WEEKS.items():
            self.theme_week.addItem(self.tr("每月{0}").format(words), week)
        self.theme_weekday = QComboBox()
        for number, words in enumerate(WEEKDAYS, start=1):
            self.theme_weekday.addItem(words, number)
        for widget in (self.theme_kind, self.theme_day, self.theme_week, self.theme_weekday):
            line.addWidget(widget)
        line.addStretch(1)
        self.theme_kind.currentIndexChanged.connect(self._show_theme_fields)
        self._show_theme_fields()
        return row

    def _show_theme_fields(self) -> None:
        kind = self.theme_kind.currentData()
        self.theme_day.setVisible(kind == "day")
        self.theme_week.setVisible(kind == "week")
        self.theme_weekday.setVisible(kind == "week")

    def theme_day_chosen(self) -> FixedDay | None:
        """The fixed day as the fields say it; None for 不固定."""
        kind = self.theme_kind.currentData()
        if kind == "day":
            return FixedDay(day=self.theme_day.value())
        if kind == "week":
            return FixedDay(week=self.theme_week.currentData(), weekday=self.theme_weekday.currentData())
        return None

    def _show_theme_day(self, fixed: FixedDay | None) -> None:
        self.theme_kind.setCurrentIndex(self.theme_kind.findData("" if fixed is None else "day" if fixed.day else "week"))
        if fixed is not None and fixed.day:
            self.theme_day.setValue(fixed.day)
        elif fixed is not None:
            self.theme_week.setCurrentIndex(max(self.theme_week.findData(fixed.week), 0))
            self.theme_weekday.setCurrentIndex(max(self.theme_weekday.findData(fixed.weekday), 0))

    def refresh(self) -> None:
        db = self.context.db
        added = list_schedules(db)
        last = DEFAULT_CALENDAR.last_known_year()
        extra = "；".join(f"{r.year}年（手工添加，放假 {len(r.holidays)} 天）" for r in added)
        self.known.setText(self.tr("程序已知 2004—{0} 年的国务院节假日安排。{1}下一年的安排公布后请在此添加；"
                                   "未知年份的公示天数会标为“无法确定”，不会按周一至周五猜测。")
                           .format(last, f"已添加：{extra}。" if extra else ""))
        if self.year.value() == 2000:
            self.year.setValue((last or 2026) + 1)
        prompt = prompt_settings(db)
        self.warn_months.setValue(prompt.warning_months)
        self.error_months.setValue(prompt.error_months)
        current = self.branch.currentData()
        self.branch.blockSignals(True)
        self.branch.clear()
        for org in list_orgs(db, OrgKind.BRANCH):
            self.branch.addItem(org.name, org.id)
        index = self.branch.findData(current)
        self.branch.setCurrentIndex(max(index, 0))
        self.branch.blockSignals(False)
        self._load_branch()

    def _load_branch(self) -> None:
        branch_id = self.branch.currentData()
        if branch_id is None:
            return
        settings, term = branch_settings(self.context.db, branch_id)
        self.group_months.setCurrentIndex(max(self.group_months.findData(settings.group_meeting_months), 0))
        self.study_hours.setValue(settings.study_hours)
        self.term_years.setCurrentIndex(max(self.term_years.findData(term), 0))
        self._show_theme_day(settings.theme_day)

    def _done(self, action, message: str) -> None:  # type: ignore[no-untyped-def]
        try:
            action()
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("无法保存"), str(exc))
            return
        self.context.data_changed.emit("settings")
        self.refresh()
        QMessageBox.information(self, self.tr("已保存"), message)

    def save_schedule(self) -> None:
        year = self.year.value()
        self._done(lambda: save_schedule(self.context.db, year, self.holidays.toPlainText(),
                                         self.workdays.toPlainText()),
                   self.tr("{0} 年的节假日安排已保存，公示的工作日将按它计算。").format(year))

    def delete_schedule(self) -> None:
        year = self.year.value()
        self._done(lambda: delete_schedule(self.context.db, year), self.tr("已删除 {0} 年的节假日安排。").format(year))

    def save_prompt(self) -> None:
        self._done(lambda: save_prompt_settings(self.context.db, self.warn_months.value(), self.error_months.value()),
                   self.tr("已保存。"))

    def save_branch(self) -> None:
        branch_id = self.branch.currentData()
        if branch_id is None:
            return
        settings = BranchSettings(self.group_months.currentData(), self.study_hours.value(), self.theme_day_chosen())
        self._done(lambda: save_branch_settings(self.context.db, branch_id, settings, self.term_years.currentData()),
                   self.tr("“{0}”的设置已保存。").format(self.branch.currentText()))

    def save_theme_day_for_all(self) -> None:
        """The school's one 主题党日 for every branch (a branch that differs is then set on its own)."""
        fixed = self.theme_day_chosen()
        words = fixed.words if fixed is not None else self.tr("不固定")
        if QMessageBox.question(self, self.tr("主题党日用于所有党支部"), self.tr(
                "把所有党支部的主题党日都设为“{0}”？各支部原来的主题党日设置将被替换，其他设置不变。").format(words)
        ) != QMessageBox.StandardButton.Yes:
            return
        self._done(lambda: save_theme_day_for_all(self.context.db, fixed),
                   self.tr("所有党支部的主题党日已设为“{0}”。").format(words))
