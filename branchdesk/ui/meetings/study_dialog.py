"""The form for a 学习培训记录 (MTG-STUDY-HOURS): date, 学时, form, 学习内容, organiser, note — and who.
A new one takes the members ticked on the roster of its day (参加人员, ui/meetings/study_members.py):
one training for the whole branch is typed once and saved as one record per member in one transaction
(trial K, TK-10; domain.md §8 "data is entered once"). Changing a record changes that one record, whose
member is picked or typed by name. Every problem the service finds is shown beside its field at once,
and the form stays open until the records are saved."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.study_hours.records import MINUTES_PER_HOUR, StudyForm, StudyInput, hours_text
from branchdesk.services.errors import ConflictError, ServiceError, ValidationFailed
from branchdesk.services.roster.records import list_members
from branchdesk.services.study_hours.batch import MEMBERS, save_study_records
from branchdesk.services.study_hours.records import StudyRecordDTO, save_study_record
from branchdesk.ui.context import AppContext
from branchdesk.ui.meetings.study_members import StudyMembers
from branchdesk.ui.widgets.date_edit import DateEdit, InvalidDate, first_problem
from branchdesk.ui.widgets.field_errors import checked_form, show_field_errors

FIELDS = ("党员", "学习日期", "学时", "学习形式", "学习内容", "主办单位", "备注")
NEW_FIELDS = (*FIELDS[1:], MEMBERS)  # a new record: the members ticked, after the training


class StudyRecordDialog(QDialog):
    """A new 学习培训记录 for the members ticked, or one record changed; problems are shown beside their
    fields and the dialog stays open."""

    def __init__(self, context: AppContext, record: StudyRecordDTO | None, branch_id: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.record = record
        self.saved: StudyRecordDTO | None = None  # (the first, when several were written)
        self.saved_all: list[StudyRecordDTO] = []
        self.branch_id = branch_id
        self.setWindowTitle(self.tr("修改学习培训记录") if record else self.tr("新增学习培训记录"))
        self.member = QComboBox(self)  # (a new record ticks its members instead: kept hidden)
        self.member.setEditable(True)  # type a name to find the member
        self.member.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for m in list_members(context.db, include_left=True):
            if branch_id is None or m.branch_id == branch_id or (record and m.id == record.member_id):
                left = self.tr("（已离开）") if m.left_date else ""
                self.member.addItem(f"{m.name}　{m.branch}{left}", m.id)
        self.member.setCurrentIndex(-1)
        self.day = DateEdit(date.today(), required=True, label="学习日期", past=True)
        self.day.year = (record.study_date if record else date.today()).year  # "3月19日": the record's year (T10-6)
        self.hours = QLineEdit()
        self.hours.setPlaceholderText(self.tr("如 12 或 12.5（1 学时 = {0} 分钟）").format(MINUTES_PER_HOUR))
        self.form = QComboBox()
        if record is None:  # chosen, not defaulted: a form Tabbed past is no 党校培训 (as TK-11's 活动形式)
            self.form.addItem("")
        self.form.addItems([f.value for f in StudyForm])
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("培训班或专题名称"))
        self.organiser = QLineEdit()
        self.note = QLineEdit()
        if record is not None:
            self.member.setCurrentIndex(self.member.findData(record.member_id))
            self.day.set_value(record.study_date)
            self.hours.setText(hours_text(record.hours))
            self.form.setCurrentText(record.form)
            self.title.setText(record.title)
            self.organiser.setText(record.organiser)
            self.note.setText(record.note)
        fields: list[QWidget] = [self.day, self.hours, self.form, self.title, self.organiser, self.note]
        self.members: StudyMembers | None = None
        if record is None:  # who attended: ticked on the roster of the day
            self.member.hide()
            self.members = StudyMembers(context, branch_id)  # (parented by the layout: Tab comes after 备注)
            self.members.follow(self.day.value())
            self.day.valueChanged.connect(self._follow_day)
            form, self.errors = checked_form(NEW_FIELDS, [*fields, self.members])
        else:
            form, self.errors = checked_form(FIELDS, [self.member, *fields])  # labels: the service's FieldError names
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())

    def _follow_day(self, day: object) -> None:
        if self.members is not None and isinstance(day, date):
            self.members.follow(day)

    def member_id(self) -> int | None:
        """The member chosen, or typed: the full entry, or a name only one entry starts with."""
        text = self.member.currentText().strip()
        index = self.member.findText(text)
        if index < 0 and text:
            matches = [i for i in range(self.member.count()) if self.member.itemText(i).startswith(text + "　")]
            index = matches[0] if len(matches) == 1 else -1
        return self.member.itemData(index) if index >= 0 else None

    def data(self) -> StudyInput:
        member_id = self.member_id()
        return StudyInput(member_id, self.day.value(), self.hours.text(), self.form.currentText(),
                          self.title.text(), self.organiser.text(), self.note.text())

    def save(self) -> None:
        if first_problem([self.day]) is not None:
            return  # named beside the field; nothing is saved
        try:
            if self.members is not None:
                self.saved_all = save_study_records(self.context.db, self.data(), self.members.member_ids(),
                                                    branch_id=self.branch_id)
                self.saved = self.saved_all[0]
            else:
                self.saved = save_study_record(self.context.db, self.data(), self.record.id if self.record else None,
                                               expected_version=self.record.version if self.record else None)
                self.saved_all = [self.saved]
        except ValidationFailed as exc:
            rest = show_field_errors(self.errors, exc.errors)
            if rest:
                QMessageBox.warning(self, self.tr("未能保存"), "\n".join(m for ms in rest.values() for m in ms))
            return
        except (ConflictError, ServiceError, InvalidDate) as exc:
            QMessageBox.warning(self, self.tr("未能保存"), str(exc))
            return
        show_field_errors(self.errors, [])
        self.accept()
