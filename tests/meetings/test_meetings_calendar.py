"""The regulation calendar (domain.md §2) as pure rules: each kind, period edges, combined sittings,
exemptions, the committee and group scopes, yearly kinds held in January, quorum and talk coverage."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.findings import Severity
from branchdesk.domain.meetings.periods import Granularity, Period, parse_period, period_of
from branchdesk.domain.meetings.records import Attendee, MeetingKind, check_quorum, parse_kinds, parse_time
from branchdesk.domain.meetings.rules import BranchFacts, Exemption, HeldMeeting, evaluate_branch
from branchdesk.domain.meetings.sitting import MeetingInput, ReviewResult, validate_meeting
from branchdesk.domain.meetings.talks import Person, talk_coverage, talk_findings

K = MeetingKind
COMMITTEE = tuple((date(2024, 9, 1), date(2027, 8, 31)) for _ in range(3))


def facts(groups=(), committee=COMMITTEE, secretaries=()) -> BranchFacts:  # type: ignore[no-untyped-def]
    return BranchFacts("一支部", tuple(groups), committee, tuple(secretaries))


def held(day: date, *kinds: str, **extra) -> HeldMeeting:  # type: ignore[no-untyped-def]
    return HeldMeeting(day, frozenset(kinds), **extra)


def findings_for(meetings, *, year=2025, as_of=date(2026, 2, 1), kind=None, exemptions=(), branch=None):  # type: ignore[no-untyped-def]
    calendar = evaluate_branch(branch or facts(), list(meetings), list(exemptions), year=year, as_of=as_of)
    return [f for f in calendar.findings if kind is None or f.meeting_type == kind]


def test_periods_and_labels() -> None:
    assert period_of(date(2025, 9, 30), Granularity.QUARTER).label == "2025-Q3"
    assert period_of(date(2025, 10, 1), Granularity.QUARTER).label == "2025-Q4"
    assert period_of(date(2025, 10, 31), Granularity.MONTH).label == "2025-10"
    assert Period(2024, Granularity.MONTH, 2).end == date(2024, 2, 29)
    assert Period(2025, Granularity.QUARTER, 4).end == date(2025, 12, 31)
    assert parse_period("2025-q3") == Period(2025, Granularity.QUARTER, 3)
    assert parse_period("2025").label == "2025"
    with pytest.raises(ValueError, match="期间"):
        parse_period("2025年")


def test_congress_on_last_day_of_quarter_counts_for_that_quarter() -> None:
    meetings = [held(date(2025, 3, 31), K.CONGRESS), held(date(2025, 6, 30), K.CONGRESS),
                held(date(2025, 10, 1), K.CONGRESS)]
    found = findings_for(meetings, kind=K.CONGRESS)
    assert [(f.period, f.severity) for f in found] == [("2025-Q3", Severity.ERROR)]
    assert found[0].rule == "MTG-QUARTERLY-CONGRESS" and "第十一条" in found[0].source
    assert found[0].branch == "一支部" and "第三季度" in found[0].message


def test_combined_sitting_counts_for_each_kind() -> None:
    meetings = [held(date(2025, m, 15), K.THEME_DAY) for m in range(1, 13)]
    meetings += [held(date(2025, m, 15), K.CONGRESS, K.THEME_DAY, K.LECTURE) for m in (3, 6, 9, 12)]
    meetings[0] = held(date(2025, 1, 15), K.THEME_DAY)
    assert findings_for(meetings, kind=K.CONGRESS) == []
    assert findings_for(meetings, kind=K.LECTURE) == []
    assert findings_for(meetings, kind=K.THEME_DAY) == []


def test_monthly_theme_day_each_month_missing_ones_are_errors() -> None:
    meetings = [held(date(2025, m, 10), K.THEME_DAY) for m in range(1, 13) if m not in (7, 8)]
    found = findings_for(meetings, kind=K.THEME_DAY)
    assert [f.period for f in found] == ["2025-07", "2025-08"]
    assert all(f.severity is Severity.ERROR and f.rule == "MTG-MONTHLY-THEME-DAY" for f in found)


def test_a_shortfall_names_the_drafts_that_would_make_it_up() -> None:
    """A month whose only 主题党日 record is a draft with content: not counted (domain.md §2), and the
    finding says a record is there, to be counted once finalised; a month without a draft says nothing more."""
    meetings = [held(date(2025, m, 10), K.THEME_DAY) for m in range(1, 13) if m not in (7, 8)]
    calendar = evaluate_branch(facts(), meetings, [], year=2025, as_of=date(2026, 2, 1),
                               drafts=[held(date(2025, 7, 10), K.THEME_DAY)])
    found = {f.period: f for f in calendar.findings if f.meeting_type == K.THEME_DAY}
    assert set(found) == {"2025-07", "2025-08"} and found["2025-07"].severity is Severity.ERROR
    assert "另有 1 份记录未定稿，定稿后计入" in found["2025-07"].message
    assert "未定稿" not in found["2025-08"].message


@pytest.mark.parametrize(("as_of", "severity"), [
    (date(2025, 12, 31), Severity.WARNING), (date(2026, 3, 31), Severity.WARNING), (date(2026, 4, 1), Severity.ERROR)])
def test_a_yearly_sitting_may_be_held_until_march_for_the_past_year(as_of: date, severity: Severity) -> None:
    """An annual 组织生活会 held January–March for the past year counts for it (所属期间), so its
    absence is a warning until 31 March and an error from 1 April."""
    found = findings_for([], as_of=as_of, kind=K.LIFE)
    assert [(f.period, f.severity) for f in found] == [("2025", severity)]
    if as_of.year == 2026 and severity is Severity.WARNING:
        assert "可在 2026-03-31 前召开" in found[0].message and found[0].due == "2026-03-31"
    late = findings_for([held(date(2026, 3, 31), K.LIFE, period="2025")], as_of=date(2026, 4, 1), kind=K.LIFE)
    assert late == []


def test_exemption_keeps_the_gap_visible_as_info_with_reason() -> None:
    meetings = [held(date(2025, m, 10), K.THEME_DAY) for m in range(1, 13) if m != 7]
    exemption = Exemption(K.THEME_DAY, "2025-07", "暑假，已于8月合并开展")
    found = findings_for(meetings, kind=K.THEME_DAY, exemptions=[exemption])
    assert len(found) == 1
    assert found[0].severity is Severity.INFO and "暑假，已于8月合并开展" in found[0].message
    assert "未召开主题党日" in found[0].message


def test_committee_rule_only_where_a_committee_exists() -> None:
    meetings = [held(date(2025, m, 5), K.COMMITTEE) for m in range(1, 13) if m != 4]
    assert [f.period for f in findings_for(meetings, kind=K.COMMITTEE)] == ["2025-04"]
    secretary_only = facts(committee=((date(2024, 9, 1), None),))
    assert findings_for([], kind=K.COMMITTEE, branch=secretary_only) == []


def test_group_rule_per_group_and_joint_meetings_count_for_all() -> None:
    branch = facts(groups=("语文党小组", "数学党小组"))
    meetings = [held(date(2025, m, 20), K.GROUP, group="语文党小组") for m in range(1, 13)]
    meetings += [held(date(2025, m, 21), K.GROUP, group="数学党小组") for m in range(1, 12)]
    meetings.append(held(date(2025, 12, 5), K.GROUP, group=""))  # joint meeting of all groups
    assert findings_for(meetings, kind=K.GROUP, branch=branch) == []
    meetings.pop()
    found = findings_for(meetings, kind=K.GROUP, branch=branch)
    assert [(f.period, f.message[:5]) for f in found] == [("2025-12", "数学党小组")]


def test_yearly_kinds_and_january_meeting_for_the_past_year() -> None:
    january = held(date(2026, 1, 12), K.LIFE, K.REVIEW, period="2025")
    assert findings_for([january], kind=K.LIFE) == []
    assert findings_for([january], kind=K.REVIEW) == []
    assert findings_for([january], kind=K.LIFE, year=2026, as_of=date(2026, 12, 31))[0].severity is Severity.WARNING
    found = findings_for([], kind=K.LIFE, as_of=date(2026, 4, 1))  # after the months it may be held late
    assert found[0].period == "2025" and found[0].rule == "MTG-YEARLY-LIFE" and found[0].severity is Severity.ERROR


def test_open_period_warns_when_nearly_over_and_is_info_before() -> None:
    early = findings_for([], year=2025, as_of=date(2025, 10, 10), kind=K.THEME_DAY)
    assert {f.period: f.severity for f in early}["2025-10"] is Severity.INFO
    late = findings_for([], year=2025, as_of=date(2025, 10, 27), kind=K.THEME_DAY)
    october = next(f for f in late if f.period == "2025-10")
    assert october.severity is Severity.WARNING and "还剩 5 天" in october.message
    assert not any(f.period == "2025-11" for f in late)  # future periods are not judged


def test_secretary_must_give_a_lecture_each_year() -> None:
    branch = facts(secretaries=("王书记",))
    lectures = [held(date(2025, m, 25), K.LECTURE, lecturer="李组织") for m in (2, 5, 8, 11)]
    found = [f for f in findings_for(lectures, branch=branch, kind=K.LECTURE)]
    assert len(found) == 1 and "支部书记" in found[0].message and found[0].severity is Severity.ERROR
    lectures[1] = held(date(2025, 5, 25), K.LECTURE, lecturer="王书记")
    assert findings_for(lectures, branch=branch, kind=K.LECTURE) == []


def test_quorum_counts_only_full_members_and_excludes_approved_absences() -> None:
    sheet = [Attendee(f"正{i}", "出席" if i < 3 else "缺席", i, "正式党员") for i in range(6)]
    sheet += [Attendee("预1", "出席", 10, "预备党员"), Attendee("预2", "出席", 11, "预备党员")]
    result = check_quorum(sheet)
    assert (result.voters_expected, result.voters_present, result.ok) == (6, 3, False)
    assert "未超过半数" in result.message and "至少需要 4 人" in result.message
    sheet[5] = Attendee("正5", "不计入应到", 5, "正式党员", reason="出国半年，经上级党委同意")
    assert check_quorum(sheet).ok  # 3 of 5


def test_parse_kinds_and_times() -> None:
    assert parse_kinds("支部党员大会、主题党日") == ((K.CONGRESS, K.THEME_DAY), [])
    assert parse_kinds("支委会/党课，主题党日活动") == ((K.COMMITTEE, K.LECTURE, K.THEME_DAY), [])
    assert parse_kinds("党员大会,茶话会")[1] == ["茶话会"]
    # trial L, TL-16: "暨" and a kind in brackets join two kinds as "+" does (domain.md §2: one sitting, both kinds)
    assert parse_kinds("组织生活会暨民主评议党员") == ((K.LIFE, K.REVIEW), [])
    assert parse_kinds("支部党员大会（主题党日）") == ((K.CONGRESS, K.THEME_DAY), [])
    assert parse_kinds("支部党员大会(主题党日活动)、党课") == ((K.CONGRESS, K.LECTURE, K.THEME_DAY), [])
    assert parse_kinds("党课（线上）")[1] == ["党课（线上）"]  # every piece must name a kind
    assert parse_time("8:30") == "08:30" and parse_time("14点") == "14:00" and parse_time(0.625) == "15:00"
    with pytest.raises(ValueError):
        parse_time("25:00")


def test_validation_review_grades_and_times() -> None:
    data = MeetingInput(branch_id=1, kinds=(K.REVIEW,), date=date(2025, 12, 1), start_time="15:00", end_time="14:00",
                        review_results=[ReviewResult(1, "甲", "优秀", "正式党员"), ReviewResult(2, "乙", "优秀", "正式党员"),
                                        ReviewResult(3, "丙", "合格", "正式党员"), ReviewResult(4, "丁", "合格", "预备党员")])
    errors, warnings = validate_meeting(data)
    fields = {e.field for e in errors}
    assert "结束时间" in fields and "评议结果" in fields
    assert any("三分之一" in w for w in warnings)


def test_talk_coverage_by_category() -> None:
    """Coverage, not every pair: the secretary with everyone, committee members with each other,
    everyone in at least one talk (issue 16, item 12)."""
    people = [Person(1, "书记", True, True), Person(2, "委员", True), Person(5, "委员二", True),
              Person(3, "甲", False), Person(4, "乙", False)]
    coverage = talk_coverage(people, [[1, 2], [1, 3], [3, 4, 99]])
    assert coverage.required == {"书记与委员": 2, "书记与党员": 2, "委员之间": 1, "未参加谈话": 5}
    assert [b.name for _, b in coverage.missing["书记与委员"]] == ["委员二"]
    assert [b.name for _, b in coverage.missing["书记与党员"]] == ["乙"]
    assert [(a.name, b.name) for a, b in coverage.missing["委员之间"]] == [("委员", "委员二")]
    assert [a.name for a, _ in coverage.missing["未参加谈话"]] == ["委员二"]
    assert coverage.has_talked(3, 4)
    found = talk_findings("一支部", coverage, 2025, date(2026, 1, 5))
    assert found[0].severity is Severity.ERROR and found[0].rule == "MTG-YEARLY-TALKS"
    assert "尚未参加任何谈心谈话：委员二" in found[0].message and "书记尚未与 乙 谈话" in found[0].message
    assert "委员—委员二" not in found[0].message  # 委员二 took part in no talk: said once, not per pair
    assert "支部条例 第十九条" in found[0].message
    assert found[0].source == "支部条例 第十九条" and "谈心谈话" in found[0].quote
    both_talked = talk_coverage(people, [[1, 2], [1, 3], [3, 4], [1, 5]])
    assert "委员—委员二" in talk_findings("一支部", both_talked, 2025, date(2026, 1, 5))[0].message


def test_no_talk_recorded_is_one_sentence() -> None:
    """A branch that recorded no 谈心谈话 in the year is told so once, not with every member's name."""
    people = [Person(1, "书记", True, True), Person(2, "委员", True), *(Person(i, f"党员{i}", False) for i in range(3, 30))]
    found = talk_findings("一支部", talk_coverage(people, []), 2025, date(2026, 1, 5))
    assert [f.severity for f in found] == [Severity.ERROR]
    assert "未登记任何谈心谈话（在册党员 29 人）" in found[0].message and "党员3" not in found[0].message


def test_talk_coverage_of_fifty_members_needs_no_1225_pairs() -> None:
    people = [Person(1, "书记", True, True), *(Person(i, f"党员{i}", False) for i in range(2, 51))]
    talks = [[1, i] for i in range(2, 51)]
    coverage = talk_coverage(people, talks)
    assert coverage.missing_count == 0 and not talk_findings("一支部", coverage, 2025, date(2026, 1, 5))
    assert sum(coverage.required.values()) == 49 + 50


@pytest.mark.parametrize(("as_of", "severity"), [
    (date(2025, 11, 30), Severity.INFO), (date(2025, 12, 1), Severity.WARNING), (date(2026, 1, 1), Severity.ERROR)])
def test_talk_coverage_severity_by_the_end_of_the_year(as_of: date, severity: Severity) -> None:
    coverage = talk_coverage([Person(1, "书记", True, True), Person(2, "甲", False)], [])
    assert talk_findings("一支部", coverage, 2025, as_of)[0].severity is severity
