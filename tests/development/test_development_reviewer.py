"""发展党员 findings a reviewer from the 上级党委 would check, each at its boundary (day before, day of,
day after): admission awaiting approval, 提前转正, a late 转正 discussion, 延长预备期, 应到 against the
roster, introducers who left or are under 留党察看, a 29 February birthday, a 发展对象 leaving within
three months, 公示 over holidays and beyond the known calendar, and the citation each finding shows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from branchdesk.domain.citations import CITATIONS
from branchdesk.domain.development.check import RosterIndex, Standing, check_case
from branchdesk.domain.development.records import DevelopmentCase, PersonRef, StepRecord
from branchdesk.domain.development.rules import DEFAULT_RULEBOOK
from branchdesk.domain.development.steps import Role, Stage
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.workdays import WorkCalendar, make_schedule

D = date
BRANCH = 7


def _full(member_id: int, name: str, *, branch: int = BRANCH, left: date | None = None, status: str = "在册",
          suspended: tuple[tuple[date, date | None], ...] = ()) -> Standing:
    return Standing(member_id, name, "正式党员", D(2000, 7, 1), D(2001, 7, 1), left, branch, status, suspended)


ROSTER = RosterIndex([
    *(_full(i, f"党员{i}") for i in range(1, 11)),  # ten 正式党员
    Standing(11, "预备甲", "预备党员", D(2026, 1, 1), None, None, BRANCH),
    Standing(12, "预备乙", "预备党员", D(2026, 1, 1), None, None, BRANCH),
    Standing(13, "预备丙", "预备党员", D(2026, 1, 1), None, None, BRANCH),
    _full(20, "转走", left=D(2025, 9, 1), status="转出"),
    _full(21, "察看", branch=8, suspended=((D(2025, 3, 1), D(2026, 3, 1)),)),
])


def make(steps: dict[int, date | StepRecord], *, people=(), extension: int | None = None,
         extension_on: date | None = None, birth: date = date(1990, 1, 1), leaving: date | None = None) -> DevelopmentCase:
    records = {n: v if isinstance(v, StepRecord) else StepRecord(n, v) for n, v in steps.items()}
    return DevelopmentCase(1, "测试人", "女", "X", birth, "某党支部", BRANCH, steps=records, people=tuple(people),
                           extension_months=extension, extension_on=extension_on, leaving_on=leaving)


def found(case: DevelopmentCase, as_of: date, rule: str, roster: RosterIndex = ROSTER, **kw) -> list[Finding]:
    return [f for f in check_case(case, roster, as_of, **kw) if f.rule == rule]


def severities(case: DevelopmentCase, as_of: date, rule: str, **kw) -> set[Severity]:
    return {f.severity for f in found(case, as_of, rule, **kw)}


# ---- item 2: admitted by the 支部大会, not yet approved ------------------------------------------------
ADMITTED = D(2025, 6, 10)


@pytest.mark.parametrize(("as_of", "expected"), [
    (D(2025, 9, 10), {Severity.WARNING}),  # due within 30 days
    (D(2025, 9, 11), {Severity.WARNING}),  # three months passed
    (D(2025, 12, 10), {Severity.WARNING}),  # the last day a special case allows
    (D(2025, 12, 11), {Severity.ERROR}),  # past six months
])
def test_admission_awaiting_approval_warning_then_error(as_of: date, expected: set[Severity]) -> None:
    case = make({1: D(2022, 1, 1), 15: ADMITTED})
    assert severities(case, as_of, "DEV-APPROVAL-3M") == expected


def test_awaiting_approval_is_a_candidate_without_transfer_prompts() -> None:
    case = make({1: D(2022, 1, 1), 15: ADMITTED})
    assert case.stage is Stage.CANDIDATE and case.awaiting_approval
    fourteen_months = D(2026, 8, 10)
    rules = {f.rule for f in check_case(case, ROSTER, fourteen_months)}
    assert "DEV-PROBATION-1Y" not in rules
    assert severities(case, fourteen_months, "DEV-APPROVAL-3M") == {Severity.ERROR}
    approved = make({1: D(2022, 1, 1), 15: ADMITTED, 17: D(2025, 7, 1)})
    assert approved.stage is Stage.PROBATIONARY


# ---- item 3: 提前转正 ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("approved", "early"), [(D(2026, 6, 9), True), (D(2026, 6, 10), False), (D(2026, 6, 11), False)])
def test_full_approval_without_discussion_before_probation_ends_is_early(approved: date, early: bool) -> None:
    case = make({1: D(2022, 1, 1), 15: ADMITTED, 17: D(2025, 7, 1), 24: approved})
    errors = [f for f in found(case, D(2026, 12, 1), "DEV-PROBATION-1Y") if f.severity is Severity.ERROR]
    assert bool(errors) is early
    if early:
        assert "提前转正" in errors[0].message and errors[0].step == "第24步 上级党委审批转正"


# ---- item 4: the 转正 discussion held promptly ----------------------------------------------------------
END = D(2026, 6, 10)  # one year after ADMITTED


@pytest.mark.parametrize(("discussed", "expected"), [
    (D(2026, 7, 10), set()), (D(2026, 7, 11), {Severity.WARNING}),
    (D(2026, 9, 10), {Severity.WARNING}), (D(2026, 9, 11), {Severity.ERROR})])
def test_late_transfer_discussion_warning_after_a_month_error_after_three(discussed: date, expected) -> None:
    case = make({1: D(2022, 1, 1), 15: ADMITTED, 17: D(2025, 7, 1), 22: END, 23: discussed})
    assert severities(case, D(2026, 12, 1), "DEV-FULL-PROMPT") == expected


@pytest.mark.parametrize(("as_of", "rule", "expected"), [
    (D(2026, 7, 10), "DEV-FULL-PROMPT", {Severity.WARNING}),  # expired: discuss before 07-10
    (D(2026, 7, 11), "DEV-FULL-PROMPT", {Severity.WARNING}),
    (D(2026, 9, 10), "DEV-FULL-PROMPT", {Severity.WARNING}),
    (D(2026, 9, 11), "DEV-FULL-PROMPT", {Severity.ERROR}),
])
def test_undiscussed_transfer_escalates(as_of: date, rule: str, expected: set[Severity]) -> None:
    case = make({1: D(2022, 1, 1), 15: ADMITTED, 17: D(2025, 7, 1)})
    assert severities(case, as_of, rule) == expected


def test_promptness_months_are_settings() -> None:
    book = DEFAULT_RULEBOOK.with_settings(prompt_warning_months=2, prompt_error_months=6)
    case = make({1: D(2022, 1, 1), 15: ADMITTED, 17: D(2025, 7, 1), 22: END, 23: D(2026, 9, 11)})
    assert severities(case, D(2026, 12, 1), "DEV-FULL-PROMPT", book=book) == {Severity.WARNING}


# ---- item 5: 延长预备期 decided when probation ends, once -------------------------------------------------
@pytest.mark.parametrize(("decided", "broken"), [(D(2026, 6, 9), True), (D(2026, 6, 10), False), (D(2026, 6, 11), False)])
def test_extension_decided_when_probation_ends(decided: date, broken: bool) -> None:
    case = make({1: D(2022, 1, 1), 15: ADMITTED, 17: D(2025, 7, 1)}, extension=6, extension_on=decided)
    assert (Severity.ERROR in severities(case, D(2026, 7, 1), "DEV-EXTENSION")) is broken


def test_extension_three_months_into_probation_is_an_error() -> None:
    case = make({1: D(2022, 1, 1), 15: ADMITTED, 17: D(2025, 7, 1)}, extension=6, extension_on=D(2025, 9, 10))
    assert severities(case, D(2025, 10, 1), "DEV-EXTENSION") == {Severity.ERROR}


# ---- item 6: 应到 against the roster's 正式党员 on the day ------------------------------------------------
def _vote(expected: int, present: int, yes: int, note: str = "") -> DevelopmentCase:
    meeting = StepRecord(15, D(2026, 6, 1), voters_expected=expected, voters_present=present, votes_for=yes,
                         note=note)
    return make({1: D(2022, 1, 1), 15: meeting, 17: D(2026, 6, 20)})


@pytest.mark.parametrize(("expected", "severity"), [(9, Severity.WARNING), (10, None), (11, Severity.ERROR), (13, Severity.ERROR)])
def test_expected_voters_are_the_full_members_on_the_day(expected: int, severity: Severity | None) -> None:
    hits = found(_vote(expected, 8, 8), D(2026, 7, 1), "VOTE-QUORUM-PASS-15")
    roster_hits = {f.severity for f in hits if "正式党员" in f.message and "应到会有表决权的党员记为" in f.message}
    assert roster_hits == ({severity} if severity else set())


def test_fewer_expected_voters_with_the_reason_noted_are_accepted() -> None:
    case = _vote(9, 8, 8, note="党员3长期病休，经党委同意不计入应到")
    assert not found(case, D(2026, 7, 1), "VOTE-QUORUM-PASS-15")


@pytest.mark.parametrize(("yes", "broken"), [(10, False), (11, True)])
def test_more_yes_votes_than_expected_voters(yes: int, broken: bool) -> None:
    hits = found(_vote(10, 10, yes), D(2026, 7, 1), "VOTE-QUORUM-PASS-15")
    assert any("多于应到" in f.message for f in hits) is broken


# ---- item 9 and 留党察看: introducers ---------------------------------------------------------------------
def _introduced(named: date, *names: str, admitted: date | None = None) -> DevelopmentCase:
    steps: dict[int, date | StepRecord] = {1: D(2022, 1, 1), 3: D(2023, 1, 1), 7: D(2024, 3, 1), 9: named}
    if admitted:
        steps[15] = admitted
    return make(steps, people=[PersonRef(Role.INTRODUCER, n) for n in names])


@pytest.mark.parametrize(("named", "severity"), [
    (D(2025, 8, 31), Severity.WARNING),  # named, left afterwards: verify
    (D(2025, 9, 1), Severity.WARNING),  # left that day: this roster cannot tell, verify
    (D(2025, 9, 2), Severity.WARNING)])
def test_introducer_who_transferred_out_is_a_warning_to_verify(named: date, severity: Severity) -> None:
    hits = found(_introduced(named, "党员1", "转走"), D(2025, 10, 1), "DEV-INTRODUCERS")
    assert {f.severity for f in hits} == {severity}
    assert all("不是正式党员" not in f.message for f in hits)


@pytest.mark.parametrize(("named", "broken"), [(D(2025, 2, 28), False), (D(2025, 3, 1), True), (D(2026, 2, 28), True),
                                               (D(2026, 3, 1), False)])
def test_introducer_under_probation_sanction(named: date, broken: bool) -> None:
    hits = found(_introduced(named, "党员1", "察看"), D(2026, 6, 1), "DEV-INTRODUCERS")
    assert any(f.severity is Severity.ERROR and "留党察看" in f.message for f in hits) is broken


# ---- item 10: born 29 February ---------------------------------------------------------------------------
@pytest.mark.parametrize(("applied", "broken"), [(D(2026, 2, 28), True), (D(2026, 3, 1), False), (D(2026, 3, 2), False)])
def test_born_on_29_february(applied: date, broken: bool) -> None:
    hits = found(make({1: applied}, birth=D(2008, 2, 29)), D(2026, 4, 1), "DEV-AGE-18")
    assert bool(hits) is broken
    if broken:
        assert "满18周岁之日为 2026-03-01" in hits[0].message


# ---- 发展对象 leaving the unit within three months -----------------------------------------------------------
@pytest.mark.parametrize(("leaving", "warned"), [
    (D(2026, 9, 9), True), (D(2026, 9, 10), True), (D(2026, 9, 11), False)])
def test_leaving_within_three_months_of_admission(leaving: date, warned: bool) -> None:
    case = make({1: D(2022, 1, 1), 13: D(2026, 5, 20), 15: D(2026, 6, 10)}, leaving=leaving)
    assert (severities(case, D(2026, 6, 15), "DEV-LEAVING-3M") == {Severity.WARNING}) is warned


# ---- item 14: 公示 in working days by the official calendar ----------------------------------------------------
def _publicity(start: date, end: date) -> DevelopmentCase:
    return make({1: D(2024, 9, 1), 3: D(2025, 3, 1), 8: D(end.year, 1, 1) if end.year > 2026 else D(2026, 5, 20),
                 7: StepRecord(7, end + timedelta(days=1), start_on=start, end_on=end)})


def test_publicity_over_dragon_boat_festival_is_short() -> None:
    hits = found(_publicity(D(2026, 6, 15), D(2026, 6, 19)), D(2026, 7, 1), "DEV-PUBLICITY-CANDIDATE")
    assert {f.severity for f in hits} == {Severity.ERROR} and "仅 4 个工作日" in hits[0].message
    assert not found(_publicity(D(2026, 6, 15), D(2026, 6, 22)), D(2026, 7, 1), "DEV-PUBLICITY-CANDIDATE")


def test_publicity_in_a_year_without_a_known_schedule_is_uncertain_until_added() -> None:
    case = _publicity(D(2027, 2, 8), D(2027, 2, 12))
    hits = found(case, D(2027, 3, 1), "DEV-PUBLICITY-CANDIDATE")
    assert {f.severity for f in hits} == {Severity.WARNING} and "无法确定" in hits[0].message
    spring = make_schedule(2027, [D(2027, 2, d) for d in range(6, 13)], [D(2027, 2, 14)])
    calendar = WorkCalendar({2027: spring})
    hits = found(case, D(2027, 3, 1), "DEV-PUBLICITY-CANDIDATE", calendar=calendar)
    assert {f.severity for f in hits} == {Severity.ERROR} and "仅 0 个工作日" in hits[0].message


# ---- item 15: every finding cites its text, article and sentence ----------------------------------------------
def test_findings_cite_the_real_text_and_article() -> None:
    case = make({1: D(2022, 1, 1), 15: ADMITTED})
    finding = found(case, D(2025, 12, 11), "DEV-APPROVAL-3M")[0]
    assert finding.source == "细则2014 第二十五条" and "三个月内审批" in finding.quote
    meeting = StepRecord(15, D(2025, 6, 1), voters_expected=10, voters_present=5, votes_for=5)
    vote = found(make({1: D(2022, 1, 1), 15: meeting, 17: D(2025, 6, 20)}), D(2025, 7, 1), "VOTE-QUORUM-PASS-15")
    assert {f.source for f in vote} == {"细则2014 第二十条", "细则2014 第二十一条"}
    every = check_case(make({1: D(2024, 3, 1), 2: D(2024, 5, 1), 15: ADMITTED}), ROSTER, D(2026, 12, 1))
    assert every and all(f.source.startswith("细则20") and "domain" not in f.source for f in every)
    assert all(row.quote for row in CITATIONS.values())
