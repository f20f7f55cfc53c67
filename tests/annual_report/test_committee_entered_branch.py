"""A 党支部 whose site is set up at the 党委 but has not sent a 上报 yet, and whose records the 党委 itself
entered before (rev4 F4): those records are here and counted — the volume must not say "未上报，其数据未计入"
nor print its sittings as 未上报; it says plainly that the branch has not reported yet and that what is
listed of it was entered at the 党委."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.models import Meeting, MeetingKindLink, Organisation
from branchdesk.services.annual_report.records import gather_report
from tests.exchange.exchange_helpers import add_branch_site, join_branch, make_committee, send

ENTERED = "第二党支部"


def test_a_branch_with_records_entered_at_the_committee_is_not_unreported(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRANCHDESK_HOME", str(tmp_path / "home"))
    from branchdesk.db import cipher

    monkeypatch.setattr(cipher, "MEMORY_KIB", 1024)
    monkeypatch.setattr(cipher, "ITERATIONS", 1)
    monkeypatch.setattr(cipher, "LANES", 1)
    committee = make_committee(tmp_path / "党委.sqlite", {"第一党支部": 4, ENTERED: 3, "第三党支部": 3})
    try:
        with committee.session() as s:  # the 党委 enters 第二党支部's sittings itself, before any site
            branch_id = s.scalars(select(Organisation.id).where(Organisation.name == ENTERED)).one()
            for day in (date(2026, 3, 10), date(2026, 6, 10)):
                meeting = Meeting(branch_id=branch_id, meeting_date=day, topic="学习党章", content="学习讨论",
                                  finalised_at=datetime(2026, 7, 1))
                s.add(meeting)
                s.flush()
                s.add(MeetingKindLink(meeting_id=meeting.id, kind="支部党员大会"))
            s.commit()
        first = join_branch(committee, "第一党支部", tmp_path)
        assert send(first, committee, tmp_path).ok
        first.close()
        add_branch_site(committee, ENTERED, tmp_path)  # set up now, not joined yet
        add_branch_site(committee, "第三党支部", tmp_path)  # set up, nothing of it here at all
        data = gather_report(committee, 2026, generated_on=date(2026, 12, 28))
    finally:
        committee.close()
    assert data.unreported == ["第三党支部"]
    words = data.reported_words()
    assert f"{ENTERED}未上报" not in words and "第三党支部未上报，其数据未计入" in words
    assert f"{ENTERED}尚未首次上报，所列其记录均为党委录入" in words
    held = {r.branch: r.held for r in data.meetings.rows if r.kind == "支部党员大会"}
    assert held[ENTERED] == 2
    from branchdesk.domain.annual_report.tables import meetings_table

    rows = [r for r in meetings_table(data).rows if r[0] == ENTERED and r[1] == "支部党员大会"]
    assert rows and rows[0][14] == 2  # 全年已开: its sittings, not "未上报"
    assert f"{ENTERED}未上报" not in data.summaries["meetings"]
