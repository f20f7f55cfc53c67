"""组织建设 rules at their boundaries: branch size, committee, term, and 组织关系转接 (issue 16)."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.findings import Severity
from branchdesk.domain.roster.org_rules import (
    BranchState,
    Move,
    Post,
    Probationer,
    org_findings,
    probation_findings,
    transfer_findings,
)

DAY = date(2026, 12, 1)
COMMITTEE = (Post("甲", "书记", date(2024, 9, 1), None), Post("乙", "组织委员", date(2024, 9, 1), None),
             Post("丙", "宣传委员", date(2024, 9, 1), None))


def rules(state: BranchState, day: date = DAY) -> dict[str, set[Severity]]:
    out: dict[str, set[Severity]] = {}
    for f in org_findings(state, day):
        out.setdefault(f.rule, set()).add(f.severity)
        assert f.source.startswith("支部条例 第") and f.quote
    return out


@pytest.mark.parametrize(("full", "broken"), [(2, True), (3, False), (4, False)])
def test_at_least_three_full_members(full: int, broken: bool) -> None:
    assert ("ORG-MIN-MEMBERS" in rules(BranchState("一支部", full, full, COMMITTEE[:1]))) is broken


def test_a_branch_whose_members_all_moved_on_is_asked_for_its_dissolution_date() -> None:
    # a branch merged into another (members moved, 委员 still registered) read "正式党员 0 人，不足 3 人：
    # 应与邻近单位成立联合党支部" (trial 9): it is a 提醒 to set its 撤销日期, and the only finding
    found = org_findings(BranchState("初中部党支部", 0, 0, COMMITTEE), DAY)
    assert [(f.rule, f.severity) for f in found] == [("ORG-MIN-MEMBERS", Severity.WARNING)]
    assert "撤销日期" in found[0].message and "不足 3 人" not in found[0].message


@pytest.mark.parametrize(("members", "warned"), [(50, False), (51, True)])
def test_more_than_fifty_members(members: int, warned: bool) -> None:
    assert ("ORG-MAX-MEMBERS" in rules(BranchState("一支部", 40, members, COMMITTEE))) is warned


@pytest.mark.parametrize(("full", "posts", "severity"), [
    (6, COMMITTEE[:1], None), (7, COMMITTEE[:1], Severity.ERROR), (8, COMMITTEE[:1], Severity.ERROR),
    (7, COMMITTEE, None), (6, COMMITTEE, Severity.WARNING)])
def test_committee_from_seven_full_members(full: int, posts: tuple[Post, ...], severity: Severity | None) -> None:
    assert rules(BranchState("一支部", full, full, posts)).get("ORG-COMMITTEE", {None}) == {severity}


@pytest.mark.parametrize(("day", "severity"), [
    (date(2027, 2, 28), None), (date(2027, 3, 1), Severity.WARNING), (date(2027, 9, 1), Severity.WARNING),
    (date(2027, 9, 2), Severity.ERROR)])
def test_term_of_three_years_from_the_election(day: date, severity: Severity | None) -> None:
    assert rules(BranchState("一支部", 9, 9, COMMITTEE), day).get("ORG-TERM", {None}) == {severity}


def test_transfers_name_the_other_organisation_and_relations_follow_the_member() -> None:
    moves = [Move("张三", "一支部", "转出", date(2026, 3, 1), ""), Move("李四", "一支部", "转入", date(2026, 4, 1), "某中学党支部"),
             Move("王五", "一支部", "离开本单位", date(2026, 9, 1), still_here=True)]
    found = {(f.person, f.rule) for f in transfer_findings(moves, DAY, 2026)}
    assert found == {("张三", "TRANSFER-RECORD"), ("王五", "TRANSFER-RELATION")}
    moved = [*moves, Move("王五", "一支部", "转出", date(2026, 10, 1), "县教育局机关党委")]
    assert ("王五", "TRANSFER-RELATION") not in {(f.person, f.rule) for f in transfer_findings(moved, DAY, 2026)}


@pytest.mark.parametrize(("day", "severity"), [
    (date(2026, 3, 31), None), (date(2026, 4, 1), Severity.WARNING), (date(2026, 10, 1), Severity.WARNING),
    (date(2026, 10, 2), Severity.ERROR)])
def test_probationary_member_transferred_in_may_be_postponed_six_months(day: date, severity: Severity | None) -> None:
    move = Move("赵六", "一支部", "转入", date(2025, 9, 1), "原单位党支部", "预备党员", True, None, date(2025, 4, 1))
    found = [f for f in transfer_findings([move], day, day.year) if f.rule == "TRANSFER-IN-POSTPONE"]
    assert {f.severity for f in found} == ({severity} if severity else set())
    assert all(f.source == "细则2014 第三十六条" for f in found)


# ---- 预备期满 of a 预备党员 on the roster only (the 钱多多 report) ------------------------------------------
@pytest.mark.parametrize(("day", "severity"), [
    (date(2026, 10, 20), None), (date(2026, 10, 21), Severity.WARNING), (date(2026, 11, 20), Severity.WARNING),
    (date(2026, 11, 21), Severity.ERROR), (date(2027, 11, 21), Severity.ERROR)])
def test_probation_on_the_roster_ends_one_year_after_joining(day: date, severity: Severity | None) -> None:
    found = probation_findings([Probationer("钱多多", "一支部", date(2025, 11, 20))], day)
    assert {f.severity for f in found} == ({severity} if severity else set())
    for f in found:
        assert (f.person, f.branch, f.due, f.area) == ("钱多多", "一支部", "2026-11-20", "组织与党员")
        assert "2026-11-20" in f.message and "2025-11-20" in f.message
        assert f.source == "细则2026 第三十一条" and "及时讨论" in f.quote  # the text in force when it ended


def test_a_probation_past_even_the_longest_extension_says_so() -> None:
    member = Probationer("钱多多", "一支部", date(2023, 3, 1))
    within = probation_findings([member], date(2024, 6, 1))[0].message
    assert "延长预备期最长一年，至 2025-03-01" in within and "细则2014 第三十二条" in within
    past = probation_findings([member], date(2025, 3, 2))[0].message
    assert "即使延长预备期一年，也已于 2025-03-01 期满" in past


def test_the_probation_lengths_fast_path_gives_the_exact_rules_answers() -> None:
    """probation_length_problem tells most rows from the dates' parts (issue 18); its answer is the one
    add_years gives, 29 February included."""
    import random
    from datetime import timedelta

    from branchdesk.domain.dates import add_years
    from branchdesk.domain.roster.records import probation_length_problem

    rng = random.Random(18)
    joins = [date(2000, 1, 1) + timedelta(days=rng.randrange(9000)) for _ in range(3000)]
    joins += [date(2016, 2, 29), date(2020, 2, 29), date(2024, 2, 28), date(2023, 3, 1)]
    for join in joins:
        for days in (*range(360, 370), *range(725, 735), rng.randrange(1, 900)):
            full = join + timedelta(days=days)
            exact = add_years(join, 1) <= full <= add_years(join, 2)
            assert (probation_length_problem(join, full) == "") is exact, (join, full)


def test_a_post_one_person_holds_recorded_twice_on_the_day_is_named() -> None:
    """TY-2: posts saved before an appointment ended its predecessor's term (the roster's 书记 "至今" beside
    the one appointed 2027-03-10): the check names both and says to record the 卸任 (ORG-COMMITTEE)."""
    day = date(2027, 6, 25)
    posts = (*COMMITTEE, Post("甲", "书记", date(2027, 3, 10), date(2030, 3, 10)),
             Post("丁", "宣传委员", date(2027, 3, 10), date(2030, 3, 10)), Post("戊", "委员", None, None),
             Post("己", "委员", None, None))
    found = [f for f in org_findings(BranchState("一支部", 12, 14, posts), day) if "同时登记" in f.message]
    assert [(f.rule, f.severity) for f in found] == [("ORG-COMMITTEE", Severity.WARNING)] * 2
    assert found[0].message.startswith("2027-06-25 书记同时登记了 2 条任职：甲（2024-09-01 起）、甲（2027-03-10 起）")
    assert "宣传委员同时登记了 2 条任职：丙（2024-09-01 起）、丁（2027-03-10 起）" in found[1].message
    assert "卸任" in found[0].message
    ended = (*COMMITTEE[:2], Post("丙", "宣传委员", date(2024, 9, 1), date(2027, 3, 9)),
             Post("丁", "宣传委员", date(2027, 3, 10), None))
    assert not [f for f in org_findings(BranchState("一支部", 12, 14, ended), day) if "同时登记" in f.message]
