"""A 上缴 hands up what members paid for its months, not the year's collection (trial K, TK-2): the amount a
上缴 of some months can hold is what was collected for those months (by its 上缴日期) and not yet handed
up; a larger one is saved only when the user confirms it (DUES-TIMING, domain.md §5: no advancing dues)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from branchdesk.domain.dues.branch import HandUpInput
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.services.dues.records import (
    BeyondCollected,
    hand_up_room,
    list_hand_ups,
    record_payments,
    save_hand_up,
)
from tests.dues.dues_fixtures import make_dues_branch

Y = 2025
TODAY = date(Y, 12, 5)
MONTHLY = {"王书记": 93, "李组织": 48, "张宣传": 15}  # 156 a month


@pytest.fixture
def school(db):  # type: ignore[no-untyped-def]
    branch = make_dues_branch(db)
    # each month paid on the 10th of that month, January to November (as 孙老师 entered them)
    record_payments(db, [PaymentInput(branch.members[n], [Month(Y, k)], str(a), date(Y, k, 10), "现金", "李组织")
                         for k in range(1, 12) for n, a in MONTHLY.items()], today=TODAY)
    return branch


def test_the_room_follows_the_months_and_the_day(db, school) -> None:  # type: ignore[no-untyped-def]
    assert hand_up_room(db, school.id, Month(Y, 1), Month(Y, 3), today=TODAY) == D("468.00")
    assert hand_up_room(db, school.id, Month(Y, 1), Month(Y, 11), today=TODAY) == D("1716.00")
    # handed up on 2月20日: March was not collected yet
    assert hand_up_room(db, school.id, Month(Y, 1), Month(Y, 3), handed_on=date(Y, 2, 20), today=TODAY) == D("312.00")
    save_hand_up(db, HandUpInput(school.id, date(Y, 4, 8), "468", Month(Y, 1), Month(Y, 3), "李组织"), today=TODAY)
    assert hand_up_room(db, school.id, Month(Y, 1), Month(Y, 3), today=TODAY) == D("0.00")
    assert hand_up_room(db, school.id, Month(Y, 1), Month(Y, 6), today=TODAY) == D("468.00")
    [first] = list_hand_ups(db, year=Y)
    # correcting that 上缴: its own amount is not counted as handed up
    assert hand_up_room(db, school.id, Month(Y, 1), Month(Y, 3), record_id=first.record.id, today=TODAY) == D("468.00")


def test_a_hand_up_larger_than_its_months_collection_asks_first(db, school) -> None:  # type: ignore[no-untyped-def]
    """TK-2: the whole year's 1,716.00 handed up for 1–3月 on 4月8日 was saved without a word."""
    data = HandUpInput(school.id, date(Y, 4, 8), "1716", Month(Y, 1), Month(Y, 3), "李组织")
    with pytest.raises(BeyondCollected, match="多于2025年1月至3月已收缴、尚未上缴的 468.00 元") as raised:
        save_hand_up(db, data, today=TODAY)
    assert raised.value.room == D("468.00") and list_hand_ups(db, year=Y) == []
    saved = save_hand_up(db, data, today=TODAY, beyond_collected=True)  # the user confirmed it
    assert saved.record.amount == D("1716.00")
    # the next quarter's 上缴 now finds April–June collected and not handed up
    assert hand_up_room(db, school.id, Month(Y, 4), Month(Y, 6), handed_on=date(Y, 7, 6), today=TODAY) == D("468.00")
    save_hand_up(db, HandUpInput(school.id, date(Y, 7, 6), "468", Month(Y, 4), Month(Y, 6), "李组织"), today=TODAY)
    assert len(list_hand_ups(db, year=Y)) == 2
