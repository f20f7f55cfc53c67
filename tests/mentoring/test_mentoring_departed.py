"""A pair whose mentor (or whose member mentee) leaves the roster — 离世, 转出, 出党 — ends on that day
(domain.md §7: a pair is a member helping someone, year by year; one who is no longer a member of the
branch helps no one in its name). It is shown 中止 with the reason, is no 进行中 pair afterwards, the
check stops asking the departed to 开展活动, the figures of a later year do not count it, and 标记离开
says which pairs it ends (trial Y, TY-12: a dead mentor's pairs stayed 进行中 and were asked for
activities)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox

from branchdesk.domain.mentoring.records import PairInput, PairRecord, PairStatus
from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services.errors import RuleViolation
from branchdesk.services.mentoring.checks import check_mentoring
from branchdesk.services.mentoring.figures import year_figures
from branchdesk.services.mentoring.records import get_pair, list_pairs, save_pair, set_status
from branchdesk.services.mentoring.store import PairFilter
from branchdesk.services.roster.records import get_member, mark_left, reinstate
from tests.mentoring.helpers import make_roster, student_pair, teacher_pair

START = date(2026, 9, 1)
END = date(2027, 7, 15)
DIED = date(2026, 11, 8)


@pytest.fixture
def pairs(db) -> tuple[dict[str, int], PairRecord, PairRecord, PairRecord]:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    mentored = teacher_pair(db, ids["张建国"], START, END)
    helped = student_pair(db, ids["张建国"], START, END)
    other = teacher_pair(db, ids["李秀英"], START, END, mentee="周子涵")
    return ids, mentored, helped, other


def test_a_dead_mentors_pairs_end_on_the_day_with_the_reason(db, pairs) -> None:  # type: ignore[no-untyped-def]
    ids, mentored, helped, other = pairs
    mark_left(db, ids["张建国"], MoveKind.DECEASED, DIED)
    for pair_id in (mentored.id, helped.id):
        pair = get_pair(db, pair_id)
        assert pair.status == PairStatus.STOPPED.value and pair.closed_on == DIED
        assert pair.stop_reason == "导师张建国已离世（2026-11-08），结对随之中止；如需继续帮扶，请重新结对"
    assert get_pair(db, other.id).status == PairStatus.ACTIVE.value
    running = list_pairs(db, PairFilter(status=PairStatus.ACTIVE.value))
    assert [p.id for p in running] == [other.id]
    assert {p.id for p in list_pairs(db, PairFilter(status=PairStatus.STOPPED.value))} == {mentored.id, helped.id}
    assert {p.id for p in list_pairs(db, PairFilter(year=2026))} == {mentored.id, helped.id, other.id}  # ran in 2026
    assert [p.id for p in list_pairs(db, PairFilter(year=2027))] == [other.id]
    assert year_figures(db, 2027).rows[-1].pairs == 1 and year_figures(db, 2026).rows[-1].pairs == 3
    with pytest.raises(RuleViolation, match="不能恢复进行中：导师张建国已离世"):  # 恢复进行中: no mentor to run it
        set_status(db, mentored.id, PairStatus.ACTIVE.value)


def test_the_check_no_longer_asks_the_departed_for_activities(db, pairs) -> None:  # type: ignore[no-untyped-def]
    ids, *_ = pairs
    asked = check_mentoring(db, year=2026, as_of=date(2026, 11, 5))  # before: 65 days without activity
    assert sum("张建国" in f.message for f in asked) == 2
    mark_left(db, ids["张建国"], MoveKind.TRANSFER_OUT, DIED, counterpart="示范市第一中学")
    after = check_mentoring(db, year=2026, as_of=date(2026, 11, 20))
    assert not [f for f in after if "张建国" in f.message]
    assert [f for f in after if "李秀英" in f.message]  # the pair still running is still asked
    still = check_mentoring(db, year=2026, as_of=date(2026, 11, 5))  # judged before the day: running then
    assert sum("张建国" in f.message for f in still) == 2


def test_a_member_mentee_who_leaves_ends_the_pair_and_a_return_reopens_it(db, pairs) -> None:  # type: ignore[no-untyped-def]
    ids, mentored, *_ = pairs
    taught = save_pair(db, PairInput(
        kind=mentored.kind, branch=mentored.branch, mentor_id=ids["李秀英"], mentee_name="王芳",
        mentee_category="青年教师", mentee_member_id=ids["王芳"], start_date=START, planned_end=END,
    ), today=date(2026, 11, 20))
    mark_left(db, ids["王芳"], MoveKind.TRANSFER_OUT, DIED, counterpart="示范市第一中学")
    pair = get_pair(db, taught.id)
    assert pair.status == PairStatus.STOPPED.value and pair.closed_on == DIED
    assert pair.stop_reason.startswith("结对对象王芳已转出（2026-11-08）")
    reinstate(db, ids["王芳"], date(2026, 11, 20), "误标记")
    assert get_pair(db, taught.id).status == PairStatus.ACTIVE.value  # nothing was written: the mark undone, it runs


def test_the_pairs_a_leaving_ends_are_named(db, pairs) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.mentoring.records import pairs_ended_by_leaving

    ids, *_ = pairs
    named = pairs_ended_by_leaving(db, ids["张建国"])
    assert sorted(named) == sorted(["张建国—林晓雯（青蓝工程师徒结对）", "张建国—王小明（高一（3）班）（党员帮扶学生）"])
    assert pairs_ended_by_leaving(db, ids["赵敏"]) == []


def test_marking_a_mentor_left_says_which_pairs_end(qtbot, db, pairs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.context import AppContext
    from branchdesk.ui.roster.leave_dialog import LeaveDialog
    from tests.ui_typing import type_date

    told: list[str] = []

    def shown(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        told.append(str(args[2]))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", shown)
    monkeypatch.setattr(QMessageBox, "warning", shown)
    ids, *_ = pairs
    dialog = LeaveDialog(AppContext(db), get_member(db, ids["张建国"]))
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findText("离世"))
    type_date(dialog.when, "2026.11.8")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert len(told) == 1 and "张建国—林晓雯（青蓝工程师徒结对）" in told[0] and "2026-11-08" in told[0]
    assert "重新结对" in told[0]
