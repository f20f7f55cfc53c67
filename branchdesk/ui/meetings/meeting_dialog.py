"""The meeting record form (会议记录): kinds, time, place, people, the sign-in sheet from the roster of
the day, minutes and resolutions, 民主评议 grades, attachments kept in the database, and the history of
edits after 定稿. Keyboard-only entry: Tab through the fields, in the sheet press 1–5 to set 出席 /
请假 / 缺席 / 列席 / 不计入应到 for the selected rows, Ctrl+S saves."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.meetings.periods import Granularity, Period, period_words, read_period
from branchdesk.domain.meetings.records import (
    AttendanceStatus,
    MeetingKind,
    attendance_figures,
    check_quorum,
    parse_time,
)
from branchdesk.domain.meetings.sitting import (
    MeetingInput,
    MeetingRecord,
    ReviewResult,
    finalise_problems,
    resheet,
    validate_meeting,
)
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.errors import ServiceError, ValidationFailed
from branchdesk.services.finding_notes import save_reasons
from branchdesk.services.meetings.records import (
    add_attachment,
    attachment_data,
    default_attendees,
    finalise_meeting,
    get_meeting,
    remove_attachment,
    save_meeting,
)
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.sheet_models import GRADES, STATUSES, AttendanceModel, ChoiceDelegate, ReviewModel
from branchdesk.ui.meetings.votes_editor import VotesEditor
from branchdesk.ui.widgets.date_edit import DateEdit
from branchdesk.ui.widgets.rule_warning import ask_reason
from branchdesk.ui.widgets.style import make_primary

K = MeetingKind
FINALISE_QUESTION = "确认这条记录已核对无误并定稿？定稿后修改须注明原因。"


def absent_without_reason(data: MeetingInput) -> list[FieldError]:
    """缺席 needs its reason on the sign-in sheet (病假、外出培训 … or 无故缺席): the record says why."""
    return [FieldError("出席情况", f"“{a.name}”缺席，请在原因列填写缺席原因（确无理由的写“无故缺席”）")
            for a in data.attendees if a.status == AttendanceStatus.ABSENT.value and not a.reason.strip()]


class MeetingDialog(QDialog):
    def __init__(self, context: AppContext, data: MeetingInput, record: MeetingRecord | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.record = record
        self.saved: MeetingRecord | None = None
        self.setWindowTitle(self.tr("编辑会议记录") if record else self.tr("新建会议记录"))
        self.resize(980, 720)
        orgs = list_orgs(context.db)
        self._groups = [o for o in orgs if o.kind == OrgKind.GROUP.value]
        self.branch = QComboBox()
        for org in orgs:
            if org.kind == OrgKind.BRANCH.value:
                self.branch.addItem(org.name, org.id)
        self.group = QComboBox()
        self.kind_boxes: dict[str, QCheckBox] = {k.value: QCheckBox(k.value) for k in MeetingKind}
        self.date = DateEdit(required=True, label="日期")
        self.start, self.end = QLineEdit(), QLineEdit()
        self.start.setPlaceholderText("15:30")
        self.end.setPlaceholderText("17:00")
        self.place, self.topic, self.host, self.recorder, self.lecturer = (QLineEdit() for _ in range(5))
        self.has_vote = QCheckBox(self.tr("本次支部党员大会进行表决（核对到会人数）"))
        self.period = QComboBox()  # 所属期间: by date, or an earlier period (补开, a January 组织生活会)
        self.period.setEditable(True)
        self.period.setToolTip(self.tr("会议计入哪一期：不填即按会议日期；补开写所补的月份或季度（如 2025年7月），"
                                       "次年初召开的组织生活会、民主评议写 2024年度"))
        self.period.lineEdit().setPlaceholderText(self.tr("按会议日期"))
        self._build(data)
        self.load(data)

    # --- layout
    def _build(self, data: MeetingInput) -> None:
        kinds = QHBoxLayout()
        for box in self.kind_boxes.values():
            kinds.addWidget(box)
            box.toggled.connect(self._kinds_changed)
        kinds.addStretch(1)
        form = QGridLayout()
        rows = [
            (self.tr("会议类型"), kinds, None, None),
            (self.tr("党支部"), self.branch, self.tr("党小组"), self.group),
            (self.tr("日期"), self.date, self.tr("时间"), self._pair(self.start, self.end)),
            (self.tr("地点"), self.place, self.tr("主题"), self.topic),
            (self.tr("主持人"), self.host, self.tr("记录人"), self.recorder),
            (self.tr("主讲人（党课）"), self.lecturer, self.tr("所属期间"), self.period),
        ]
        for r, (label1, widget1, label2, widget2) in enumerate(rows):
            form.addWidget(QLabel(label1), r, 0)
            if isinstance(widget1, QHBoxLayout):
                form.addLayout(widget1, r, 1, 1, 3)
            else:
                form.addWidget(widget1, r, 1)
            if label2 and widget2 is not None:
                form.addWidget(QLabel(label2), r, 2)
                form.addWidget(widget2, r, 3)
        form.addWidget(self.has_vote, len(rows), 1, 1, 3)
        self.branch.currentIndexChanged.connect(self._branch_changed)
        self.branch.activated.connect(self._branch_chosen)  # by the user, not by load()
        self.date.valueChanged.connect(lambda _day: self._fill_periods(self.period.currentText()))
        # the sign-in sheet follows the date: who was a member, and in which category, on that day
        self._date_timer = QTimer(self)
        self._date_timer.setSingleShot(True)
        self._date_timer.setInterval(300)  # once the typing stops, not at every digit
        self._date_timer.timeout.connect(self._date_changed)
        self._sheet_day: date | None = None  # the day the sheet's members were taken for
        self.date.valueChanged.connect(lambda _day: self._date_timer.start())

        self.tabs = QTabWidget()
        self.tabs.addTab(self._sheet_tab(), self.tr("出席情况"))
        self.content, self.resolutions = QPlainTextEdit(), QPlainTextEdit()
        self.content.setTabChangesFocus(True)
        self.resolutions.setTabChangesFocus(True)
        minutes = QWidget()
        m_layout = QVBoxLayout(minutes)
        m_layout.addWidget(QLabel(self.tr("主要内容（会议记录）")))
        m_layout.addWidget(self.content, 3)
        m_layout.addWidget(QLabel(self.tr("决议事项")))
        m_layout.addWidget(self.resolutions, 1)
        self.tabs.addTab(minutes, self.tr("会议内容"))
        self.review_model = ReviewModel(self)
        self.review_table = QTableView()
        self.review_table.setModel(self.review_model)
        self.review_table.setItemDelegateForColumn(2, ChoiceDelegate(GRADES, self))
        self.tabs.addTab(self.review_table, self.tr("评议结果"))
        self.tabs.addTab(self._attachments_tab(), self.tr("附件"))
        self.votes = VotesEditor(self)
        self.votes_tab = self.tabs.addTab(self.votes, self.tr("表决情况"))
        self.history = QPlainTextEdit()
        self.history.setReadOnly(True)
        self.tabs.addTab(self.history, self.tr("修改历史"))

        self.errors = QLabel()
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox()
        self.save_button = make_primary(buttons.addButton(self.tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole))
        self.save_button.setToolTip("Ctrl+S")
        self.finalise_button = buttons.addButton(self.tr("保存并定稿"), QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole).clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.finalise_button.clicked.connect(lambda: self.save(finalise=True))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)

    def _pair(self, a: QWidget, b: QWidget) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(a)
        row.addWidget(QLabel("—"))
        row.addWidget(b)
        return box

    def _sheet_tab(self) -> QWidget:
        self.sheet_model = AttendanceModel(self)
        self.sheet = QTableView()
        self.sheet.setObjectName("attendanceTable")
        self.sheet.setModel(self.sheet_model)
        self.sheet.setItemDelegateForColumn(2, ChoiceDelegate(STATUSES, self))
        self.sheet.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.sheet.horizontalHeader().setStretchLastSection(True)
        self.sheet.installEventFilter(self)  # keys 1–5 set the status of the selected rows
        self.sheet_model.dataChanged.connect(self._update_figures)
        self.sheet_model.modelReset.connect(self._update_figures)
        self.sheet_model.rowsInserted.connect(self._update_figures)
        self.sheet_model.rowsRemoved.connect(self._update_figures)
        load = QPushButton(self.tr("按花名册载入"))
        load.clicked.connect(self.load_roster)
        all_present = QPushButton(self.tr("全部出席"))
        all_present.clicked.connect(lambda: self.sheet_model.set_status(range(self.sheet_model.rowCount()),
                                                                        AttendanceStatus.PRESENT.value))
        guest = QPushButton(self.tr("添加列席人员…"))
        guest.clicked.connect(self.add_guest)
        remove = QPushButton(self.tr("删除所选列席人员"))
        remove.clicked.connect(self.remove_guest)
        self.figures = QLabel()
        self.quorum = QLabel()
        self.quorum.setWordWrap(True)
        self.expected, self.present = QSpinBox(), QSpinBox()
        self.expected.setRange(-1, 999)
        self.present.setRange(-1, 999)
        self.expected.setSpecialValueText(self.tr("未填"))
        self.present.setSpecialValueText(self.tr("未填"))
        self.absentees = QLineEdit()
        self.counts_box = QWidget()
        counts = QHBoxLayout(self.counts_box)
        counts.setContentsMargins(0, 0, 0, 0)
        for label, widget in ((self.tr("仅知人数：应到"), self.expected), (self.tr("实到"), self.present),
                              (self.tr("缺席人员及原因"), self.absentees)):
            counts.addWidget(QLabel(label))
            counts.addWidget(widget)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        hint = QLabel(self.tr("选中行后按 1 出席、2 请假、3 缺席、4 列席、5 不计入应到；F2 修改，原因列可直接输入。"))
        hint.setStyleSheet("color: #555")
        layout.addWidget(hint)
        layout.addWidget(self.sheet, 1)
        row = QHBoxLayout()
        for button in (load, all_present, guest, remove):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.figures)
        layout.addLayout(row)
        layout.addWidget(self.quorum)
        self.sheet_note = QLabel(wordWrap=True, styleSheet="color: #555")
        layout.addWidget(self.sheet_note)
        layout.addWidget(self.counts_box)
        return tab

    def _attachments_tab(self) -> QWidget:
        self.attachments = QListWidget()
        add = QPushButton(self.tr("添加照片或扫描件…"))
        add.clicked.connect(self.add_attachment)
        save = QPushButton(self.tr("另存为…"))
        save.clicked.connect(self.save_attachment)
        remove = QPushButton(self.tr("移除"))
        remove.clicked.connect(self.remove_attachment)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(QLabel(self.tr("附件保存在数据库中，备份数据库即同时备份附件。")))
        layout.addWidget(self.attachments, 1)
        row = QHBoxLayout()
        for button in (add, save, remove):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return tab

    # --- loading
    def load(self, data: MeetingInput) -> None:
        self.branch.setCurrentIndex(max(self.branch.findData(data.branch_id), 0))
        self._branch_changed()
        self.group.setCurrentIndex(max(self.group.findData(data.group_id), 0))
        for kind, box in self.kind_boxes.items():
            box.setChecked(kind in data.kinds)
        day = data.date or date.today()
        self.date.set_value(day)
        self.start.setText(data.start_time)
        self.end.setText(data.end_time)
        for widget, value in ((self.place, data.place), (self.topic, data.topic), (self.host, data.host),
                              (self.recorder, data.recorder), (self.lecturer, data.lecturer)):
            widget.setText(value)
        self.has_vote.setChecked(data.has_vote)
        self._fill_periods(data.period)
        self.content.setPlainText(data.content)
        self.resolutions.setPlainText(data.resolutions)
        self.sheet_model.set_attendees(data.attendees)
        self._sheet_day = data.date
        self.expected.setValue(-1 if data.expected_count is None else data.expected_count)
        self.present.setValue(-1 if data.present_count is None else data.present_count)
        self.absentees.setText(data.absentee_text)
        self.review_model.set_results(data.review_results)
        self.votes.set_votes(data.votes)
        self._show_record_parts()
        self._kinds_changed()
        if self.record is None and not data.attendees and data.expected_count is None:
            self.load_roster()  # a new record with no earlier one to copy: start from the roster

    def _show_record_parts(self) -> None:
        self.attachments.clear()
        record = self.record
        if record is None:
            self.history.setPlainText(self.tr("新记录。定稿后的每次修改都会记录在这里，并注明原因。"))
            return
        for info in record.attachments:
            item = QListWidgetItem(f"{info.filename}（{info.size // 1024 + 1} KB）")
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            self.attachments.addItem(item)
        lines = [f"{h.at:%Y-%m-%d %H:%M} {h.action}" + (f"（原因：{h.reason}）" if h.reason else "")
                 + (f"\n    {h.changes}" if h.changes else "") for h in record.history]
        state = self.tr("已于 {0} 定稿。").format(f"{record.finalised_at:%Y-%m-%d}") if record.finalised_at \
            else self.tr("尚未定稿。")
        self.history.setPlainText("\n".join([state, *lines]))
        self.finalise_button.setEnabled(not record.finalised)

    def _branch_chosen(self) -> None:
        """Another branch for a new record: its own roster replaces the sheet."""
        if self.record is None:
            self.load_roster()

    def _branch_changed(self) -> None:
        branch_id = self.branch.currentData()
        self.group.clear()
        self.group.addItem(self.tr("（全部党小组）"), None)
        for group in self._groups:
            if group.parent_id == branch_id:
                self.group.addItem(group.name, group.id)

    def _kinds_changed(self) -> None:
        kinds = self.kinds()
        self.group.setEnabled(K.GROUP.value in kinds)
        self.lecturer.setEnabled(K.LECTURE.value in kinds)
        self.has_vote.setEnabled(K.CONGRESS.value in kinds)
        self.tabs.setTabEnabled(self.votes_tab, K.CONGRESS.value in kinds)
        self._fill_periods(self.period.currentText())
        review = K.REVIEW.value in kinds
        self.tabs.setTabEnabled(2, review)
        if review and not self.review_model.rowCount():
            self.review_model.set_results([ReviewResult(a.member_id, a.name, "", a.category)
                                           for a in self.sheet_model.attendees() if a.member_id is not None])
        self._update_figures()

    def _fill_periods(self, current: str) -> None:
        """Offer the periods a sitting on this date is usually held for late: the past year (yearly
        kinds), the three months and the quarter before; the user may type any other."""
        try:
            day = self.date.value() or date.today()
        except ValueError:
            return  # an unreadable date is named beside the field; the choices wait for a readable one
        options: list[str] = []
        if {K.LIFE.value, K.REVIEW.value} & set(self.kinds()):
            options.append(Period(day.year - 1, Granularity.YEAR).chinese + "度")
        month = Period(day.year, Granularity.MONTH, day.month)
        for back in range(1, 4):
            index = month.index - back
            year = month.year + (index - 1) // 12
            options.append(Period(year, Granularity.MONTH, (index - 1) % 12 + 1).chinese)
        quarter = (day.month - 1) // 3
        options.append(Period(day.year - (quarter == 0), Granularity.QUARTER, (quarter - 1) % 4 + 1).chinese)
        try:
            shown = period_words(self.period_label_of(current))
        except ValueError:
            shown = current
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItem("")
        self.period.addItems(options)
        self.period.setEditText(shown)
        self.period.blockSignals(False)

    def period_label(self) -> str:
        """The 所属期间 typed or chosen, as stored ("2025-07"); "" = by date. ValueError if unreadable."""
        return self.period_label_of(self.period.currentText())

    @staticmethod
    def period_label_of(text: str) -> str:
        period = read_period(text.strip())
        return period.label if period else ""

    def kinds(self) -> tuple[str, ...]:
        return tuple(k for k, box in self.kind_boxes.items() if box.isChecked())

    # --- the sheet
    def load_roster(self) -> None:
        try:
            day = self.date.value() or date.today()
        except ValueError:
            return  # an unreadable date is named beside the field; the sheet waits for a readable one
        branch_id = self.branch.currentData()
        if branch_id is None:
            return
        guests = [a for a in self.sheet_model.attendees() if a.member_id is None]
        members = default_attendees(self.context.db, branch_id, day, self.kinds(),
                                    self.group.currentData() if self.group.isEnabled() else None)
        self.sheet_model.set_attendees(members + guests)
        self._sheet_day = day
        self.sheet_note.setText("")

    def _date_changed(self) -> None:
        """Another date: the sheet becomes the branch's roster on that day (members who joined later or
        had left are not on it; categories are those of the day), keeping what was already marked for
        everyone still on it, and the guests. Who was taken off is said under the sheet."""
        try:
            day = self.date.value()
        except ValueError:
            return  # unreadable: named beside the field; the sheet waits for a readable date
        branch_id = self.branch.currentData()
        if day is None or branch_id is None or day == self._sheet_day or not self.sheet_model.attendees():
            return
        fresh = default_attendees(self.context.db, branch_id, day, self.kinds(),
                                  self.group.currentData() if self.group.isEnabled() else None)
        sheet, gone = resheet(self.sheet_model.attendees(), fresh)
        self.sheet_model.set_attendees(sheet)
        self._sheet_day = day
        self.sheet_note.setText(self.tr("按 {0} 的花名册调整了签到表：{1}不在当日的名册中，已移出。").format(
            f"{day:%Y-%m-%d}", "、".join(gone)) if gone else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Ctrl+S saves from any field (handled here, so it works whichever child has the focus)."""
        if event.matches(QKeySequence.StandardKey.Save):
            self.save()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.sheet and event.type() == QEvent.Type.KeyPress:
            key_event = cast(QKeyEvent, event)  # a KeyPress is a QKeyEvent
            key = key_event.key()
            if Qt.Key.Key_1 <= key <= Qt.Key.Key_5 and not key_event.modifiers():
                self.set_selected_status(STATUSES[key - Qt.Key.Key_1])
                return True
        return super().eventFilter(watched, event)

    def set_selected_status(self, status: str) -> None:
        rows = sorted({index.row() for index in self.sheet.selectionModel().selectedRows()})
        self.sheet_model.set_status(rows, status)

    def add_guest(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("列席人员"), self.tr("姓名（可注明职务，如“王校长”）："))
        if ok and name.strip():
            self.sheet.selectRow(self.sheet_model.add_guest(name.strip()))

    def remove_guest(self) -> None:
        for index in sorted(self.sheet.selectionModel().selectedRows(), key=lambda i: -i.row()):
            if self.sheet_model.attendees()[index.row()].member_id is None:
                self.sheet_model.remove(index.row())

    def _update_figures(self, *_args: object) -> None:
        attendees = self.sheet_model.attendees()
        self.counts_box.setEnabled(not attendees)
        if not attendees:
            self.figures.setText(self.tr("未登记签到名单"))
            self.quorum.setText("")
            return
        f = attendance_figures(attendees)
        self.figures.setText(self.tr("应到 {0} 人，实到 {1} 人，请假 {2} 人，缺席 {3} 人，列席 {4} 人，出席率 {5}").format(
            f.expected, f.present, f.on_leave, f.absent, f.guests, f.rate_text or "—"))
        if K.CONGRESS.value in self.kinds() and self.has_vote.isChecked():
            result = check_quorum(attendees)
            self.quorum.setStyleSheet("color: #1b5e20" if result.ok else "color: #b00020; font-weight: bold")
            self.quorum.setText(result.message)
        else:
            self.quorum.setText("")

    # --- saving
    def collect(self) -> MeetingInput:
        errors = [] if self.date.is_valid() else [f"日期：{self.date.problem()}"]
        self.date.show_problem()
        times = []
        for widget, name in ((self.start, "开始时间"), (self.end, "结束时间")):
            try:
                times.append(parse_time(widget.text()))
            except ValueError as exc:
                errors.append(f"{name}：{exc}")
                times.append("")
        try:
            votes = self.votes.votes() if K.CONGRESS.value in self.kinds() else []
        except ValueError as exc:
            errors.append(str(exc))
        try:
            period = self.period_label()
        except ValueError as exc:
            errors.append(f"所属期间：{exc}")
        if errors:
            raise ValueError("；".join(errors))
        attendees = self.sheet_model.attendees()
        return MeetingInput(
            branch_id=self.branch.currentData(), kinds=self.kinds(), date=self.date.value(),
            group_id=self.group.currentData() if self.group.isEnabled() else None, start_time=times[0],
            end_time=times[1], place=self.place.text().strip(), topic=self.topic.text().strip(),
            host=self.host.text().strip(), recorder=self.recorder.text().strip(),
            lecturer=self.lecturer.text().strip() if self.lecturer.isEnabled() else "",
            content=self.content.toPlainText().strip(), resolutions=self.resolutions.toPlainText().strip(),
            has_vote=self.has_vote.isChecked() and self.has_vote.isEnabled(), attendees=attendees,
            expected_count=None if attendees or self.expected.value() < 0 else self.expected.value(),
            present_count=None if attendees or self.present.value() < 0 else self.present.value(),
            absentee_text="" if attendees else self.absentees.text().strip(),
            review_results=self.review_model.results() if K.REVIEW.value in self.kinds() else [],
            period=period, votes=votes,
        )

    def save(self, finalise: bool = False) -> None:
        try:
            data = self.collect()
        except ValueError as exc:
            self.errors.setText(str(exc))
            return
        errors, warnings = validate_meeting(data)
        errors += absent_without_reason(data)
        if finalise:
            errors += [FieldError("定稿", problem) for problem in finalise_problems(data)]
        if errors:
            self.errors.setText("\n".join(str(e) for e in errors))
            return
        if warnings and QMessageBox.question(
            self, self.tr("请确认"), "\n".join(warnings) + "\n\n" + self.tr("仍要保存吗？")
        ) != QMessageBox.StandardButton.Yes:
            return
        flagged = self.rule_findings(data)
        rule_reason = ask_reason(self, flagged, self.tr("这次会议的记录")) if flagged else ""
        if rule_reason is None:
            self.errors.setText(self.tr("未保存：请核对出席情况后再保存，或写明原因后仍然保存。"))
            return
        if finalise and QMessageBox.question(self, self.tr("定稿"), self.tr(FINALISE_QUESTION)) \
                != QMessageBox.StandardButton.Yes:
            return
        reason = ""
        if self.record is not None and self.record.finalised:
            reason, ok = QInputDialog.getText(self, self.tr("修改已定稿的记录"),
                                              self.tr("这条记录已定稿，请填写修改原因（将记入修改历史）："))
            if not ok:
                return
        try:
            result = save_meeting(self.context.db, data, self.record.id if self.record else None,
                                  expected_version=self.record.version if self.record else None, reason=reason)
            self.saved = finalise_meeting(self.context.db, result.record.id) if finalise else result.record
            if flagged and rule_reason:
                save_reasons(self.context.db, flagged, rule_reason)
        except ValidationFailed as exc:
            self.errors.setText("\n".join(str(e) for e in exc.errors))
            return
        except ServiceError as exc:
            self.errors.setText(str(exc))
            QMessageBox.warning(self, self.tr("未能保存"), str(exc))
            return
        self.accept()

    def rule_findings(self, data: MeetingInput) -> list[Finding]:
        """What the rule check will report about this record once saved (VOTE-QUORUM: a vote with
        not more than half of the voting members present; 支部条例 第十一条，细则 第十九条)."""
        if not (data.has_vote and data.date is not None and data.attendees) or check_quorum(data.attendees).ok:
            return []
        return [Finding(Severity.ERROR, check_quorum(data.attendees).message, rule="VOTE-QUORUM",
                        source="支部条例 第十一条；细则 第十九条", branch=self.branch.currentText(),
                        meeting_type=K.CONGRESS.value, period=f"{data.date:%Y-%m}", area="三会一课")]

    # --- attachments (need a saved record)
    def _require_saved(self) -> bool:
        if self.record is None:
            QMessageBox.information(self, self.tr("附件"), self.tr("请先保存会议记录，再添加附件。"))
            return False
        return True

    def add_attachment(self) -> None:
        if not self._require_saved():
            return
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("选择照片或扫描件"), "",
                                                self.tr("图片和文档 (*.jpg *.jpeg *.png *.pdf *.bmp *.tif *.docx);;所有文件 (*)"))
        assert self.record is not None
        for name in names:
            try:
                add_attachment(self.context.db, self.record.id, Path(name).name, Path(name).read_bytes())
            except (OSError, ServiceError) as exc:
                QMessageBox.warning(self, self.tr("未能添加附件"), str(exc))
        self.record = get_meeting(self.context.db, self.record.id)
        self._show_record_parts()

    def save_attachment(self) -> None:
        item = self.attachments.currentItem()
        if item is None:
            return
        filename, payload = attachment_data(self.context.db, item.data(Qt.ItemDataRole.UserRole))
        target, _ = QFileDialog.getSaveFileName(self, self.tr("另存附件"), filename)
        if target:
            Path(target).write_bytes(payload)

    def remove_attachment(self) -> None:
        item = self.attachments.currentItem()
        if item is None or self.record is None:
            return
        remove_attachment(self.context.db, item.data(Qt.ItemDataRole.UserRole))
        self.record = get_meeting(self.context.db, self.record.id)
        self._show_record_parts()
