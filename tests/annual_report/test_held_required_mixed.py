"""支部委员会（已开/应开） of a school where one branch must hold 支委会 and another need not (under 7 正式党员,
domain.md §2): the pair counts the sittings of the branches the rule applies to only, and says the others'
sittings apart — "12/12期（15次）" counted the other branch's 3 among sittings of the 12 periods (review 13-4, F6)."""

from __future__ import annotations

from branchdesk.domain.annual_report.meetings_section import KindRow, MeetingsSection


def _row(branch: str, held: int, required: int, periods: int, met: int) -> KindRow:
    months = [0] * 12
    months[0] = held
    return KindRow(branch, "支部委员会", months, held, required, periods, met, 0, periods - met, 0, 0)


def test_the_sittings_of_a_branch_not_required_are_said_apart() -> None:
    section = MeetingsSection(kinds=["支部委员会"], rows=[_row("第一党支部", 12, 12, 12, 12), _row("第二党支部", 3, 0, 0, 0)])
    assert section.held_required("支部委员会") == "12/12期"
    assert section.held_unrequired("支部委员会") == 3
    assert section.held_required("支部委员会", "第一党支部") == "12/12期"
    assert section.held_required("支部委员会", "第二党支部") == "3/不适用"


def test_a_required_branchs_own_extra_sittings_are_still_counted() -> None:
    section = MeetingsSection(kinds=["支部委员会"], rows=[_row("第一党支部", 14, 12, 12, 11), _row("第二党支部", 2, 0, 0, 0)])
    assert section.held_required("支部委员会") == "11/12期（14次）"
    assert section.held_unrequired("支部委员会") == 2


def test_without_such_a_branch_nothing_is_said_apart() -> None:
    section = MeetingsSection(kinds=["支部委员会"], rows=[_row("第一党支部", 13, 12, 12, 12), _row("第二党支部", 0, 0, 0, 0)])
    assert section.held_required("支部委员会") == "12/12期（13次）"
    assert section.held_unrequired("支部委员会") == 0
