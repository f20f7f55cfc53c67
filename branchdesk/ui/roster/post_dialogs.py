"""The 支部委员会 forms of 组织与党员: 任命职务 (or 修改 a post), 卸任 and 换届 (TY-2). What a save would
end — the predecessor of a post one person holds, every post at a 换届 — is said in the form before
anything is saved (services/roster/posts.py; ORG-COMMITTEE, ORG-TERM in domain.md §1).

A date typed without its year ("12月28日", as the 换届 minutes write it; TY-7): 任期开始 and 卸任日期 are
days that have happened — a term starts on the day the 支部党员大会 elected the committee (ORG-TERM) or
the appointment was made, and it is registered after that day; a post ends on its holder's last day in
office — so they are read as every field for a day that happened is (ui.widgets.date_edit, `past`): in
the year of the post being corrected, else this year, never after today (in January "12月28日" is last
December). A term or a 卸任 registered ahead of its day is typed with its year. 任期结束 lies years
ahead (ORG-TERM: 3 years) and no year can be taken for it: it still asks for the year."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.dates import add_years
from branchdesk.domain.roster.succession import Succession
from branchdesk.domain.vocabulary import COMMITTEE_POSTS
from branchdesk.services.errors import ServiceError
from branchdesk.services.roster.organisation import OrgNode
from branchdesk.services.roster.posts import (
    PostRecord,
    appointment_effects,
    assign_post,
    elect_committee,
    end_post,
    list_posts,
    term_effects,
    update_post,
)
from branchdesk.services.roster.records import list_members
from branchdesk.services.rule_settings import branch_settings
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import DateEdit, InvalidDate, first_problem

NOTE_STYLE = "color: #555"
WARNING_STYLE = "color: #b00020"


def post_words(post: PostRecord) -> str:
    """"宣传委员：张红梅" — how a post is named in questions and titles."""
    return f"{post.post}：{post.member_name}"


def _members(context: AppContext, branch_id: int) -> list[tuple[str, int]]:
    return [(f"{m.name}（{m.category}）", m.id) for m in list_members(context.db) if m.branch_id == branch_id]


def _ok_cancel(ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    return buttons


def _effects_text(effects: Succession) -> tuple[str, bool]:
    """The line under a form: what saving ends, or why it cannot be saved (True: a refusal)."""
    if effects.refusal:
        return effects.refusal, True
    return effects.note(), False


class _TermEnd:
    """任期结束 follows 任期开始 by the branch's term (T10-15) until the user types it: shared by the
    appointment and the 换届 forms."""

    end: DateEdit
    term_years: int
    _end_typed: bool
    _following: bool

    def _follow_start(self, start: date | None) -> None:
        if start is not None and not self._end_typed:
            self._following = True
            self.end.set_value(add_years(start, self.term_years))
            self._following = False

    def _end_edited(self) -> None:
        if not self._following:
            self._end_typed = True


class PostDialog(_TermEnd, QDialog):
    """Appoint a member of the branch to a committee post for a term (default 3 years, ORG-TERM); with
    `record`, correct that post. A post one person holds ends its predecessor's term the day before:
    the form says whose, before saving (TY-2)."""

    def __init__(self, context: AppContext, branch: OrgNode, parent: QWidget | None = None,
                 record: PostRecord | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.branch = branch
        self.record = record
        self.setWindowTitle(self.tr("修改任职：{0}").format(post_words(record)) if record
                            else self.tr("任命职务：{0}").format(branch.name))
        self.member = QComboBox()
        for text, member_id in _members(context, branch.id):
            self.member.addItem(text, member_id)
        self.post = QComboBox()
        self.post.addItems(COMMITTEE_POSTS)
        today = date.today()
        # ORG-TERM (domain.md §1): the branch's term length, 3 years for a school (a setting, 5 for 村、社区)
        self.term_years = branch_settings(context.db, branch.id)[1]
        # a post from the roster's 党内职务 has no start: a correction may leave it unknown
        self.start = DateEdit(today, required=record is None, label="任期开始", past=True)
        self.end = DateEdit(add_years(today, self.term_years), label="任期结束")
        # 任期结束 follows a typed 任期开始 (T10-15) until the user gives an end of his own
        self._end_typed = record is not None
        self._following = False
        if record is not None:
            self.member.setCurrentIndex(max(self.member.findData(record.member_id), 0))
            self.post.setCurrentText(record.post)
            self.start.set_record_value(record.term_start)  # "9月2日" corrects the day in the post's year
            self.end.set_value(record.term_end)
        self.start.valueChanged.connect(self._follow_start)
        self.end.valueChanged.connect(self._end_edited)
        term_note = QLabel(self.tr("任期结束按每届任期 {0} 年从任期开始推算，可修改。").format(self.term_years))
        term_note.setStyleSheet(NOTE_STYLE)
        self.effects = QLabel()  # whose term the save ends, said before saving
        self.effects.setObjectName("postEffects")
        self.effects.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("党员"), self.member)
        form.addRow(self.tr("职务"), self.post)
        form.addRow(self.tr("任期开始"), self.start)
        form.addRow(self.tr("任期结束"), self.end)
        form.addRow("", term_note)
        form.addRow(self.effects)
        buttons = _ok_cancel(self.tr("保存修改") if record else self.tr("确定"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        for signal in (self.member.currentIndexChanged, self.post.currentIndexChanged):
            signal.connect(self._show_effects)
        self.start.valueChanged.connect(self._show_effects)
        self.end.valueChanged.connect(self._show_effects)
        self._show_effects()

    def _show_effects(self, *_args: object) -> None:
        text, refused = "", False
        member_id = self.member.currentData()
        try:
            start, end = self.start.value(), self.end.value()
        except InvalidDate:
            start = end = None  # named beside the field
        if member_id is not None and start is not None:
            try:
                text, refused = _effects_text(appointment_effects(
                    self.context.db, self.branch.id, member_id, self.post.currentText(), start, end,
                    editing=self.record.id if self.record else None))
            except ServiceError as exc:
                text, refused = str(exc), True
        self.effects.setText(text)
        self.effects.setStyleSheet(WARNING_STYLE if refused else NOTE_STYLE)
        self.effects.setVisible(bool(text))

    def save(self) -> None:
        if first_problem([self.start, self.end]) is not None:
            return  # named beside the field; nothing is saved
        if self.member.currentData() is None:
            QMessageBox.warning(self, self.tr("无法任命"), self.tr("这个党支部还没有党员。"))
            return
        try:
            start = self.start.value()
            if self.record is not None:
                update_post(self.context.db, self.record.id, self.member.currentData(), self.post.currentText(),
                            start, self.end.value())
            else:
                assert start is not None  # required: first_problem said so when empty
                assign_post(self.context.db, self.branch.id, self.member.currentData(), self.post.currentText(),
                            start, self.end.value() or add_years(start, self.term_years))
        except (ServiceError, InvalidDate) as exc:
            QMessageBox.warning(self, self.tr("无法保存") if self.record else self.tr("无法任命"), str(exc))
            return
        self.accept()


class EndPostDialog(QDialog):
    """卸任: the post ends on the day given (its last day in office); the post stays on record."""

    def __init__(self, context: AppContext, post: PostRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.post = context, post
        self.setWindowTitle(self.tr("卸任：{0}").format(post_words(post)))
        self.on = DateEdit(date.today(), required=True, label="卸任日期", past=True)  # a day that happened
        note = QLabel(self.tr("卸任日期是任职的最后一天；此后该职务不再计入支部委员会。"
                              "新任职从次日开始的，可直接“任命职务”，原任职会自动结束。"))
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        form = QFormLayout(self)
        form.addRow(self.tr("职务"), QLabel(post_words(post)))
        form.addRow(self.tr("卸任日期"), self.on)
        form.addRow(note)
        buttons = _ok_cancel(self.tr("卸任"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        if first_problem([self.on]) is not None:
            return
        try:
            on = self.on.value()
            assert on is not None  # required
            end_post(self.context.db, self.post.id, on)
        except (ServiceError, InvalidDate) as exc:
            QMessageBox.warning(self, self.tr("无法卸任"), str(exc))
            return
        self.accept()


class ElectionDialog(_TermEnd, QDialog):
    """换届: the new 支部委员会 from its 任期开始; every post in office that day ends the day before
    (ORG-TERM). The rows start as the committee in office today, to be changed where it changes."""

    def __init__(self, context: AppContext, branch: OrgNode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.branch = context, branch
        self.setWindowTitle(self.tr("换届：{0}").format(branch.name))
        self.members = _members(context, branch.id)
        self._last_seat: QComboBox | None = None  # the combo last worked in (删除此行)
        self.term_years = branch_settings(context.db, branch.id)[1]
        today = date.today()
        self.start = DateEdit(today, required=True, label="任期开始", past=True)  # the election held
        self.end = DateEdit(add_years(today, self.term_years), label="任期结束")
        self._end_typed = self._following = False  # 任期结束 follows 任期开始 until typed (T10-15)
        self.start.valueChanged.connect(self._follow_start)
        self.start.valueChanged.connect(self._show_effects)
        self.end.valueChanged.connect(self._end_edited)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("职务"), self.tr("党员")])
        self.table.horizontalHeader().setStretchLastSection(True)
        for post in list_posts(context.db, branch.id, on=today):
            self.add_seat(post.post, post.member_id)
        if not self.table.rowCount():
            self.add_seat("书记", None)
        add = QPushButton(self.tr("添加委员"))
        add.clicked.connect(lambda: self.add_seat("委员", None))
        remove = QPushButton(self.tr("删除此行"))
        remove.clicked.connect(self.remove_seat)
        for button in (add, remove):
            button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        self.effects = QLabel()
        self.effects.setObjectName("termEffects")
        self.effects.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("任期开始"), self.start)
        form.addRow(self.tr("任期结束"), self.end)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("新一届支部委员会（选举产生的委员及分工）")))
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.effects)
        buttons = _ok_cancel(self.tr("登记换届"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 460)
        self._show_effects()

    def add_seat(self, post: str, member_id: int | None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        posts = QComboBox()
        posts.addItems(COMMITTEE_POSTS)
        posts.setCurrentText(post)
        people = QComboBox()
        for text, mid in self.members:
            people.addItem(text, mid)
        if member_id is not None:
            people.setCurrentIndex(max(people.findData(member_id), 0))
        self.table.setCellWidget(row, 0, posts)
        self.table.setCellWidget(row, 1, people)
        for combo in (posts, people):
            combo.installEventFilter(self)  # the row last worked in is the one 删除此行 removes

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QComboBox):
            self._last_seat = watched
        return super().eventFilter(watched, event)

    def remove_seat(self) -> None:
        """Remove the row last worked in (its combo had the focus), else the table's current row."""
        last = self._last_seat
        row = next((r for r in range(self.table.rowCount()) for c in (0, 1)
                    if last is not None and self.table.cellWidget(r, c) is last), self.table.currentRow())
        if row >= 0:
            self.table.removeRow(row)
            self._last_seat = None

    def seats(self) -> list[tuple[int, str]]:
        found = []
        for row in range(self.table.rowCount()):
            posts, people = self.table.cellWidget(row, 0), self.table.cellWidget(row, 1)
            assert isinstance(posts, QComboBox) and isinstance(people, QComboBox)
            if people.currentData() is not None:
                found.append((int(people.currentData()), posts.currentText()))
        return found

    def _show_effects(self, *_args: object) -> None:
        try:
            start = self.start.value()
        except InvalidDate:
            start = None
        text, refused = "", False
        if start is not None:
            effects = term_effects(self.context.db, self.branch.id, start)
            text, refused = _effects_text(effects)
            if not refused and effects.ended:
                text = self.tr("换届后，原支部委员会的任职全部结束：") + text
        self.effects.setText(text)
        self.effects.setStyleSheet(WARNING_STYLE if refused else NOTE_STYLE)
        self.effects.setVisible(bool(text))

    def save(self) -> None:
        if first_problem([self.start, self.end]) is not None:
            return
        try:
            start = self.start.value()
            assert start is not None  # required
            elect_committee(self.context.db, self.branch.id, start, self.end.value(), self.seats())
        except (ServiceError, InvalidDate) as exc:
            QMessageBox.warning(self, self.tr("无法登记换届"), str(exc))
            return
        self.accept()
