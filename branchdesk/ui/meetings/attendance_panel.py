"""出席情况 of the meeting record form: the sign-in sheet from the roster of the day (keys 1–5 set
出席 / 请假 / 缺席 / 列席 / 不计入应到 for the selected rows, the reason typed in its column), guests,
the figures and the quorum of a vote as the sheet changes, and — for a record with no sheet — the
counts alone (应到, 实到, 缺席人员及原因) as an old ledger gives them. Which roster the sheet is taken
from (branch, date, kinds, 党小组) is the form's to say: it hands the members in."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date
from typing import NamedTuple, cast

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.meetings.records import (
    UNMARKED,
    AttendanceStatus,
    Attendee,
    MeetingKind,
    attendance_figures,
    check_quorum,
)
from branchdesk.domain.meetings.sitting import MeetingInput, resheet
from branchdesk.domain.validation import FieldError
from branchdesk.ui.meetings.sheet_models import STATUSES, AttendanceModel, ChoiceDelegate, standing_reasons


def absent_without_reason(data: MeetingInput) -> list[FieldError]:
    """缺席 needs its reason on the sign-in sheet (病假、外出培训 … or 无故缺席): the record says why."""
    return [FieldError("出席情况", f"“{a.name}”缺席，请在原因列填写缺席原因（确无理由的写“无故缺席”）")
            for a in data.attendees if a.status == AttendanceStatus.ABSENT.value and not a.reason.strip()]


class Attendance(NamedTuple):
    """What the tab gives the record: the sheet, or (without one) the counts as written; a count
    not filled in is None (unknown), never 0."""

    attendees: list[Attendee]
    expected_count: int | None
    present_count: int | None
    absentee_text: str


class AttendancePanel(QWidget):
    roster_wanted = Signal()  # “按花名册载入”: the form takes the roster of its branch and date

    def __init__(self, voting: Callable[[], bool], parent: QWidget | None = None) -> None:
        """`voting`: whether the sitting votes (a 支部党员大会 with 表决), asked whenever the figures
        are shown, so the quorum is checked only then."""
        super().__init__(parent)
        self._voting = voting
        self.sheet_day: date | None = None  # the day the sheet's members were taken for
        self._set_aside: dict[int, Attendee] = {}  # members a date change took off, as they were marked
        self.sheet_model = AttendanceModel(self)
        self.sheet = QTableView()
        self.sheet.setObjectName("attendanceTable")
        self.sheet.setModel(self.sheet_model)
        self.sheet.setItemDelegateForColumn(2, ChoiceDelegate(STATUSES, self))
        self.sheet.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.sheet.horizontalHeader().setStretchLastSection(True)
        self.sheet.installEventFilter(self)  # keys 1–5 set the status of the selected rows
        self.sheet_model.dataChanged.connect(self.update_figures)
        self.sheet_model.modelReset.connect(self.update_figures)
        self.sheet_model.rowsInserted.connect(self.update_figures)
        self.sheet_model.rowsRemoved.connect(self.update_figures)
        load = QPushButton(self.tr("按花名册载入"))
        load.clicked.connect(self.roster_wanted.emit)
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
        layout = QVBoxLayout(self)
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

    # --- the record in and out
    def load(self, data: MeetingInput) -> None:
        self.sheet_model.set_attendees(data.attendees)
        self.sheet_model.edited = False
        self.sheet_day = data.date
        self._set_aside.clear()
        self.expected.setValue(-1 if data.expected_count is None else data.expected_count)
        self.present.setValue(-1 if data.present_count is None else data.present_count)
        self.absentees.setText(data.absentee_text)

    def attendance(self) -> Attendance:
        """The sheet; without one, the counts typed (未填 = None) and the absentees as written."""
        attendees = self.sheet_model.attendees()
        return Attendance(
            attendees,
            None if attendees or self.expected.value() < 0 else self.expected.value(),
            None if attendees or self.present.value() < 0 else self.present.value(),
            "" if attendees else self.absentees.text().strip(),
        )

    # --- the roster of the day
    def set_roster(self, members: list[Attendee], day: date) -> None:
        """The members on the roster of `day` replace the sheet's; the guests stay."""
        guests = [a for a in self.sheet_model.attendees() if a.member_id is None]
        self.sheet_model.set_attendees(members + guests)
        self.sheet_model.edited = False  # the roster as it comes: nothing marked on it yet
        self.sheet_day = day
        self._set_aside.clear()
        self.sheet_note.setText("")

    def marked(self) -> bool:
        """Whether the user entered anything on this tab since it was loaded or the roster was taken:
        a status or a reason on the sheet, or (a record without a sheet) the counts. A guest added is
        not: the guests stay on the sheet whatever roster it follows."""
        return (self.sheet_model.edited or self.expected.value() >= 0 or self.present.value() >= 0
                or bool(self.absentees.text().strip()))

    def follow(self, fresh: list[Attendee], day: date, changed: Sequence[str], *, keep: bool,
               kinds: Sequence[str] = (), on_roster: Collection[int] | None = None) -> None:
        """The form now asks for another roster: that of `day` for its branch, 党小组 and kinds (`fresh`);
        `changed` says in words what changed besides the date (“党小组改为“数学党小组””).

        keep=False — a new record nobody has marked (re-trial NEW-1): the sheet is that roster as it
        comes, everyone 出席, as a new record's sheet always starts; nothing was entered, so nothing is
        kept or set aside. keep=True — a saved record's sheet, or one the user has marked (T10-16,
        sitting.resheet): what was marked is kept for everyone still on it; who is taken off is set
        aside (given back as marked when the form asks for him again); who is put on comes in 未登记
        for the user to mark, never 出席 unasked. The guests stay either way, and who was taken off,
        put on or given back is said under the sheet. `on_roster`: the member ids on the branch's roster
        that day, so that one who left the sheet on a date change is told as off that roster or as not of
        the sitting's audience (review 13-1, R1-7); None: not known, said by the kinds alone."""
        old = self.sheet_model.attendees()
        restored: list[str] = []
        uncovered: list[str] = []
        if keep:
            moved = resheet(old, fresh, self._set_aside.values())
            self._set_aside.update({a.member_id: a for a in moved.gone if a.member_id is not None})
            attendees, gone, added, restored = moved.attendees, list(moved.gone), moved.added, moved.restored
            uncovered = moved.uncovered
        else:
            on_sheet = {a.member_id for a in old if a.member_id is not None}
            listed = {a.member_id for a in fresh}
            attendees = fresh + [a for a in old if a.member_id is None]
            gone = [a for a in old if a.member_id is not None and a.member_id not in listed]
            added = [a.name for a in fresh if a.member_id not in on_sheet]
            self._set_aside.clear()
        self.sheet_model.set_attendees(attendees)
        self.sheet_model.standing = standing_reasons(fresh)  # the day's approvals, whatever the rows say now
        self.sheet_day = day
        parts = []
        if gone and changed:  # not of the group (kinds, branch) now chosen
            parts.append(self.tr("{0}不在调整后的名单中，已移出").format("、".join(a.name for a in gone)))
        elif gone:  # only the date changed: off that day's roster, or not of that day's audience
            off = [a for a in gone if on_roster is not None and a.member_id not in on_roster]
            if off:
                parts.append(self.tr("{0}不在当日的花名册中，已移出").format("、".join(a.name for a in off)))
            if rest := [a.name for a in gone if a not in off]:
                parts.append(self._not_that_day(kinds).format("、".join(rest)))
        if added:
            parts.append((self.tr("{0}已列入签到表，出席情况为“未登记”，请逐一标记") if keep
                          else self.tr("{0}已列入签到表")).format("、".join(added)))
        if restored:
            parts.append(self.tr("{0}重新列入签到表，保留原先标记的出席情况").format("、".join(restored)))
        if uncovered:  # VOTE-WHO: his approval does not cover the new day (before its 批准日期, after its end)
            parts.append(self.tr("{0}经批准不计入应到会的期间不含这一天，出席情况改为“未登记”，请标记")
                         .format("、".join(uncovered)))
        head = "，".join([*changed, self.tr("按 {0} 的花名册调整了签到表").format(f"{day:%Y-%m-%d}")])
        self.sheet_note.setText(f"{head}：{'；'.join(parts)}。" if parts else "")

    def _not_that_day(self, kinds: Sequence[str]) -> str:
        """Why someone left the sheet when only the date changed, for what is wrong: a 支委会 lists the
        committee, a 党小组会 its group (re-trial 12, N-7: not "不在当日的名册中" of a member still on it).
        Who is on no roster that day is told apart by follow() where the roster is known (R1-7)."""
        if set(kinds) == {MeetingKind.COMMITTEE.value}:
            return self.tr("{0}不是当日的支部委员，已移出")
        if set(kinds) == {MeetingKind.GROUP.value}:
            return self.tr("{0}当日不在本党小组，已移出")
        return self.tr("{0}不在当日的名册中，已移出")

    # --- typing on the sheet
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

    def update_figures(self, *_args: object) -> None:
        attendees = self.sheet_model.attendees()
        self.counts_box.setEnabled(not attendees)
        if not attendees:
            self.figures.setText(self.tr("未登记签到名单"))
            self.quorum.setText("")
            return
        f = attendance_figures(attendees)
        unmarked = sum(1 for a in attendees if a.status == UNMARKED and a.member_id is not None)
        figures = self.tr("应到 {0} 人，实到 {1} 人，请假 {2} 人，缺席 {3} 人，列席 {4} 人，").format(
            f.expected, f.present, f.on_leave, f.absent, f.guests)
        # while someone is 未登记 the rate is not known (T10-16): not worked out as if he were absent
        self.figures.setText(figures + (self.tr("未登记 {0} 人，出席率 —").format(unmarked) if unmarked
                                        else self.tr("出席率 {0}").format(f.rate_text or "—")))
        if self._voting():
            result = check_quorum(attendees)
            self.quorum.setStyleSheet("color: #1b5e20" if result.ok else "color: #b00020; font-weight: bold")
            self.quorum.setText(result.message)
        else:
            self.quorum.setText("")
