"""The 党费 forms opened to 修改 a record show the record's dates: the typed date fields once raised on
`setDate` (a QDateEdit's method), so 修改 of a 上缴 or of an approved 减免 base opened nothing, and
the 核定日期 fell back to today (a correction re-dated the record unasked)."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.dues.bases import BaseInput
from branchdesk.domain.dues.months import Month
from branchdesk.services.dues.records import member_bases, save_base
from branchdesk.ui.context import AppContext
from branchdesk.ui.dues.base_dialog import BaseDialog
from tests.dues.dues_fixtures import make_dues_branch

pytestmark = pytest.mark.usefixtures("message_boxes")


def test_editing_an_approved_reduced_base_shows_its_approval_and_confirmation_dates(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    member = branch.members["张宣传"]
    save_base(db, BaseInput(member, "减免", Month(2025, 6), "3000", basis="在职", own_amount="0", approved_by="校党委",
                            approved_on=date(2025, 5, 28), note="生活困难", confirmed_on=date(2025, 6, 2)),
              today=date(2025, 6, 2))
    record = member_bases(db, member)[0]
    assert record.record.approved_on == date(2025, 5, 28)
    dialog = BaseDialog(AppContext(db), member, "张宣传", record)
    qtbot.addWidget(dialog)
    assert dialog.approved_on.value() == date(2025, 5, 28)
    assert dialog.confirmed_on.value() == date(2025, 6, 2)
