"""支部调整: a member moves to another branch of the school (and, if chosen, one of its 党小组) on a
date the user types. Before that date the member stays on the old branch's sign-in sheets, votes and
谈心谈话; from it on, on the new branch's — so the date is asked, never assumed to be today."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from branchdesk.domain.roster.records import MemberRecord
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.errors import ValidationFailed
from branchdesk.services.roster.membership import list_branch_moves, move_branch
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.event_form import MemberEventDialog
from branchdesk.ui.widgets.date_edit import DateEdit

FIELDS = ("调入党支部", "党小组", "调整日期", "原因或说明")


class MoveDialog(MemberEventDialog):
    def __init__(self, context: AppContext, member: MemberRecord, parent: QWidget | None = None) -> None:
        super().__init__(context, member, "支部调整", parent)
        refs = list_orgs(context.db)
        self._groups = [r for r in refs if r.kind == OrgKind.GROUP.value]
        self.branch = QComboBox()
        for ref in (r for r in refs if r.kind == OrgKind.BRANCH.value):
            mark = self.tr("（现在所在）") if ref.id == member.branch_id else ""
            self.branch.addItem(ref.name + mark, ref.id)
        self.group = QComboBox()
        self.on = DateEdit(required=True, label="调整日期")
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("如：工作调整、任教年级变动（可不填）"))
        # no branch is preselected: a move saved to a branch nobody chose would be a wrong record
        self.branch.setPlaceholderText(self.tr("请选择调入的党支部"))
        self.branch.setCurrentIndex(-1)
        self.branch.currentIndexChanged.connect(self._fill_groups)
        self._fill_groups()
        history = [f"{m.on:%Y-%m-%d}  由“{m.from_branch}”调整到“{m.to_branch}”" + (f"（{m.reason}）" if m.reason else "")
                   for m in reversed(list_branch_moves(context.db, member.id))]
        self.build(FIELDS, (self.branch, self.group, self.on, self.reason),
                   self.tr("调整日期之前的会议签到、表决和谈心谈话仍算在原支部，从这一天起算在新支部。"
                           "日期可写作 2025-09-01、2025/9/1、2025.9.1、20250901 或 2025年9月1日。"),
                   self.tr("以往的支部调整："), history)

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
