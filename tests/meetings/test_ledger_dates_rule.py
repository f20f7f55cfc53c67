"""The rule that tells a date corrected in a 三会一课台账 (domain.meetings.ledger_dates), on plain data:
what is moved, what is only named as maybe the same, and what the ledger says nothing about."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.meetings.ledger_dates import Sitting, Why, pair_corrected_dates

COMMITTEE = ("支部委员会",)


def _row(ref: int, day: date, topic: str = "研究工作", kinds: tuple[str, ...] = COMMITTEE, group: int | None = None,
         branch: int = 1) -> Sitting:
    return Sitting(ref, branch, group, kinds, topic, day)


def _kept(ref: int, day: date, topic: str = "研究工作", *, imported: bool = True, kinds: tuple[str, ...] = COMMITTEE,
          group: int | None = None, branch: int = 1) -> Sitting:
    return Sitting(ref, branch, group, kinds, topic, day, imported)


def test_one_kept_meeting_the_ledger_dates_otherwise_is_moved() -> None:
    rows = [_row(5, date(2026, 3, 15)), _row(6, date(2026, 4, 2), "学习")]
    kept = [_kept(1, date(2026, 3, 5)), _kept(2, date(2026, 4, 2), "学习")]
    pairing = pair_corrected_dates(rows, kept)
    assert pairing.moves == {5: kept[0]} and pairing.maybe == {}


def test_what_the_ledger_does_not_cover_or_does_not_name_alike_is_left_alone() -> None:
    april = [_row(5, date(2026, 4, 10)), _row(6, date(2026, 4, 30), "学习")]
    march = _kept(1, date(2026, 3, 28))  # before the months this ledger covers: a topic that recurs
    assert pair_corrected_dates(april, [march]).moves == {}
    other_branch = _kept(2, date(2026, 4, 3), branch=2)
    other_group = _kept(3, date(2026, 4, 3), group=7)
    other_kinds = _kept(4, date(2026, 4, 3), kinds=("支部党员大会",))
    assert pair_corrected_dates(april, [other_branch, other_group, other_kinds]) == pair_corrected_dates(april, [])
    blank = pair_corrected_dates([_row(5, date(2026, 4, 10), "")], [_kept(1, date(2026, 4, 3), "")])
    assert (blank.moves, blank.maybe) == ({}, {})


def test_what_could_be_either_is_named_not_moved() -> None:
    entered = _kept(1, date(2026, 3, 5), imported=False)
    pairing = pair_corrected_dates([_row(5, date(2026, 3, 15))], [entered])
    assert pairing.moves == {} and [(m.meeting.ref, m.why) for m in pairing.maybe[5]] == [(1, Why.ENTERED)]
    two_rows = pair_corrected_dates([_row(5, date(2026, 3, 15)), _row(6, date(2026, 3, 1))],
                                    [_kept(1, date(2026, 3, 1)), _kept(2, date(2026, 3, 5))])
    assert two_rows.moves == {} and [(m.meeting.ref, m.why) for m in two_rows.maybe[5]] == [(2, Why.ROWS)]
    two_kept = pair_corrected_dates([_row(5, date(2026, 3, 15)), _row(6, date(2026, 3, 31), "其他")],
                                    [_kept(1, date(2026, 3, 5)), _kept(2, date(2026, 3, 20))])
    assert two_kept.moves == {} and [m.meeting.ref for m in two_kept.maybe[5]] == [1, 2]
    assert {m.why for m in two_kept.maybe[5]} == {Why.KEPT}


def test_one_kept_meeting_just_outside_the_ledgers_months_is_named_not_moved() -> None:
    january = [_row(5, date(2026, 1, 15))]  # a one-row ledger: December lies outside it
    december = _kept(1, date(2025, 12, 15))

    def alike(row: Sitting, meeting: Sitting) -> bool:  # the service compares their 会议内容
        return meeting.ref != 9

    pairing = pair_corrected_dates(january, [december], alike)
    assert pairing.moves == {} and [(m.meeting.ref, m.why) for m in pairing.maybe[5]] == [(1, Why.OUTSIDE)]
    assert pair_corrected_dates(january, [_kept(9, date(2025, 12, 15))], alike).maybe == {}  # another content
    a_year_before = _kept(2, date(2025, 1, 14))  # a topic that recurs each year, not a corrected date
    assert pair_corrected_dates(january, [a_year_before], alike).maybe == {}
    two = pair_corrected_dates(january, [december, _kept(3, date(2025, 11, 20))], alike)  # a recurring topic
    assert two.maybe == {}
    inside = pair_corrected_dates([_row(5, date(2026, 1, 15)), _row(6, date(2026, 1, 31), "其他")],
                                  [december, _kept(4, date(2026, 1, 5))], alike)
    assert inside.moves == {5: _kept(4, date(2026, 1, 5))} and inside.maybe == {}  # the one in the months is meant
