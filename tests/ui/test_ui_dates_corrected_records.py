"""A form opened to correct a dated record reads a month and day typed without the year ("3-12") in
that record's year, as the meeting, 学习, 帮扶活动 and 发展 step forms do (T10-6, TY-7): the 支部调整,
转入 / 离开本单位 and 党纪处分 corrections and the 党费 上缴 and 缴费基数 forms read it in this year instead,
moving a record of 2024 by a year unasked. Typed with the keys, then Enter; the field shows the full
date it understood before it is left."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialog

from branchdesk.domain.dues.bases import BaseInput
from branchdesk.domain.dues.branch import HandUpInput
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.domain.vocabulary import DisciplineKind, MoveKind
from branchdesk.services.dues.records import (
    list_hand_ups,
    member_bases,
    record_payments,
    save_base,
    save_hand_up,
)
from branchdesk.services.roster.member_events import list_unit_moves
from branchdesk.services.roster.membership import (
    list_branch_moves,
    list_discipline,
    move_branch,
    record_discipline,
)
from branchdesk.services.roster.records import get_member
from branchdesk.ui.context import AppContext
from branchdesk.ui.widgets.date_edit import understood
from tests.dues.dues_fixtures import make_dues_branch
from tests.meetings.helpers import make_branch
from tests.ui_typing import type_date_and_enter

pytestmark = pytest.mark.usefixtures("message_boxes")

SUMMER = date(2026, 6, 10)  # "today": the day typed (3 or 5 月) lies in this year's past, and in the record's


def _read(field, text: str, meant: date, today: date) -> None:  # type: ignore[no-untyped-def]
    """Typed, then Enter: the field showed the full date before it was left, and holds it after."""
    shown = type_date_and_enter(field, text, today)
    assert (field.problem(), shown) == ("", understood(meant)), field.label
    assert field.text() == meant.isoformat() and field.value() == meant


def test_a_branch_move_corrected_keeps_its_year(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.roster.move_correction import MoveCorrectionDialog

    branch = make_branch(db)
    member = branch.members["赵一"]
    move_branch(db, member, branch.other_id, date(2024, 3, 10))
    [move] = list_branch_moves(db, member)
    dialog = MoveCorrectionDialog(AppContext(db), get_member(db, member), move)
    qtbot.addWidget(dialog)
    _read(dialog.on, "3-12", date(2024, 3, 12), SUMMER)  # not 2026-03-12
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [m.on for m in list_branch_moves(db, member)] == [date(2024, 3, 12)]


def test_a_discipline_corrected_keeps_its_year(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.roster.discipline_dialog import DisciplineDialog

    branch = make_branch(db)
    member = branch.members["钱二"]
    record = record_discipline(db, member, DisciplineKind.WARNING, date(2024, 3, 10))
    dialog = DisciplineDialog(AppContext(db), get_member(db, member), record=record)
    qtbot.addWidget(dialog)
    _read(dialog.on, "3.12", date(2024, 3, 12), SUMMER)
    dialog.save_button.click()
    assert [d.decided_on for d in list_discipline(db, member)] == [date(2024, 3, 12)]


def test_a_transfer_in_corrected_keeps_its_year(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.dues.records import record_transfer_in
    from branchdesk.ui.roster.transfer_dialog import TransferDialog

    branch = make_branch(db)
    member = branch.members["孙三"]
    record_transfer_in(db, member, date(2024, 3, 10), "示范市第一中学党支部")
    [move] = list_unit_moves(db, member, frozenset({MoveKind.TRANSFER_IN.value}))
    dialog = TransferDialog(AppContext(db), get_member(db, member), MoveKind.TRANSFER_IN, record=move)
    qtbot.addWidget(dialog)
    _read(dialog.on, "3月12日", date(2024, 3, 12), SUMMER)


def test_a_dues_base_corrected_reads_its_dates_in_their_year(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.dues.base_dialog import BaseDialog

    branch = make_dues_branch(db)
    member = branch.members["张宣传"]
    save_base(db, BaseInput(member, "减免", Month(2025, 6), "3000", basis="在职", own_amount="0", approved_by="校党委",
                            approved_on=date(2025, 5, 28), note="生活困难", confirmed_on=date(2025, 6, 2)),
              today=date(2025, 6, 2))
    dialog = BaseDialog(AppContext(db), member, "张宣传", member_bases(db, member)[0])
    qtbot.addWidget(dialog)
    _read(dialog.approved_on, "5-30", date(2025, 5, 30), SUMMER)
    _read(dialog.confirmed_on, "6-1", date(2025, 6, 1), SUMMER)


def test_a_hand_up_corrected_keeps_its_year(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.dues.dialogs import HandUpDialog

    branch = make_dues_branch(db)
    record_payments(db, [PaymentInput(branch.members["王书记"], [Month(2025, 1), Month(2025, 2), Month(2025, 3)], "279",
                                      date(2025, 3, 1), "现金", "李组织")], today=date(2025, 3, 1))  # handed up (TK-2)
    save_hand_up(db, HandUpInput(branch.id, date(2025, 3, 10), "100", Month(2025, 1), Month(2025, 3)),
                 today=date(2025, 3, 10))
    [record] = list_hand_ups(db)
    dialog = HandUpDialog(AppContext(db), [("测试", branch.id)], branch.id, record=record)
    qtbot.addWidget(dialog)
    _read(dialog.handed_on, "3-12", date(2025, 3, 12), SUMMER)
    dialog.save()
    assert [h.record.handed_on for h in list_hand_ups(db)] == [date(2025, 3, 12)]
