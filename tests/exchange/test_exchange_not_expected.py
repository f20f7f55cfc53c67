"""不计入应到会 with approval (VOTE-WHO, TD-5) in the 数据包: a member's standing record belongs where the
member does, as a 党纪处分 does — entered at the branch's PC it goes up in the 上报, entered at the
committee it comes down to the branch — so both PCs list the member alike on new sign-in sheets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.domain.roster.not_expected import NotExpectedReason
from branchdesk.services.meetings.records import default_attendees
from branchdesk.services.roster.not_expected import list_not_expected, record_not_expected
from tests.exchange.exchange_helpers import member, org_id, send


def test_a_standing_record_travels_both_ways(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    record_not_expected(branch, member(branch, "第一党员1").id, date(2025, 9, 1), NotExpectedReason.CANNOT_EXPRESS,
                        date(2025, 8, 25), "党支部委员会", detail="长期卧床")
    assert send(branch, committee, tmp_path).ok
    [span] = list_not_expected(committee, member(committee, "第一党员1").id)
    assert (span.reason, span.detail, span.approved_by) == ("因病等无法表达本人意志", "长期卧床", "党支部委员会")
    sheet = {a.name: a.status for a in default_attendees(committee, org_id(committee, "第一党支部"), date(2025, 10, 1))}
    assert sheet["第一党员1"] == "不计入应到"
    record_not_expected(committee, member(committee, "第一党员2").id, date(2025, 9, 1), NotExpectedReason.ABROAD,
                        date(2025, 9, 1), "上级党委")
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    assert [s.reason for s in list_not_expected(branch, member(branch, "第一党员2").id)] == ["长期出国（境）"]
