"""修改日期/原因 of one 支部调整: the date and reason as they were saved, ready to be retyped. The
branches are shown, not offered: a move to the wrong branch is deleted and entered again, so a
correction can never move the member silently. The new date meets a new move's rules between the
member's previous and next moves (services/roster/member_events.correct_branch_move)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from branchdesk.domain.roster.records import MemberRecord
from branchdesk.services.roster.member_events import correct_branch_move
from branchdesk.services.roster.membership import BranchMoveRecord
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.event_form import MemberEventDialog
from branchdesk.ui.widgets.date_edit import DateEdit


class MoveCorrectionDialog(MemberEventDialog):
    def __init__(self, context: AppContext, member: MemberRecord, move: BranchMoveRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(context, member, "修改支部调整", parent)
        self.record = move  # (not `self.move`: that is QWidget.move, which placing the window calls)
        branches = QLabel(self.tr("由“{0}”调整到“{1}”").format(move.from_branch, move.to_branch))
        self.on = DateEdit(required=True, label="调整日期", past=True)
        self.on.set_record_value(move.on)  # "3月12日" corrects the day in the move's year
        self.reason = QLineEdit(move.reason)
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("如：工作调整、任教年级变动（可不填）"))
        self.build(("支部", "调整日期", "原因或说明"), (branches, self.on, self.reason),
                   self.tr("调整到的支部不能在这里修改：调错了支部，请删除这次调整后重新登记。"
                           "日期可写作 2025-09-01、2025/9/1、2025.9.1、20250901 或 2025年9月1日。"),
                   "", [], ok_text="保存修改")
        self.on.setFocus()

    def write(self) -> None:
        on = self.on.value()
        assert on is not None  # required: the form said so when empty
        correct_branch_move(self.context.db, self.record.id, on, self.reason.text().strip())
