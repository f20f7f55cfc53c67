"""Trial K, TK-7 (the gaps left): 离开本单位 ends the pairs of the one who left (read, not stored) but the
form did not say which, as 标记离开 does; and a new pair whose 导师 had already left the school or the
roster on its 开始日期 was saved without a word (高明 → 刘洋 beside 何伟's, who left on 07-15). Now the
form names the pairs it ends, and such a pair is refused with a plain message (domain.md §7)."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.mentoring.records import KIND_TEACHER, PairInput
from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services.errors import ValidationFailed
from branchdesk.services.mentoring.records import list_pairs, save_pair
from branchdesk.services.roster.membership import mark_left_unit
from branchdesk.services.roster.records import get_member, mark_left
from branchdesk.ui.context import AppContext
from branchdesk.ui.roster.transfer_dialog import TransferDialog
from tests.mentoring.helpers import BRANCH_A, make_roster, teacher_pair
from tests.ui_typing import type_date

START = date(2026, 2, 24)
LEFT = date(2026, 7, 15)
NEW = date(2026, 9, 1)
TODAY = date(2026, 12, 5)


def _pair(mentor_id: int | None, start: date, mentor_name: str = "") -> PairInput:
    return PairInput(kind=KIND_TEACHER, branch=BRANCH_A, mentor_id=mentor_id, mentor_name=mentor_name,
                     mentee_name="刘洋", mentee_category="青年教师", start_date=start)


def _refusal(db, data: PairInput) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        save_pair(db, data, today=TODAY)
    return [str(e) for e in caught.value.errors]


def test_a_pair_starting_after_its_mentor_left_the_school_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    mark_left_unit(db, ids["张建国"], LEFT, "县实验中学")
    said = "导师（帮扶人）：“张建国”已于 2026-07-15 离开本单位，不能作为此后开始的结对的导师"
    assert _refusal(db, _pair(ids["张建国"], NEW)) == [said]  # chosen in the form
    assert _refusal(db, _pair(None, NEW, "张建国")) == [said]  # typed in a ledger row
    assert _refusal(db, _pair(ids["张建国"], LEFT)) == [said]  # the day he left
    assert list_pairs(db) == []
    earlier = save_pair(db, _pair(ids["张建国"], START), today=TODAY)  # a pair of before he left is entered
    assert earlier.mentor_id == ids["张建国"]


def test_a_pair_starting_after_its_mentor_left_the_roster_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    mark_left(db, ids["李秀英"], MoveKind.TRANSFER_OUT, LEFT, "县实验中学党支部", "")
    assert _refusal(db, _pair(ids["李秀英"], NEW)) == [
        "导师（帮扶人）：“李秀英”已于 2026-07-15 转出，不能作为此后开始的结对的导师"]
    assert save_pair(db, _pair(ids["李秀英"], START), today=TODAY).mentor_id == ids["李秀英"]


def test_leaving_the_unit_says_which_pairs_end(qtbot, db, message_boxes) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    teacher_pair(db, ids["张建国"], START, mentee="刘洋", today=TODAY)
    dialog = TransferDialog(AppContext(db), get_member(db, ids["张建国"]), MoveKind.LEFT_UNIT)
    qtbot.addWidget(dialog)
    type_date(dialog.on, "2026-07-15")
    dialog.save_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert message_boxes.texts == [
        "张建国自 2026-07-15 起离开本单位，以下结对帮扶于当日中止：\n· 张建国—刘洋（青蓝工程师徒结对）\n\n"
        "如需继续帮扶，请在“结对帮扶”页面为帮扶对象重新结对。"]


def test_leaving_the_unit_without_pairs_says_nothing_more(qtbot, db, message_boxes) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    dialog = TransferDialog(AppContext(db), get_member(db, ids["赵敏"]), MoveKind.LEFT_UNIT)
    qtbot.addWidget(dialog)
    type_date(dialog.on, "2026-07-15")
    dialog.save_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted and message_boxes.texts == []
