"""不计入应到会 with approval (domain.md §3 VOTE-WHO, TD-5): a 退休 branch marked its bedridden members
不计入应到 at every sitting. One standing record per member — from a day (to an optional day), the
reason, the approval — now lists them so on every new sign-in sheet within it, with the reason; the
quorum counts follow the sheet; one sitting may still be marked otherwise."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.meetings.records import AttendanceStatus, check_quorum
from branchdesk.domain.roster.not_expected import NotExpectedReason
from branchdesk.services.errors import ValidationFailed
from branchdesk.services.meetings.records import default_attendees
from branchdesk.services.roster.not_expected import (
    correct_not_expected,
    delete_not_expected,
    list_not_expected,
    record_not_expected,
)
from tests.safety_helpers import add_branch, add_member

BEDRIDDEN = NotExpectedReason.CANNOT_EXPRESS


def _branch(db, members: int = 4) -> tuple[int, list[int]]:  # type: ignore[no-untyped-def]
    branch = add_branch(db, "退休党支部")
    return branch, [add_member(db, branch, i, name=f"退休{i}") for i in range(members)]


def test_a_standing_record_leaves_the_member_out_of_every_sitting_within_it(db) -> None:  # type: ignore[no-untyped-def]
    branch, (old, *others) = _branch(db)
    span = record_not_expected(db, old, date(2026, 3, 1), BEDRIDDEN, date(2026, 2, 20), "党支部委员会",
                               detail="长期卧床")
    for day in (date(2026, 3, 1), date(2026, 6, 15), date(2026, 11, 30)):
        sheet = {a.member_id: a for a in default_attendees(db, branch, day)}
        assert sheet[old].status == AttendanceStatus.NOT_EXPECTED.value
        assert sheet[old].reason == "因病等无法表达本人意志（长期卧床）；2026-02-20 党支部委员会批准"
        assert all(sheet[m].status == AttendanceStatus.PRESENT.value for m in others)
        assert check_quorum(list(sheet.values())).voters_expected == 3  # VOTE-QUORUM counts the sheet
    before = {a.member_id: a for a in default_attendees(db, branch, date(2026, 2, 28))}
    assert before[old].status == AttendanceStatus.PRESENT.value and before[old].reason == ""
    assert list_not_expected(db, old) == [span]


def test_the_span_ends_and_nothing_counts_before_the_approval(db) -> None:  # type: ignore[no-untyped-def]
    branch, (away, _rest, *_) = _branch(db)
    record_not_expected(db, away, date(2026, 1, 1), NotExpectedReason.AWAY, date(2026, 1, 10), "党支部委员会",
                        ends_on=date(2026, 6, 30))
    status = {day: {a.member_id: a.status for a in default_attendees(db, branch, day)}[away]
              for day in (date(2026, 1, 5), date(2026, 1, 10), date(2026, 6, 30), date(2026, 7, 1))}
    assert status == {date(2026, 1, 5): "出席", date(2026, 1, 10): "不计入应到",  # only with approval
                      date(2026, 6, 30): "不计入应到", date(2026, 7, 1): "出席"}


def test_no_standing_record_without_its_approval_and_reason(db) -> None:  # type: ignore[no-untyped-def]
    _, (member, *_) = _branch(db, 1)
    with pytest.raises(ValidationFailed) as refused:
        record_not_expected(db, member, date(2026, 3, 1), "", None, " ")
    fields = {e.field for e in refused.value.errors}
    assert fields == {"原因", "批准日期", "批准人/组织"}
    with pytest.raises(ValidationFailed, match="截止日期不能早于起始日期"):
        record_not_expected(db, member, date(2026, 3, 1), BEDRIDDEN, date(2026, 3, 1), "党支部委员会",
                            ends_on=date(2026, 2, 1))
    assert list_not_expected(db, member) == []


def test_corrected_and_deleted_records_are_read_as_they_are_now(db) -> None:  # type: ignore[no-untyped-def]
    branch, (member, *_) = _branch(db, 2)
    span = record_not_expected(db, member, date(2026, 3, 1), NotExpectedReason.ABROAD, date(2026, 3, 1), "党支部委员会")
    correct_not_expected(db, span.id, date(2026, 3, 1), NotExpectedReason.ABROAD, date(2026, 3, 1), "党支部委员会",
                         ends_on=date(2026, 5, 31))  # he came back
    assert {a.member_id: a.status for a in default_attendees(db, branch, date(2026, 6, 1))}[member] == "出席"
    assert {a.member_id: a.status for a in default_attendees(db, branch, date(2026, 4, 1))}[member] == "不计入应到"
    delete_not_expected(db, span.id)
    assert list_not_expected(db, member) == []
    assert {a.member_id: a.status for a in default_attendees(db, branch, date(2026, 4, 1))}[member] == "出席"


def test_a_second_record_over_the_same_days_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    """Two records over the same days: the one the secretary later ends (he came back) left the other
    still leaving him out of every new sheet (review rev3, R3-4). One record covers a day; a new span
    starts after the last ends, or the earlier one is corrected."""
    branch, (member, *_) = _branch(db, 2)
    first = record_not_expected(db, member, date(2026, 3, 1), BEDRIDDEN, date(2026, 2, 20), "党支部委员会")
    with pytest.raises(ValidationFailed, match="时间重叠") as refused:
        record_not_expected(db, member, date(2026, 4, 1), NotExpectedReason.AWAY, date(2026, 3, 20), "党支部委员会")
    assert {e.field for e in refused.value.errors} == {"起始日期"}
    assert list_not_expected(db, member) == [first]
    ended = correct_not_expected(db, first.id, date(2026, 3, 1), BEDRIDDEN, date(2026, 2, 20), "党支部委员会",
                                 ends_on=date(2026, 3, 31))  # correcting the record itself is no overlap
    later = record_not_expected(db, member, date(2026, 4, 1), NotExpectedReason.AWAY, date(2026, 3, 20), "党支部委员会")
    with pytest.raises(ValidationFailed, match="时间重叠"):
        correct_not_expected(db, ended.id, date(2026, 3, 1), BEDRIDDEN, date(2026, 2, 20), "党支部委员会")  # 长期 again
    assert list_not_expected(db, member) == [ended, later]
    assert {a.member_id: a.reason for a in default_attendees(db, branch, date(2026, 5, 1))}[member].startswith("外出")


def test_a_deleted_record_is_named_in_the_recycle_bin(db) -> None:  # type: ignore[no-untyped-def]
    """回收站 listed a deleted 不计入应到会 record as “#1”: whose, and which, could not be told (rev3 R3-5)."""
    from branchdesk.services.recycle_bin import list_deleted

    _, (member, *_) = _branch(db, 1)
    span = record_not_expected(db, member, date(2026, 3, 1), BEDRIDDEN, date(2026, 2, 20), "党支部委员会",
                               ends_on=date(2026, 8, 31))
    delete_not_expected(db, span.id)
    item = next(i for i in list_deleted(db) if i.table == "member_not_expected")
    assert item.kind == "不计入应到会"
    assert item.label == "退休0：2026-03-01 至 2026-08-31 因病等无法表达本人意志"


