"""A 导师 who left the school (离开本单位) and CAME BACK (回到本单位, domain.md §7): his leave ended his pairs
that day, and there was no way to record his return — every new pair of his was refused as begun after
he left ("已于 … 离开本单位，不能作为此后开始的结对的导师"), and the reminder to transfer his 组织关系 ran
on. 回到本单位 is now recorded the way 离开本单位 is (service, `member returned-unit`, the 离开本单位 form's
“登记回到本单位…”): a pair begun after his return is made, the pairs the leave ended stay ended."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from branchdesk.cli.main import main
from branchdesk.domain.mentoring.records import KIND_TEACHER, PairInput, PairStatus
from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services.checks import run_checks
from branchdesk.services.errors import RuleViolation, ValidationFailed
from branchdesk.services.mentoring.records import get_pair, save_pair
from branchdesk.services.recycle_bin import restore
from branchdesk.services.roster.member_events import (
    UNIT_LISTED,
    correct_unit_move,
    delete_unit_move,
    list_unit_moves,
)
from branchdesk.services.roster.membership import mark_left_unit, mark_returned_unit
from branchdesk.services.roster.records import get_member
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.transfer_dialog import TransferDialog
from tests.mentoring.helpers import BRANCH_A, make_roster, teacher_pair
from tests.ui_typing import type_date

LEFT = date(2025, 7, 15)
BACK = date(2026, 2, 1)
TODAY = date(2026, 12, 5)


def _new_pair(db, mentor_id: int, start: date):  # type: ignore[no-untyped-def]
    return save_pair(db, PairInput(kind=KIND_TEACHER, branch=BRANCH_A, mentor_id=mentor_id, mentee_name="刘洋",
                                   mentee_category="青年教师", start_date=start), today=TODAY)


def _reminded(db) -> bool:  # type: ignore[no-untyped-def]
    return any(f.rule == "TRANSFER-RELATION" and "张建国" in f.message + (f.person or "")
               for f in run_checks(db, year=2026, as_of=TODAY))


def test_after_his_return_a_new_pair_is_made_and_the_old_one_stays_ended(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    old = teacher_pair(db, ids["张建国"], date(2024, 9, 1), today=TODAY)
    mark_left_unit(db, ids["张建国"], LEFT, "县实验中学")
    assert _reminded(db)  # away: reminded to transfer his 组织关系
    mark_returned_unit(db, ids["张建国"], BACK, "县实验中学", "借调期满")
    new = _new_pair(db, ids["张建国"], date(2026, 2, 24))  # refused before: no return could be recorded
    assert get_pair(db, new.id).status == PairStatus.ACTIVE.value
    ended = get_pair(db, old.id)
    assert ended.status == PairStatus.STOPPED.value and ended.closed_on == LEFT  # not revived
    assert not _reminded(db)  # back: the relation stays rightly here


def test_a_return_needs_a_leave_before_it(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    with pytest.raises(RuleViolation, match="没有未回来的“离开本单位”记录"):
        mark_returned_unit(db, ids["张建国"], BACK)
    mark_left_unit(db, ids["张建国"], LEFT)
    with pytest.raises(RuleViolation):
        mark_returned_unit(db, ids["张建国"], LEFT)  # the same day he left
    mark_returned_unit(db, ids["张建国"], BACK)
    with pytest.raises(RuleViolation):  # back already: no second return without a new leave
        mark_returned_unit(db, ids["张建国"], date(2026, 3, 1))


def test_the_command_line_records_it(db, db_path, capsys) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    mark_left_unit(db, ids["张建国"], LEFT)
    assert main(["member", "returned-unit", "--name", "张建国", "--on", "2026-02-01", "--db", str(db_path)]) == 0
    assert "已记录 2026-02-01 回到本单位" in capsys.readouterr().out
    assert [m.kind for m in list_unit_moves(db, ids["张建国"], UNIT_LISTED)] == ["离开本单位", "回到本单位"]


def test_the_leave_form_records_the_return_as_a_person_types_it(qtbot, db, message_boxes) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    mark_left_unit(db, ids["张建国"], LEFT, "县实验中学")
    dialog = TransferDialog(AppContext(db), get_member(db, ids["张建国"]), MoveKind.LEFT_UNIT)
    qtbot.addWidget(dialog)
    dialog.show()

    def answer() -> None:
        form = QApplication.activeModalWidget()
        if not isinstance(form, TransferDialog) or form is dialog:
            QTimer.singleShot(20, answer)
            return
        assert form.windowTitle().startswith("回到本单位")
        type_date(form.on, "2026-02-01")
        form.save_button.click()

    QTimer.singleShot(0, answer)
    dialog.back_button.click()
    assert [m.kind for m in list_unit_moves(db, ids["张建国"], UNIT_LISTED)] == ["离开本单位", "回到本单位"]
    assert any("回到本单位" in dialog.history.item(i).text() for i in range(dialog.history.count()))
    assert _new_pair(db, ids["张建国"], date(2026, 2, 24)).status == PairStatus.ACTIVE.value


def test_a_return_corrected_stays_after_the_leave(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    mark_left_unit(db, ids["张建国"], LEFT)
    mark_returned_unit(db, ids["张建国"], BACK)
    back = next(m for m in list_unit_moves(db, ids["张建国"], UNIT_LISTED) if m.kind == "回到本单位")
    correct_unit_move(db, back.id, date(2026, 3, 1), "县实验中学", "借调期满")  # a later day: fine
    with pytest.raises(RuleViolation):  # before he left: no
        correct_unit_move(db, back.id, date(2025, 7, 1), "", "")
    assert [m.on for m in list_unit_moves(db, ids["张建国"], UNIT_LISTED)] == [LEFT, date(2026, 3, 1)]


def test_a_pair_begun_while_he_was_away_is_still_refused(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    mark_left_unit(db, ids["张建国"], LEFT, "县实验中学")
    mark_returned_unit(db, ids["张建国"], BACK)
    with pytest.raises(ValidationFailed) as refused:  # 2025-10-01: away, back only on 2026-02-01
        _new_pair(db, ids["张建国"], date(2025, 10, 1))
    assert "已于 2025-07-15 离开本单位" in str(refused.value)


# review rev4 of forms3: the 离开本单位 a 回到本单位 follows could be corrected past it, or deleted, or the
# return brought back from the recycle bin with no leave before it — the return then stood before any
# leave, and a pair begun after his return was ended by the leave moved onto its days


def test_a_leave_is_not_corrected_past_the_return_that_follows_it(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    mark_left_unit(db, ids["张建国"], LEFT)
    mark_returned_unit(db, ids["张建国"], BACK)
    new = _new_pair(db, ids["张建国"], date(2026, 2, 24))
    leave = list_unit_moves(db, ids["张建国"], UNIT_LISTED)[0]
    with pytest.raises(RuleViolation, match="回到本单位"):
        correct_unit_move(db, leave.id, date(2026, 3, 1), "", "")  # after the day he came back
    correct_unit_move(db, leave.id, date(2025, 7, 1), "县实验中学", "")  # before it: fine
    assert [m.on for m in list_unit_moves(db, ids["张建国"], UNIT_LISTED)] == [date(2025, 7, 1), BACK]
    assert get_pair(db, new.id).status == PairStatus.ACTIVE.value  # the pair begun after his return runs on


def test_a_leave_a_return_follows_is_not_deleted_alone(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    mark_left_unit(db, ids["张建国"], LEFT)
    mark_returned_unit(db, ids["张建国"], BACK)
    leave, back = list_unit_moves(db, ids["张建国"], UNIT_LISTED)
    with pytest.raises(RuleViolation, match="回到本单位"):
        delete_unit_move(db, leave.id)
    delete_unit_move(db, back.id)  # the return first, then the leave
    delete_unit_move(db, leave.id)
    assert list_unit_moves(db, ids["张建国"], UNIT_LISTED) == []
    with pytest.raises(RuleViolation, match="离开本单位"):  # the return alone from the recycle bin: no
        restore(db, "member_moves", back.id)
    restore(db, "member_moves", leave.id)
    restore(db, "member_moves", back.id)
    assert [m.kind for m in list_unit_moves(db, ids["张建国"], UNIT_LISTED)] == ["离开本单位", "回到本单位"]
