"""The corrected-date rule every ledger import follows (domain.ledger_dates), on plain data, with what
an area adds: a kept record the area says cannot be the row (a pair that ended before the row's start)
is neither moved nor named."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.ledger_dates import Dated, Why, pair_corrected_dates

PAIR = ("青蓝工程师徒结对", 1, "林晓雯")


def test_what_the_area_says_cannot_be_the_row_is_left_out() -> None:
    rows = [Dated(4, 10, PAIR, date(2025, 9, 3)), Dated(5, 10, ("党员帮扶学生", 2, "王小明"), date(2024, 3, 1))]
    renewed = Dated(1, 10, PAIR, date(2025, 9, 1), imported=True)
    earlier = Dated(2, 10, PAIR, date(2024, 9, 1), imported=True)  # ended 2025-07-01
    ends = {1: date(2026, 7, 15), 2: date(2025, 7, 1)}

    def ended_before(row: Dated, kept: Dated) -> bool:
        return ends[kept.ref] <= row.day

    assert pair_corrected_dates(rows, [renewed, earlier], ended_before).moves == {4: renewed}
    unsure = pair_corrected_dates(rows, [renewed, earlier])  # without the area's word: two candidates
    assert unsure.moves == {} and {m.why for m in unsure.maybe[4]} == {Why.KEPT}


def test_a_record_named_by_nothing_is_never_paired() -> None:
    assert pair_corrected_dates([Dated(4, 1, None, date(2026, 3, 15))],
                                [Dated(1, 1, None, date(2026, 3, 5), imported=True)]).moves == {}