def test_a_deleted_record_over_days_another_now_covers_is_not_restored(db) -> None:  # type: ignore[no-untyped-def]
    """回收站 brought back a deleted record over days a record entered since covers: two records over
    one day again (review rev3, R3-4)."""
    from branchdesk.services.errors import RuleViolation
    from branchdesk.services.recycle_bin import restore

    _, (member, *_) = _branch(db, 1)
    wrong = record_not_expected(db, member, date(2026, 3, 1), BEDRIDDEN, date(2026, 2, 20), "党支部委员会")
    delete_not_expected(db, wrong.id)
    right = record_not_expected(db, member, date(2026, 3, 1), BEDRIDDEN, date(2026, 2, 25), "上级党委")
    with pytest.raises(RuleViolation, match="时间重叠"):
        restore(db, "member_not_expected", wrong.id)
    assert list_not_expected(db, member) == [right]
    delete_not_expected(db, right.id)
    restore(db, "member_not_expected", wrong.id)  # nothing over its days now
    assert [s.id for s in list_not_expected(db, member)] == [wrong.id]


def test_a_move_to_another_branch_ends_the_old_branchs_approval(db) -> None:  # type: ignore[no-untyped-def]
    """Review rev3 R3-10: the approval is the approving branch's (VOTE-WHO). After a 支部调整 the old branch
    committee's record kept him 不计入应到 on the new branch's sheets; it ends at the move, the new branch
    approves anew (from the move's day on: no overlap with the ended record)."""
    from branchdesk.services.roster.membership import move_branch

    old_branch, (moved, *_) = _branch(db)
    new_branch = add_branch(db, "第二党支部")
    for i in range(3):
        add_member(db, new_branch, 10 + i, name=f"在职{i}")
    record_not_expected(db, moved, date(2026, 3, 1), BEDRIDDEN, date(2026, 2, 20), "党支部委员会")
    move_branch(db, moved, new_branch, date(2026, 6, 1))
    before = {a.member_id: a for a in default_attendees(db, old_branch, date(2026, 5, 31))}
    assert before[moved].status == AttendanceStatus.NOT_EXPECTED.value  # the old branch's sittings: as approved
    after = {a.member_id: a for a in default_attendees(db, new_branch, date(2026, 6, 10))}
    assert after[moved].status == AttendanceStatus.PRESENT.value and after[moved].reason == ""
    [span] = list_not_expected(db, moved)
    assert span.ends_on == date(2026, 5, 31) and span.moved_on == date(2026, 6, 1)
    assert "2026-06-01 支部调整" in span.line
    record_not_expected(db, moved, date(2026, 6, 1), BEDRIDDEN, date(2026, 6, 5), "第二党支部委员会")
    again = {a.member_id: a for a in default_attendees(db, new_branch, date(2026, 6, 10))}
    assert again[moved].reason.endswith("2026-06-05 第二党支部委员会批准")
