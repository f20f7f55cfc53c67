"""支部委员会（已开/应开） of a branch whose committee was formed in September (MTG-MONTHLY-COMMITTEE applies
only where a committee exists, domain.md §2): the pair counted every 支委会 of the year against the four
months due — "4/4期（12次）", its eight sittings before September among them. Only the sittings of the
required months are the pair's; the earlier ones are said apart."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from branchdesk.db.models import CommitteePost
from branchdesk.domain.annual_report.meetings_section import KindRow, MeetingsSection
from branchdesk.domain.annual_report.tables import committee_table
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.meetings.records import default_attendees, finalise_meeting, save_meeting
from tests.meetings.helpers import BRANCH, make_branch

K = MeetingKind


def _committee(db, branch_id: int, day: date) -> None:  # type: ignore[no-untyped-def]
    sheet = default_attendees(db, branch_id, day, (K.COMMITTEE,))
    saved = save_meeting(db, MeetingInput(branch_id=branch_id, kinds=(K.COMMITTEE,), date=day, start_time="15:30",
                                          end_time="16:30", place="党员活动室", topic=f"{day.month}月支委会",
                                          host="王书记", recorder="李组织", content="研究本月工作。",
                                          attendees=sheet))
    finalise_meeting(db, saved.record.id)


def test_the_pair_counts_the_required_months_only(db) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    with db.session() as s:  # the committee formed on 1 September 2026
        for post in s.scalars(select(CommitteePost).where(CommitteePost.org_id == made.id)):
            post.term_start = date(2026, 9, 1)
        s.commit()
    for month in range(1, 13):
        _committee(db, made.id, date(2026, month, 1))
    data = gather_report(db, 2026, branch=BRANCH, generated_on=date(2027, 1, 10))
    (row,) = [r for r in data.meetings.rows if r.kind == K.COMMITTEE.value]
    assert (row.held, row.periods, row.periods_met, row.unrequired) == (12, 4, 4, 8)
    pair = data.held_required(K.COMMITTEE.value, BRANCH)
    assert pair == "4/4期（另有8次在不要求召开的月份）", pair
    assert data.meetings.held_unrequired(K.COMMITTEE.value) == 0  # no branch in scope is never required
    lines = dict((label, value) for label, value, _ in data.key_figures())
    assert lines["支部委员会（已开/应开）"] == "4/4期（另有8次在不要求召开的月份）"
    cell = next(r[-1] for r in committee_table(data).rows if r[0] == BRANCH)
    assert cell == "4/4期（另有8次在不要求召开的月份）"


def test_a_whole_year_of_required_months_says_nothing_apart() -> None:
    months = [1] * 12
    section = MeetingsSection(kinds=["支部委员会"], rows=[KindRow("第一党支部", "支部委员会", months, 12, 12, 12, 12, 0, 0, 0, 0)])
    assert section.held_required("支部委员会") == "12/12期"
    assert section.held_unrequired("支部委员会") == 0
