"""The smaller forms of the 党费 page: a hand-up (上缴) to the committee, a member's transfer in (转入,
which starts the obligation here), and the dues settings with the bracket tables in force."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.domain.dues.branch import HandUpInput
from branchdesk.domain.dues.months import Month, months_between, span_text
from branchdesk.domain.dues.payments import Collection
from branchdesk.domain.dues.rates import Rounding, money
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.services.dues.records import (
    BeyondCollected,
    HandUpDTO,
    get_settings,
    hand_up_room,
    rate_tables,
    record_transfer_in,
    save_hand_up,
    save_settings,
)
from branchdesk.services.errors import ServiceError, ValidationFailed
from branchdesk.ui.context import AppContext
from branchdesk.ui.dues.fields import date_edit, day_of, set_day
from branchdesk.ui.dues.revision_dialog import RevisionDialog
from branchdesk.ui.widgets.date_edit import InvalidDate
from branchdesk.ui.widgets.field_errors import checked_form, show_field_errors


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(dialog.tr("取消"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class HandUpDialog(QDialog):
    """上缴: what the branch handed up to the committee, for which months. The amount offered is what was
    collected for the months typed (by the 上缴日期) and not yet handed up, and follows them as they are
    typed; a larger amount is saved only after a question (DUES-TIMING: the branch may not advance dues)."""

    FIELDS = ("党支部", "上缴日期", "上缴金额", "起始月份", "截止月份", "经手人", "凭证编号", "备注")

    def __init__(self, context: AppContext, branches: list[tuple[str, int]], branch_id: int | None,
                 suggestion: tuple[str, Month, Month] | None = None, record: HandUpDTO | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.record = record
        self.saved: HandUpDTO | None = None
        self.offered = ""  # the amount the form last offered: typed over, it is the user's and stays
        self.setWindowTitle(self.tr("修改上缴记录") if record else self.tr("登记上缴党费"))
        self.branch = QComboBox()
        for name, bid in branches:
            self.branch.addItem(name, bid)
        self.handed_on = date_edit(label="上缴日期", past=True)  # empty until typed: never today made up (TK-4)
        self.amount = QLineEdit()
        # months whose dues were collected: "1月" typed in December is this January (never after today)
        self.first = date_edit(month_only=True, label="起始月份", past=True)
        self.last = date_edit(month_only=True, label="截止月份", past=True)
        self.handled_by = QLineEdit()
        self.receipt = QLineEdit()
        self.note = QLineEdit()
        self.room = QLabel()  # what the months typed hold: collected and not yet handed up
        self.room.setObjectName("room")
        self.room.setWordWrap(True)
        if record is not None:
            h = record.record
            branch_id = h.branch_id
            set_day(self.handed_on, h.handed_on)  # the typed date field (setDate raised: 修改 opened nothing)
            self.amount.setText(f"{h.amount:.2f}")
            set_day(self.first, h.first.first_day)
            set_day(self.last, h.last.first_day)
            self.handled_by.setText(h.handled_by)
            self.receipt.setText(h.receipt_no)
            self.note.setText(h.note)
        elif suggestion is not None:
            amount, first, last = suggestion
            self.amount.setText(amount)
            self.offered = amount
            self.first.set_value(first.first_day)  # a suggestion, not a record: "3月" is the nearest March
            self.last.set_value(last.first_day)
        if branch_id is not None:
            self.branch.setCurrentIndex(max(self.branch.findData(branch_id), 0))
        form, self.errors = checked_form(self.FIELDS, [self.branch, self.handed_on, self.amount, self.first, self.last,
                                                       self.handled_by, self.receipt, self.note])
        buttons = _buttons(self, self.tr("保存"))
        buttons.accepted.disconnect()
        buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.room)
        layout.addWidget(buttons)
        for field in (self.handed_on, self.first, self.last):
            field.valueChanged.connect(self._offer)
        self.branch.currentIndexChanged.connect(self._offer)
        self._offer()

    def _typed(self) -> tuple[int, Month, Month, date | None] | None:
        """The branch, the months and the 上缴日期 typed, when the months are readable and in order."""
        try:
            first, last, handed_on = self.first.value(), self.last.value(), self.handed_on.value()
        except InvalidDate:
            return None
        branch_id = self.branch.currentData()
        if branch_id is None or first is None or last is None or last < first:
            return None
        return branch_id, Month.of(first), Month.of(last), handed_on

    def _offer(self) -> None:
        """Say what the months typed hold, and offer it as the amount unless the user typed their own."""
        typed = self._typed()
        if typed is None:
            self.room.setText("")
            return
        branch_id, first, last, handed_on = typed
        room = hand_up_room(self.context.db, branch_id, first, last, handed_on=handed_on,
                            record_id=self.record.record.id if self.record else None)
        by = self.tr("截至 {0}，").format(f"{handed_on:%Y-%m-%d}") if handed_on else ""
        self.room.setText(self.tr("{0}{1}已收缴、尚未上缴 {2} 元。").format(
            by, span_text(months_between(first, last)), money(room)))
        if self.record is None and self.amount.text().strip() in ("", self.offered):
            self.offered = f"{room:.2f}" if room else ""
            self.amount.setText(self.offered)

    def data(self) -> HandUpInput:
        return HandUpInput(self.branch.currentData(), day_of(self.handed_on), self.amount.text().strip(),
                           Month.of(day_of(self.first)), Month.of(day_of(self.last)),
                           self.handled_by.text(), self.receipt.text(), self.note.text())

    def save(self) -> None:
        record_id = self.record.record.id if self.record else None
        version = self.record.version if self.record else None
        try:
            data = self.data()
            try:
                self.saved = save_hand_up(self.context.db, data, record_id, expected_version=version)
            except BeyondCollected as exc:
                if not self._ask_beyond(str(exc)):
                    self.amount.setFocus()
                    self.amount.selectAll()
                    return
                self.saved = save_hand_up(self.context.db, data, record_id, expected_version=version,
                                          beyond_collected=True)
        except ValidationFailed as exc:
            labels = dict(self.errors)
            errors = [e if e.field != "所属月份" else type(e)("截止月份", e.message) for e in exc.errors]
            rest = show_field_errors(labels, errors)
            if rest:
                QMessageBox.warning(self, self.tr("未能保存"), "\n".join(m for ms in rest.values() for m in ms))
            return
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("未能保存"), str(exc))
            return
        self.accept()

    def _ask_beyond(self, message: str) -> bool:
        """A 上缴 larger than its months' collection: saved only when the user says it is right (否 is the default)."""
        answer = QMessageBox.question(
            self, self.tr("上缴金额多于所属月份的收缴"),
            message + self.tr("\n\n确属实际上缴的金额（如同时上缴以前月份的党费），仍然保存吗？"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes


class TransferInDialog(QDialog):
    """转入: the day the member's organisational relation arrived here (dues are owed from then on)."""

    def __init__(self, context: AppContext, member_id: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.member_id = context, member_id
        self.setWindowTitle(self.tr("登记转入 — {0}").format(name))
        self.on = date_edit(label="转入日期", past=True)  # the day on the 介绍信: empty until typed
        self.counterpart = QLineEdit()
        self.counterpart.setPlaceholderText(self.tr("原所在党组织"))
        form, self.errors = checked_form(("转入日期", "转自"), [self.on, self.counterpart])
        buttons = _buttons(self, self.tr("登记"))
        buttons.accepted.disconnect()
        buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("组织关系转入本支部后，从转入后的第一个整月起在本支部交纳党费"
                                        "（转入当月的党费由原支部收缴，见介绍信“党费交到”栏）。")))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            record_transfer_in(self.context.db, self.member_id, day_of(self.on), self.counterpart.text())
        except ValidationFailed as exc:  # 转自 left empty: said beside it
            show_field_errors(self.errors, exc.errors)
            return
        except ServiceError as exc:
            show_field_errors(self.errors, [])
            self.errors["转入日期"].setText(str(exc))
            self.errors["转入日期"].show()
            return
        self.accept()


class SettingsDialog(QDialog):
    """党费设置: rounding, collection period, how old a base may be, the month the book starts; and the
    bracket tables in force, read-only (a revision is new rows with an effective date)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("党费设置"))
        current = get_settings(context.db)
        self.rounding = QComboBox()
        self.rounding.addItem(self.tr("到分（如 48.35 元）"), Rounding.CENT.value)
        self.rounding.addItem(self.tr("到角（如 48.40 元）"), Rounding.JIAO.value)
        self.rounding.setCurrentIndex(self.rounding.findData(current.rounding.value))
        self.collection = QComboBox()
        self.collection.addItem(self.tr("按月交纳"), Collection.MONTHLY.value)
        self.collection.addItem(self.tr("按季度交纳（经党支部同意）"), Collection.QUARTERLY.value)
        self.collection.setCurrentIndex(self.collection.findData(current.collection.value))
        self.base_months = QSpinBox()
        self.base_months.setRange(1, 120)
        self.base_months.setSuffix(self.tr(" 个月"))
        self.base_months.setValue(current.base_max_months)
        self.start = QComboBox()
        self.start.addItem(self.tr("最早的交纳记录所在月份"), "")
        today = Month.of(date.today())
        for offset in range(0, 120):
            month = today.plus(-offset)
            self.start.addItem(month.label, month.iso)
        if current.start is not None:
            index = self.start.findData(current.start.iso)
            if index < 0:
                self.start.addItem(current.start.label, current.start.iso)
                index = self.start.count() - 1
            self.start.setCurrentIndex(index)
        form, self.errors = checked_form(("金额取整", "收缴周期", "基数核对周期", "党费台账起始月份"),
                                         [self.rounding, self.collection, self.base_months, self.start])
        self.tables = QLabel("\n".join(self._table_lines()))
        self.tables.setObjectName("tables")
        self.tables.setWordWrap(True)
        revise = QPushButton(self.tr("新增比例修订…"))
        revise.clicked.connect(self.revise)
        buttons = _buttons(self, self.tr("保存"))
        buttons.accepted.disconnect()
        buttons.accepted.connect(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("<b>党费比例（按生效日期）</b>")))
        layout.addWidget(self.tables)
        layout.addWidget(revise)
        layout.addWidget(buttons)

    def revise(self) -> None:
        if RevisionDialog(self.context, self).exec():
            self.tables.setText("\n".join(self._table_lines()))

    def _table_lines(self) -> list[str]:
        lines = []
        for table in rate_tables(self.context.db):
            parts = [f"{table.label(b)} {b.rate_text}" if b.rate is not None else f"每月 {money(b.fixed)} 元"
                     for b in table.brackets]
            lines.append(f"{table.kind.value}（{table.effective_from:%Y-%m-%d} 起）：" + "；".join(parts))
        return lines

    def save(self) -> None:
        start = self.start.currentData()
        save_settings(self.context.db, DuesSettings(
            Rounding(self.rounding.currentData()), Collection(self.collection.currentData()), self.base_months.value(),
            Month(int(start[:4]), int(start[5:])) if start else None))
        self.accept()
