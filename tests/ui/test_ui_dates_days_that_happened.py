"""Date fields left out of TY-7 that are days which have happened — a member's move to another 党小组 and
the 公示/培训 periods of a 发展党员 step being recorded — read a date typed without its year ("12月28日")
by the one rule: in the record's year (today's for a new one), never after today."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.development.records import PersonInput
from branchdesk.domain.idcard import make_id_number
from branchdesk.services.development import records as dev
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.services.roster.records import get_member
from branchdesk.ui.context import AppContext
from branchdesk.ui.development.dialogs import StepDialog
from branchdesk.ui.roster.member_dialog import MemberDialog
from branchdesk.ui.widgets.date_edit import DateEdit
from tests.meetings.helpers import BRANCH, make_branch
from tests.ui_typing import type_text

pytestmark = pytest.mark.usefixtures("message_boxes")

TODAY = date(2027, 1, 5)


def _retype(field: DateEdit, text: str) -> None:
    field.today = TODAY
    field.edit.setFocus()
    field.edit.selectAll()
    type_text(field.edit, text)


def test_a_move_to_another_group_typed_in_january_is_last_december(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    refs = list_orgs(db)
    form = MemberDialog(AppContext(db), [r for r in refs if r.kind == "党支部"], [r for r in refs if r.kind == "党小组"],
                        get_member(db, branch.members["赵一"]))
    qtbot.addWidget(form)
    form.group.setCurrentText("语文党小组")
    _retype(form.group_date, "12月28日")
    assert (form.group_date.problem(), form.group_date.value()) == ("", date(2026, 12, 28))


@pytest.mark.parametrize("step", [7, 11, 13])  # 公示 (7, 13) and 培训 (11) periods
def test_a_steps_period_reads_a_day_without_its_year_as_its_completion_date_does(qtbot, db, step: int) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    case = dev.save_person(db, PersonInput(name="林晓", id_number=make_id_number("140202", date(1998, 3, 4), 9, False),
                                           branch=BRANCH))
    dialog = StepDialog(AppContext(db), dev.get_case(db, case.id), step)
    qtbot.addWidget(dialog)
    for field, typed, meant in ((dialog.start, "12月21日", date(2026, 12, 21)), (dialog.end, "12月28日", date(2026, 12, 28))):
        _retype(field, typed)
        assert (field.problem(), field.value()) == ("", meant), field.label


def test_a_corrected_period_reads_in_the_records_year(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    case = dev.save_person(db, PersonInput(name="林晓", id_number=make_id_number("140202", date(1998, 3, 4), 9, False),
                                           branch=BRANCH))
    dev.save_step(db, case.id, dev.StepInput(step=7, on=date(2025, 3, 20), start_on=date(2025, 3, 10),
                                             end_on=date(2025, 3, 16)))
    dialog = StepDialog(AppContext(db), dev.get_case(db, case.id), 7)
    qtbot.addWidget(dialog)
    _retype(dialog.end, "3月17日")
    assert dialog.end.value() == date(2025, 3, 17)
