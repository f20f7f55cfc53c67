"""Every 发展党员 rule at its boundary (the day before, the day of, the day after) and both texts of
the 细则 around 2026-05-11. Pure domain: no database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from branchdesk.domain.development.check import RosterIndex, Standing, check_case, working_days
from branchdesk.domain.development.records import DevelopmentCase, PersonRef, Review, StepRecord
from branchdesk.domain.development.rules import DEFAULT_RULEBOOK, RULESETS, RuleBook, RuleSet
from branchdesk.domain.development.steps import Outcome, Role
from branchdesk.domain.findings import Severity

D = date
ONE = timedelta(days=1)
ROSTER = RosterIndex([
    Standing(1, "李正", "正式党员", D(2000, 7, 1), D(2001, 7, 1), None),
    Standing(2, "王强", "正式党员", D(2005, 7, 1), D(2006, 7, 1), None),
    Standing(3, "赵新", "正式党员", D(2024, 6, 1), D(2025, 6, 1), None),
    Standing(4, "钱走", "正式党员", D(2000, 7, 1), D(2001, 7, 1), D(2025, 1, 1)),
])


BIRTH = D(1995, 5, 5)
AS_OF = D(2026, 11, 25)


def make(steps: dict[int, date | StepRecord], *, birth: date = BIRTH, people=(), reviews=(),
         extension: int | None = None, outcome: Outcome = Outcome.IN_PROGRESS) -> DevelopmentCase:
    records = {n: v if isinstance(v, StepRecord) else StepRecord(n, v) for n, v in steps.items()}
    return DevelopmentCase(1, "测试人", "女", "X", birth, "高一年级党支部", 1, steps=records,
                           people=tuple(people), reviews=tuple(reviews), extension_months=extension,
                           outcome=outcome)


def hits(case: DevelopmentCase, as_of: date = AS_OF, roster: RosterIndex = ROSTER,
         book: RuleBook = DEFAULT_RULEBOOK) -> dict[str, set[Severity]]:
    found: dict[str, set[Severity]] = {}
    for finding in check_case(case, roster, as_of, book):
        found.setdefault(finding.rule, set()).add(finding.severity)
        assert finding.person == "测试人" and finding.step and finding.message and finding.source
    return found


@pytest.mark.parametrize(("applied", "broken"), [
    (D(2013, 3, 14), True), (D(2013, 3, 15), False), (D(2013, 3, 16), False)])
def test_age_18_on_the_application_day(applied: date, broken: bool) -> None:
    result = hits(make({1: applied}, birth=D(1995, 3, 15)))
    assert (Severity.ERROR in result.get("DEV-AGE-18", set())) is broken


@pytest.mark.parametrize(("talk", "broken"), [(D(2024, 4, 9), False), (D(2024, 4, 10), False), (D(2024, 4, 11), True)])
def test_talk_within_one_month(talk: date, broken: bool) -> None:
    result = hits(make({1: D(2024, 3, 10), 2: talk}))
    assert ("DEV-TALK-1M" in result) is broken


def test_talk_not_recorded_is_a_warning_when_overdue_and_when_due_soon() -> None:
    assert hits(make({1: D(2026, 10, 1)}), as_of=D(2026, 11, 2))["DEV-TALK-1M"] == {Severity.WARNING}
    assert hits(make({1: D(2026, 11, 1)}), as_of=D(2026, 11, 2))["DEV-TALK-1M"] == {Severity.WARNING}
    assert "DEV-TALK-1M" not in hits(make({1: D(2026, 11, 1)}), as_of=D(2026, 9, 1))


@pytest.mark.parametrize(("listed", "broken"), [(D(2025, 2, 28), True), (D(2025, 3, 1), False), (D(2025, 3, 2), False)])
def test_one_year_as_activist_before_candidate(listed: date, broken: bool) -> None:
    result = hits(make({1: D(2023, 9, 1), 3: D(2024, 3, 1), 7: listed}))
    assert (Severity.ERROR in result.get("DEV-ACTIVIST-1Y", set())) is broken


@pytest.mark.parametrize(("second", "broken"), [(D(2024, 8, 31), False), (D(2024, 9, 1), False), (D(2024, 9, 2), True)])
def test_review_every_six_months(second: date, broken: bool) -> None:
    reviews = [Review(1, 6, second), Review(2, 6, second + timedelta(days=150))]
    result = hits(make({1: D(2023, 9, 1), 3: D(2024, 3, 1), 7: D(2025, 3, 10)}, reviews=reviews))
    assert (Severity.ERROR in result.get("DEV-REVIEW-6M", set())) is broken


def test_review_without_date_is_unrecorded_not_broken() -> None:
    result = hits(make({1: D(2025, 9, 1), 3: D(2026, 3, 1)}, reviews=[Review(1, 6, None)]), as_of=D(2026, 5, 1))
    assert result["DEV-REVIEW-6M"] == {Severity.WARNING}


@pytest.mark.parametrize(("listed", "severity"), [
    (D(2024, 9, 1), None), (D(2024, 9, 2), Severity.INFO), (D(2024, 9, 3), Severity.INFO)])
def test_a_closed_stage_without_any_review_recorded_is_a_note(listed: date, severity: Severity | None) -> None:
    """A ledger kept by dates registers no 考察: once the person is listed as 发展对象 the stage is
    closed, and a missing review record is a note (the material is on paper), never an error."""
    result = hits(make({1: D(2023, 9, 1), 3: D(2024, 3, 1), 7: listed}))
    assert result.get("DEV-REVIEW-6M", {None}) == {severity}


def test_steps_skipped_over_each_name_their_article() -> None:
    """Steps not recorded while later ones are: one warning, each step with its own article, in the
    text in force when the later step was taken."""
    case = make({1: D(2023, 9, 1), 2: D(2023, 9, 20), 3: D(2024, 3, 1), 5: D(2024, 3, 2), 7: D(2025, 3, 10)},
                reviews=[Review(1, 6, D(2024, 8, 1)), Review(2, 6, D(2025, 1, 1))])
    found = [f for f in check_case(case, ROSTER, AS_OF, DEFAULT_RULEBOOK) if f.rule == "DEV-RECORD"
             and "未记录：" in f.message and "步骤" in f.message]
    assert len(found) == 1 and found[0].severity is Severity.WARNING
    assert "其后的步骤已记录，但以下 1 个步骤未记录：第4步 报上级党委备案（第八条）（细则2014）" in found[0].message


def test_half_year_review_upcoming_within_30_days() -> None:
    case = make({1: D(2025, 9, 1), 3: D(2026, 3, 1)}, reviews=[Review(1, 6, D(2026, 6, 1))])
    assert hits(case, as_of=D(2026, 11, 1))["DEV-REVIEW-6M"] == {Severity.WARNING}  # due 2026-12-01
    assert "DEV-REVIEW-6M" not in hits(case, as_of=D(2026, 10, 31))


def test_working_days() -> None:
    assert working_days(D(2026, 6, 1), D(2026, 6, 5)) == 5  # Monday to Friday
    assert working_days(D(2026, 6, 5), D(2026, 6, 11)) == 5  # Friday over a weekend
    assert working_days(D(2026, 6, 6), D(2026, 6, 7)) == 0
    assert working_days(D(2026, 6, 15), D(2026, 6, 19)) == 4  # 端午节 2026-06-19 is a holiday


def _candidate_2026(start: date, end: date, listed: date) -> DevelopmentCase:
    return make({1: D(2024, 9, 1), 3: D(2025, 3, 1), 8: D(2026, 5, 20),
                 7: StepRecord(7, listed, start_on=start, end_on=end)})


@pytest.mark.parametrize(("end", "broken"), [(D(2026, 6, 4), True), (D(2026, 6, 5), False), (D(2026, 6, 8), False)])
def test_2026_publicity_at_least_five_working_days(end: date, broken: bool) -> None:
    result = hits(_candidate_2026(D(2026, 6, 1), end, D(2026, 6, 15)))
    assert (Severity.ERROR in result.get("DEV-PUBLICITY-CANDIDATE", set())) is broken


@pytest.mark.parametrize(("listed", "broken"), [(D(2026, 6, 4), True), (D(2026, 6, 5), True), (D(2026, 6, 6), False)])
def test_2026_candidate_listed_only_after_publicity_ends(listed: date, broken: bool) -> None:
    result = hits(_candidate_2026(D(2026, 5, 29), D(2026, 6, 5), listed))
    assert (Severity.ERROR in result.get("DEV-PUBLICITY-CANDIDATE", set())) is broken


@pytest.mark.parametrize(("listed", "text"), [(D(2026, 5, 10), "细则2014"), (D(2026, 5, 11), "细则2026")])
def test_candidate_listing_judged_by_the_text_in_force_on_its_date(listed: date, text: str) -> None:
    case = make({1: D(2024, 9, 1), 3: D(2025, 3, 1), 7: listed, 8: listed + ONE})
    result = hits(case)
    if text == "细则2014":  # 支委会 lists, then reports for the record: no 公示 needed, 备案 after is right
        assert "DEV-PUBLICITY-CANDIDATE" not in result and "DEV-ORDER-8" not in result
        assert "DEV-ORDER-7" not in result
    else:  # 上级党委同意 must come first, and 公示 is required
        assert result["DEV-ORDER-7"] == {Severity.ERROR}
        assert result["DEV-PUBLICITY-CANDIDATE"] == {Severity.WARNING}  # not recorded


@pytest.mark.parametrize(("days", "hours", "broken"), [
    (2, None, True), (3, None, False), (4, None, False),
    (None, 23.5, True), (None, 24, False), (None, 25, False), (1, 23, True)])
def test_training_three_days_or_24_hours(days: int | None, hours: float | None, broken: bool) -> None:
    start = D(2025, 10, 10)
    record = StepRecord(11, start + timedelta(days=(days or 1) - 1), start_on=start if days else None,
                        end_on=start + timedelta(days=days - 1) if days else None, hours=hours)
    result = hits(make({1: D(2024, 1, 1), 3: D(2024, 6, 1), 7: D(2025, 7, 1), 11: record}))
    assert (Severity.ERROR in result.get("DEV-TRAINING", set())) is broken


def _admission(pretrial: date, meeting: date) -> DevelopmentCase:
    return make({1: D(2023, 1, 1), 3: D(2023, 6, 1), 7: D(2024, 7, 1), 12: pretrial - ONE * 5,
                 13: pretrial, 14: pretrial + ONE, 15: meeting})


@pytest.mark.parametrize(("meeting", "broken"), [(D(2026, 7, 9), False), (D(2026, 7, 10), False), (D(2026, 7, 11), True)])
def test_2026_branch_meeting_within_a_month_of_pretrial(meeting: date, broken: bool) -> None:
    result = hits(_admission(D(2026, 6, 10), meeting))
    assert (Severity.ERROR in result.get("DEV-MEETING-1M", set())) is broken


def test_2014_has_no_one_month_limit_after_pretrial() -> None:
    assert "DEV-MEETING-1M" not in hits(_admission(D(2025, 6, 10), D(2025, 9, 11)))
    # the limit is judged by the text in force when it started to run: a 2014-era 预审 has none,
    # even when the meeting is held under the 2026 text (issue 16, item 1)
    assert "DEV-MEETING-1M" not in hits(_admission(D(2026, 3, 1), D(2026, 5, 15)))
    assert "DEV-MEETING-1M" not in hits(_admission(D(2026, 3, 1), D(2026, 5, 10)))


@pytest.mark.parametrize(("pretrial", "applies"), [
    (D(2026, 5, 10), False), (D(2026, 5, 11), True), (D(2026, 5, 12), True)])
def test_meeting_limit_applies_from_a_pretrial_under_the_2026_text(pretrial: date, applies: bool) -> None:
    result = hits(_admission(pretrial, pretrial + timedelta(days=45)))
    assert ("DEV-MEETING-1M" in result) is applies


@pytest.mark.parametrize(("approved", "severity"), [
    (D(2026, 4, 9), None), (D(2026, 4, 10), None), (D(2026, 4, 11), Severity.WARNING),
    (D(2026, 7, 10), Severity.WARNING), (D(2026, 7, 11), Severity.ERROR)])
def test_approval_within_three_months_special_cases_up_to_six(approved: date, severity: Severity | None) -> None:
    result = hits(make({1: D(2023, 1, 1), 15: D(2026, 1, 10), 17: approved}))
    assert result.get("DEV-APPROVAL-3M", {None}) == {severity}


@pytest.mark.parametrize(("oath", "broken"), [(D(2026, 6, 30), False), (D(2026, 7, 1), False), (D(2026, 7, 2), True)])
def test_2026_oath_within_a_month_of_approval(oath: date, broken: bool) -> None:
    result = hits(make({1: D(2023, 1, 1), 15: D(2026, 5, 20), 17: D(2026, 6, 1), 20: oath}))
    assert ("DEV-OATH-1M" in result) is broken


@pytest.mark.parametrize(("approved", "applies"), [
    (D(2026, 5, 10), False), (D(2026, 5, 11), True), (D(2026, 5, 12), True)])
def test_oath_limit_runs_only_from_an_approval_under_the_2026_text(approved: date, applies: bool) -> None:
    """A 2024 or early-2026 approval never gets the 2026 one-month oath limit (issue 16, item 1)."""
    result = hits(make({1: D(2023, 1, 1), 15: D(2026, 1, 5), 17: approved, 20: approved + timedelta(days=40)}))
    assert ("DEV-OATH-1M" in result) is applies
    result = hits(make({1: D(2020, 1, 1), 15: D(2024, 10, 1), 17: D(2024, 10, 15)}), as_of=D(2026, 12, 3))
    assert "DEV-OATH-1M" not in result


@pytest.mark.parametrize(("meeting", "broken"), [(D(2026, 5, 31), True), (D(2026, 6, 1), False), (D(2026, 6, 2), False)])
def test_probation_one_year_from_the_admission_meeting(meeting: date, broken: bool) -> None:
    result = hits(make({1: D(2022, 1, 1), 15: D(2025, 6, 1), 22: D(2026, 5, 20), 23: meeting}))
    assert ("DEV-PROBATION-1Y" in result) is broken


def test_extended_probation_moves_the_end() -> None:
    base = {1: D(2022, 1, 1), 15: D(2025, 6, 1), 22: D(2026, 11, 20)}
    assert "DEV-PROBATION-1Y" in hits(make({**base, 23: D(2026, 11, 30)}, extension=6))
    assert "DEV-PROBATION-1Y" not in hits(make({**base, 23: D(2026, 12, 1)}, extension=6), as_of=D(2026, 12, 2))


@pytest.mark.parametrize(("as_of", "severity"), [
    (D(2026, 5, 1), None), (D(2026, 5, 2), Severity.WARNING), (D(2026, 5, 31), Severity.WARNING)])
def test_probation_end_upcoming_within_30_days(as_of: date, severity: Severity | None) -> None:
    result = hits(make({1: D(2022, 1, 1), 15: D(2025, 6, 1), 17: D(2025, 7, 1)}), as_of=as_of)
    assert result.get("DEV-PROBATION-1Y", {None}) == {severity}


@pytest.mark.parametrize(("months", "broken"), [(5, True), (6, False), (12, False), (13, True)])
def test_extension_six_to_twelve_months(months: int, broken: bool) -> None:
    result = hits(make({1: D(2022, 1, 1), 15: D(2025, 6, 1)}, extension=months))
    assert ("DEV-EXTENSION" in result) is broken


@pytest.mark.parametrize(("approved", "broken"), [(D(2026, 9, 1), False), (D(2026, 9, 2), False), (D(2026, 9, 3), True)])
def test_full_membership_approval_within_three_months(approved: date, broken: bool) -> None:
    result = hits(make({1: D(2022, 1, 1), 15: D(2025, 6, 1), 22: D(2026, 5, 25), 23: D(2026, 6, 2), 24: approved}))
    assert ("DEV-FULL-APPROVAL-3M" in result) is broken


def _introduced(day: date, *names: str) -> DevelopmentCase:
    people = [PersonRef(Role.INTRODUCER, n) for n in names]
    return make({1: D(2023, 1, 1), 3: D(2023, 6, 1), 7: D(2024, 7, 1), 9: day}, people=people)


@pytest.mark.parametrize(("day", "broken"), [(D(2025, 5, 31), True), (D(2025, 6, 1), False), (D(2025, 6, 2), False)])
def test_introducer_must_be_full_member_on_the_day(day: date, broken: bool) -> None:
    result = hits(_introduced(day, "李正", "赵新"))  # 赵新 became 正式党员 on 2025-06-01
    assert ("DEV-INTRODUCERS" in result) is broken


def test_introducers_count_roster_and_standing() -> None:
    assert "DEV-INTRODUCERS" not in hits(_introduced(D(2025, 6, 1), "李正", "王强"))
    assert hits(_introduced(D(2025, 6, 1), "李正"))["DEV-INTRODUCERS"] == {Severity.ERROR}
    assert hits(_introduced(D(2025, 6, 1), "李正", "王强", "赵新"))["DEV-INTRODUCERS"] == {Severity.ERROR}
    assert hits(_introduced(D(2025, 6, 1), "李正", "查无此人"))["DEV-INTRODUCERS"] == {Severity.ERROR}
    assert hits(_introduced(D(2025, 6, 1), "李正", "钱走"))["DEV-INTRODUCERS"] == {Severity.ERROR}  # left
    assert hits(_introduced(D(2025, 6, 1)))["DEV-INTRODUCERS"] == {Severity.WARNING}  # 未记录


@pytest.mark.parametrize(("day", "broken"), [(D(2025, 7, 9), True), (D(2025, 7, 10), False)])
def test_a_probationer_whose_full_status_awaits_approval_is_not_yet_a_full_member(day: date, broken: bool) -> None:
    """T9-13: 转正日期 2025-06-01 is the end of probation; the 转正 was approved 2025-07-10. Before the
    approval 孙待 is a 预备党员: no introducer, no vote (VOTE-WHO)."""
    waiting = Standing(5, "孙待", "正式党员", D(2024, 6, 1), D(2025, 6, 1), None, 7, approved_on=D(2025, 7, 10))
    roster = RosterIndex([*ROSTER.by_id.values(), waiting])
    findings = check_case(_introduced(day, "李正", "孙待"), roster, AS_OF)
    messages = [f.message for f in findings if f.rule == "DEV-INTRODUCERS"]
    assert bool(messages) is broken
    assert not broken or "当时为预备党员，2025-07-10 才批准转正" in messages[0]
    assert [s.name for s in roster.full_members(7, day) or ()] == ([] if broken else ["孙待"])


@pytest.mark.parametrize(("activist", "text"), [
    (D(2024, 6, 1), "细则2014"), (D(2025, 6, 10), "细则2014"), (D(2025, 11, 11), "细则2026"), (D(2026, 6, 1), "细则2026")])
def test_an_overdue_review_is_cited_by_the_text_in_force_on_its_deadline(activist: date, text: str) -> None:
    """T9-20, domain.md: a step dated before a revision is judged by (and cites) the text in force then.
    The 考察 due six months after 确定入党积极分子 — 2024-12-01 or 2025-12-10, before 细则2026 took effect on
    2026-05-11 — was owed under 细则2014; one due on 2026-05-11 or later, under 细则2026."""
    case = make({1: D(2024, 1, 5), 2: D(2024, 1, 20), 3: activist})
    found = [f for f in check_case(case, ROSTER, D(2026, 12, 4)) if f.rule == "DEV-REVIEW-6M"]
    assert len(found) == 1 and "未记录：每半年进行一次培养考察" in found[0].message, [f.message for f in found]
    assert found[0].source == f"{text} 第十一条" and found[0].message.endswith(f"（{text} 第十一条）"), found[0].message


@pytest.mark.parametrize(("count", "broken"), [(1, False), (2, False), (3, True)])
def test_one_or_two_contacts(count: int, broken: bool) -> None:
    people = [PersonRef(Role.CONTACT, n) for n in ("李正", "王强", "赵新")[:count]]
    result = hits(make({1: D(2025, 9, 1), 3: D(2026, 3, 1), 5: D(2026, 3, 2)}, people=people))
    assert ("DEV-CONTACTS" in result) is broken


@pytest.mark.parametrize(("present", "yes", "rules"), [
    (15, 11, set()), (10, 10, {"VOTE-QUORUM", "VOTE-PASS"}), (11, 10, {"VOTE-PASS"}), (11, 11, set())])
def test_admission_vote_quorum_and_pass(present: int, yes: int, rules: set[str]) -> None:
    meeting = StepRecord(15, D(2025, 6, 1), voters_expected=20, voters_present=present, votes_for=yes)
    findings = check_case(make({1: D(2022, 1, 1), 15: meeting}), ROSTER, D(2025, 6, 2))
    words = {"VOTE-QUORUM": "未超过半数，会议不能进行表决", "VOTE-PASS": "决议未通过"}
    messages = " ".join(f.message for f in findings if f.rule == "VOTE-QUORUM-PASS-15")
    assert {r for r, w in words.items() if w in messages} == rules


@pytest.mark.parametrize(("activist", "broken"), [(D(2024, 2, 29), True), (D(2024, 3, 1), False), (D(2024, 3, 2), False)])
def test_order_activist_not_before_application(activist: date, broken: bool) -> None:
    result = hits(make({1: D(2024, 3, 1), 3: activist}))
    assert ("DEV-ORDER-3" in result) is broken


def test_skipped_steps_are_unrecorded_warnings_and_closed_records_have_no_due_items() -> None:
    case = make({1: D(2024, 1, 1), 3: D(2024, 6, 1), 15: D(2025, 6, 1)})
    skipped = [f for f in check_case(case, ROSTER, D(2026, 11, 25)) if f.rule == "DEV-RECORD" and "未记录：" in f.message]
    assert skipped and all(f.severity is Severity.WARNING for f in skipped)
    cancelled = make({1: D(2024, 1, 1), 15: D(2025, 6, 1)}, outcome=Outcome.CANCELLED)
    assert "DEV-PROBATION-1Y" not in hits(cancelled)


def test_a_future_text_is_a_data_change() -> None:
    """Appending a RuleSet changes the judgement from its date on, with no code change."""
    later = RuleSet("细则2030", "假设的修订", D(2030, 1, 1),
                    tuple(r for r in RULESETS[-1].rules if r.id != "DEV-OATH-1M"))
    book = RuleBook([*RULESETS, later])
    assert book.in_force(D(2029, 12, 31)).key == "细则2026" and book.in_force(D(2030, 1, 1)).key == "细则2030"
    case = make({1: D(2023, 1, 1), 15: D(2029, 11, 1), 17: D(2030, 1, 5), 20: D(2030, 3, 1)})
    assert "DEV-OATH-1M" in hits(case, as_of=D(2030, 3, 2))
    assert "DEV-OATH-1M" not in hits(case, as_of=D(2030, 3, 2), book=book)
    # an approval under the 2026 text keeps its limit after the (hypothetical) revision
    earlier = make({1: D(2023, 1, 1), 15: D(2029, 11, 1), 17: D(2029, 12, 1), 20: D(2030, 2, 1)})
    assert "DEV-OATH-1M" in hits(earlier, as_of=D(2030, 3, 1), book=book)
    assert DEFAULT_RULEBOOK.in_force(D(2026, 5, 10)).key == "细则2014"
    assert DEFAULT_RULEBOOK.in_force(D(2026, 5, 11)).key == "细则2026"
