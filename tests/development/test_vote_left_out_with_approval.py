"""应到 against the roster (VOTE-WHO, TD-5): a 支部大会 resolution counting fewer voters than the branch's
正式党员 asked for the people left out to be named in the step's 备注 — even when each of them was left out
of 应到会 with the approval recorded on the member page. The check now reads those records: fewer by
them alone is accepted; fewer than that is still named, with how many were approved."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.development.check import RosterIndex, Standing, check_case
from branchdesk.domain.development.records import DevelopmentCase, StepRecord

D = date
BRANCH = 7
MEETING = D(2026, 6, 1)
APPROVED = ((D(2026, 1, 1), None, D(2025, 12, 20)),)  # 长期卧床, approved by the 支委会 before


def _roster(left_out: tuple[tuple[date, date | None, date], ...]) -> RosterIndex:
    return RosterIndex([
        *(Standing(i, f"党员{i}", "正式党员", D(2000, 7, 1), D(2001, 7, 1), None, BRANCH) for i in range(1, 10)),
        Standing(10, "卧床", "正式党员", D(1970, 7, 1), D(1971, 7, 1), None, BRANCH, left_out=left_out),
    ])


def _warned(expected: int, roster: RosterIndex) -> list[str]:
    meeting = StepRecord(15, MEETING, voters_expected=expected, voters_present=8, votes_for=8)
    case = DevelopmentCase(1, "测试人", "女", "X", D(1990, 1, 1), "某党支部", BRANCH,
                           steps={1: StepRecord(1, D(2022, 1, 1)), 15: meeting, 17: StepRecord(17, D(2026, 6, 20))})
    return [f.message for f in check_case(case, roster, D(2026, 7, 1))
            if f.rule == "VOTE-QUORUM-PASS-15" and "须经上级党组织同意" in f.message]


def test_a_member_left_out_with_approval_needs_no_note() -> None:
    assert _warned(9, _roster(APPROVED)) == []
    assert len(_warned(9, _roster(()))) == 1  # nobody approved: still asked for


def test_fewer_than_the_approvals_explain_is_still_named() -> None:
    [message] = _warned(8, _roster(APPROVED))
    assert "经批准不计入应到会的 1 人已登记" in message


def test_an_approval_given_after_the_meeting_does_not_count() -> None:
    late = ((D(2026, 1, 1), None, D(2026, 6, 2)),)
    assert len(_warned(9, _roster(late))) == 1


def test_the_check_reads_the_record_from_the_member_page(db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.roster.not_expected import NotExpectedReason
    from branchdesk.services.development.store import load_roster_index
    from branchdesk.services.roster.not_expected import record_not_expected
    from tests.safety_helpers import add_branch, add_member

    member = add_member(db, add_branch(db), 1)
    record_not_expected(db, member, D(2026, 1, 1), NotExpectedReason.CANNOT_EXPRESS, D(2025, 12, 20), "党支部委员会")
    with db.session() as session:
        standing = load_roster_index(session).by_id[member]
    assert standing.left_out == APPROVED and standing.left_out_on(MEETING)
