"""One record typed in on both sides (same_record.py), as the merge finds ours from the rows of each
table read once: copies here that share a key, a member in the recycle bin or in another branch here,
and two copies in the package that match one row here."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import CommitteePost, Member, Organisation
from branchdesk.services.exchange import records as exchange
from tests.exchange.exchange_helpers import add_branch_site, make_committee, open_db

POSTS_MERGED = "有 1 条支委任职（书记）两边都新建过，已按同一条记录合并"
MEMBER_MERGED = "有 1 条党员（第一党员1）两边都新建过，已按同一条记录合并"


def _committee(tmp_path: Path, posts: int) -> Database:
    """第一党支部 (第一党员1 and 第一党员2) and 第二党支部; 第一党员1 is 书记 `posts` times (a double entry)."""
    committee = make_committee(tmp_path / "党委.sqlite", {"第一党支部": 2, "第二党支部": 1})
    with committee.session() as s:
        secretary = s.scalars(select(Member).where(Member.name == "第一党员1")).one()
        for _ in range(posts):
            s.add(CommitteePost(org_id=secretary.branch_id, member_id=secretary.id, post="书记"))
    return committee


def _branch_pc(tmp_path: Path, *, posts: int = 1, branch: str = "第一党支部",
               deleted_at: datetime | None = None) -> Database:
    """The branch's PC, typed in before it joined: the tree, 第一党员1 (in `branch`) and his post."""
    db = open_db(tmp_path / "支部.sqlite")
    with db.session() as s:
        top = Organisation(name="中共青山镇中心学校委员会", kind="党委", note="")
        s.add(top)
        s.flush()
        orgs = {name: Organisation(name=name, kind="党支部", parent_id=top.id, sort_order=order, note="")
                for order, name in enumerate(("第一党支部", "第二党支部"))}
        s.add_all(orgs.values())
        s.flush()
        person = Member(name="第一党员1", id_number="Q00000000000000001", branch_id=orgs[branch].id,
                        category="正式党员", join_date=date(2010, 7, 1), status="在册", deleted_at=deleted_at)
        s.add(person)
        s.flush()
        for _ in range(posts):
            s.add(CommitteePost(org_id=orgs["第一党支部"].id, member_id=person.id, post="书记"))
    return db


def _join(committee: Database, branch: Database, tmp_path: Path) -> exchange.JoinResult:
    setup, code = add_branch_site(committee, "第一党支部", tmp_path)
    return exchange.join(branch, setup, code)


def _posts(db: Database) -> list[tuple[int, str]]:
    with db.session() as s:
        return [(p.id, p.gid) for p in s.scalars(select(CommitteePost).order_by(CommitteePost.id))]


def _members(db: Database) -> list[Member]:
    with db.session() as s:
        found = list(s.scalars(select(Member).where(Member.id_number == "Q00000000000000001")))
        for row in found:
            s.expunge(row)
        return found


def test_of_two_copies_here_the_first_is_the_package_record_and_the_second_stays(tmp_path: Path) -> None:
    committee = _committee(tmp_path, posts=1)
    branch = _branch_pc(tmp_path, posts=2)
    result = _join(committee, branch, tmp_path)
    assert POSTS_MERGED in result.notes
    [(_, theirs)] = _posts(committee)
    (first, first_gid), (second, second_gid) = _posts(branch)
    assert first < second and first_gid == theirs and second_gid != theirs  # nothing dropped, nothing doubled


def test_a_member_in_the_recycle_bin_here_is_the_same_person(tmp_path: Path) -> None:
    committee = _committee(tmp_path, posts=1)
    branch = _branch_pc(tmp_path, deleted_at=datetime(2026, 1, 1, 9, 0))
    result = _join(committee, branch, tmp_path)
    assert MEMBER_MERGED in result.notes and POSTS_MERGED in result.notes
    [person] = _members(branch)
    assert person.gid == _members(committee)[0].gid and person.deleted_at == datetime(2026, 1, 1, 9, 0)
    assert [(v.kind, v.label) for v in exchange.list_conflicts(branch)] == [("两边各新建了同一条记录", "党员 第一党员1")]


def test_a_member_in_another_branch_here_is_the_same_person(tmp_path: Path) -> None:
    committee = _committee(tmp_path, posts=1)
    branch = _branch_pc(tmp_path, branch="第二党支部")
    result = _join(committee, branch, tmp_path)
    assert MEMBER_MERGED in result.notes
    [person] = _members(branch)
    assert person.gid == _members(committee)[0].gid
    assert [(v.kind, v.label) for v in exchange.list_conflicts(branch)] == [("两边各新建了同一条记录", "党员 第一党员1")]


def test_two_copies_in_the_package_and_one_here_stay_two(tmp_path: Path) -> None:
    """The committee entered 书记 twice; the branch PC once. The first copy of the package is ours;
    the second is not taken for it as well (it was, and the join failed on saving the two versions
    of one row: UNIQUE constraint failed: exchange_units.record_gid)."""
    committee = _committee(tmp_path, posts=2)
    branch = _branch_pc(tmp_path, posts=1)
    result = _join(committee, branch, tmp_path)
    assert POSTS_MERGED in result.notes
    assert result.counts.get("committee_posts") == 1  # the second copy, written as a record of its own
    assert sorted(gid for _, gid in _posts(branch)) == sorted(gid for _, gid in _posts(committee))
