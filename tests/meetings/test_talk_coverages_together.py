"""谈心谈话 coverage read for every branch at once (the year-end report) counts each branch by its own
committee, exactly as the meetings page reads one branch: a member of one branch who sits on another
branch's committee is an ordinary member at home (MTG-YEARLY-TALKS)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from branchdesk.db.models import CommitteePost, Member
from branchdesk.services.meetings.store import load_talk_coverages
from branchdesk.services.records_start import load_branches

DAY = date(2026, 11, 20)


def _summary(coverage):  # type: ignore[no-untyped-def]
    return ([(p.id, p.committee, p.secretary) for p in coverage.people], coverage.required, coverage.missing_count,
            sorted(coverage.covered))


def test_every_branch_at_once_counts_as_one_branch_at_a_time(demo_db) -> None:  # type: ignore[no-untyped-def]
    with demo_db.session() as session:
        branches = [b.id for b in load_branches(session, None)]
        home, other = branches[0], branches[1]
        posted = {holder for (holder,) in session.execute(select(CommitteePost.member_id))}
        member = session.scalars(select(Member.id).where(Member.branch_id == home, Member.deleted_at.is_(None),
                                                         Member.id.not_in(posted)).order_by(Member.id)).first()
        assert member is not None  # an ordinary member of `home`
        session.add(CommitteePost(org_id=other, member_id=member, post="委员", term_start=None, term_end=None))
        session.flush()
        together = load_talk_coverages(session, branches, 2026, DAY, own_committees=True)
        for branch_id in branches:
            alone = load_talk_coverages(session, [branch_id], 2026, DAY)[branch_id]
            assert _summary(together[branch_id]) == _summary(alone)
        mine = {p.id: p for p in together[home].people}
        assert not mine[member].committee  # at home, not on its committee
        pooled = load_talk_coverages(session, branches, 2026, DAY)  # all branches' posts pooled, as the checks ask
        assert {p.id: p for p in pooled[home].people}[member].committee
        session.rollback()
