"""Correcting a 组织关系转入, 离开本单位 or 党纪处分 in place: the record keeps its identity (the recycle bin
holds nothing, the history names the fields that changed), the corrected values meet the rules a new
record meets, a 转出 is not corrected here, and the history chain still verifies. The commonest case
comes first: the day a 留党察看 ended is added a year or two after the decision."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from branchdesk.domain.vocabulary import DisciplineKind, MoveKind
from branchdesk.services import recycle_bin
from branchdesk.services.dues.records import record_transfer_in
from branchdesk.services.errors import NotFound, RuleViolation, ValidationFailed
from branchdesk.services.history import verify_history
from branchdesk.services.roster.member_events import (
    correct_discipline,
    correct_unit_move,
    delete_discipline,
    list_unit_moves,
)
from branchdesk.services.roster.member_history import member_history
from branchdesk.services.roster.membership import list_discipline, mark_left_unit, record_discipline
from branchdesk.services.roster.records import list_moves, mark_left
from tests.meetings.helpers import make_branch

UNIT = frozenset({MoveKind.TRANSFER_IN.value, MoveKind.LEFT_UNIT.value, MoveKind.TRANSFER_OUT.value})
DECIDED = date(2025, 3, 10)


@pytest.fixture
def branch(db):  # type: ignore[no-untyped-def]
    return make_branch(db)


def _changes(db, member_id: int) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    return [(e.action, e.field, e.old, e.new) for e in member_history(db, member_id)]


def test_the_end_of_a_probation_is_added_later(db, branch) -> None:  # type: ignore[no-untyped-def]
    sun = branch.members["孙三"]
    record = record_discipline(db, sun, DisciplineKind.PROBATION, DECIDED, reason="县教育局党委 X教党〔2025〕3号")
    ended = date(2026, 3, 10)
    corrected = correct_discipline(db, record.id, DisciplineKind.PROBATION, DECIDED, ended, record.reason)
    assert corrected.id == record.id and corrected.ends_on == ended
    assert list_discipline(db, sun) == [corrected]
    assert recycle_bin.list_deleted(db) == []  # corrected in place, not deleted and entered again
    changes = _changes(db, sun)
    named = "党纪处分（2025-03-10 留党察看，2026-03-10 期满（县教育局党委 X教党〔2025〕3号））"  # which record
    assert ("修改", f"{named}·期满日期", "", "2026-03-10") in changes
    assert ("新增", "党纪处分", "", "2025-03-10 留党察看（县教育局党委 X教党〔2025〕3号）") in changes  # as entered
    checked, problems = verify_history(db)
    assert checked > 0 and problems == []


@pytest.mark.parametrize(("kind", "decided", "ends", "refused"), [
    (DisciplineKind.PROBATION, DECIDED, date(2027, 3, 11), "留党察看最长不超过二年"),
    (DisciplineKind.PROBATION, DECIDED, DECIDED, "期满）日期应晚于处分日期"),
    (DisciplineKind.WARNING, date.today() + timedelta(days=1), None, "处分日期不能晚于今天"),
    (DisciplineKind.WARNING, date(2005, 6, 30), None, "处分日期不能早于入党日期"),
])
def test_a_corrected_discipline_meets_a_new_records_rules(db, branch, kind, decided, ends, refused) -> None:  # type: ignore[no-untyped-def]
    sun = branch.members["孙三"]
    record = record_discipline(db, sun, DisciplineKind.PROBATION, DECIDED)
    with pytest.raises(RuleViolation, match=refused):
        correct_discipline(db, record.id, kind, decided, ends, "")
    assert list_discipline(db, sun) == [record]  # nothing half-saved


def test_the_kind_and_reason_of_a_discipline_are_corrected(db, branch) -> None:  # type: ignore[no-untyped-def]
    sun = branch.members["孙三"]
    record = record_discipline(db, sun, DisciplineKind.WARNING, DECIDED)
    correct_discipline(db, record.id, DisciplineKind.SERIOUS_WARNING, DECIDED, None, "  县教育局党委  ")
    [now] = list_discipline(db, sun)
    assert (now.kind, now.reason) == ("严重警告", "县教育局党委")


def test_a_deleted_discipline_is_not_corrected(db, branch) -> None:  # type: ignore[no-untyped-def]
    record = record_discipline(db, branch.members["孙三"], DisciplineKind.WARNING, DECIDED)
    delete_discipline(db, record.id)
    with pytest.raises(NotFound):
        correct_discipline(db, record.id, DisciplineKind.WARNING, DECIDED, None, "")


def test_a_transfer_in_and_leaving_are_corrected_in_place(db, branch) -> None:  # type: ignore[no-untyped-def]
    qian = branch.members["钱二"]
    record_transfer_in(db, qian, date(2026, 3, 5), "示范市第一中学党支部")
    mark_left_unit(db, qian, date(2026, 7, 10), "县实验小学")
    came, left = list_unit_moves(db, qian, UNIT)
    correct_unit_move(db, came.id, date(2026, 3, 1), " 示范市第二中学党支部 ", "介绍信日期")
    correct_unit_move(db, left.id, date(2026, 7, 1), "县实验小学", "")
    assert list_moves(db, qian) == [(MoveKind.TRANSFER_IN.value, date(2026, 3, 1), "示范市第二中学党支部", "介绍信日期"),
                                    (MoveKind.LEFT_UNIT.value, date(2026, 7, 1), "县实验小学", "")]
    assert [m.id for m in list_unit_moves(db, qian, UNIT)] == [came.id, left.id]
    assert recycle_bin.list_deleted(db) == []
    changes = _changes(db, qian)
    came_now = "转入（2026-03-01，转自：示范市第二中学党支部（介绍信日期））"
    assert ("修改", f"{came_now}·转入日期", "2026-03-05", "2026-03-01") in changes  # the form's words
    assert ("修改", f"{came_now}·转自", "示范市第一中学党支部", "示范市第二中学党支部") in changes
    assert ("新增", "转入", "", "2026-03-05，转自：示范市第一中学党支部") in changes  # as entered, not as corrected
    assert ("修改", "离开本单位（2026-07-01，去向：县实验小学）·离开日期", "2026-07-10", "2026-07-01") in changes
    checked, problems = verify_history(db)
    assert checked > 0 and problems == []


@pytest.mark.parametrize(("day", "refused"), [
    (date.today() + timedelta(days=1), "转入日期不能晚于今天"),
    (date(2005, 6, 30), "转入日期不能早于入党日期"),
])
def test_a_corrected_transfer_in_meets_a_new_records_rules(db, branch, day, refused) -> None:  # type: ignore[no-untyped-def]
    qian = branch.members["钱二"]
    record_transfer_in(db, qian, date(2026, 3, 5), "示范市第一中学党支部")
    [came] = list_unit_moves(db, qian, UNIT)
    with pytest.raises(RuleViolation, match=refused):
        correct_unit_move(db, came.id, day, "示范市第一中学党支部", "")
    assert list_moves(db, qian)[0][1] == date(2026, 3, 5)


def test_a_leaving_is_corrected_after_the_transfer_out(db, branch) -> None:  # type: ignore[no-untyped-def]
    """The member has left the roster since; the 离开本单位 before it is still their history to correct.
    The 转出 itself is not corrected here (it changed the member's status)."""
    qian = branch.members["钱二"]
    mark_left_unit(db, qian, date(2026, 7, 10), "县实验小学")
    mark_left(db, qian, MoveKind.TRANSFER_OUT, date(2026, 9, 1), "县实验小学党支部")
    left, out = list_unit_moves(db, qian, UNIT)
    correct_unit_move(db, left.id, date(2026, 7, 8), "县实验小学", "")
    assert list_moves(db, qian)[0][1] == date(2026, 7, 8)
    with pytest.raises(RuleViolation, match="“转出”记录不能在这里修改"):
        correct_unit_move(db, out.id, date(2026, 9, 2), "", "")


def test_a_corrected_record_stays_before_the_day_the_member_left(db, branch) -> None:  # type: ignore[no-untyped-def]
    """After a 转出 the member's earlier records are still theirs to correct, but nothing of theirs can be
    dated after it: what happened later is for the organisation that has them now."""
    qian = branch.members["钱二"]
    record_transfer_in(db, qian, date(2026, 3, 5), "示范市第一中学党支部")
    mark_left_unit(db, qian, date(2026, 7, 10), "县实验小学")
    mark_left(db, qian, MoveKind.TRANSFER_OUT, date(2026, 9, 1), "县实验小学党支部")
    came, left, _ = list_unit_moves(db, qian, UNIT)
    with pytest.raises(RuleViolation, match="离开日期不能晚于钱二转出的日期 2026-09-01"):
        correct_unit_move(db, left.id, date(2026, 9, 2), "县实验小学", "")
    with pytest.raises(RuleViolation, match="转入日期不能晚于钱二转出的日期 2026-09-01"):
        correct_unit_move(db, came.id, date(2026, 10, 15), "示范市第一中学党支部", "")
    correct_unit_move(db, left.id, date(2026, 9, 1), "县实验小学", "")  # the same day is still theirs
    with pytest.raises(RuleViolation, match="处分日期不能晚于钱二转出的日期"):
        record_discipline(db, qian, DisciplineKind.WARNING, date(2026, 10, 1))


def test_a_transfer_in_names_where_it_came_from(db, branch) -> None:  # type: ignore[no-untyped-def]
    qian = branch.members["钱二"]
    with pytest.raises(ValidationFailed) as refused:
        record_transfer_in(db, qian, date(2026, 3, 5), "  ")
    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("转自", "请写明组织关系从哪个党组织转来（介绍信上的党组织）")]
    record_transfer_in(db, qian, date(2026, 3, 5), "示范市第一中学党支部")
    [came] = list_unit_moves(db, qian, UNIT)
    with pytest.raises(ValidationFailed):
        correct_unit_move(db, came.id, date(2026, 3, 5), "", "")
    mark_left_unit(db, qian, date(2026, 7, 10))  # where the member went may be unknown
    _, left = list_unit_moves(db, qian, UNIT)
    correct_unit_move(db, left.id, date(2026, 7, 9), "", "")
    assert [m.counterpart for m in list_unit_moves(db, qian, UNIT)] == ["示范市第一中学党支部", ""]


