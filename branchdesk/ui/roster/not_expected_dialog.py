"""不计入应到会 (domain.md §3 VOTE-WHO, 党章 第七条): a member abroad long-term, unable to express
their will (长期卧床), away six months or more, under 留党察看 or 停止党籍 may be left out of 应到会
only with approval, the reason recorded. Entered once here — from a day, to a day or 长期, the reason,
批准日期 and 批准人/组织 — instead of at every sitting: a new sign-in sheet within the span lists the
member as 不计入应到 with the reason (the sheet can still be changed for one sitting). Earlier records
are listed: Enter corrects one (to add the day it ended), Delete deletes one entered by mistake."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QListView, QWidget

from branchdesk.domain.roster.not_expected import APPROVER_MAX, DETAIL_MAX, NotExpectedReason, NotExpectedSpan
from branchdesk.domain.roster.records import MemberRecord
from branchdesk.services.roster.not_expected import (
    correct_not_expected,
    delete_not_expected,
    list_not_expected,
    record_not_expected,
)
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.event_form import EventRow, MemberEventDialog
from branchdesk.ui.widgets.date_edit import DateEdit

FIELDS = ("原因", "说明", "起始日期", "截止日期", "批准日期", "批准人/组织")


class NotExpectedDialog(MemberEventDialog):
    """A new 不计入应到会 span with the member's earlier ones listed; with `record`, that one to correct."""

    def __init__(self, context: AppContext, member: MemberRecord, parent: QWidget | None = None,
                 record: NotExpectedSpan | None = None) -> None:
        super().__init__(context, member, "修改不计入应到会" if record else "不计入应到会", parent)
        self.record = record
        self._records: dict[int, NotExpectedSpan] = {}
        self.edit_button.setText(self.tr("修改此记录(&E)"))
        self.reason = QComboBox()
        self.reason.addItem(self.tr("（请选择）"), "")  # chosen, never assumed
        for reason in NotExpectedReason:
            self.reason.addItem(reason.value, reason.value)
        self.detail = QLineEdit()
        self.detail.setMaxLength(DETAIL_MAX)
        self.detail.setPlaceholderText(self.tr("可写明情况，如：长期卧床；在国外照顾子女"))
        self.starts = DateEdit(required=True, label="起始日期")
        self.ends = DateEdit(label="截止日期")
        self.ends.setToolTip(self.tr("不填表示长期（直到另有决定）"))
        self.approved = DateEdit(required=True, label="批准日期", past=True)
        self.approver = QLineEdit()
        self.approver.setMaxLength(APPROVER_MAX)
        self.approver.setPlaceholderText(self.tr("如：党支部委员会；上级党委"))
        widgets = (self.reason, self.detail, self.starts, self.ends, self.approved, self.approver)
        hint = self.tr("党员长期出国（境）、因病等无法表达本人意志、外出半年以上等，经批准可不计入应到会人数（党章第七条），"
                       "须写明原因和批准情况。期间新建的会议签到表会把他列为“不计入应到”并写上原因；他来参加的那次可改为“出席”。"
                       "截止日期不填表示长期。")
        if record is None:
            # an earlier record's line (span, reason, approval) is wider than the list: wrapped, never scrolled
            # sideways (review rev3 R3-7)
            self.history.setWordWrap(True)
            self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.history.setResizeMode(QListView.ResizeMode.Adjust)
            self.history.setAlternatingRowColors(True)  # one record from the next, each on two lines
            self.build(FIELDS, widgets, hint, self.tr("已登记的不计入应到会"), self.events(),
                       history_hint=self.tr("（选中一条按 Enter 修改，按 Delete 删除）"))
        else:
            self.reason.setCurrentIndex(max(self.reason.findData(record.reason), 0))
            self.detail.setText(record.detail)
            self.starts.set_value(record.starts_on)
            self.ends.set_value(record.ends_on)
            self.approved.set_value(record.approved_on)
            self.approver.setText(record.approved_by)
            self.build(FIELDS, widgets, hint, "", [], ok_text="保存修改")
            if record.ends_on is None:
                self.ends.setFocus()  # what is usually added later: the day it ended

    def show_history(self, rows: Sequence[EventRow]) -> None:
        """As the other member forms list theirs, but each record wrapped on two lines: room for up to three."""
        super().show_history(rows)
        if self.rows and self.history.wordWrap():
            two_lines = 2 * self.history.fontMetrics().lineSpacing() + 6
            self.history.setFixedHeight(min(len(self.rows), 3) * two_lines + 2 * self.history.frameWidth() + 4)

    def events(self) -> list[EventRow]:
        records = list_not_expected(self.context.db, self.member.id)
        self._records = {r.id: r for r in records}
        return [EventRow(r.line, r.id, editable=True) for r in reversed(records)]

    def correction(self, key: int) -> QDialog:
        return NotExpectedDialog(self.context, self.member, self, record=self._records[key])

    def consequence(self, row: EventRow) -> str:
        return self.tr("删除后，新建的会议签到表不再把他列为“不计入应到”；已保存的会议记录不变。")

    def remove(self, key: int) -> None:
        delete_not_expected(self.context.db, key)

    def write(self) -> None:
        values = (self.starts.value(), str(self.reason.currentData() or ""), self.approved.value(),
                  self.approver.text())
        if self.record is None:
            record_not_expected(self.context.db, self.member.id, *values, ends_on=self.ends.value(),
                                detail=self.detail.text())
        else:
            correct_not_expected(self.context.db, self.record.id, *values, ends_on=self.ends.value(),
                                 detail=self.detail.text())
