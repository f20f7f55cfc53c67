"""TY-6: a year's volume shows each 发展党员 case as it stood on 31 December of that year (or on the day it
is made while the year runs) — domain.md §4. The 2024 volume made after a 2025 转正 printed the person as
正式党员 with the 2025 steps (提出转正申请, 支部大会讨论转正, 上级党委审批转正) and reminders about them, while the
same volume's 党员名册 rightly said 预备党员. (Dates lie in the past of the real clock: steps after today are
refused.)"""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.db.engine import Database
from branchdesk.domain.annual_report.development_section import DevRow
from branchdesk.domain.annual_report.records import AnnualReportData
from branchdesk.domain.development.records import PersonInput, StepRecord, as_it_stood
from branchdesk.domain.development.steps import Outcome, Role, Stage
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.development import records as dev
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import save_member

D = date
BRANCH = "第一党支部"
FULL = ("王秀兰", "李明", "张红梅", "刘建军")


def _branch(db: Database) -> None:
    committee = create_org(db, "中共青山学校委员会", OrgKind.COMMITTEE)
    create_org(db, BRANCH, OrgKind.BRANCH, committee.id)
    for i, name in enumerate(FULL):
        save_member(db, MemberInput(name=name, id_number=make_id_number("220802", D(1975, 1, 1 + i), i, i % 2 == 0),
                                    branch=BRANCH, category="正式党员", join_date=D(2000, 7, 1),
                                    full_date=D(2001, 7, 1)))


def _probationer(db: Database) -> int:
    """赵婷: admitted by the 支部大会 on 2024-04-10, approved, sworn in — a 预备党员 at the end of 2024."""
    case = dev.save_person(db, PersonInput(name="赵婷", id_number=make_id_number("220802", D(1996, 5, 6), 22, False),
                                           branch=BRANCH))
    votes = {"voters_expected": 4, "voters_present": 4, "votes_for": 4}
    for step, day, extra in (
            (1, D(2022, 3, 1), {}), (2, D(2022, 3, 15), {"people": ["王秀兰"]}), (3, D(2022, 4, 10), {}),
            (4, D(2022, 4, 12), {}), (5, D(2022, 4, 12), {"people": ["李明", "张红梅"]}),
            (7, D(2023, 5, 10), {}), (8, D(2023, 5, 12), {}), (9, D(2023, 5, 12), {"people": ["李明", "张红梅"]}),
            (10, D(2023, 6, 1), {}), (12, D(2024, 3, 1), {}), (13, D(2024, 3, 10), {}), (14, D(2024, 3, 20), {}),
            (15, D(2024, 4, 10), votes), (16, D(2024, 4, 20), {"people": ["王秀兰"]}), (17, D(2024, 5, 8), {}),
            (18, D(2024, 5, 10), {}), (19, D(2024, 5, 12), {}), (20, D(2024, 5, 25), {})):
        dev.save_step(db, case.id, dev.StepInput(step, day, **extra))
    return case.id


def _full_in_2025(db: Database, case_id: int) -> None:
    dev.save_step(db, case_id, dev.StepInput(22, D(2025, 3, 25), documents=[("转正申请书", D(2025, 3, 25))]))
    dev.save_step(db, case_id, dev.StepInput(23, D(2025, 4, 10), voters_expected=4, voters_present=4, votes_for=4))
    dev.save_step(db, case_id, dev.StepInput(24, D(2025, 4, 20)))


def _ledger(data: AnnualReportData) -> DevRow:
    [row] = [r for r in data.development.ledger if r.name == "赵婷"]
    return row


def test_the_year_volume_made_after_the_next_years_full_membership_shows_the_probationer(db) -> None:  # type: ignore[no-untyped-def]
    _branch(db)
    case_id = _probationer(db)
    before = gather_report(db, 2024, generated_on=D(2025, 1, 4))
    assert _ledger(before).stage == "预备党员"
    _full_in_2025(db, case_id)
    after = gather_report(db, 2024, generated_on=D(2025, 4, 22))
    row, kept = _ledger(after), _ledger(before)
    assert (row.stage, row.full) == ("预备党员", None)
    assert row.steps == kept.steps and not any(day and day.year == 2025 for day, _ in row.steps)
    assert (row.problems, row.reminders) == (kept.problems, kept.reminders)
    mine = [f.message for f in after.development.findings if f.person == "赵婷"]
    assert mine == [f.message for f in before.development.findings if f.person == "赵婷"]
    assert not any("第22步" in m or "第24步" in m for m in mine)
    assert after.development.pipeline == before.development.pipeline
    assert after.summaries["development"] == before.summaries["development"]
    # the 2025 volume shows the 转正 with its steps
    later = _ledger(gather_report(db, 2025, generated_on=D(2025, 12, 31)))
    assert (later.stage, later.full) == ("正式党员", D(2025, 4, 20))
    assert [label for day, label in later.steps if day and day.year == 2025][:3] == [
        "提出转正申请", "支部大会讨论转正（应到4人，实到4人，赞成4票）", "上级党委审批转正（转正日期 2025-04-10）"]


