"""A member's 缴纳类别 and 缴费基数 from a month on (DUES-BASE-CHANGE). The base is typed as one figure
or as its parts (岗位工资 + 薪级工资 + 绩效工资 + 津贴补贴); the amount it gives and the bracket are shown
while typing. 自愿多交 and 减免 ask for their own amount, a note, and for 减免 the approval."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.dues.bases import OWN_AMOUNT, PARTS, BaseInput
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.rates import DuesCategory, TableKind
from branchdesk.domain.findings import Finding
from branchdesk.services.dues.base_reach import base_reach_findings
from branchdesk.services.dues.records import BaseDTO, base_problems, check_preview, save_base
from branchdesk.services.errors import ConflictError, ServiceError, ValidationFailed
from branchdesk.services.finding_notes import save_reasons
from branchdesk.ui.context import AppContext
from branchdesk.ui.dues.fields import date_edit, day_of, day_or_none, set_day
from branchdesk.ui.widgets.field_errors import checked_form, show_field_errors
from branchdesk.ui.widgets.rule_warning import ask_reason

FIELDS = ("缴纳类别", "起始月份", "缴费基数", *PARTS, "原缴纳标准", "月交纳金额", "批准单位", "批准日期", "核定日期", "备注")


class BaseDialog(QDialog):
    def __init__(self, context: AppContext, member_id: int, name: str, record: BaseDTO | None = None,
                 parent: QWidget | None = None, start: Month | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.member_id = member_id
        self.record = record
        self.saved: BaseDTO | None = None
        self.setWindowTitle(self.tr("修改缴费基数 — {0}").format(name) if record else self.tr("新增缴费基数 — {0}").format(name))
        data = record.to_input() if record else None
        self.category = QComboBox()
        self.category.addItems([c.value for c in DuesCategory])
        self.applies = date_edit(data.applies_from.first_day if data and data.applies_from else
                                  (start or Month.of(date.today())).first_day, month_only=True, label="起始月份",
                                  past=True, ahead=1)  # "3月" typed in December: this March (TK-13)
        self.base = QLineEdit()
        self.base.setPlaceholderText(self.tr("税后月工资合计，或在下面分项填写"))
        self.parts = [QLineEdit() for _ in PARTS]
        self.basis = QComboBox()
        self.basis.addItems([k.value for k in TableKind])
        self.own = QLineEdit()
        self.approved_by = QLineEdit()
        # 批准日期: the 党委's approval, empty until typed (never today's date made up: TK-4); 核定日期: the
        # day the branch checks the base, today's when it is entered now
        self.approved_on = date_edit(None, label="批准日期", past=True, required=False)
        self.confirmed_on = date_edit(date.today(), label="核定日期", past=True)
        self.note = QLineEdit()
        if data is not None:
            if data.applies_from:  # correcting: "3月" is the record's year's March
                set_day(self.applies, data.applies_from.first_day)
            self.category.setCurrentText(data.category)
            self.base.setText(str(data.base) if data.base is not None else "")
            for edit, value in zip(self.parts, data.parts, strict=False):
                edit.setText(str(value) if value not in (None, "") else "")
            if data.basis:
                self.basis.setCurrentText(data.basis)
            self.own.setText(str(data.own_amount) if data.own_amount is not None else "")
            self.approved_by.setText(data.approved_by)
            if data.approved_on:  # the typed date field (setDate raised: 修改 of a reduced base opened nothing)
                set_day(self.approved_on, data.approved_on)
            if data.confirmed_on:  # the record's 核定日期, not today's: 修改 must not re-date it unasked
                set_day(self.confirmed_on, data.confirmed_on)
            self.note.setText(data.note)
        widgets = [self.category, self.applies, self.base, *self.parts, self.basis, self.own, self.approved_by,
                   self.approved_on, self.confirmed_on, self.note]
        self.form, self.errors = checked_form(FIELDS, widgets)
        self.preview = QLabel()
        self.preview.setObjectName("preview")
        self.preview.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("工资变化的，从领取新工资的当月起按新基数交纳：新增一条记录，原记录保留。")))
        layout.addLayout(self.form)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        for edit in (self.base, *self.parts, self.own, self.note, self.approved_by):  # the line under the form
            edit.textChanged.connect(self._refresh)  # names what is still missing: 备注 filled, it moves on
        self.approved_on.valueChanged.connect(self._refresh)
        self.category.currentTextChanged.connect(self._refresh)
        self.basis.currentTextChanged.connect(self._refresh)
        self.applies.valueChanged.connect(self._refresh)
        self._refresh()

    def data(self) -> BaseInput:
        parts = tuple(e.text().strip() for e in self.parts)
        category = self.category.currentText()
        reduced = category == DuesCategory.REDUCED.value
        own = category in {c.value for c in OWN_AMOUNT}
        return BaseInput(self.member_id, category, Month.of(day_of(self.applies)), self.base.text().strip() or None,
                         parts if any(parts) else (), self.basis.currentText() if own else "",
                         self.own.text().strip() or None if own else None, self.note.text(),
                         self.approved_by.text() if reduced else "",
                         day_or_none(self.approved_on) if reduced else None, day_of(self.confirmed_on))

    def _refresh(self) -> None:
        category = self.category.currentText()
        own = category in {c.value for c in OWN_AMOUNT}
        reduced = category == DuesCategory.REDUCED.value
        no_base = category == DuesCategory.NO_INCOME.value
        for field, visible in (("原缴纳标准", own), ("月交纳金额", own), ("批准单位", reduced), ("批准日期", reduced),
                               ("缴费基数", not no_base), *[(p, not no_base) for p in PARTS]):
            self.form.setRowVisible(FIELDS.index(field), visible)
        try:
            data = self.data()
        except ValidationFailed:  # a date or month still being typed: named beside its field
            self.preview.setText("")
            return
        self.preview.setText(check_preview(self.context.db, data))

    def save(self) -> None:
        try:
            flagged = self._reach_flagged(self.data())
            reason = ""
            if flagged and (problems := base_problems(self.context.db, self.data(),
                                                      self.record.id if self.record else None)):
                raise ValidationFailed(problems)  # said beside the fields first: no reason asked for a base not saved
            if flagged:
                # no check lists it afterwards: the reason is shown with the base (its history's 备注)
                answer = ask_reason(self, flagged, self.tr("这条缴费基数"), kept_in=self.tr("缴费基数历史记录的备注中"))
                if answer is None:
                    return  # 返回修改: nothing saved
                reason = answer
            self.saved = save_base(self.context.db, self.data(), self.record.id if self.record else None,
                                   expected_version=self.record.version if self.record else None)
            if flagged and reason:
                save_reasons(self.context.db, flagged, reason)  # kept with the finding (its 说明)
        except ValidationFailed as exc:
            rest = show_field_errors(self.errors, exc.errors)
            if rest:
                QMessageBox.warning(self, self.tr("未能保存"), "\n".join(m for ms in rest.values() for m in ms))
            return
        except (ConflictError, ServiceError) as exc:
            QMessageBox.warning(self, self.tr("未能保存"), str(exc))
            return
        show_field_errors(self.errors, [])
        self.accept()

    def _reach_flagged(self, data: BaseInput) -> list[Finding]:
        """A base from a month before the member came to this branch by 支部调整 also sets what he owed the
        branch he left: said as the imports say it (DUES-BASE-CHANGE; trial D, TD-9), in the app's rule
        warning — 返回修改 by default, saved as typed (a 党委's base for the whole year) only with a reason,
        which is kept. A correction that keeps its month is not asked again."""
        if data.applies_from is None or (self.record is not None and data.applies_from == self.record.record.applies_from):
            return []
        return base_reach_findings(self.context.db, self.member_id, data.applies_from, self.applies.today)