@pytest.mark.parametrize(("decided", "last_day"), [(DECIDED, date(2027, 3, 10)), (date(2024, 2, 29), date(2026, 2, 28))])
def test_a_probation_may_end_on_its_last_possible_day(db, branch, decided, last_day) -> None:  # type: ignore[no-untyped-def]
    sun = branch.members["孙三"]
    record = record_discipline(db, sun, DisciplineKind.PROBATION, decided)
    with pytest.raises(RuleViolation, match="留党察看最长不超过二年"):
        correct_discipline(db, record.id, DisciplineKind.PROBATION, decided, last_day + timedelta(days=1), "")
    assert correct_discipline(db, record.id, DisciplineKind.PROBATION, decided, last_day, "").ends_on == last_day


def test_an_expulsion_has_no_end(db, branch) -> None:  # type: ignore[no-untyped-def]
    sun = branch.members["孙三"]
    with pytest.raises(RuleViolation, match="开除党籍没有期满日期"):
        record_discipline(db, sun, DisciplineKind.EXPULSION, DECIDED, date(2026, 1, 1))
    record = record_discipline(db, sun, DisciplineKind.WARNING, DECIDED, date(2026, 1, 1))
    with pytest.raises(RuleViolation, match="开除党籍没有期满日期"):
        correct_discipline(db, record.id, DisciplineKind.EXPULSION, DECIDED, date(2026, 1, 1), "")
    assert correct_discipline(db, record.id, DisciplineKind.EXPULSION, DECIDED, None, "").kind == "开除党籍"
