"""Review 13-5, R5-3: a 导师 who left the school (离开本单位) and came back. The app read each member's
latest 离开本单位 for every pair, so a pair still running from before his first leave ran on to the
second (counted in a year he was away), and a pair begun after his return read 中止 on a day before its
own 开始日期. Each pair now reads the first 离开本单位 on or after its 开始日期 (domain.md §7)."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.mentoring.records import PairStatus
from branchdesk.services.mentoring.checks import check_mentoring
from branchdesk.services.mentoring.figures import year_figures
from branchdesk.services.mentoring.records import get_pair, list_pairs
from branchdesk.services.mentoring.store import PairFilter
from branchdesk.services.roster.membership import mark_left_unit
from tests.mentoring.helpers import make_roster, teacher_pair

TODAY = date(2026, 12, 5)


def test_a_pair_ends_on_the_first_leave_after_its_start_not_the_latest(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    old = teacher_pair(db, ids["张建国"], date(2024, 9, 1), mentee="刘洋", today=TODAY)
    mark_left_unit(db, ids["张建国"], date(2025, 7, 15), "县实验中学")  # 借调 a year, then back
    mark_left_unit(db, ids["张建国"], date(2026, 7, 15), "县实验小学")  # left again
    pair = get_pair(db, old.id)
    assert pair.status == PairStatus.STOPPED.value and pair.closed_on == date(2025, 7, 15)
    assert pair.stop_reason.startswith("导师张建国已离开本单位（2025-07-15）")
    assert old.id not in {p.id for p in list_pairs(db, PairFilter(year=2026))}
    assert year_figures(db, 2026).rows == [] or year_figures(db, 2026).rows[-1].pairs == 0
    assert not [f for f in check_mentoring(db, year=2026, as_of=date(2026, 3, 1)) if "张建国" in f.message]


def test_a_pair_begun_after_his_return_does_not_end_on_the_old_leave(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    # a pair entered before the leave was (the refusal of a pair begun after a leave came later, 88da6b7)
    new = teacher_pair(db, ids["张建国"], date(2026, 2, 24), mentee="刘洋", today=TODAY)
    mark_left_unit(db, ids["张建国"], date(2025, 7, 15), "县实验中学")
    pair = get_pair(db, new.id)
    assert pair.status == PairStatus.ACTIVE.value and pair.closed_on is None  # not 中止 before its start
    assert year_figures(db, 2026).rows[-1].pairs == 1
    assert [p.id for p in list_pairs(db, PairFilter(status=PairStatus.ACTIVE.value))] == [new.id]
    mark_left_unit(db, ids["张建国"], date(2026, 10, 8), "县实验小学")  # gone again: that ends it
    pair = get_pair(db, new.id)
    assert pair.status == PairStatus.STOPPED.value and pair.closed_on == date(2026, 10, 8)
