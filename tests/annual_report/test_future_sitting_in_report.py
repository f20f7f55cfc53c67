"""A 上报 written on 5 December carrying a 定稿 sitting dated 20 December (made 定稿 ahead, before TL-11's fix,
or from an old backup): the 党委's volume made in January counted it — "第一党支部最近一次上报于 2026-12-05，
其后的记录未计入" beside a sitting of 12-20 counted as held. The 党委 receives it (nothing is refused) and never
counts it on the strength of a 上报 written before its day: the volume leaves it out and says so, in the month's
cell and under the table; a 上报 written after its day brings it counted."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from branchdesk.db.models import Meeting, MeetingKindLink
from branchdesk.domain.annual_report.tables import meetings_table
from branchdesk.services.annual_report.records import gather_report
from tests.annual_report.unreported_school import written_on
from tests.exchange.exchange_helpers import join_branch, make_committee, org_id, send

BRANCH = "第一党支部"
CONGRESS = "支部党员大会"


def _held(data) -> int:  # type: ignore[no-untyped-def]
    return next(r.held for r in data.meetings.rows if r.branch == BRANCH and r.kind == CONGRESS)


def test_a_sitting_dated_after_its_report_is_not_counted(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRANCHDESK_HOME", str(tmp_path / "home"))
    from branchdesk.db import cipher

    monkeypatch.setattr(cipher, "MEMORY_KIB", 1024)
    monkeypatch.setattr(cipher, "ITERATIONS", 1)
    monkeypatch.setattr(cipher, "LANES", 1)
    committee = make_committee(tmp_path / "党委.sqlite")
    branch = join_branch(committee, BRANCH, tmp_path)
    try:
        branch_id = org_id(branch, BRANCH)
        with branch.session() as s:
            for day in (date(2026, 9, 10), date(2026, 12, 20)):  # the second made 定稿 before its day
                m = Meeting(branch_id=branch_id, meeting_date=day, topic="学习党章", content="学习讨论",
                            finalised_at=datetime(2026, 12, 1))
                s.add(m)
                s.flush()
                s.add(MeetingKindLink(meeting_id=m.id, kind=CONGRESS))
            s.commit()
        assert send(branch, committee, tmp_path).ok  # received: nothing refused
        written_on(committee, BRANCH, "2026-12-05 09:00:00")
        data = gather_report(committee, 2026, generated_on=date(2027, 1, 10))
        assert _held(data) == 1, "the sitting of 12-20 came in a 上报 written on 12-05"
        assert "第一党支部最近一次上报于 2026-12-05，其后的记录未计入" in data.reported_words()
        table = meetings_table(data)
        december = next(r[13] for r in table.rows if r[0] == BRANCH and r[1] == CONGRESS)
        assert december == "0（另有1次在12月5日之后，未计入）"
        assert "第一党支部另有1次已定稿的会议日期在其最近一次上报（2026年12月5日）之后，未计入。" in table.note
        assert [r.day for r in data.meetings.register if r.branch == BRANCH] == [date(2026, 9, 10)]
        # a 上报 written after its day: the sitting is the branch's record of a sitting held, counted
        assert send(branch, committee, tmp_path).ok
        written_on(committee, BRANCH, "2026-12-28 09:00:00")
        after = gather_report(committee, 2026, generated_on=date(2027, 1, 10))
        assert _held(after) == 2 and after.meetings.later_note() == ""
    finally:
        branch.close()
        committee.close()
