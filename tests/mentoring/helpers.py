"""A small roster for the 结对帮扶 tests: two branches, a few members (one pair of namesakes)."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.mentoring.records import KIND_STUDENT, KIND_TEACHER, PairInput
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.mentoring.records import save_pair
from branchdesk.services.roster.organisation import create_org
from branchdesk.services.roster.records import save_member

BRANCH_A = "高一年级党支部"
BRANCH_B = "初中部党支部"
PEOPLE = [("张建国", BRANCH_A), ("李秀英", BRANCH_A), ("王芳", BRANCH_A), ("王芳", BRANCH_B), ("赵敏", BRANCH_B)]


def make_roster(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Create the branches and members; return name (first of namesakes) -> member id."""
    top = create_org(db, "中共测试中学委员会", OrgKind.COMMITTEE)
    for name in (BRANCH_A, BRANCH_B):
        create_org(db, name, OrgKind.BRANCH, top.id)
    ids: dict[str, int] = {}
    for number, (name, branch) in enumerate(PEOPLE, start=1):
        birth = date(1980 + number, 3, number)
        record = save_member(db, MemberInput(
            name=name, id_number=make_id_number("110101", birth, number, number % 2 == 1), branch=branch,
            category="正式党员", join_date=date(2005 + number, 7, 1), full_date=date(2006 + number, 7, 1),
        ))
        ids.setdefault(name, record.id)
        ids[f"{name}@{branch}"] = record.id
    return ids


def teacher_pair(db, mentor_id: int, start: date, end: date | None = None, mentee: str = "林晓雯",
                 today: date | None = None):  # type: ignore[no-untyped-def]
    return save_pair(db, PairInput(
        kind=KIND_TEACHER, branch=BRANCH_A, mentor_id=mentor_id, mentee_name=mentee, mentee_category="青年教师",
        start_date=start, planned_end=end, goals="一年站稳讲台", dimensions=["思想", "业务"],
    ), today=today or date(2026, 11, 20))


def student_pair(db, mentor_id: int, start: date, end: date | None = None):  # type: ignore[no-untyped-def]
    return save_pair(db, PairInput(
        kind=KIND_STUDENT, branch=BRANCH_A, mentor_id=mentor_id, mentee_name="王小明（高一（3）班）",
        mentee_category="贫困生", start_date=start, planned_end=end,
    ), today=date(2026, 11, 20))
