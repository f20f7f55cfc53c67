"""Which 党支部 the 党委 has never had a 上报 from (services/exchange/kept.unreported_branches, the one source
the year-end volume is given: trial D, TD-2). A branch whose site was added again (支部换了电脑) has sent
before: its records up to the change are in the 党委's database and counted, so it is not 未上报 while the
new PC has not yet sent (review 13-4, F1)."""

from __future__ import annotations

import os
from pathlib import Path

from branchdesk.services.exchange import records as exchange
from branchdesk.services.exchange.kept import unreported_branches


def _unreported(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.reading(), db.session() as session:
        return unreported_branches(session)


def test_a_branch_set_up_again_after_it_reported_is_not_unreported(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, _branch = joined
    assert _unreported(committee) == []
    exchange.add_site(committee, "第二党支部", tmp_path / "第二.bdsetup")  # set up, never sent
    assert _unreported(committee) == ["第二党支部"]
    exchange.add_site(committee, "第一党支部", tmp_path / "新电脑.bdsetup", replace=True)  # its new PC: not sent yet
    assert _unreported(committee) == ["第二党支部"]
    exchange.add_site(committee, "第二党支部", tmp_path / "第二-再.bdsetup", replace=True)  # set up again, never sent
    assert _unreported(committee) == ["第二党支部"]


def test_a_first_report_received_only_in_part_is_named_until_all_its_parts_came(  # type: ignore[no-untyped-def]
        joined, tmp_path: Path, monkeypatch) -> None:
    """A 上报 split in parts (package_size.py) and merged only in part: the branch has joined (it is not 未上报)
    but what it sent is not all here — named as 上报未收齐 (review 13-4, F2), until every part is merged."""
    from datetime import date

    from branchdesk.domain.meetings.sitting import MeetingInput
    from branchdesk.services.exchange import envelope
    from branchdesk.services.exchange.kept import incomplete_reports
    from branchdesk.services.meetings import records as meetings
    from tests.exchange.exchange_helpers import join_branch, org_id

    committee, _branch = joined
    second = join_branch(committee, "第二党支部", tmp_path)
    try:
        branch_id = org_id(second, "第二党支部")
        for n, day in enumerate((date(2026, 9, 20), date(2026, 10, 20), date(2026, 11, 10))):
            attendees = meetings.default_attendees(second, branch_id, day, ("主题党日",))
            meeting_id = meetings.save_meeting(second, MeetingInput(
                branch_id=branch_id, kinds=("主题党日",), date=day, topic=f"{day.month}月主题党日", place="会议室",
                host="书记", recorder="组织委员", content="学习讨论", attendees=attendees)).record.id
            for k in range(3):
                photo = tmp_path / f"IMG_{n}_{k}.jpg"
                photo.write_bytes(os.urandom(300 * 1024))
                meetings.add_attachment_file(second, meeting_id, photo)
        monkeypatch.setattr(envelope, "MAX_PAYLOAD", int(1.8 * 1024 * 1024))
        (tmp_path / "out").mkdir()
        written = exchange.export_package(second, tmp_path / "out")
    finally:
        second.close()
    assert written.parts > 1
    with committee.reading(), committee.session() as session:
        assert incomplete_reports(session) == []
    assert exchange.import_package(committee, written.files[0]).ok  # its first part only
    with committee.reading(), committee.session() as session:
        assert unreported_branches(session) == []  # it has joined: some of it is here
        assert incomplete_reports(session) == ["第二党支部"]
    from branchdesk.services.annual_report.records import gather_report

    data = gather_report(committee, 2026, generated_on=date(2026, 12, 28))
    assert data.incomplete == ["第二党支部"]
    assert "第二党支部上报未收齐，其记录未全部计入" in data.reported_words()
    assert exchange.import_package(committee, written.files[-1]).ok  # the last, one still missing between
    with committee.reading(), committee.session() as session:
        assert incomplete_reports(session) == ["第二党支部"]
    for path in written.files[1:-1]:
        assert exchange.import_package(committee, path).ok
    with committee.reading(), committee.session() as session:
        assert incomplete_reports(session) == []
    assert gather_report(committee, 2026, generated_on=date(2026, 12, 28)).incomplete == []
