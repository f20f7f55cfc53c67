"""支部调整: a member moves to another branch of the school (and, if chosen, one of its 党小组) on a
date the user types. Before that date the member stays on the old branch's sign-in sheets, votes and
谈心谈话; from it on, on the new branch's — so the date is asked, never assumed to be today.

A move saved by mistake is corrected in the list of earlier moves. A wrong date or reason is fixed in
place (修改日期/原因): the move keeps its branches and nothing else changes, which is what a user who
mistyped a date expects. A wrong branch is deleted (the latest move only: the member goes back to the
branch it found them in) and entered again — editing the branch in place would silently move the
member between two branches, and the question before deleting names exactly where they return."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QWidget

from branchdesk.domain.roster.event_lines import branch_move_line
from branchdesk.domain.roster.records import MemberRecord
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.errors import ValidationFailed
from branchdesk.services.roster.member_events import delete_branch_move
from branchdesk.services.roster.membership import BranchMoveRecord, list_branch_moves, move_branch
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.event_form import EventRow, MemberEventDialog
from branchdesk.ui.roster.move_correction import MoveCorrectionDialog
from branchdesk.ui.widgets.date_edit import DateEdit

FIELDS = ("调入党支部", "党小组", "调整日期", "原因或说明")


class MoveDialog(MemberEventDialog):
    def __init__(self, context: AppContext, member: MemberRecord, parent: QWidget | None = None) -> None:
        super().__init__(context, member, "支部调整", parent)
        refs = list_orgs(context.db)
        self._groups = [r for r in refs if r.kind == OrgKind.GROUP.value]
        self._branches = [r for r in refs if r.kind == OrgKind.BRANCH.value]
        self.branch = QComboBox()
        for ref in self._branches:
            self.branch.addItem(ref.name, ref.id)
        self._mark_current()
        self._moves: dict[int, BranchMoveRecord] = {}
        self.group = QComboBox()
        self.on = DateEdit(required=True, label="调整日期", past=True)
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("如：工作调整、任教年级变动（可不填）"))
        # no branch is preselected: a move saved to a branch nobody chose would be a wrong record
        self.branch.setPlaceholderText(self.tr("请选择调入的党支部"))
        self.branch.setCurrentIndex(-1)
        self.branch.currentIndexChanged.connect(self._fill_groups)
        self._fill_groups()
        self.build(FIELDS, (self.branch, self.group, self.on, self.reason),
                   self.tr("调整日期之前的会议签到、表决和谈心谈话仍算在原支部，从这一天起算在新支部。"
                           "日期可写作 2025-09-01、2025/9/1、2025.9.1、20250901 或 2025年9月1日。"),
                   self.tr("以往的支部调整"), self.events(),
                   history_hint=self.tr("（选中一条按 Enter 修改日期或原因，按 Delete 删除；最近一次删除后党员回到原支部）"))

    def _mark_current(self) -> None:
        """Name the member's current branch in the list (it changes when a move is undone)."""
        for index, ref in enumerate(self._branches):
            mark = self.tr("（现在所在）") if ref.id == self.member.branch_id else ""
            self.branch.setItemText(index, ref.name + mark)

    def events(self) -> list[EventRow]:
        moves = list_branch_moves(self.context.db, self.member.id)
        self._moves = {m.id: m for m in moves}
        latest = moves[-1] if moves else None
        refusal = self.tr("只能撤销最近一次支部调整：请先撤销 {0:%Y-%m-%d} 的调整")
        return [EventRow(branch_move_line(m.on, m.from_branch, m.to_branch, m.reason), m.id,
                         "" if m is latest or latest is None else refusal.format(latest.on), editable=True)
                for m in reversed(moves)]

    def consequence(self, row: EventRow) -> str:
        move = self._moves[row.key]
        return self.tr("删除后，{0}回到“{1}”（这次调整前所在的党支部），这一天之后的会议签到等也算在原支部。"
                       "如需要，请再登记正确的支部调整。").format(self.member.name, move.from_branch)

    def remove(self, key: int) -> None:
        delete_branch_move(self.context.db, key)

    def correction(self, key: int) -> QDialog:
        return MoveCorrectionDialog(self.context, self.member, self._moves[key], self)

    def after_change(self) -> None:
        super().after_change()
        self._mark_current()

    def _fill_groups(self) -> None:
        branch_id = self.branch.currentData()
        self.group.clear()
        self.group.addItem(self.tr("（不编入党小组）"), None)
        for ref in self._groups:
            if ref.parent_id == branch_id:
                self.group.addItem(ref.name, ref.id)

    def write(self) -> None:
        if self.branch.currentData() is None:
            raise ValidationFailed([FieldError("调入党支部", self.tr("请选择调入的党支部"))])
        on = self.on.value()
        assert on is not None  # required: the form said so when empty
        move_branch(self.context.db, self.member.id, self.branch.currentData(), on, self.reason.text().strip(),
                    group_id=self.group.currentData())
