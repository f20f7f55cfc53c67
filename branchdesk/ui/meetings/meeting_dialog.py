"""The meeting record form (会议记录): kinds, time, place, people, the sign-in sheet from the roster of
the day, minutes and resolutions, 民主评议 grades, attachments kept in the database, and the history of
edits after 定稿. Keyboard-only entry: Tab through the fields, in the sheet press 1–5 to set 出席 /
请假 / 缺席 / 列席 / 不计入应到 for the selected rows, Ctrl+S saves.

This module lays the form out, fills it from a MeetingInput and reads it back, and saves. Its parts
with a job of their own are beside it: the sign-in sheet (attendance_panel), the attachments
(attachments_tab), the 所属期间 field (period_field), the votes (votes_editor)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple, cast

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.meetings.records import (
    AttendanceStatus,
    Attendee,
    MeetingKind,
    check_quorum,
    parse_time,
)
from branchdesk.domain.meetings.sitting import (
    MeetingInput,
    MeetingRecord,
    finalise_problems,
    validate_meeting,
)
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.errors import ServiceError, ValidationFailed
from branchdesk.services.finding_notes import save_reasons
from branchdesk.services.meetings.records import (
    default_attendees,
    finalise_meeting,
    get_meeting,
    save_meeting,
)
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.attachments_tab import AttachmentsTab
from branchdesk.ui.meetings.attendance_panel import AttendancePanel, absent_without_reason
from branchdesk.ui.meetings.period_field import PeriodField
from branchdesk.ui.meetings.sheet_models import GRADES, ChoiceDelegate, ReviewModel
from branchdesk.ui.meetings.votes_editor import VotesEditor
from branchdesk.ui.widgets.date_edit import DateEdit
from branchdesk.ui.widgets.pending import PendingWork
from branchdesk.ui.widgets.rule_warning import ask_reason
from branchdesk.ui.widgets.style import make_primary

K = MeetingKind
FINALISE_QUESTION = "确认这条记录已核对无误并定稿？定稿后修改须注明原因。"


class _SheetSource(NamedTuple):
    """What a sign-in sheet is taken for: the branch, the day, the kinds and the 党小组 (if chosen)."""

    branch_id: int
    day: date
    kinds: tuple[str, ...]
    group_id: int | None


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
        self.date = DateEdit(required=True, label="日期", past=True)
        self.start, self.end = QLineEdit(), QLineEdit()
        self.start.setPlaceholderText("15:30")
        self.end.setPlaceholderText("17:00")
        self.place, self.topic, self.host, self.recorder, self.lecturer = (QLineEdit() for _ in range(5))
        self.has_vote = QCheckBox(self.tr("本次支部党员大会进行表决（核对到会人数）"))
        self.period = PeriodField()  # 所属期间: by date, or an earlier period (补开, a January 组织生活会)
        # the sign-in sheet's members (and their categories) the 评议结果 follows, and whether they
        # changed while 民主评议党员 was not ticked
        self._members_graded: frozenset[tuple[int, str]] = frozenset()
        self._review_behind = False
        # what the sign-in sheet was taken for (branch, date, kinds, 党小组): it follows the form
        self._sheet_for: _SheetSource | None = None
        self._loading = False
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
        for combo in (self.branch, self.group):  # a closed box takes Ctrl+S as a letter to search for
            combo.installEventFilter(self)
        self.group.currentIndexChanged.connect(lambda _index: self._sheet_follows())
        self.date.valueChanged.connect(lambda _day: self._fill_periods(self.period.currentText()))
        # the sign-in sheet follows the date (who was a member, and in which category, on that day) as
        # it follows the branch, 党小组 and kinds; the date once the typing stops, not at every digit —
        # and at once when the record is saved (save)
        self._date_timer = PendingWork(300, self._sheet_follows, self)  # run at once by the lock (TR-9)
        self.date.valueChanged.connect(lambda _day: self._date_timer.start())

        self.tabs = QTabWidget()
        self.attendance = AttendancePanel(
            lambda: K.CONGRESS.value in self.kinds() and self.has_vote.isChecked(), self)
        self.attendance.roster_wanted.connect(self.load_roster)
        # the sheet's parts, by the names the form has always given them
        self.sheet, self.sheet_model = self.attendance.sheet, self.attendance.sheet_model
        self.figures, self.quorum, self.sheet_note = (
            self.attendance.figures, self.attendance.quorum, self.attendance.sheet_note)
        self.tabs.addTab(self.attendance, self.tr("出席情况"))
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
        for signal in (self.sheet_model.modelReset, self.sheet_model.rowsInserted, self.sheet_model.rowsRemoved):
            signal.connect(self._sheet_members_changed)
        self.tabs.addTab(self.review_table, self.tr("评议结果"))
        self.attachments = AttachmentsTab(self.context, self)
        self.attachments.changed.connect(self._attachments_changed)
        self.tabs.addTab(self.attachments, self.tr("附件"))
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

    # --- loading
    def load(self, data: MeetingInput) -> None:
        self._loading = True  # the fields filled one by one: the sheet is the record's, not followed
        self.branch.setCurrentIndex(max(self.branch.findData(data.branch_id), 0))
        self._branch_changed()
        self.group.setCurrentIndex(max(self.group.findData(data.group_id), 0))
        for kind, box in self.kind_boxes.items():
            box.setChecked(kind in data.kinds)
        day = data.date or date.today()
        self.date.year = day.year  # "3月19日" typed is a day of the record's year (T10-6)
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
        self.attendance.load(data)
        self.review_model.set_results(data.review_results)  # as stored: not made to follow the sheet
        self._members_graded = self._sheet_members()
        self._review_behind = False
        self.votes.set_votes(data.votes)
        self._show_record_parts()
        self._kinds_changed()
        if self.record is None and not data.attendees and data.expected_count is None:
            self.load_roster()  # a new record with no earlier one to copy: start from the roster
        self._loading = False
        self._sheet_for = self._sheet_source()

    def _show_record_parts(self) -> None:
        record = self.record
        self.attachments.show_record(record)
        if record is None:
            self.history.setPlainText(self.tr("新记录。定稿后的每次修改都会记录在这里，并注明原因。"))
            return
        lines = [f"{h.at:%Y-%m-%d %H:%M} {h.action}" + (f"（原因：{h.reason}）" if h.reason else "")
                 + (f"\n    {h.changes}" if h.changes else "") for h in record.history]
        state = self.tr("已于 {0} 定稿。").format(f"{record.finalised_at:%Y-%m-%d}") if record.finalised_at \
            else self.tr("尚未定稿。")
        self.history.setPlainText("\n".join([state, *lines]))
        self.finalise_button.setEnabled(not record.finalised)

    def _branch_changed(self) -> None:
        """Another branch: its 党小组 to choose from, and the sheet follows (_sheet_follows)."""
        branch_id = self.branch.currentData()
        self.group.blockSignals(True)  # the list refilled: one change of the sheet, for the branch
        self.group.clear()
        self.group.addItem(self.tr("（全部党小组）"), None)
        for group in self._groups:
            if group.parent_id == branch_id:
                self.group.addItem(group.name, group.id)
        self.group.blockSignals(False)
        self._sheet_follows()

    def _kinds_changed(self) -> None:
        kinds = self.kinds()
        self.group.setEnabled(K.GROUP.value in kinds)
        self._sheet_follows()  # a 支委会 lists the committee, a 党小组会 its group, … (default_attendees)
        self.lecturer.setEnabled(K.LECTURE.value in kinds)
        self.has_vote.setEnabled(K.CONGRESS.value in kinds)
        self.tabs.setTabEnabled(self.votes_tab, K.CONGRESS.value in kinds)
        self._fill_periods(self.period.currentText())
        review = K.REVIEW.value in kinds
        self.tabs.setTabEnabled(2, review)
        if review and (self._review_behind or not self.review_model.rowCount()):
            self.review_model.follow(self.sheet_model.attendees())
            self._review_behind = False
        self.attendance.update_figures()

    def _sheet_members(self) -> frozenset[tuple[int, str]]:
        return frozenset((a.member_id, a.category) for a in self.sheet_model.attendees() if a.member_id is not None)

    def _sheet_members_changed(self, *_args: object) -> None:
        """The 评议结果 sheet lists whom the sign-in sheet lists (T10-7), however it came to list them:
        the roster taken after the form opened, another date, another branch (MTG-YEARLY-REVIEW). A
        guest added, a status marked, or a stored record opened change no member: its grades stay."""
        members = self._sheet_members()
        if members == self._members_graded:
            return
        self._members_graded = members
        if K.REVIEW.value in self.kinds():
            self.review_model.follow(self.sheet_model.attendees())
        else:
            self._review_behind = True  # followed when 民主评议党员 is ticked

    def _fill_periods(self, current: str) -> None:
        """The 所属期间 choices for the date and kinds; the user may type any other."""
        try:
            day = self.date.value() or date.today()
        except ValueError:
            return  # an unreadable date is named beside the field; the choices wait for a readable one
        self.period.offer(day, bool({K.LIFE.value, K.REVIEW.value} & set(self.kinds())), current)

    def kinds(self) -> tuple[str, ...]:
        return tuple(k for k, box in self.kind_boxes.items() if box.isChecked())

    # --- the sheet
    def _sheet_source(self) -> _SheetSource | None:
        """What the sheet is to be taken for as the form stands; None while there is no branch or no
        readable date (an unreadable one is named beside the field)."""
        try:
            day = self.date.value()
        except ValueError:
            return None
        branch_id = self.branch.currentData()
        if day is None or branch_id is None:
            return None
        return _SheetSource(branch_id, day, self.kinds(), self.group.currentData() if self.group.isEnabled() else None)

    def _roster_on(self, branch_id: int, day: date) -> list[Attendee]:
        """Who the sheet lists on `day`: the branch's (or the 党小组's) members then, for these kinds."""
        return default_attendees(self.context.db, branch_id, day, self.kinds(),
                                 self.group.currentData() if self.group.isEnabled() else None)

    def load_roster(self) -> None:
        try:
            day = self.date.value() or date.today()
        except ValueError:
            return  # an unreadable date is named beside the field; the sheet waits for a readable one
        branch_id = self.branch.currentData()
        if branch_id is None:
            return
        roster = self._roster_on(branch_id, day)
        # as the roster lists them: 出席, or 不计入应到 with its approval (VOTE-WHO, TD-5) — not marked by the user
        listed = {a.member_id: (a.status, a.reason.strip()) for a in roster}
        marked = [a.name for a in self.sheet_model.attendees() if a.member_id is not None
                  and (a.status, a.reason.strip()) != listed.get(a.member_id, (AttendanceStatus.PRESENT.value, ""))]
        if marked and QMessageBox.question(
                self, self.tr("按花名册载入"),
                self.tr("重新载入会把签到表改为花名册上的全部人员“出席”，{0} 等 {1} 人已标记的出席情况和原因将被清除。"
                        "确定重新载入吗？").format("、".join(marked[:3]), len(marked)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return  # what was marked stays (re-trial: the button wiped 请假 and 缺席 without a word)
        self.attendance.set_roster(roster, day)
        self._sheet_for = self._sheet_source()

    def _sheet_follows(self) -> None:
        """The sheet follows the form: another date, branch, 党小组 or kinds makes it the roster for them
        (the members that day, in that day's categories; a 党小组会 its group's, a 支委会 the committee:
        services.meetings.records.default_attendees). By one rule (AttendancePanel.follow): a new record
        nobody has marked is that roster, 出席, as a new record's sheet starts (re-trial NEW-1: not
        未登记 — nothing was entered to correct); a saved record's sheet, or one the user has marked,
        keeps what was marked and puts newcomers on 未登记 (T10-16). A record kept without a sheet (the
        counts alone) stays so. Run by the date's timer, by the other fields at once (re-trial NEW-3)
        and by save() first, so that what is saved is the sheet of the date and 党小组 shown (NEW-2)."""
        self._date_timer.stop()
        now, before = self._sheet_source(), self._sheet_for
        if self._loading or now is None or now == before:
            return
        fresh = default_attendees(self.context.db, now.branch_id, now.day, now.kinds, now.group_id)
        self._sheet_for = now  # after the read: one that failed leaves the sheet to follow at save()
        changed = self._what_changed(before, now)
        # only the date changed: who is on the branch's roster that day, so that one leaving the sheet is told
        # as off it or as not of the sitting's audience (the committee, the 党小组; review 13-1, R1-7)
        roster = None if changed else {a.member_id for a in default_attendees(self.context.db, now.branch_id, now.day)
                                       if a.member_id is not None}
        if self.record is None and not self.attendance.marked():
            self.attendance.follow(fresh, now.day, changed, keep=False, kinds=now.kinds, on_roster=roster)
        elif self.sheet_model.attendees():
            self.attendance.follow(fresh, now.day, changed, keep=True, kinds=now.kinds, on_roster=roster)

    def _what_changed(self, before: _SheetSource | None, now: _SheetSource) -> list[str]:
        """What changed besides the date, in words, for the note under the sheet."""
        if before is None:
            return []
        changed = []
        if now.branch_id != before.branch_id:
            changed.append(self.tr("党支部改为“{0}”").format(self.branch.currentText()))
        if now.kinds != before.kinds:
            changed.append(self.tr("会议类型改为“{0}”").format("、".join(now.kinds)))
        elif now.group_id != before.group_id and now.branch_id == before.branch_id:
            changed.append(self.tr("党小组改为“{0}”").format(self.group.currentText().strip("（）")))
        return changed

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Ctrl+S saves from any field (handled here, so it works whichever child has the focus)."""
        if event.matches(QKeySequence.StandardKey.Save):
            self.save()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Ctrl+S on the 党支部 or 党小组 box saves too: a closed combo box would search its items for it."""
        if watched in (self.branch, self.group) and event.type() == QEvent.Type.KeyPress \
                and cast(QKeyEvent, event).matches(QKeySequence.StandardKey.Save):
            self.save()
            return True
        return super().eventFilter(watched, event)

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
            period = self.period.label()
        except ValueError as exc:
            errors.append(f"所属期间：{exc}")
        if errors:
            raise ValueError("；".join(errors))
        sheet = self.attendance.attendance()
        return MeetingInput(
            branch_id=self.branch.currentData(), kinds=self.kinds(), date=self.date.value(),
            group_id=self.group.currentData() if self.group.isEnabled() else None, start_time=times[0],
            end_time=times[1], place=self.place.text().strip(), topic=self.topic.text().strip(),
            host=self.host.text().strip(), recorder=self.recorder.text().strip(),
            lecturer=self.lecturer.text().strip() if self.lecturer.isEnabled() else "",
            content=self.content.toPlainText().strip(), resolutions=self.resolutions.toPlainText().strip(),
            has_vote=self.has_vote.isChecked() and self.has_vote.isEnabled(), attendees=sheet.attendees,
            expected_count=sheet.expected_count, present_count=sheet.present_count,
            absentee_text=sheet.absentee_text,
            review_results=self.review_model.results() if K.REVIEW.value in self.kinds() else [],
            period=period, votes=votes,
        )

    def save(self, finalise: bool = False) -> None:
        self._sheet_follows()  # a date typed a moment ago: its sheet, not the one its timer would replace
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
        if warnings and QMessageBox.question(  # 否 by default: Enter never saves a date after today (TY-7)
            self, self.tr("请确认"), "\n".join(warnings) + "\n\n" + self.tr("仍要保存吗？"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
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

    def _attachments_changed(self) -> None:
        """An attachment added or removed: the record as it is now (attachments and history)."""
        if self.record is not None:
            self.record = get_meeting(self.context.db, self.record.id)
        self._show_record_parts()
