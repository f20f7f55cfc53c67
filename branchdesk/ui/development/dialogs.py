"""Editors of the 发展党员 area: the person's data, one step (date, 公示/培训 period, votes, people,
documents received), a 考察, and the outcomes (延长预备期, 取消预备党员资格, 终止发展). Each dialog
calls one service and stays open with the service's message when it refuses."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.development.records import DevelopmentCase, PersonInput, split_people
from branchdesk.domain.development.steps import STEP_BY_NUMBER, STEPS, Outcome
from branchdesk.domain.vocabulary import EDUCATION_LEVELS, ETHNIC_GROUPS, SEXES
from branchdesk.services.development import placement
from branchdesk.services.development import records as dev
from branchdesk.services.development.precheck import step_problems
from branchdesk.services.errors import ServiceError
from branchdesk.services.finding_notes import save_reasons
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import DateEdit, InvalidDate, first_problem
from branchdesk.ui.widgets.rule_warning import ask_reason
from branchdesk.ui.widgets.style import make_primary
from branchdesk.ui.widgets.window_fit import scrolling


class _Dialog(QDialog):
    """A form with OK/Cancel whose OK runs `save()`; a ServiceError keeps the dialog open."""

    def __init__(self, context: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        make_primary(buttons.button(QDialogButtonBox.StandardButton.Ok)).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.heading = QLabel(f"<b style='font-size:15px'>{title}</b>")
        self.heading.setWordWrap(True)
        self.heading.setVisible(bool(title))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(scrolling(self.form))
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.note = ""  # a roster change to tell the user about

    def save(self) -> bool | None:
        """Store the form; False keeps the dialog open (it has said why), None or True close it."""
        raise NotImplementedError

    def _accept(self) -> None:
        """Save, or stay open and say why not: an unreadable date, a refusal of the service, or
        nothing to save. The dialog never closes without having saved."""
        dates = self.findChildren(DateEdit)
        if first_problem(dates) is not None:
            self.error.setText(self.tr("有日期无法识别，请按红字提示修改。"))
            return
        try:
            saved = self.save()
        except (ServiceError, InvalidDate) as exc:
            self.error.setText(str(exc))
            return
        if saved is False:  # the form chose to stay open (it has said why)
            return
        self.accept()


class PersonDialog(_Dialog):
    def __init__(self, context: AppContext, branches: list[str], case: DevelopmentCase | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, "", parent)
        self.setWindowTitle(self.tr("编辑发展党员资料") if case else self.tr("新增入党申请人"))
        self.case = case
        self.saved: DevelopmentCase | None = None
        self.name = QLineEdit(case.name if case else "")
        self.id_number = QLineEdit(case.id_number if case else "")
        self.id_number.setMaxLength(18)
        self.id_number.setPlaceholderText(self.tr("18位，出生日期和性别据此自动填写"))
        self.sex = QComboBox()
        self.sex.addItems(["", *SEXES])
        self.sex.setCurrentText(case.sex if case else "")
        self.ethnicity = QComboBox()
        self.ethnicity.setEditable(True)
        self.ethnicity.addItems(["", *ETHNIC_GROUPS])
        self.ethnicity.setCurrentText(case.ethnicity if case else "汉族")
        self.education = QComboBox()
        self.education.setEditable(True)
        self.education.addItems(["", *EDUCATION_LEVELS])
        self.education.setCurrentText(case.education if case else "")
        self.branch = QComboBox()
        self.branch.addItems(branches)
        if case:
            self.branch.setCurrentText(case.branch)
        self.position = QLineEdit(case.position if case else "")
        self.phone = QLineEdit(case.phone if case else "")
        self.remark = QPlainTextEdit(case.note if case else "")
        self.remark.setFixedHeight(60)
        for label, widget in (("姓名", self.name), ("公民身份号码", self.id_number), ("性别", self.sex),
                              ("民族", self.ethnicity), ("学历", self.education), ("所在党支部", self.branch),
                              ("工作岗位", self.position), ("联系电话", self.phone), ("备注", self.remark)):
            self.form.addRow(self.tr(label), widget)

    def save(self) -> None:
        data = PersonInput(name=self.name.text(), id_number=self.id_number.text(), sex=self.sex.currentText(),
                           branch=self.branch.currentText(), ethnicity=self.ethnicity.currentText().strip(),
                           education=self.education.currentText().strip(), position=self.position.text().strip(),
                           phone=self.phone.text(), note=self.remark.toPlainText().strip())
        self.saved, self.note = dev.save_person_noting(self.context.db, data, self.case.id if self.case else None,
                                                       self.case.version if self.case else None)


class StepDialog(_Dialog):
    """Record one step. Fields appear only where the step has them (公示 on 7/13, 培训 on 11, votes on
    15/23, the people the step names)."""

    def __init__(self, context: AppContext, case: DevelopmentCase, step: int, parent: QWidget | None = None) -> None:
        info = STEP_BY_NUMBER[step]
        super().__init__(context, f"{case.name}：{info.label}", parent)
        self.case, self.step = case, step
        self.heading.setText(f"<b style='font-size:15px'>{case.name}：{info.label}</b>"
                             f"<br><span style='color:#5f6368'>{case.branch}　依据：发展党员工作细则 {info.article}</span>")
        self.heading.setVisible(True)
        record = case.steps.get(step)
        self.on = DateEdit(record.on if record else None, label="完成日期", past=True)
        self.on.year = record.on.year if record and record.on else None  # "3月19日": the record's year (TY-7)
        self.form.addRow(self.tr("完成日期"), self.on)
        self.start = DateEdit(label="开始日期", past=True)  # 公示/培训 of a step done: days that happened
        self.end = DateEdit(label="结束日期", past=True)
        self.start.year = self.end.year = self.on.year  # the record's year (TY-7)
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, 500)
        self.hours.setSuffix(" 学时")
        if step in (7, 13, 11):
            self.start.set_value(record.start_on if record else None)
            self.end.set_value(record.end_on if record else None)
            training = step == 11
            self.form.addRow(self.tr("培训开始") if training else self.tr("公示开始"), self.start)
            self.form.addRow(self.tr("培训结束") if training else self.tr("公示结束"), self.end)
        if step == 11:
            self.hours.setValue(record.hours or 0 if record else 0)
            self.form.addRow(self.tr("培训学时"), self.hours)
        self.votes = [QSpinBox() for _ in range(3)]
        if step in (15, 23):
            values = (record.voters_expected, record.voters_present, record.votes_for) if record else (None,) * 3
            for spin, label, value in zip(self.votes, ("应到会有表决权党员", "实到", "赞成票"), values, strict=True):
                spin.setRange(0, 999)
                spin.setValue(value or 0)
                self.form.addRow(self.tr(label), spin)
        self.people = QLineEdit()
        if info.roles:
            self.people.setText("、".join(p.name for p in case.people_in(info.roles[0])))
            self.people.setPlaceholderText(self.tr("多人用“、”分隔"))
            self.form.addRow(info.roles[0].value, self.people)
        self.documents = QLineEdit()
        if info.documents:
            have = {d.title for d in case.documents}
            self.documents.setText("、".join(t for t in info.documents if t not in have))
            self.form.addRow(self.tr("收到材料（按完成日期登记）"), self.documents)
        self.group = QComboBox()  # 第19步 编入党支部和党小组: the 党小组 on the step's day (placement.py)
        self.group.setObjectName("stepGroup")
        if step == placement.STEP:
            self.form.addRow(self.tr("编入党小组"), self.group)
            self._load_groups()
            self.on.valueChanged.connect(lambda _day: self._load_groups())
        self.remark = QPlainTextEdit(record.note if record else "")
        self.remark.setFixedHeight(50)
        self.form.addRow(self.tr("备注"), self.remark)

    def _load_groups(self) -> None:
        """The branch's 党小组 on the step's day (today's while the date is unreadable or empty); the one
        chosen stays chosen while it is listed, else the person's own, else the branch's only one."""
        try:
            day = self.on.value()
        except InvalidDate:
            day = None
        choice = placement.group_choice(self.context.db, self.case.id, day)
        chosen = self.group.currentData() if self.group.count() else choice.current
        self.group.clear()
        if not choice.groups or not choice.on_roster:
            self.group.addItem(self.tr("本支部没有党小组") if not choice.groups else
                               self.tr("上级党委审批、编入党员名册后再选择党小组"), None)
            self.group.setEnabled(False)
            return
        if choice.moved_since is not None:  # the roster has moved her since: her group then is its to tell
            name = dict(choice.groups).get(choice.current, "") if choice.current is not None else ""
            self.group.addItem(self.tr("{0}（{1} 已有支部调整或党小组调整，以党员名册为准）").format(
                name or self.tr("未编入党小组"), f"{choice.moved_since:%Y-%m-%d}"), choice.current)
            self.group.setEnabled(False)
            return
        self.group.setEnabled(True)
        self.group.addItem(self.tr("请选择党小组"), None)
        for group_id, name in choice.groups:
            self.group.addItem(name, group_id)
        if chosen is None and len(choice.groups) == 1:
            chosen = choice.groups[0][0]  # the branch leaves no choice (TK-6)
        self.group.setCurrentIndex(max(self.group.findData(chosen), 0) if chosen is not None else 0)

    def step_input(self) -> dev.StepInput:
        """What the form holds, as the service takes it (raises InvalidDate for an unreadable date)."""
        on = self.on.value()
        expected, present, yes = (s.value() for s in self.votes)
        info = STEP_BY_NUMBER[self.step]
        return dev.StepInput(
            step=self.step, on=on, start_on=self.start.value(), end_on=self.end.value(),
            hours=self.hours.value() or None if self.step == 11 else None,
            voters_expected=expected or None if self.step in (15, 23) else None,
            voters_present=present if self.step in (15, 23) and expected else None,
            votes_for=yes if self.step in (15, 23) and expected else None,
            note=self.remark.toPlainText().strip(),
            people=split_people(self.people.text()) if info.roles else None,
            documents=[(t, on) for t in split_people(self.documents.text())] if on else [],
            group_id=self.group.currentData() if self.step == placement.STEP else None,
            group_asked=self.step == placement.STEP,
        )

    def save(self) -> bool:
        data = self.step_input()
        info = STEP_BY_NUMBER[self.step]
        known = [p.name for p in self.case.people_in(info.roles[0])] if info.roles else []
        new_people = bool(data.people) and data.people != known
        empty = (data.on is None and data.start_on is None and data.end_on is None and data.hours is None
                 and data.voters_expected is None and not data.note and not new_people)
        if empty and self.step not in self.case.steps:
            self.on.edit.setFocus()
            raise ServiceError(self.tr("请填写完成日期后再保存；暂不登记这一步请点“取消”。"))
        if empty and QMessageBox.question(
                self, self.tr("清除这一步的记录"),
                self.tr("完成日期等内容都已清空。是否清除“{0}”的记录？").format(info.label)) \
                != QMessageBox.StandardButton.Yes:
            return False
        if data.on is None and self.documents.text().strip():
            self.on.edit.setFocus()
            raise ServiceError(self.tr("登记收到的材料需要填写完成日期（材料按完成日期登记为收到）。"))
        if self.step == placement.STEP and data.on is not None and self.group.isEnabled() and data.group_id is None:
            self.group.setFocus()
            raise ServiceError(self.tr("本支部有党小组，请选择编入的党小组。"))
        if not self.confirm_rules(data):
            return False
        _, self.note = dev.save_step(self.context.db, self.case.id, data)
        self.save_reason(data)
        return True

    def confirm_rules(self, data: dev.StepInput) -> bool:
        """Before saving: say in plain words what a rule check would flag, and save only with a reason."""
        self._flagged, self._reason = step_problems(self.context.db, self.case.id, data), ""
        if not self._flagged:
            return True
        reason = ask_reason(self, self._flagged, self.tr("“{0}”的这一步").format(self.case.name))
        if reason is None:
            self.error.setText(self.tr("未保存：请核对后再保存，或写明原因后仍然保存。"))
            return False
        self._reason = reason
        return True

    def save_reason(self, data: dev.StepInput) -> None:
        """Keep the reason given for saving despite the rule check (shown with the finding)."""
        if self._flagged and self._reason:
            save_reasons(self.context.db, self._flagged, self._reason)


class ReviewDialog(_Dialog):
    """One 考察: step 6 before 发展对象, step 21 during probation."""

    def __init__(self, context: AppContext, case: DevelopmentCase, parent: QWidget | None = None) -> None:
        super().__init__(context, f"{case.name}：登记考察", parent)
        self.case = case
        self.kind = QComboBox()
        self.kind.addItem(STEP_BY_NUMBER[6].label, 6)
        self.kind.addItem(STEP_BY_NUMBER[21].label, 21)
        self.kind.setCurrentIndex(1 if case.on(15) else 0)
        self.on = DateEdit(date.today(), label="考察日期", past=True)
        self.remark = QLineEdit()
        self.form.addRow(self.tr("考察"), self.kind)
        self.form.addRow(self.tr("考察日期（留空为“未记录”）"), self.on)
        self.form.addRow(self.tr("考察意见"), self.remark)

    def save(self) -> None:
        dev.add_review(self.context.db, self.case.id, self.kind.currentData(), self.on.value(), self.remark.text())


class DocumentDialog(_Dialog):
    """A document received on a day, optionally with the file itself (kept in the database)."""

    def __init__(self, context: AppContext, case: DevelopmentCase, parent: QWidget | None = None,
                 filename: str = "", content: bytes | None = None) -> None:
        super().__init__(context, f"{case.name}：登记材料", parent)
        self.case, self.filename, self.content = case, filename, content
        self.step = QComboBox()
        for info in STEPS:
            self.step.addItem(info.label, info.number)
        self.title = QComboBox()
        self.title.setEditable(True)
        self.title.addItems(sorted({t for s in STEPS for t in s.documents}))
        self.received = DateEdit(date.today(), label="收到日期", past=True)
        self.form.addRow(self.tr("所属步骤"), self.step)
        self.form.addRow(self.tr("材料名称"), self.title)
        self.form.addRow(self.tr("收到日期"), self.received)
        if filename:
            self.form.addRow(self.tr("附件"), QLabel(filename))

    def save(self) -> None:
        dev.add_document(self.context.db, self.case.id, self.step.currentData(), self.title.currentText(),
                         self.received.value(), self.filename, self.content)


class OutcomeDialog(_Dialog):
    """延长预备期 (6–12 months, once), 取消预备党员资格 or 终止发展, always with the reason."""

    EXTEND = "延长预备期"

    def __init__(self, context: AppContext, case: DevelopmentCase, parent: QWidget | None = None) -> None:
        super().__init__(context, f"{case.name}：登记结果", parent)
        self.case = case
        self.kind = QComboBox()
        if case.on(15):
            self.kind.addItems([self.EXTEND, Outcome.CANCELLED.value])
        else:
            self.kind.addItem(Outcome.STOPPED.value)
        self.on = DateEdit(date.today(), required=True, label="支部大会决定日期", past=True)
        self.months = QSpinBox()
        self.months.setRange(6, 12)
        self.months.setSuffix(" 个月")
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(60)
        self.form.addRow(self.tr("结果"), self.kind)
        self.form.addRow(self.tr("支部大会决定日期"), self.on)
        self.form.addRow(self.tr("延长期限"), self.months)
        self.form.addRow(self.tr("理由"), self.reason)
        self.kind.currentTextChanged.connect(lambda text: self.months.setEnabled(text == self.EXTEND))

    def save(self) -> None:
        on = self.on.value()
        if on is None:
            raise ServiceError("请填写日期")
        if self.kind.currentText() == self.EXTEND:
            _, self.note = dev.set_extension(self.context.db, self.case.id, self.months.value(), on,
                                             self.reason.toPlainText())
        else:
            _, self.note = dev.end_case(self.context.db, self.case.id, Outcome(self.kind.currentText()), on,
                                        self.reason.toPlainText())


def tell(parent: QWidget, note: str) -> None:
    """Tell the user about a roster change the step caused (the hand-over is never silent)."""
    if note:
        QMessageBox.information(parent, parent.tr("党员名册已更新"), note)
