"""The 发展党员 window's 编辑资料 of a rostered person tells what the save did to the roster — a 支部调整
dated today when 所在党支部 changed — as a step's dialog does (dialogs.tell), instead of nothing."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.development.records import PersonInput
from branchdesk.domain.idcard import make_id_number
from branchdesk.services.development import records as dev
from branchdesk.ui.context import AppContext
from branchdesk.ui.development.dialogs import PersonDialog
from tests.meetings.helpers import BRANCH, OTHER, make_branch


def test_the_person_dialog_keeps_the_roster_note_of_its_save(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    case = dev.save_person(db, PersonInput(name="林晓", id_number=make_id_number("140202", date(1998, 3, 4), 9, False),
                                           branch=BRANCH))
    for step, day in ((1, date(2022, 3, 1)), (15, date(2025, 3, 10)), (17, date(2025, 4, 1))):
        case, _note = dev.save_step(db, case.id, dev.StepInput(step, day))
    dialog = PersonDialog(AppContext(db), [BRANCH, OTHER], case)
    qtbot.addWidget(dialog)
    dialog.branch.setCurrentText(OTHER)
    dialog._accept()
    assert dialog.saved is not None and dialog.saved.branch == OTHER, dialog.error.text()
    assert f"党员名册中已登记支部调整：{date.today():%Y-%m-%d} 由{BRANCH}调整到{OTHER}" in dialog.note, dialog.note
