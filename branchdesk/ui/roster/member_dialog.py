"""Add or edit a member. Every problem is shown beside its field at once (the same validation the
Excel import uses), and the dialog stays open until the data is right.

所在党支部 of a member already on the roster is not edited here: it is changed by a 支部调整 with its
own date (the “支部调整…” button beside it opens that form). Why: a branch change is an event with a day —
the member stays on the old branch's sign-in sheets, votes and 谈心谈话 before it — and a form that
quietly dated it today would be wrong whenever the move is recorded late, which is the usual case
(the 学期 starts, the roster is tidied up weeks later). A user who picks another branch in a field
expects the change to take effect when it happened, so the field asks for that day instead of guessing.
A new member's branch is chosen here as before (joining is not a move). For the same reason a
member's move to another 党小组 of her branch asks for its 调整日期 beside the field (TY-5): the old
group's earlier sittings keep her, and the date is not guessed.

A 正式党员's 转正日期 earlier than one year after the 入党日期 or later than two is warned of as the dates
are typed — the roster import's warning, from the same domain function — under the form, beside the
buttons, so it is in view when 保存 is pressed; the user may still save (old records may be odd)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.dates import DateParseError
from branchdesk.domain.roster.records import (
    SAVED_AS_WRITTEN,
    MemberInput,
    MemberRecord,
    probation_length_warning,
    validate_member,
)
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import EDUCATION_LEVELS, ETHNIC_GROUPS, SEXES, MemberCategory
from branchdesk.services.errors import ConflictError, ServiceError, ValidationFailed
from branchdesk.services.roster.organisation import OrgRef
from branchdesk.services.roster.records import get_member, list_moves, save_member
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.move_dialog import MoveDialog
from branchdesk.ui.widgets.date_edit import DateEdit, first_problem
from branchdesk.ui.widgets.field_errors import checked_form, show_field_errors
from branchdesk.ui.widgets.id_number import link_id_number
from branchdesk.ui.widgets.style import DUE
from branchdesk.ui.widgets.window_fit import scrolling

OptionalDateEdit = DateEdit  # the old name: every date field is now the typed DateEdit


class MemberDialog(QDialog):
    FIELDS = ("姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "所在党支部", "党小组", "人员类别",
              "入党日期", "转正日期", "工作岗位", "联系电话", "备注")

    def __init__(self, context: AppContext, branches: list[OrgRef], groups: list[OrgRef],
                 member: MemberRecord | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.member = member
        self.saved: MemberRecord | None = None
        self.moved = False  # a 支部调整 was saved from this form (the roster reloads even on 取消)
        self._groups = groups
        self.setWindowTitle(self.tr("编辑党员") if member else self.tr("新增党员"))
        self.name = QLineEdit()
        self.sex = QComboBox()
        self.sex.addItems(["", *SEXES])
        self.ethnicity = QComboBox()
        self.ethnicity.setEditable(True)
        self.ethnicity.addItems(ETHNIC_GROUPS)
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(18)
        self.id_number.setPlaceholderText(self.tr("18位，出生日期和性别会据此自动核对"))
        self.birth_date = DateEdit(label="出生日期")
        self.education = QComboBox()
        self.education.setEditable(True)
        self.education.addItems(["", *EDUCATION_LEVELS])
        self.branch = QComboBox()
        for ref in branches:
            self.branch.addItem(ref.name, ref.id)
        self.group = QComboBox()
        self.category = QComboBox()
        self.category.addItems([c.value for c in MemberCategory])
        self.join_date = DateEdit(label="入党日期")
        self.full_date = DateEdit(label="转正日期")
        self.position = QLineEdit()
        self.phone = QLineEdit()
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(60)
        self.branch.currentIndexChanged.connect(self._fill_groups)
        self._fill_groups()
        branch_field = QWidget()
        branch_row = QHBoxLayout(branch_field)
        branch_row.setContentsMargins(0, 0, 0, 0)
        branch_row.addWidget(self.branch, 1)
        self.move_button = QPushButton(self.tr("支部调整(&M)…"))
        self.move_button.setToolTip(self.tr("支部调整：选择调入的党支部和调整日期"))
        self.move_button.setAutoDefault(False)
        self.move_button.clicked.connect(self.open_move)
        branch_row.addWidget(self.move_button)
        if member is None:
            self.move_button.hide()
        else:
            self.branch.setEnabled(False)
            self.branch.setToolTip(self.tr("调到其他党支部要写明调整日期：请点“支部调整…”"))

        group_field = QWidget()
        group_row = QHBoxLayout(group_field)
        group_row.setContentsMargins(0, 0, 0, 0)
        group_row.addWidget(self.group, 1)
        self.group_date_label = QLabel(self.tr("调整日期"))
        self.group_date = DateEdit(label="党小组调整日期", past=True)  # a move made, as 支部调整 (TY-7)
        self.group_date.setToolTip(self.tr("调到其他党小组的日期：此前的党小组会仍按原党小组计"))
        group_row.addWidget(self.group_date_label)
        group_row.addWidget(self.group_date)
        self.group.currentIndexChanged.connect(self._show_group_date)
        self._show_group_date()

        widgets = (self.name, self.sex, self.ethnicity, self.id_number, self.birth_date, self.education,
                   branch_field, group_field, self.category, self.join_date, self.full_date, self.position,
                   self.phone, self.note)
        form, self.errors = checked_form(self.FIELDS, widgets)
        link_id_number(self.id_number, self.birth_date, self.sex, self.errors["公民身份号码"])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(form))  # 14 fields: on a 1366×768 screen they scroll, the buttons stay
        self.probation_warning = QLabel()
        self.probation_warning.setObjectName("probationWarning")
        self.probation_warning.setWordWrap(True)
        self.probation_warning.setStyleSheet(f"color: {DUE};")
        self.probation_warning.hide()
        layout.addWidget(self.probation_warning)
        for edit in (self.join_date.edit, self.full_date.edit):  # every keystroke, an unreadable date too
            edit.textChanged.connect(self._check_probation)
        self.category.currentTextChanged.connect(self._check_probation)
        self.moves_line = QLabel()
        self.moves_line.setWordWrap(True)
        layout.addWidget(self.moves_line)
        self._show_moves()
        layout.addWidget(buttons)
        if member is not None:
            self._load(member)
        self.name.setFocus()

    def _check_probation(self) -> None:
        """The 预备期 warning for the dates as they read now; none while a date cannot be read (that
        date's own field says so when it is left or on saving)."""
        try:
            join, full = self.join_date.reading(), self.full_date.reading()
        except DateParseError:
            join = full = None
        odd = probation_length_warning(
            MemberInput(category=self.category.currentText(), join_date=join, full_date=full), SAVED_AS_WRITTEN)
        self.probation_warning.setText(self.tr("提醒：") + odd if odd else "")
        self.probation_warning.setVisible(bool(odd))

    def _show_moves(self) -> None:
        moves = list_moves(self.context.db, self.member.id) if self.member is not None else []
        self.moves_line.setText(self.tr("异动记录：") + "；".join(
            f"{on:%Y-%m-%d} {kind}{('（' + where + '）') if where else ''}{(' ' + why) if why else ''}"
            for kind, on, where, why in moves) if moves else "")
        self.moves_line.setVisible(bool(moves))

    def open_move(self) -> None:
        """The dated 支部调整 form; once saved, this form shows the new branch and 党小组 and saves
        against the member as the move left it (the rest of what was typed here stays). The same when
        a move was undone or corrected there and the form then closed."""
        if self.member is None:
            return
        dialog = MoveDialog(self.context, self.member, self)
        if not (dialog.exec() or dialog.changed):
            return
        self.moved = True
        self.member = get_member(self.context.db, self.member.id)
        self.branch.setCurrentIndex(max(self.branch.findData(self.member.branch_id), 0))
        self._fill_groups()
        self.group.setCurrentIndex(max(self.group.findData(self.member.group_id), 0))
        self._show_moves()

    def _group_moved(self) -> bool:
        """A member on the roster put in another 党小组 of her branch, or out of hers (a dated 党小组调整;
        one in no group given one fills a blank: services/roster/records.apply_input)."""
        return (self.member is not None and self.branch.currentData() == self.member.branch_id
                and self.member.group_id is not None and self.group.currentData() != self.member.group_id)

    def _show_group_date(self) -> None:
        if hasattr(self, "group_date"):  # (the groups are filled once before the field is made)
            moved = self._group_moved()
            self.group_date.setVisible(moved)
            self.group_date_label.setVisible(moved)

    def _fill_groups(self) -> None:
        branch_id = self.branch.currentData()
        current = self.group.currentText()
        self.group.clear()
        self.group.addItem("", None)
        for ref in self._groups:
            if ref.parent_id == branch_id:
                self.group.addItem(ref.name, ref.id)
        index = self.group.findText(current)
        self.group.setCurrentIndex(max(index, 0))

    def _load(self, m: MemberRecord) -> None:
        self.name.setText(m.name)
        self.sex.setCurrentText(m.sex)
        self.ethnicity.setCurrentText(m.ethnicity)
        self.id_number.setText(m.id_number)
        self.birth_date.set_value(m.birth_date)
        self.education.setCurrentText(m.education)
        self.branch.setCurrentIndex(max(self.branch.findData(m.branch_id), 0))
        self._fill_groups()
        self.group.setCurrentText(m.group)
        self.category.setCurrentText(m.category)
        self.join_date.set_value(m.join_date)
        self.full_date.set_value(m.full_date)
        self.position.setText(m.position)
        self.phone.setText(m.phone)
        self.note.setPlainText(m.note)

    def current_input(self) -> MemberInput:
        return MemberInput(
            name=self.name.text(), id_number=self.id_number.text(), sex=self.sex.currentText(),
            ethnicity=self.ethnicity.currentText().strip(), birth_date=self.birth_date.value(),
            education=self.education.currentText().strip(), branch=self.branch.currentText(),
            group=self.group.currentText(), category=self.category.currentText(),
            join_date=self.join_date.value(), full_date=self.full_date.value(),
            position=self.position.text().strip(), phone=self.phone.text(), note=self.note.toPlainText().strip(),
        )

    def show_errors(self, errors: list[FieldError]) -> None:
        show_field_errors(self.errors, errors)

    def save(self) -> None:
        if first_problem([self.birth_date, self.join_date, self.full_date]) is not None:
            return  # an unreadable date is named beside its field; nothing is saved
        data = self.current_input()
        _, errors = validate_member(data)
        if self._group_moved():
            if first_problem([self.group_date]) is not None:
                return
            moved_on = self.group_date.value()
            if moved_on is None:
                errors.append(FieldError("党小组", self.tr("调到其他党小组，请在右边写明调整日期（此前的党小组会仍按原党小组计）")))
            data = replace(data, moved_on=moved_on)
        self.show_errors(errors)
        if errors:
            return
        try:
            self.saved = save_member(
                self.context.db, data,
                member_id=self.member.id if self.member else None,
                expected_version=self.member.version if self.member else None,
            )
        except ValidationFailed as exc:
            self.show_errors(exc.errors)
            return
        except ConflictError as exc:
            QMessageBox.warning(self, self.tr("资料已被修改"), str(exc))
            return
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("无法保存"), str(exc))
            return
        self.accept()
