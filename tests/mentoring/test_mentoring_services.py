"""结对帮扶 services: pairs CRUD against the roster, status rules, agreement blob, activity log,
outcomes, evaluations, editable lists and the year's figures per branch."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from branchdesk.domain.mentoring.log import ActivityInput
from branchdesk.domain.mentoring.records import KIND_CLASS, PairInput
from branchdesk.services.errors import RuleViolation, ValidationFailed
from branchdesk.services.mentoring.figures import year_figures
from branchdesk.services.mentoring.lists import get_lists, set_list
from branchdesk.services.mentoring.log import (
    activity_files,
    add_outcome,
    delete_activity,
    list_activities,
    list_evaluations,
    list_outcomes,
    save_activity,
    set_evaluation,
)
from branchdesk.services.mentoring.records import (
    agreement_file,
    delete_pair,
    get_pair,
    list_pairs,
    restore_pair,
    save_pair,
    set_agreement,
    set_status,
)
from branchdesk.services.mentoring.store import PairFilter
from tests.mentoring.helpers import BRANCH_A, BRANCH_B, make_roster, student_pair, teacher_pair

TODAY = date(2026, 11, 20)


def test_student_pair_keeps_minimal_data(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    pair = student_pair(db, ids["李秀英"], date(2026, 9, 1))
    assert (pair.mentee_type, pair.mentee_name, pair.mentee_class, pair.mentee_category) == (
        "学生", "王小明", "高一（3）班", "贫困生")
    assert pair.mentee_label == "王小明（高一（3）班）" and pair.mentor == "李秀英"


def test_teacher_mentee_in_roster_is_linked(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    pair = teacher_pair(db, ids["张建国"], date(2026, 9, 1), mentee="赵敏")
    assert pair.mentee_member_id == ids["赵敏"]
    outsider = teacher_pair(db, ids["张建国"], date(2026, 9, 1), mentee="林晓雯")
    assert outsider.mentee_member_id is None and outsider.mentee_type == "教师"


def test_validation_lists_every_problem(db) -> None:  # type: ignore[no-untyped-def]
    make_roster(db)
    with pytest.raises(ValidationFailed) as caught:
        save_pair(db, PairInput(kind="不存在的类型", branch="没有的支部", mentor_name="查无此人", mentee_name="",
                                start_date=date(2026, 9, 1), planned_end=date(2026, 8, 1), dimensions=["体育"]),
                  today=TODAY)
    fields = {e.field for e in caught.value.errors}
    assert fields == {"结对类型", "所在党支部", "导师（帮扶人）", "结对对象", "结束日期", "帮扶维度"}
    assert "花名册中没有在册党员“查无此人”" in str(caught.value)


def test_namesake_mentor_resolved_by_branch_or_refused(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    pair = save_pair(db, PairInput(kind=KIND_CLASS, branch=BRANCH_B, mentor_name="王芳", mentee_name="初二（1）班",
                                   mentee_category="班级", start_date=date(2026, 9, 1)), today=TODAY)
    assert pair.mentor_id == ids[f"王芳@{BRANCH_B}"] and pair.mentee_type == "班级"
    # both namesakes sit outside this branch? here one is in A, so A resolves too; a third branch would not
    pair_a = save_pair(db, PairInput(kind=KIND_CLASS, branch=BRANCH_A, mentor_name="王芳", mentee_name="高一（2）班",
                                     mentee_category="班级", start_date=date(2026, 9, 1)), today=TODAY)
    assert pair_a.mentor_id == ids[f"王芳@{BRANCH_A}"]


def test_status_stop_needs_reason_and_filters(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    pair = teacher_pair(db, ids["张建国"], date(2026, 2, 1))
    other = student_pair(db, ids["李秀英"], date(2025, 9, 1))
    with pytest.raises(ValidationFailed, match="中止原因"):
        set_status(db, pair.id, "中止", on=date(2026, 5, 1), today=TODAY)
    stopped = set_status(db, pair.id, "中止", on=date(2026, 5, 1), reason="徒弟调离本校", today=TODAY)
    assert (stopped.status, stopped.closed_on, stopped.stop_reason) == ("中止", date(2026, 5, 1), "徒弟调离本校")
    assert [p.id for p in list_pairs(db, PairFilter(status="中止"))] == [pair.id]
    assert [p.id for p in list_pairs(db, PairFilter(mentor_id=ids["李秀英"]))] == [other.id]
    assert [p.id for p in list_pairs(db, PairFilter(kind="党员帮扶学生"))] == [other.id]
    assert len(list_pairs(db, PairFilter(year=2025))) == 1  # the teacher pair began in 2026
    reopened = set_status(db, pair.id, "进行中", today=TODAY)
    assert reopened.closed_on is None and reopened.stop_reason == ""


def test_delete_goes_to_recycle_bin(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    pair = teacher_pair(db, ids["张建国"], date(2026, 2, 1))
    save_activity(db, pair.id, ActivityInput(date(2026, 3, 1), "听课", 1), today=TODAY)
    delete_pair(db, pair.id)
    assert list_pairs(db) == []
    back = restore_pair(db, pair.id)
    assert back.activity_count == 1


def test_agreement_stored_as_blob(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    pair = teacher_pair(db, ids["张建国"], date(2026, 9, 1))
    scan = tmp_path / "结对帮扶协议 林晓雯.pdf"
    scan.write_bytes(b"%PDF-1.4 signed agreement")
    updated = set_agreement(db, pair.id, date(2026, 9, 2), scan, today=TODAY)
    assert updated.agreement_date == date(2026, 9, 2) and updated.agreement_file == scan.name
    scan.unlink()  # the database keeps its own copy
    assert agreement_file(db, pair.id) == (scan.name, b"%PDF-1.4 signed agreement")
    with pytest.raises(ValidationFailed, match="晚于今天"):
        set_agreement(db, pair.id, date(2027, 1, 1), today=TODAY)


def test_activity_log_crud_and_attachments(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    pair = teacher_pair(db, ids["张建国"], date(2026, 9, 1))
    photo = tmp_path / "磨课.jpg"
    photo.write_bytes(b"\xff\xd8jpeg")
    first = save_activity(db, pair.id, ActivityInput(date(2026, 9, 10), "磨课", 2, "业务", "《背影》磨课"),
                          files=[photo], today=TODAY)
    assert first.attachments == ("磨课.jpg",) and activity_files(db, first.id) == [("磨课.jpg", b"\xff\xd8jpeg")]
    save_activity(db, pair.id, ActivityInput(date(2026, 10, 8), "谈心", 0.5, "思想"), today=TODAY)
    edited = save_activity(db, pair.id, ActivityInput(date(2026, 9, 10), "磨课", 1.5, "业务", "改"), first.id,
                           today=TODAY)
    assert edited.hours == 1.5 and edited.attachments == ("磨课.jpg",)
    assert [a.kind for a in list_activities(db, pair.id)] == ["谈心", "磨课"]  # newest first
    record = get_pair(db, pair.id)
    assert (record.activity_count, record.hours, record.last_activity) == (2, 2.0, date(2026, 10, 8))
    with pytest.raises(ValidationFailed) as caught:
        save_activity(db, pair.id, ActivityInput(date(2026, 8, 1), "跳舞", 30), today=TODAY)
    assert {e.field for e in caught.value.errors} == {"活动日期", "活动形式", "时长（小时）"}
    delete_activity(db, first.id)
    assert get_pair(db, pair.id).activity_count == 1


def test_outcomes_and_evaluation(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    pair = teacher_pair(db, ids["张建国"], date(2025, 9, 1))
    add_outcome(db, pair.id, date(2026, 5, 10), "获奖", "区青年教师优质课二等奖", today=TODAY)
    with pytest.raises(ValidationFailed):
        add_outcome(db, pair.id, date(2026, 5, 10), "中彩票", today=TODAY)
    assert [o.ledger_line() for o in list_outcomes(db, pair.id)] == ["2026-05-10 获奖：区青年教师优质课二等奖"]
    set_evaluation(db, pair.id, 2026, "良好", "初稿", today=TODAY)
    set_evaluation(db, pair.id, 2026, "优秀", "帮扶扎实", evaluated_on=TODAY, today=TODAY)
    assert [(e.year, e.grade, e.comment) for e in list_evaluations(db, pair.id)] == [(2026, "优秀", "帮扶扎实")]
    with pytest.raises(ValidationFailed, match="考核等次"):
        set_evaluation(db, pair.id, 2026, "特等", today=TODAY)


def test_lists_are_editable_but_used_items_stay(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    lists = set_list(db, "pair_kinds", [*get_lists(db).pair_kinds, "党员联系宿舍"])
    assert lists[-1] == "党员联系宿舍"
    pair = save_pair(db, PairInput(kind="党员联系宿舍", branch=BRANCH_A, mentor_id=ids["张建国"], mentee_name="男生3号楼",
                                   mentee_category="学生", start_date=date(2026, 9, 1)), today=TODAY)
    assert pair.kind == "党员联系宿舍"
    with pytest.raises(RuleViolation, match="已被 1 条记录使用"):
        set_list(db, "pair_kinds", ["青蓝工程师徒结对"])
    set_list(db, "dimensions", ["思想", "德育", "业务", "心理"])
    assert get_lists(db).dimensions[-1] == "心理"
    save_activity(db, pair.id, ActivityInput(date(2026, 9, 8), "谈心", 1, "心理"), today=TODAY)
    with pytest.raises(RuleViolation, match="“心理”已被 1 条记录使用"):
        set_list(db, "dimensions", ["思想", "德育", "业务"])
    assert set_list(db, "dimensions", ["心理", "思想"]) == ["心理", "思想"]  # unused ones may go


def test_year_figures_per_branch(db) -> None:  # type: ignore[no-untyped-def]
    ids = make_roster(db)
    a1 = teacher_pair(db, ids["张建国"], date(2025, 9, 1), date(2026, 7, 15))
    a2 = student_pair(db, ids["李秀英"], date(2026, 9, 1))
    b1 = save_pair(db, PairInput(kind=KIND_CLASS, branch=BRANCH_B, mentor_id=ids["赵敏"], mentee_name="初二（1）班",
                                 mentee_category="班级", start_date=date(2026, 3, 1)), today=TODAY)
    old = teacher_pair(db, ids["张建国"], date(2024, 9, 1), date(2025, 7, 1), mentee="周子涵")
    set_status(db, old.id, "已结束", on=date(2025, 7, 1), today=TODAY)
    for pair, day, hours in ((a1, date(2025, 12, 1), 2), (a1, date(2026, 3, 1), 1.5), (a2, date(2026, 10, 1), 1),
                             (b1, date(2026, 4, 1), 2), (b1, date(2026, 5, 1), 1)):
        save_activity(db, pair.id, ActivityInput(day, "谈心", hours), today=TODAY)
    add_outcome(db, a1.id, date(2026, 5, 10), "获奖", today=TODAY)
    add_outcome(db, a1.id, date(2025, 12, 10), "公开课", today=TODAY)  # 2025: not counted in 2026
    with pytest.raises(ValidationFailed, match="早于结对开始日期"):
        add_outcome(db, b1.id, date(2025, 5, 10), "学业进步", today=TODAY)
    set_evaluation(db, a1.id, 2026, "优秀", today=TODAY)
    figures = year_figures(db, 2026)
    rows = {r.branch: r for r in figures.rows}
    assert list(rows) == [BRANCH_A, BRANCH_B, "合计"]
    a = rows[BRANCH_A]
    assert (a.pairs, a.new_pairs, a.activities, a.hours, a.outcomes, a.evaluated, a.excellent) == (2, 1, 2, 2.5, 1, 1, 1)
    assert a.pairs_by_kind == {"青蓝工程师徒结对": 1, "党员帮扶学生": 1}
    total = rows["合计"]
    assert (total.pairs, total.activities, total.hours, total.outcomes) == (3, 4, 5.5, 1)
    assert figures.kinds[:3] == ["青蓝工程师徒结对", "党员帮扶学生", "党员联系班级"]
    assert [r.branch for r in year_figures(db, 2026, branch=BRANCH_B).rows] == [BRANCH_B, "合计"]
    assert year_figures(db, 2025).rows[-1].pairs == 2  # a1 and the old pair ran in 2025


def test_mentor_who_left_resolves_only_for_earlier_pairs(db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.vocabulary import MoveKind
    from branchdesk.services.roster.records import mark_left

    ids = make_roster(db)
    mark_left(db, ids["张建国"], MoveKind.TRANSFER_OUT, date(2026, 2, 1), counterpart="示范市第一中学")
    older = save_pair(db, PairInput(kind="青蓝工程师徒结对", branch=BRANCH_A, mentor_name="张建国", mentee_name="林晓雯",
                                    start_date=date(2025, 9, 1)), today=TODAY)
    assert older.mentor_id == ids["张建国"]
    with pytest.raises(ValidationFailed, match="已于 2026-02-01 转出，不能作为此后开始的结对的导师"):
        save_pair(db, PairInput(kind="青蓝工程师徒结对", branch=BRANCH_A, mentor_name="张建国", mentee_name="周子涵",
                                start_date=date(2026, 3, 1)), today=TODAY)


def test_a_second_save_of_a_pair_is_refused_and_shows_the_other_change(db) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from branchdesk.services.errors import ConflictError
    from branchdesk.services.mentoring.records import save_pair
    from tests.mentoring.helpers import make_roster, teacher_pair

    roster = make_roster(db)
    pair = teacher_pair(db, next(iter(roster.values())), date(2026, 9, 1))
    save_pair(db, replace(pair.to_input(), goals="两年成为骨干"), pair.id, pair.version, today=date(2026, 11, 20))
    with pytest.raises(ConflictError) as refused:
        save_pair(db, replace(pair.to_input(), goals="我的目标"), pair.id, pair.version, today=date(2026, 11, 20))
    assert "结对记录已被他人修改" in str(refused.value) and "“两年成为骨干”" in str(refused.value)
