"""Add or edit a 结对: the mentor is chosen from the roster; the mentee is a teacher, a student (name,
class, category only — domain.md §8) or a class; the agreement's date and its scanned file.

A date typed without its year ("9月1日"; ui.widgets.date_edit reads it, the form shows the full date
before saving):
- 开始日期 may lie either side of today — pairs are registered before the term they start in or after
  it began (the service takes a start up to a year ahead) — so it is the such day nearest to today
  (`near`): "9月1日" in late August is the coming one, in January the one just past;
- 结束日期 is the planned end of an agreement made year by year (domain.md §7), so it is the first such
  day after the 开始日期 ("7月10日" after 2026-09-01 is 2027-07-10); with no 开始日期 it asks for the year;
- 协议签订日期 is a day that has happened (`past`);
- correcting a pair, each reads it in the year of the date the field held (its day is corrected)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.mentoring.records import (
    CLASS_CATEGORIES,
    STUDENT_CATEGORIES,
    TEACHER_CATEGORIES,
    MenteeType,
    PairInput,
    PairRecord,
    mentee_type_for,
)
from branchdesk.domain.roster.records import MemberRecord
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.errors import ConflictError, ServiceError, ValidationFailed
from branchdesk.services.mentoring.lists import get_lists
from branchdesk.services.mentoring.records import save_pair, set_agreement
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.services.roster.records import list_members
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import DateEdit, first_problem
from branchdesk.ui.widgets.field_errors import checked_form, show_field_errors
from branchdesk.ui.widgets.window_fit import scrolling


def _text_edit(height: int = 54) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setFixedHeight(height)
    edit.setTabChangesFocus(True)
    return edit


class PairDialog(QDialog):
    FIELDS = ("结对类型", "所在党支部", "导师（帮扶人）", "对象类别", "结对对象", "班级", "开始日期", "结束日期",
              "帮扶维度", "帮扶目标", "帮扶内容", "成效", "协议签订日期", "协议附件", "备注")

    def __init__(self, context: AppContext, pair: PairRecord | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pair = pair
        self.saved: PairRecord | None = None
        self.agreement: Path | None = None
        lists = get_lists(context.db)
        self.setWindowTitle(self.tr("编辑结对") if pair else self.tr("新增结对"))
        self.kind = QComboBox()
        self.kind.addItems(lists.pair_kinds)
        self.branch = QComboBox()
        for ref in list_orgs(context.db, OrgKind.BRANCH):
            self.branch.addItem(ref.name, ref.id)
        self.members: list[MemberRecord] = list_members(context.db)
        if pair is not None and all(m.id != pair.mentor_id for m in self.members):
            # a mentor who has since left stays selectable for the pairs he or she already had
            self.members += [m for m in list_members(context.db, include_left=True) if m.id == pair.mentor_id]
        self.mentor = QComboBox()
        self.mentor.setEditable(True)  # type to find a name among many members
        self.mentor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems([*TEACHER_CATEGORIES, *STUDENT_CATEGORIES, *CLASS_CATEGORIES])
        self.mentee = QLineEdit()
        self.mentee_class = QLineEdit()
        self.mentee_class.setPlaceholderText(self.tr("如：高一（3）班（仅学生填写）"))
        self.start = DateEdit(date.today(), label="开始日期", near=True)
        self.end = DateEdit(label="结束日期")
        self.end.read_after(self.start.value())
        self.start.valueChanged.connect(self.end.read_after)  # 结束日期 "7月10日": the first after the start
        self.dimension_boxes = [QCheckBox(d) for d in lists.dimensions]
        dimensions = QWidget()
        row = QHBoxLayout(dimensions)
        row.setContentsMargins(0, 0, 0, 0)
        for box in self.dimension_boxes:
            row.addWidget(box)
        row.addStretch(1)
        self.goals = _text_edit()
        self.goals.setPlaceholderText(self.tr("如：一年站稳讲台，三年出成果，五年成骨干"))
        self.content = _text_edit()
        self.results = _text_edit()
        self.agreement_date = DateEdit(label="协议签订日期", past=True)
        self.agreement_label = QLabel(pair.agreement_file if pair and pair.agreement_file else self.tr("（未上传）"))
        choose = QPushButton(self.tr("选择文件…"))
        choose.clicked.connect(self.choose_agreement)
        agreement = QWidget()
        agreement_row = QHBoxLayout(agreement)
        agreement_row.setContentsMargins(0, 0, 0, 0)
        agreement_row.addWidget(self.agreement_label, 1)
        agreement_row.addWidget(choose)
        self.note = _text_edit(40)

        widgets = (self.kind, self.branch, self.mentor, self.category, self.mentee, self.mentee_class, self.start,
                   self.end, dimensions, self.goals, self.content, self.results, self.agreement_date, agreement,
                   self.note)
        form, self.errors = checked_form(self.FIELDS, widgets)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(form))  # 15 fields: they scroll, the buttons stay on screen
        layout.addWidget(buttons)
        self.branch.currentIndexChanged.connect(self._fill_mentors)
        self.kind.currentTextChanged.connect(self._update_class_field)
        self.category.currentTextChanged.connect(self._update_class_field)
        self._fill_mentors()
        if pair is not None:
            self._load(pair)
        else:
            for box in self.dimension_boxes:
                box.setChecked(True)
        self._update_class_field()

    def _fill_mentors(self) -> None:
        """Members of the chosen branch first, then the rest of the roster (a mentor may come from another
        branch); changing the branch proposes its first member unless the chosen mentor belongs to it."""
        branch_id = self.branch.currentData()
        current = self.mentor.currentData()
        self.mentor.clear()
        ordered = sorted(self.members, key=lambda m: (m.branch_id != branch_id, m.branch_id, m.id))
        for member in ordered:
            self.mentor.addItem(f"{member.name}（{member.branch}）", member.id)
        kept = next((m for m in self.members if m.id == current and m.branch_id == branch_id), None)
        self.mentor.setCurrentIndex(max(self.mentor.findData(kept.id), 0) if kept else 0)

    def _update_class_field(self) -> None:
        student = mentee_type_for(self.category.currentText(), self.kind.currentText()) == MenteeType.STUDENT
        self.mentee_class.setEnabled(student)

    def _load(self, p: PairRecord) -> None:
        self.kind.setCurrentText(p.kind)
        self.branch.setCurrentIndex(max(self.branch.findData(p.branch_id), 0))
        self._fill_mentors()
        self.mentor.setCurrentIndex(max(self.mentor.findData(p.mentor_id), 0))
        self.category.setCurrentText(p.mentee_category)
        self.mentee.setText(p.mentee_name)
        self.mentee_class.setText(p.mentee_class)
        self.start.set_record_value(p.start_date)  # "9月2日" corrects the day in the record's year
        self.end.set_record_value(p.planned_end)
        self.agreement_date.set_record_value(p.agreement_date)
        for box in self.dimension_boxes:
            box.setChecked(box.text() in p.dimensions)
        self.goals.setPlainText(p.goals)
        self.content.setPlainText(p.content)
        self.results.setPlainText(p.results)
        self.note.setPlainText(p.note)

    def choose_agreement(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("选择签订的结对帮扶协议（扫描件或照片）"))
        if name:
            self.set_agreement_file(Path(name))

    def set_agreement_file(self, path: Path) -> None:
        self.agreement = path
        self.agreement_label.setText(path.name)

    def current_input(self) -> PairInput:
        p = self.pair
        return PairInput(
            kind=self.kind.currentText(), branch=self.branch.currentText(), mentor_id=self.mentor.currentData(),
            mentee_name=self.mentee.text(), mentee_category=self.category.currentText().strip(),
            mentee_class=self.mentee_class.text().strip() if self.mentee_class.isEnabled() else "",
            start_date=self.start.value(), planned_end=self.end.value(),
            goals=self.goals.toPlainText(), content=self.content.toPlainText(), results=self.results.toPlainText(),
            dimensions=[b.text() for b in self.dimension_boxes if b.isChecked()],
            status=p.status if p else "进行中", closed_on=p.closed_on if p else None,
            stop_reason=p.stop_reason if p else "", note=self.note.toPlainText(),
            mentee_member_id=p.mentee_member_id if p and p.mentee_name == self.mentee.text().strip() else None,
        )

    def show_errors(self, errors: list[FieldError]) -> None:
        others = show_field_errors(self.errors, errors)
        if others:  # a field without its own row (状态, 中止原因)
            QMessageBox.warning(self, self.tr("无法保存"), "；".join(f"{k}：{'；'.join(v)}" for k, v in others.items()))

    def save(self) -> None:
        if first_problem([self.start, self.end, self.agreement_date]) is not None:
            return  # an unreadable date is named beside its field; nothing is saved
        if self.mentor.currentData() is None:
            self.show_errors([FieldError("导师（帮扶人）", "请从花名册中选择导师；花名册为空时请先录入党员")])
            return
        try:
            saved = save_pair(self.context.db, self.current_input(), self.pair.id if self.pair else None,
                              self.pair.version if self.pair else None)
            self.pair = saved  # saved: a second attempt (after an agreement problem) updates, never duplicates
            if self.agreement is not None or saved.agreement_date != self.agreement_date.value():
                saved = set_agreement(self.context.db, saved.id, self.agreement_date.value(), self.agreement)
        except ValidationFailed as exc:
            self.show_errors(exc.errors)
            return
        except ConflictError as exc:
            QMessageBox.warning(self, self.tr("资料已被修改"), str(exc))
            return
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("无法保存"), str(exc))
            return
        self.saved = saved
        self.accept()
