"""发展党员 services on a real migrated database: records, steps, the roster hand-over at 接收 and
转正, outcomes, documents, and the views' figures."""

from __future__ import annotations

from datetime import date

import pytest

from branchdesk.domain.development.records import PersonInput
from branchdesk.domain.development.steps import Outcome, Role, Stage
from branchdesk.domain.development.timeline import StepStatus
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.development import records as dev
from branchdesk.services.development.checks import check_development, figures, pipeline, summaries, timeline
from branchdesk.services.errors import RuleViolation, ValidationFailed
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import list_members, list_moves, save_member

D = date
ID = make_id_number("140202", D(1998, 4, 12), 31, True)


@pytest.fixture
def branch(db):  # type: ignore[no-untyped-def]
    committee = create_org(db, "中共示范中学委员会", OrgKind.COMMITTEE)
    create_org(db, "高一年级党支部", OrgKind.BRANCH, committee.id)
    for i, name in enumerate(("李正", "王强")):
        save_member(db, MemberInput(name=name, id_number=make_id_number("140202", D(1975, 1, 1 + i), i, True),
                                    branch="高一年级党支部", category="正式党员", join_date=D(2000, 7, 1),
                                    full_date=D(2001, 7, 1)))
    return "高一年级党支部"


def _person(db, branch: str):  # type: ignore[no-untyped-def]
    return dev.save_person(db, PersonInput(name="周晓明", id_number=ID, branch=branch, position="数学教师"))


def _admit(db, case_id: int) -> None:  # type: ignore[no-untyped-def]
    for step, day in ((1, D(2023, 3, 1)), (2, D(2023, 3, 20)), (3, D(2023, 9, 1)), (7, D(2024, 9, 10)),
                      (10, D(2024, 10, 1)), (12, D(2024, 10, 20)), (13, D(2024, 11, 1)), (14, D(2024, 11, 5))):
        dev.save_step(db, case_id, dev.StepInput(step, day))
    dev.save_step(db, case_id, dev.StepInput(9, D(2024, 9, 12), people=["李正", "王强"]))


def test_person_data_from_the_id_number_and_validation(db, branch) -> None:  # type: ignore[no-untyped-def]
    case = _person(db, branch)
    assert (case.sex, case.birth_date, case.stage) == ("男", D(1998, 4, 12), Stage.APPLICANT)
    with pytest.raises(ValidationFailed, match="同一人不能登记两次"):
        _person(db, branch)
    with pytest.raises(ValidationFailed, match="没有名为“不存在党支部”的党支部"):
        dev.save_person(db, PersonInput(name="某人", id_number=make_id_number("140202", D(1999, 1, 1), 5, False),
                                        branch="不存在党支部"))


def test_admission_puts_the_person_in_the_roster_once(db, branch) -> None:  # type: ignore[no-untyped-def]
    case = _person(db, branch)
    _admit(db, case.id)
    assert not [m for m in list_members(db) if m.id_number == ID]
    case, note = dev.save_step(db, case.id, dev.StepInput(15, D(2024, 12, 1), voters_expected=20, voters_present=18,
                                                          votes_for=18))
    assert "待上级党委审批后编入党员名册" in note and case.stage is Stage.CANDIDATE  # not before approval
    assert not [m for m in list_members(db) if m.id_number == ID]
    case, note = dev.save_step(db, case.id, dev.StepInput(17, D(2024, 12, 20)))
    assert "已编入党员名册" in note
    rostered = [m for m in list_members(db) if m.id_number == ID]
    assert len(rostered) == 1
    member = rostered[0]
    assert (member.category, member.join_date, member.full_date, member.position) == (
        "预备党员", D(2024, 12, 1), None, "数学教师")
    assert case.member_id == member.id and case.stage is Stage.PROBATIONARY
    # the roster follows the record: a corrected meeting date and personal data are not typed twice
    dev.save_step(db, case.id, dev.StepInput(15, D(2024, 12, 2)))
    dev.save_person(db, PersonInput(name="周晓明", id_number=ID, branch=branch, position="数学教研组长"), case.id)
    member = [m for m in list_members(db) if m.id_number == ID][0]
    assert (member.join_date, member.position) == (D(2024, 12, 2), "数学教研组长")
    with pytest.raises(RuleViolation, match="不能清除"):
        dev.save_step(db, case.id, dev.StepInput(15, None))

    # 转正 approved: 正式党员, 转正日期 = end of probation (one year from the admission meeting)
    for step, day in ((17, D(2025, 1, 10)), (20, D(2025, 1, 20)), (22, D(2025, 11, 20)), (23, D(2025, 12, 2))):
        dev.save_step(db, case.id, dev.StepInput(step, day))
    case, note = dev.save_step(db, case.id, dev.StepInput(24, D(2026, 1, 15)))
    member = [m for m in list_members(db) if m.id_number == ID][0]
    assert (member.category, member.full_date) == ("正式党员", D(2025, 12, 2))
    assert case.outcome is Outcome.FULL and "正式党员" in note
    assert len([m for m in list_members(db) if m.id_number == ID]) == 1


