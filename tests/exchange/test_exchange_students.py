"""A student helped by a member (结对帮扶) stays with the branch (domain.md §8: students' data kept to
the minimum; collect what the reports need and no more). The 党委's volume and checks count pairs by
kind, list them with the student shown as 王同学, and name the pair in a reminder: a branch's 上报
tells the committee "王同学", no class, and the category "学生" — never 贫困生 or 留守儿童. The
branch keeps its own record whole, also when the committee changes the pair and sends it back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import MentoringPair
from branchdesk.domain.mentoring.records import KIND_STUDENT, KIND_TEACHER, PairInput
from branchdesk.services.mentoring.records import get_pair, save_pair, set_status
from tests.exchange.exchange_helpers import member, send

TODAY = date(2026, 11, 20)
BRANCH = "第一党支部"
MENTOR = "第一党员1"


def _student(db: Database, name: str = "王小明（高一（3）班）", category: str = "贫困生") -> int:
    return save_pair(db, PairInput(kind=KIND_STUDENT, branch=BRANCH, mentor_id=member(db, MENTOR).id,
                                   mentee_name=name, mentee_category=category, start_date=date(2026, 9, 1),
                                   goals="每周谈心一次"), today=TODAY).id


def _teacher(db: Database) -> int:
    return save_pair(db, PairInput(kind=KIND_TEACHER, branch=BRANCH, mentor_id=member(db, MENTOR).id,
                                   mentee_name="林晓雯", mentee_category="青年教师", start_date=date(2026, 9, 1),
                                   dimensions=["业务"]), today=TODAY).id


def _mentee(db: Database, gid: str) -> tuple[str, str, str, str]:
    with db.session() as s:
        pair = s.scalars(select(MentoringPair).where(MentoringPair.gid == gid)).one()
        return pair.mentee_type, pair.mentee_name, pair.mentee_class, pair.mentee_category


def _gid(db: Database, pair_id: int) -> str:
    with db.session() as s:
        pair = s.get(MentoringPair, pair_id)
        assert pair is not None
        return pair.gid


def _id(db: Database, gid: str) -> int:
    with db.session() as s:
        return s.scalars(select(MentoringPair.id).where(MentoringPair.gid == gid)).one()


def test_the_committee_hears_of_a_student_as_wang_tongxue_without_class_or_category(
        joined: tuple[Database, Database], tmp_path: Path) -> None:
    committee, branch = joined
    student = _gid(branch, _student(branch))
    left_behind = _gid(branch, _student(branch, "李四（初二（1）班）", "留守儿童"))
    teacher = _gid(branch, _teacher(branch))
    assert send(branch, committee, tmp_path).ok
    assert _mentee(committee, student) == ("学生", "王同学", "", "学生")
    assert _mentee(committee, left_behind) == ("学生", "李同学", "", "学生")
    assert _mentee(committee, teacher) == ("教师", "林晓雯", "", "青年教师")  # a colleague, not a student
    with committee.session() as s:  # the rest of the pair travels as entered
        assert s.scalars(select(MentoringPair.goals).where(MentoringPair.gid == student)).one() == "每周谈心一次"
    assert _mentee(branch, student) == ("学生", "王小明", "高一（3）班", "贫困生")  # the branch's own stays whole
    assert _mentee(branch, left_behind) == ("学生", "李四", "初二（1）班", "留守儿童")


def test_a_pair_the_committee_changes_comes_back_without_erasing_the_student(
        joined: tuple[Database, Database], tmp_path: Path) -> None:
    committee, branch = joined
    student = _gid(branch, _student(branch))
    assert send(branch, committee, tmp_path).ok
    set_status(committee, _id(committee, student), "已结束", on=date(2026, 11, 1), today=TODAY)
    assert send(committee, branch, tmp_path).ok
    back = get_pair(branch, _id(branch, student))
    assert back.status == "已结束" and back.closed_on == date(2026, 11, 1)  # the committee's change arrived
    assert _mentee(branch, student) == ("学生", "王小明", "高一（3）班", "贫困生")  # and the student stayed
    # a later change on the branch goes up reduced again, and both sides agree on the rest
    set_status(branch, _id(branch, student), "进行中", today=TODAY)
    assert send(branch, committee, tmp_path).ok
    assert get_pair(committee, _id(committee, student)).status == "进行中"
    assert _mentee(committee, student) == ("学生", "王同学", "", "学生")


def test_a_student_the_committee_enters_reaches_the_branch_whole(
        joined: tuple[Database, Database], tmp_path: Path) -> None:
    committee, branch = joined
    student = _gid(committee, _student(committee, "赵小华（高二（5）班）", "特殊生"))
    assert send(committee, branch, tmp_path).ok
    assert _mentee(branch, student) == ("学生", "赵小华", "高二（5）班", "特殊生")


def test_a_pair_changed_on_both_pcs_shows_no_student_difference_and_taking_the_committees_keeps_him(
        joined: tuple[Database, Database], tmp_path: Path) -> None:
    from branchdesk.services.exchange import records as exchange

    committee, branch = joined
    student = _gid(branch, _student(branch))
    assert send(branch, committee, tmp_path).ok
    set_status(committee, _id(committee, student), "已结束", on=date(2026, 11, 1), today=TODAY)
    set_status(branch, _id(branch, student), "中止", on=date(2026, 11, 2), reason="学生转学", today=TODAY)
    assert send(committee, branch, tmp_path).conflicts == 1
    [view] = exchange.list_conflicts(branch)
    assert {d.field for d in view.differing} == {"状态", "实际结束日期", "中止原因"}, view.differing
    shown = {d.field: (d.local, d.remote) for d in view.fields}
    assert shown["结对对象"] == ("王小明", "王小明")  # the committee's copy leaves the branch's student as it is
    exchange.resolve_conflict(branch, view.id, "remote")
    assert get_pair(branch, _id(branch, student)).status == "已结束"
    assert _mentee(branch, student) == ("学生", "王小明", "高一（3）班", "贫困生")


def test_a_pair_handed_to_another_branch_goes_up_with_the_student_reduced_too(
        joined: tuple[Database, Database], tmp_path: Path) -> None:
    """A pair the branch hands to another branch (its mentor moved there, say) goes up as a record that
    left the branch (outgoing.collect: its 党小组 withheld) — and told as any other pair is: 王同学, no
    class, the category 学生."""
    from dataclasses import replace

    committee, branch = joined
    pair_id = _student(branch)
    student = _gid(branch, pair_id)
    assert send(branch, committee, tmp_path).ok
    record = get_pair(branch, pair_id)
    save_pair(branch, replace(PairInput(kind=KIND_STUDENT, branch="第二党支部", mentor_id=member(branch, MENTOR).id,
                                        mentee_name="王小明（高一（3）班）", mentee_category="贫困生",
                                        start_date=date(2026, 9, 1), goals="每周谈心一次")),
              pair_id, record.version, today=TODAY)
    assert send(branch, committee, tmp_path).ok
    assert _mentee(committee, student) == ("学生", "王同学", "", "学生")
