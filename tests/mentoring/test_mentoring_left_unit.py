"""A pair whose 导师 (or whose member 结对对象) left the school — 离开本单位, the 组织关系 still here —
ends on the day he left, read as a departure from the roster is (NOTE11, TY-12; domain.md §7: a
pair is a member of the school helping someone there). The list shows it 中止 with the reason, the
check stops asking him to 开展活动, the figures of a later year do not count it, and a new pair for
the same 徒弟 is the one 进行中 pair (trial K, TK-7: 何伟 left on 07-15, his pair stayed 进行中, the
check asked him for activities and the volume counted two running pairs for 刘洋)."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.mentoring.log import ActivityInput
from branchdesk.domain.mentoring.records import PairInput, PairStatus
from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services.mentoring.checks import check_mentoring
from branchdesk.services.mentoring.figures import year_figures
from branchdesk.services.mentoring.log import save_activity
from branchdesk.services.mentoring.records import get_pair, list_pairs, save_pair
from branchdesk.services.mentoring.store import PairFilter
from branchdesk.services.roster.member_events import delete_unit_move, list_unit_moves
from branchdesk.services.roster.membership import mark_left_unit
from tests.mentoring.helpers import make_roster, teacher_pair

START = date(2026, 2, 24)
LEFT = date(2026, 7, 15)
NEW = date(2026, 9, 1)
TODAY = date(2026, 12, 5)


def test_a_mentor_who_left_the_school_ends_his_pair_that_day(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    old = teacher_pair(db, ids["张建国"], START, mentee="刘洋", today=TODAY)
    mark_left_unit(db, ids["张建国"], LEFT, "县实验中学")
    pair = get_pair(db, old.id)
    assert pair.status == PairStatus.STOPPED.value and pair.closed_on == LEFT
    assert pair.stop_reason == "导师张建国已离开本单位（2026-07-15），结对随之中止；如需继续帮扶，请重新结对"
    new = teacher_pair(db, ids["李秀英"], NEW, mentee="刘洋", today=TODAY)
    running = list_pairs(db, PairFilter(status=PairStatus.ACTIVE.value))
    assert [p.id for p in running] == [new.id]  # one 进行中 pair for 刘洋, not two
    assert {p.id for p in list_pairs(db, PairFilter(year=2026))} == {old.id, new.id}  # both ran in 2026
    assert year_figures(db, 2026).rows[-1].pairs == 2
    assert year_figures(db, 2027).rows[-1].pairs == 1  # the ended pair is no 2027 pair


def test_the_check_asks_no_one_who_left_the_school_for_activities(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    old = teacher_pair(db, ids["张建国"], START, mentee="刘洋", today=TODAY)
    save_activity(db, old.id, ActivityInput(date(2026, 3, 20), "听课", 1.5, note="听课评课"), today=TODAY)
    mark_left_unit(db, ids["张建国"], LEFT, "县实验中学")
    asked = check_mentoring(db, year=2026, as_of=TODAY)
    assert not [f for f in asked if "张建国" in f.message]
    before = check_mentoring(db, year=2026, as_of=date(2026, 7, 10))  # judged before he left: running then
    assert [f for f in before if "张建国" in f.message]


def test_a_member_mentee_who_left_the_school_ends_the_pair_and_undoing_it_reopens(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    taught = save_pair(db, PairInput(
        kind="青蓝工程师徒结对", branch="高一年级党支部", mentor_id=ids["李秀英"], mentee_name="王芳",
        mentee_category="青年教师", mentee_member_id=ids["王芳"], start_date=START,
    ), today=TODAY)
    mark_left_unit(db, ids["王芳"], LEFT, "县实验小学")
    pair = get_pair(db, taught.id)
    assert pair.status == PairStatus.STOPPED.value and pair.closed_on == LEFT
    assert pair.stop_reason.startswith("结对对象王芳已离开本单位（2026-07-15）")
    moves = list_unit_moves(db, ids["王芳"], frozenset({MoveKind.LEFT_UNIT.value}))
    delete_unit_move(db, moves[0].id)  # entered by mistake: nothing was written, the pair runs again
    assert get_pair(db, taught.id).status == PairStatus.ACTIVE.value