def test_existing_roster_row_is_linked_not_duplicated(db, branch) -> None:  # type: ignore[no-untyped-def]
    save_member(db, MemberInput(name="周晓明", id_number=ID, branch=branch, category="预备党员",
                                join_date=D(2024, 12, 1)))
    case = _person(db, branch)
    _admit(db, case.id)
    _, note = dev.save_step(db, case.id, dev.StepInput(15, D(2024, 12, 1)))
    assert "关联" in note
    assert len([m for m in list_members(db) if m.id_number == ID]) == 1


def test_extension_once_and_cancellation_with_reason(db, branch) -> None:  # type: ignore[no-untyped-def]
    case = _person(db, branch)
    _admit(db, case.id)
    dev.save_step(db, case.id, dev.StepInput(15, D(2024, 12, 1)))
    dev.save_step(db, case.id, dev.StepInput(17, D(2024, 12, 20)))
    with pytest.raises(RuleViolation, match="6 个月"):
        dev.set_extension(db, case.id, 3, D(2025, 12, 1), "表现需进一步考察")
    case, _ = dev.set_extension(db, case.id, 6, D(2025, 12, 1), "表现需进一步考察")
    assert case.probation_end == D(2026, 6, 1)
    with pytest.raises(RuleViolation, match="只能延长一次"):
        dev.set_extension(db, case.id, 12, D(2026, 1, 1), "再延长")
    with pytest.raises(RuleViolation, match="理由"):
        dev.end_case(db, case.id, Outcome.CANCELLED, D(2026, 6, 1), "")
    case, note = dev.end_case(db, case.id, Outcome.CANCELLED, D(2026, 6, 1), "延长预备期后仍不具备党员条件")
    member = [m for m in list_members(db, include_left=True) if m.id_number == ID][0]
    assert member.status == "出党" and member.left_date == D(2026, 6, 1)
    assert "取消预备党员资格" in list_moves(db, member.id)[0][3]
    assert case.outcome is Outcome.CANCELLED and "出党" in note
    assert pipeline(db)["取消预备党员资格"] == ["周晓明"]


def test_stopping_before_admission_and_reopening(db, branch) -> None:  # type: ignore[no-untyped-def]
    case = _person(db, branch)
    dev.save_step(db, case.id, dev.StepInput(1, D(2026, 1, 5)))
    case, _ = dev.end_case(db, case.id, Outcome.STOPPED, D(2026, 3, 1), "调离本校")
    assert not [f for f in check_development(db, year=2026, as_of=D(2026, 11, 1)) if f.due]
    assert dev.reopen_case(db, case.id).outcome is Outcome.IN_PROGRESS


