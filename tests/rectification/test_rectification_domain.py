"""Rectification rules (domain.md §6): transitions, 销号 conditions, reopening, ratios, overdue, review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from branchdesk.domain.dates import DateParseError
from branchdesk.domain.rectification.figures import (
    compute_figures,
    figures_by,
    is_closed_late,
    is_overdue,
    monthly_review,
    percent,
)
from branchdesk.domain.rectification.status import (
    MeasureStatus,
    TransitionError,
    check_transition,
    parse_deadline,
    parse_status,
    validate_close_off,
    validate_reopen,
)


@dataclass
class M:
    status: str
    deadline: date | None = None
    completion_date: date | None = None
    closed_date: date | None = None
    category: str = "甲"


def test_forward_transitions_allowed() -> None:
    check_transition("未开始", "整改中")
    check_transition("整改中", "已完成")
    check_transition("未开始", "已完成")


@pytest.mark.parametrize(("current", "target", "words"), [
    ("整改中", "已销号", "销号日期"),
    ("已完成", "已销号", "佐证材料"),
    ("已销号", "整改中", "重新打开"),
    ("已完成", "未开始", "重新打开"),
    ("整改中", "整改中", "已经是"),
])
def test_forbidden_transitions_say_what_to_do(current: str, target: str, words: str) -> None:
    with pytest.raises(TransitionError, match=words):
        check_transition(current, target)


def test_close_off_needs_date_verifier_and_evidence() -> None:
    errors = validate_close_off(None, " ", 0)
    assert {e.field for e in errors} == {"销号日期", "销号审核人", "佐证材料"}
    assert validate_close_off(date(2025, 6, 30), "李书记", 1) == []
    only_evidence_missing = validate_close_off(date(2025, 6, 30), "李书记", 0)
    assert [e.field for e in only_evidence_missing] == ["佐证材料"]
    before_completion = validate_close_off(date(2025, 6, 1), "李书记", 1, completion_date=date(2025, 6, 5))
    assert [e.field for e in before_completion] == ["销号日期"]
    assert validate_close_off(date(2025, 6, 30), "李书记", 1, current="已销号")[0].field == "整改状态"


def test_reopen_needs_reason_and_a_done_measure() -> None:
    assert [e.field for e in validate_reopen("已销号", "  ")] == ["重新打开原因"]
    assert validate_reopen("已销号", "回头看发现问题反弹") == []
    assert validate_reopen("已完成", "材料不全") == []
    assert [e.field for e in validate_reopen("整改中", "原因")] == ["整改状态"]


def test_ratios() -> None:
    measures = [M("已销号"), M("已销号"), M("已完成"), M("整改中"), M("未开始"), M("未开始", category="乙"),
                M("整改中", category="乙"), M("已销号", category="乙")]
    figures = compute_figures(measures, date(2025, 1, 1))
    assert figures.total == 8
    assert figures.by_status == {"未开始": 2, "整改中": 2, "已完成": 1, "已销号": 3}
    assert figures.completion_rate == pytest.approx(4 / 8)
    assert figures.closing_rate == pytest.approx(3 / 8)
    assert percent(figures.completion_rate) == "50%"
    assert percent(figures.closing_rate) == "37.5%"
    assert percent(1.0) == "100%"
    by_category = figures_by(measures, lambda m: m.category, date(2025, 1, 1))
    assert by_category["甲"].completion_rate == pytest.approx(3 / 5)
    assert by_category["乙"].closing_rate == pytest.approx(1 / 3)
    empty = compute_figures([], date(2025, 1, 1))
    assert empty.completion_rate == 0.0 and empty.closing_rate == 0.0


def test_overdue_at_the_boundary() -> None:
    deadline = date(2025, 6, 30)
    measure = M("整改中", deadline)
    assert not is_overdue(measure, date(2025, 6, 29))
    assert not is_overdue(measure, date(2025, 6, 30))  # the deadline day itself is still in time
    assert is_overdue(measure, date(2025, 7, 1))
    assert not is_overdue(M("已完成", deadline, date(2025, 7, 5)), date(2025, 7, 10))
    assert not is_overdue(M("整改中", None), date(2030, 1, 1))  # 长期坚持 is never overdue
    assert compute_figures([measure], date(2025, 6, 30)).overdue == 0
    assert compute_figures([measure], date(2025, 7, 1)).overdue == 1


def test_closed_late() -> None:
    assert is_closed_late(M("已销号", date(2025, 6, 30), date(2025, 7, 2), date(2025, 7, 25)))
    assert not is_closed_late(M("已销号", date(2025, 6, 30), date(2025, 6, 30), date(2025, 7, 25)))
    assert is_closed_late(M("已销号", date(2025, 6, 30), None, date(2025, 7, 25)))
    assert compute_figures([M("已完成", date(2025, 6, 30), date(2025, 7, 1))], date(2025, 8, 1)).closed_late == 1


def test_monthly_review() -> None:
    measures = [
        M("已销号", date(2025, 5, 31), date(2025, 5, 20), date(2025, 6, 25)),  # closed in June
        M("已销号", date(2025, 4, 30), date(2025, 4, 20), date(2025, 5, 25)),  # closed in May
        M("整改中", date(2025, 6, 15)),  # overdue at the end of June
        M("已完成", date(2025, 6, 10), date(2025, 7, 3)),  # overdue in June's review, done later
        M("整改中", date(2025, 7, 20)),  # due next month
        M("未开始", date(2025, 8, 5)),  # due later
        M("已完成", date(2025, 6, 30), date(2025, 6, 28)),  # completed in June, awaiting 销号
    ]
    review = monthly_review(measures, 2025, 6, as_of=date(2025, 11, 1))
    assert review.label == "2025年6月"
    assert review.reference_day == date(2025, 6, 30)
    assert review.closed == [measures[0]]
    assert review.completed == [measures[6]]
    assert review.overdue == [measures[2], measures[3]]
    assert review.due_next_month == [measures[4]]
    running = monthly_review(measures, 2025, 6, as_of=date(2025, 6, 12))
    assert running.reference_day == date(2025, 6, 12)
    assert running.overdue == [measures[3]]  # 6-10 deadline passed by 6-12; 6-15 not yet


def test_status_spellings_and_deadlines() -> None:
    assert parse_status("已销号") == MeasureStatus.CLOSED
    assert parse_status(" 已整改 ") == MeasureStatus.DONE
    assert parse_status("正在整改") == MeasureStatus.IN_PROGRESS
    assert parse_status("差不多") is None
    assert parse_deadline("2025年6月底") == (date(2025, 6, 30), "")
    assert parse_deadline("2024年2月") == (date(2024, 2, 29), "")
    assert parse_deadline("2025/6/15") == (date(2025, 6, 15), "")
    assert parse_deadline("长期坚持") == (None, "长期坚持")
    assert parse_deadline(None) == (None, "")
    with pytest.raises(DateParseError, match="长期坚持"):
        parse_deadline("下个月")