def test_a_volume_of_the_running_year_stops_at_the_day_it_is_made(db) -> None:  # type: ignore[no-untyped-def]
    _branch(db)
    case_id = _probationer(db)
    _full_in_2025(db, case_id)
    row = _ledger(gather_report(db, 2025, generated_on=D(2025, 4, 15)))
    assert row.stage == "预备党员" and row.full is None
    assert [label for day, label in row.steps if day and day.year == 2025] == [
        "提出转正申请", "支部大会讨论转正（应到4人，实到4人，赞成4票）"]


def test_a_case_begun_after_the_day_is_not_in_the_volume(db) -> None:  # type: ignore[no-untyped-def]
    _branch(db)
    case = dev.save_person(db, PersonInput(name="孙浩", id_number=make_id_number("220802", D(1998, 2, 3), 31, True),
                                           branch=BRANCH))
    dev.save_step(db, case.id, dev.StepInput(3, D(2025, 2, 1)))  # a ledger begun at 确定入党积极分子
    assert not [r for r in gather_report(db, 2024, generated_on=D(2025, 3, 1)).development.ledger if r.name == "孙浩"]
    assert [r.stage for r in gather_report(db, 2025, generated_on=D(2025, 3, 1)).development.ledger
            if r.name == "孙浩"] == ["入党积极分子"]


@pytest.mark.parametrize("day, expected", [(D(2025, 6, 19), (None, None, "", Outcome.IN_PROGRESS)),
                                           (D(2025, 6, 20), (6, D(2025, 6, 20), "表现需进一步考察",
                                                             Outcome.IN_PROGRESS))])
def test_extension_and_outcome_stand_from_their_day(db, day: date, expected: tuple[object, ...]) -> None:  # type: ignore[no-untyped-def]
    _branch(db)
    case_id = _probationer(db)
    dev.set_extension(db, case_id, 6, D(2025, 6, 20), "表现需进一步考察")
    case = dev.get_case(db, case_id)
    stood = as_it_stood(case, day)
    assert (stood.extension_months, stood.extension_on, stood.extension_reason, stood.outcome) == expected


def test_as_it_stood_leaves_out_what_came_later_and_keeps_what_has_no_day() -> None:
    from branchdesk.domain.development.records import DevelopmentCase, DocumentRecord, PersonRef, Review

    case = DevelopmentCase(
        id=1, name="赵婷", sex="女", id_number="", birth_date=None, branch=BRANCH, branch_id=1,
        steps={1: StepRecord(1, D(2022, 3, 1)), 11: StepRecord(11, None, D(2024, 12, 20), D(2025, 1, 10)),
               14: StepRecord(14, None), 16: StepRecord(16, D(2025, 1, 5)), 24: StepRecord(24, D(2025, 4, 20))},
        people=(PersonRef(Role.TALKER, "王秀兰"), PersonRef(Role.UPPER_TALKER, "李明")),
        reviews=(Review(1, 21, D(2024, 10, 1)), Review(2, 21, D(2025, 2, 1)), Review(3, 21, None)),
        documents=(DocumentRecord(1, 1, "入党申请书", D(2022, 3, 1)), DocumentRecord(2, 24, "审批意见", D(2025, 4, 20)),
                   DocumentRecord(3, 22, "转正申请书", None, "转正申请书.pdf", 10)),
        outcome=Outcome.FULL, outcome_on=D(2025, 4, 20))
    stood = as_it_stood(case, D(2024, 12, 31))
    assert sorted(stood.steps) == [1, 11, 14]  # a training under way on the day; an undated step is kept
    assert [p.name for p in stood.people] == ["王秀兰"]  # 上级党委谈话人 named by the step of 2025
    assert [r.id for r in stood.reviews] == [1, 3] and [d.id for d in stood.documents] == [1, 3]
    assert (stood.outcome, stood.outcome_on, stood.stage) == (Outcome.IN_PROGRESS, None, Stage.APPLICANT)
    assert as_it_stood(case, D(2025, 4, 20)) == case


def test_the_self_check_appendix_judges_the_case_as_it_stood(db) -> None:  # type: ignore[no-untyped-def]
    """The volume's appendix (run_checks on the volume's day) held the same reminders about the next year's steps."""
    from branchdesk.services.annual_report.records import gather_findings
    from branchdesk.services.checks import run_checks

    _branch(db)
    case_id = _probationer(db)
    day = D(2024, 12, 31)
    before = [f.message for f in run_checks(db, year=2024, as_of=day) if f.person == "赵婷"]
    _full_in_2025(db, case_id)
    assert [f.message for f in run_checks(db, year=2024, as_of=day) if f.person == "赵婷"] == before
    appendix = [r.message for r in gather_findings(db, 2024, as_of=day, branch=None) if r.person == "赵婷"]
    assert not any("第22步" in m or "第24步" in m for m in appendix)