def test_reviews_documents_and_timeline(db, branch) -> None:  # type: ignore[no-untyped-def]
    case = _person(db, branch)
    dev.save_step(db, case.id, dev.StepInput(1, D(2025, 9, 1), people=None))
    dev.save_step(db, case.id, dev.StepInput(2, D(2025, 9, 15), people=["李正"]))
    dev.save_step(db, case.id, dev.StepInput(3, D(2026, 3, 1)))
    dev.save_step(db, case.id, dev.StepInput(5, D(2026, 3, 2), people=["李正", "王强"]))
    dev.add_review(db, case.id, 6, D(2026, 6, 1))
    dev.add_review(db, case.id, 6, None)
    dev.add_document(db, case.id, 1, "入党申请书", D(2025, 9, 1))
    case = dev.add_document(db, case.id, 2, "谈话记录", None, "谈话记录.docx", b"PK\x03\x04 talk")
    assert dev.document_content(db, case.documents[-1].id) == ("谈话记录.docx", b"PK\x03\x04 talk")
    assert {p.role for p in case.people} == {Role.TALKER, Role.CONTACT}
    _, items = timeline(db, case.id, D(2026, 11, 10))
    status = {i.step: i.status for i in items}
    assert status[1] is StepStatus.DONE and status[3] is StepStatus.DONE
    assert status[4] is StepStatus.MISSING  # 5 recorded, 4 never
    assert status[6] is StepStatus.DUE  # next half-year review falls due 2026-12-01
    assert status[7] is StepStatus.WAITING
    assert "李正" in items[4].people
    findings = check_development(db, year=2026, as_of=D(2026, 11, 10))
    assert {"DEV-REVIEW-6M", "DEV-RECORD"} <= {f.rule for f in findings}
    assert all(f.person == "周晓明" and f.area == "发展党员" for f in findings)
    row = summaries(db, D(2026, 11, 10))[0]
    assert row.stage == "入党积极分子" and row.next_due == D(2026, 12, 1)


def test_pipeline_and_year_figures(db, branch) -> None:  # type: ignore[no-untyped-def]
    case = _person(db, branch)
    _admit(db, case.id)
    dev.save_step(db, case.id, dev.StepInput(15, D(2024, 12, 1)))
    other = dev.save_person(db, PersonInput(name="林小雨", id_number=make_id_number("140203", D(2001, 2, 3), 9, False),
                                            branch=branch))
    dev.save_step(db, other.id, dev.StepInput(1, D(2024, 5, 1)))
    year = figures(db, 2024)
    # 接收预备党员 counts an admission once the 上级党委 approved it (as the year-end report does)
    assert (year.applications, year.activists, year.candidates, year.probationary, year.full) == (1, 0, 1, 0, 0)
    assert "周晓明" not in pipeline(db)["预备党员"]  # a 发展对象 awaiting 审批 until then
    dev.save_step(db, case.id, dev.StepInput(17, D(2024, 12, 20)))
    assert figures(db, 2024).probationary == 1
    board = pipeline(db)
    assert board["预备党员"] == ["周晓明"] and board["入党申请人"] == ["林小雨"]
    assert figures(db, 2023).applications == 1 and figures(db, 2023).activists == 1


def test_deleted_record_goes_to_recycle_bin(db, branch) -> None:  # type: ignore[no-untyped-def]
    case = _person(db, branch)
    dev.delete_case(db, case.id)
    assert dev.list_cases(db) == [] and [c.id for c in dev.list_cases(db, deleted=True)] == [case.id]
    assert dev.restore_case(db, case.id).name == "周晓明"


def test_incomplete_record_never_downgrades_a_full_member(db, branch) -> None:  # type: ignore[no-untyped-def]
    save_member(db, MemberInput(name="周晓明", id_number=ID, branch=branch, category="正式党员",
                                join_date=D(2024, 12, 1), full_date=D(2025, 12, 1)))
    case = _person(db, branch)
    _admit(db, case.id)
    _, note = dev.save_step(db, case.id, dev.StepInput(15, D(2024, 12, 2)))
    assert "入党日期由 2024-12-01 改为" in note and "名册保持不变" in note
    dev.save_step(db, case.id, dev.StepInput(16, D(2024, 12, 20)))
    member = [m for m in list_members(db) if m.id_number == ID][0]
    assert (member.category, member.full_date, member.join_date) == ("正式党员", D(2025, 12, 1), D(2024, 12, 2))


def test_a_second_save_is_refused_and_shows_the_other_change(db, branch) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from branchdesk.services.errors import ConflictError

    case = _person(db, branch)
    base = PersonInput(name="周晓明", id_number=ID, branch=branch, position="数学教师")
    dev.save_person(db, replace(base, position="年级组长"), case.id, case.version)
    with pytest.raises(ConflictError) as refused:
        dev.save_person(db, replace(base, phone="13800001111"), case.id, case.version)
    assert "“周晓明”的发展党员记录已被他人修改" in str(refused.value) and "“年级组长”" in str(refused.value)
