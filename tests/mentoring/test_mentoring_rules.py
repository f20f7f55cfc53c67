"""结对帮扶 reminders at their boundaries (domain.md §7; rules MENTOR-NO-ACTIVITY at 60 days and
MENTOR-END-NO-EVALUATION the day after the planned end), as the pure rule and through the registered
check that the home page and `branchdesk check` run."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from branchdesk.domain.findings import Severity
from branchdesk.domain.mentoring.log import ActivityInput
from branchdesk.domain.mentoring.rules import END_NO_EVALUATION, NO_ACTIVITY, PairSnapshot, pair_reminders
from branchdesk.services.checks import CHECKERS, run_checks
from branchdesk.services.mentoring.checks import check_mentoring
from branchdesk.services.mentoring.log import save_activity, set_evaluation
from branchdesk.services.mentoring.records import set_status
from tests.mentoring.helpers import make_roster, teacher_pair

LAST = date(2026, 3, 2)


def snapshot(**changes) -> PairSnapshot:  # type: ignore[no-untyped-def]
    values = dict(id=1, kind="青蓝工程师徒结对", branch="高一年级党支部", mentor="张建国", mentee="林晓雯",
                  status="进行中", start_date=date(2026, 1, 5), planned_end=date(2026, 12, 31),
                  last_activity=LAST, evaluated_years=frozenset())
    values.update(changes)
    return PairSnapshot(**values)


@pytest.mark.parametrize(("days", "reminded"), [(59, False), (60, True), (61, True)])
def test_no_activity_boundary(days: int, reminded: bool) -> None:
    findings = pair_reminders(snapshot(), LAST + timedelta(days=days))
    rules = [f.rule for f in findings]
    assert rules == ([NO_ACTIVITY.id] if reminded else [])
    if reminded:
        assert f"已 {days} 天没有帮扶活动" in findings[0].message
        assert findings[0].severity == Severity.WARNING and findings[0].area == "结对帮扶"


@pytest.mark.parametrize(("days", "reminded"), [(59, False), (60, True), (61, True)])
def test_no_activity_counts_from_start_when_nothing_logged(days: int, reminded: bool) -> None:
    pair = snapshot(last_activity=None)
    findings = pair_reminders(pair, pair.start_date + timedelta(days=days))
    assert bool(findings) is reminded
    if reminded:
        assert "开始以来没有活动记录" in findings[0].message


def test_no_activity_threshold_is_a_setting() -> None:
    assert pair_reminders(snapshot(), LAST + timedelta(days=30), inactivity_days=30)
    assert not pair_reminders(snapshot(), LAST + timedelta(days=29), inactivity_days=30)


def test_stopped_finished_and_future_pairs_need_no_activity() -> None:
    as_of = LAST + timedelta(days=90)
    assert not pair_reminders(snapshot(status="中止"), as_of)
    assert not pair_reminders(snapshot(status="已结束", planned_end=None), as_of)
    assert not pair_reminders(snapshot(start_date=as_of + timedelta(days=1), last_activity=None), as_of)


@pytest.mark.parametrize(("offset", "reminded"), [(-1, False), (0, False), (1, True), (2, True)])
def test_planned_end_passed_without_evaluation(offset: int, reminded: bool) -> None:
    end = date(2026, 7, 15)
    pair = snapshot(planned_end=end, last_activity=end)
    findings = [f for f in pair_reminders(pair, end + timedelta(days=offset)) if f.rule == END_NO_EVALUATION.id]
    assert bool(findings) is reminded
    if reminded:
        assert findings[0].due == "2026-07-15" and "尚未作 2026 年度考核评价" in findings[0].message
    evaluated = snapshot(planned_end=end, last_activity=end, evaluated_years=frozenset({2026}))
    assert not pair_reminders(evaluated, end + timedelta(days=offset))


def test_evaluation_of_another_year_does_not_count() -> None:
    pair = snapshot(planned_end=date(2026, 7, 15), evaluated_years=frozenset({2025}))
    assert [f.rule for f in pair_reminders(pair, date(2026, 8, 1))] == [END_NO_EVALUATION.id]


def test_registered_check_sees_the_database_boundaries(db) -> None:  # type: ignore[no-untyped-def]
    assert check_mentoring in CHECKERS
    ids = make_roster(db)
    pair = teacher_pair(db, ids["张建国"], date(2026, 1, 5), date(2026, 12, 31))
    save_activity(db, pair.id, ActivityInput(LAST, "听课", 1.0, "业务", "听《荷塘月色》"), today=date(2026, 11, 20))
    assert check_mentoring(db, year=2026, as_of=LAST + timedelta(days=59)) == []
    sixty = check_mentoring(db, year=2026, as_of=LAST + timedelta(days=60))
    assert [f.rule for f in sixty] == [NO_ACTIVITY.id]
    assert sixty[0].branch == "高一年级党支部" and sixty[0].person == "张建国"
    # the home page and `branchdesk check` go through run_checks
    assert [f.message for f in run_checks(db, year=2026, as_of=LAST + timedelta(days=61))
            if f.area == "结对帮扶"] and len(check_mentoring(db, year=2026, as_of=LAST + timedelta(days=61))) == 1
    # an activity logged after the as-of day does not hide the gap on that day
    save_activity(db, pair.id, ActivityInput(LAST + timedelta(days=70), "谈心", 0.5), today=date(2026, 11, 20))
    assert len(check_mentoring(db, year=2026, as_of=LAST + timedelta(days=65))) == 1
    assert check_mentoring(db, year=2026, as_of=LAST + timedelta(days=71)) == []


def test_registered_check_end_and_evaluation(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    end = date(2026, 7, 15)
    pair = teacher_pair(db, ids["张建国"], date(2025, 9, 1), end)
    set_status(db, pair.id, "已结束", on=end, today=date(2026, 11, 20))
    assert check_mentoring(db, year=2026, as_of=end) == []
    found = check_mentoring(db, year=2026, as_of=end + timedelta(days=1))
    assert [f.rule for f in found] == [END_NO_EVALUATION.id]
    set_evaluation(db, pair.id, 2026, "优秀", "徒弟获区优质课二等奖", today=date(2026, 11, 20))
    assert check_mentoring(db, year=2026, as_of=end + timedelta(days=1)) == []
    # a past year is judged as it stood on 31 December
    assert check_mentoring(db, year=2025, as_of=date(2026, 11, 20)) == []


def test_branch_filter_and_stopped_pairs(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    pair = teacher_pair(db, ids["张建国"], date(2026, 1, 5), date(2026, 12, 31))
    as_of = date(2026, 6, 1)
    assert len(check_mentoring(db, year=2026, as_of=as_of, branch="高一年级党支部")) == 1
    assert check_mentoring(db, year=2026, as_of=as_of, branch="初中部党支部") == []
    set_status(db, pair.id, "中止", on=date(2026, 3, 1), reason="徒弟调离本校", today=as_of)
    assert check_mentoring(db, year=2026, as_of=as_of) == []


def test_cli_check_lists_the_demo_reminders(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json
    import re

    from branchdesk.cli.main import main

    db = tmp_path / "演示.sqlite"
    assert main(["demo", "--db", str(db), "--as-of", "2026-11-20"]) == 0
    assert "结对帮扶：20 对结对" in capsys.readouterr().out
    assert main(["check", "--db", str(db), "--year", "2026", "--as-of", "2026-11-20", "--json"]) == 0
    findings = [f for f in json.loads(capsys.readouterr().out) if f["area"] == "结对帮扶"]
    assert sorted(f["rule"] for f in findings) == ["MENTOR-END-NO-EVALUATION", "MENTOR-NO-ACTIVITY"]
    quiet = next(f for f in findings if f["rule"] == "MENTOR-NO-ACTIVITY")
    gap = int(re.search(r"已 (\d+) 天没有帮扶活动", quiet["message"]).group(1))  # type: ignore[union-attr]
    assert gap >= 80 and quiet["severity"] == "warning"  # the demo's pair went quiet 80+ days ago


def test_a_pair_with_nothing_logged_is_not_told_as_days_without_activity() -> None:
    """TR-13: "已 460 天没有帮扶活动" for a pair begun before the 启用日期 with 成效 recorded and no activity logged one
    by one: it says 未登记帮扶活动 (not that none took place), judged from the 启用日期, naming the 成效."""
    pair = snapshot(start_date=date(2025, 9, 1), last_activity=None, records_start=date(2026, 1, 1), outcomes=2,
                    last_outcome=date(2026, 11, 20))
    [found] = pair_reminders(pair, date(2026, 12, 5))
    assert found.rule == NO_ACTIVITY.id and "天没有帮扶活动" not in found.message
    assert "未登记帮扶活动" in found.message and "不表示没有开展" in found.message
    assert "自台账启用的 2026-01-01 以来" in found.message and "已登记成效 2 项，最近一项在 2026-11-20" in found.message
    # the reminder's threshold counts from the 启用日期, not from a start the software never saw
    assert not pair_reminders(pair, date(2026, 1, 1) + timedelta(days=59))


def test_registered_check_says_not_logged_with_the_records_start_and_outcomes(db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.mentoring.log import add_outcome
    from branchdesk.services.records_start import set_records_start

    ids = make_roster(db)
    pair = teacher_pair(db, ids["张建国"], date(2025, 8, 31), date(2027, 8, 31))
    set_records_start(db, date(2026, 1, 1))
    add_outcome(db, pair.id, date(2026, 5, 10), "获奖", "县优质课二等奖", today=date(2026, 12, 5))
    [found] = check_mentoring(db, year=2026, as_of=date(2026, 12, 5))
    assert "天没有帮扶活动" not in found.message and "未登记帮扶活动" in found.message
    assert "已登记成效 1 项，最近一项在 2026-05-10" in found.message
