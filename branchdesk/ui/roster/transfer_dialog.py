"""组织关系转入, 离开本单位 and 回到本单位 (back at the school after a leave: domain.md §7), each with its date and the other side (where the relation came from,
where the member went). 转出 — the relation leaves this branch and the member leaves the roster — is
“标记离开”; 离开本单位 is the step before it: the member left the school (调离、毕业、退休离校) while
the 组织关系 is still here, and the check reminds until the 转出 is recorded (教育条例 第二十五条).

A 转入 or 离开本单位 in the list of earlier ones is deleted when saved by mistake, or opened in this
same form to be corrected (修改此记录: its date, the other side, the reason); 转出 and 恢复在册 are
listed for context only (they changed the member's status: 恢复在册 / 标记离开 undo them)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget

from branchdesk.domain.roster.event_lines import unit_move_line
from branchdesk.domain.roster.records import MemberRecord
from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services.dues.records import record_transfer_in
from branchdesk.services.mentoring.records import pairs_ended_by_leaving
from branchdesk.services.roster.member_events import (
    UNIT_LISTED,
    UnitMoveRecord,
    correct_unit_move,
    delete_unit_move,
    list_unit_moves,
)
from branchdesk.services.roster.membership import mark_left_unit, mark_returned_unit
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.event_form import EventRow, MemberEventDialog
from branchdesk.ui.widgets.date_edit import DateEdit

# the kinds of move this form records (the transfers listed beside them: UNIT_LISTED)
KINDS = (MoveKind.TRANSFER_IN, MoveKind.LEFT_UNIT, MoveKind.RETURNED_UNIT)

WORDS = {  # title, date field, other side, its placeholder, hint
    MoveKind.TRANSFER_IN: (
        "组织关系转入", "转入日期", "转自", "原所在党组织，如：示范市第一中学党支部",
        "以组织关系介绍信上的日期为准。转入后的第一个整月起在本支部交纳党费。"),
    MoveKind.LEFT_UNIT: (
        "离开本单位", "离开日期", "去向", "去向单位，如：县实验小学、退休离校（可不填）",
        "调离、毕业或退休离校，组织关系还在本支部时登记；党员仍在名册中。组织关系转出后，"
        "请再用“标记离开”登记转出。"),
    MoveKind.RETURNED_UNIT: (
        "回到本单位", "回来日期", "回自", "离开期间所在单位，如：县实验中学（可不填）",
        "离开本单位后又回到本校的（借调、支教期满）登记回来的日期：此后可以再作为导师结对。"
        "离开时中止的结对帮扶不恢复，需要时请在“结对帮扶”页面重新结对。"),
}


class TransferDialog(MemberEventDialog):
    """A new 转入 or 离开本单位 with the member's earlier moves listed; with `record`, that one to correct."""

    def __init__(self, context: AppContext, member: MemberRecord, kind: MoveKind,
                 parent: QWidget | None = None, record: UnitMoveRecord | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(kind)
        title, date_label, where_label, placeholder, hint = WORDS[kind]
        super().__init__(context, member, f"修改{title}" if record else title, parent)
        self.kind = kind
        self.record = record
        self._moves: dict[int, UnitMoveRecord] = {}
        self.edit_button.setText(self.tr("修改此记录(&E)"))
        self.on = DateEdit(required=True, label=date_label, past=True)
        self.where = QLineEdit()
        self.where.setMaxLength(200)
        self.where.setPlaceholderText(placeholder)
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("可不填"))
        fields = (date_label, where_label, "原因或说明")
        hint = self.tr(hint) + self.tr("日期可写作 2025-09-01、2025/9/1、2025.9.1、20250901 或 2025年9月1日。")
        if record is None:
            self.build(fields, (self.on, self.where, self.reason), hint, self.tr("以往的转入、转出和离开"),
                       self.events(), history_hint=self.tr("（选中转入或离开本单位，按 Enter 修改，按 Delete 删除）"))
            if kind is MoveKind.LEFT_UNIT:  # coming back is recorded beside leaving (domain.md §7)
                self.back_button = QPushButton(self.tr("登记回到本单位(&R)…"), self)
                self.back_button.setObjectName("returnedUnit")
                self.back_button.setAutoDefault(False)
                self.back_button.setToolTip(self.tr("离开本单位后又回到本校的（借调、支教期满），登记回来的日期"))
                self.back_button.clicked.connect(self.came_back)
                layout = self.layout()
                assert isinstance(layout, QVBoxLayout)
                layout.insertWidget(layout.count() - 1, self.back_button)
        else:
            self.on.set_record_value(record.on)  # "3月12日" corrects the day in its year
            self.where.setText(record.counterpart)
            self.reason.setText(record.reason)
            self.build(fields, (self.on, self.where, self.reason), hint, "", [], ok_text="保存修改")

    def came_back(self) -> None:
        """回到本单位 in its own form; the list shows it afterwards."""
        form = TransferDialog(self.context, self.member, MoveKind.RETURNED_UNIT, self)
        if form.exec():
            self.after_change()

    def events(self) -> list[EventRow]:
        moves = list_unit_moves(self.context.db, self.member.id, UNIT_LISTED)
        self._moves = {m.id: m for m in moves}
        locked = self.tr("“{0}”记录不能在这里{1}：转出请用“恢复在册”，恢复在册请用“标记离开”。")
        return [EventRow(unit_move_line(m.on, m.kind, m.counterpart, m.reason), m.id,
                         "" if m.deletable else locked.format(m.kind, self.tr("删除")), editable=m.deletable,
                         edit_refusal="" if m.deletable else locked.format(m.kind, self.tr("修改")))
                for m in reversed(moves)]

    def correction(self, key: int) -> QDialog:
        """The 转入 or 离开本单位 in its own form (of its kind, whichever form listed it)."""
        move = self._moves[key]
        return TransferDialog(self.context, self.member, MoveKind(move.kind), self, record=move)

    def consequence(self, row: EventRow) -> str:
        move = self._moves.get(row.key)
        if move is not None and move.kind == MoveKind.TRANSFER_IN.value:
            return self.tr("删除后，党费不再从这次转入起算。")
        if move is not None and move.kind == MoveKind.RETURNED_UNIT.value:
            return self.tr("删除后，仍按离开本单位计：不能再作为导师结对，并提醒办理组织关系转出。")
        return self.tr("删除后，不再提醒为这名党员办理组织关系转出。")

    def remove(self, key: int) -> None:
        delete_unit_move(self.context.db, key)

    def write(self) -> None:
        on = self.on.value()
        assert on is not None  # required: the form said so when empty
        where, reason = self.where.text().strip(), self.reason.text().strip()
        if self.record is not None:
            correct_unit_move(self.context.db, self.record.id, on, where, reason)
        elif self.kind is MoveKind.TRANSFER_IN:
            record_transfer_in(self.context.db, self.member.id, on, where, reason)
        elif self.kind is MoveKind.RETURNED_UNIT:
            mark_returned_unit(self.context.db, self.member.id, on, where, reason)
        else:
            ending = pairs_ended_by_leaving(self.context.db, self.member.id)
            mark_left_unit(self.context.db, self.member.id, on, where, reason)
            if ending:  # a pair ends the day its member leaves the school (trial K, TK-7), as 标记离开 says
                QMessageBox.information(self, self.tr("结对帮扶随之中止"), self.tr(
                    "{0}自 {1} 起离开本单位，以下结对帮扶于当日中止：\n{2}\n\n"
                    "如需继续帮扶，请在“结对帮扶”页面为帮扶对象重新结对。"
                ).format(self.member.name, f"{on:%Y-%m-%d}", "\n".join(f"· {label}" for label in ending)))
