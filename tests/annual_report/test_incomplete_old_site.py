"""A 上报 in parts merged only in part from a branch's old PC, and the branch then set up again on a new PC
(`add-site --replace`): the old site is retired, but what it sent is still not all here — the volume must
go on saying 上报未收齐 (kept.incomplete_reports) until the new PC's own 上报 is merged whole (every 上报
carries all of the branch's records; only attachments are sent once)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from branchdesk.domain.meetings.sitting import MeetingInput
from branchdesk.services.exchange import envelope
from branchdesk.services.exchange import records as exchange
from branchdesk.services.exchange.kept import incomplete_reports
from branchdesk.services.meetings import records as meetings
from tests.exchange.exchange_helpers import join_branch, make_committee, open_db, org_id, send

WORDS = "第二党支部上报未收齐，其记录未全部计入"


def _incomplete(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.reading(), db.session() as session:
        return incomplete_reports(session)


def test_an_incomplete_report_from_a_replaced_pc_is_still_told(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("BRANCHDESK_HOME", str(tmp_path / "home"))
    from branchdesk.db import cipher

    monkeypatch.setattr(cipher, "MEMORY_KIB", 1024)
    monkeypatch.setattr(cipher, "ITERATIONS", 1)
    monkeypatch.setattr(cipher, "LANES", 1)
    committee = make_committee(tmp_path / "党委.sqlite")
    old = join_branch(committee, "第二党支部", tmp_path)
    try:
        branch_id = org_id(old, "第二党支部")
        for n, day in enumerate((date(2026, 9, 20), date(2026, 10, 20), date(2026, 11, 10))):
            attendees = meetings.default_attendees(old, branch_id, day, ("主题党日",))
            meeting_id = meetings.save_meeting(old, MeetingInput(
                branch_id=branch_id, kinds=("主题党日",), date=day, topic=f"{day.month}月主题党日", place="会议室",
                host="书记", recorder="组织委员", content="学习讨论", attendees=attendees)).record.id
            for k in range(3):
                photo = tmp_path / f"IMG_{n}_{k}.jpg"
                photo.write_bytes(os.urandom(300 * 1024))
                meetings.add_attachment_file(old, meeting_id, photo)
        with monkeypatch.context() as small:
            small.setattr(envelope, "MAX_PAYLOAD", int(1.8 * 1024 * 1024))
            (tmp_path / "out").mkdir()
            written = exchange.export_package(old, tmp_path / "out")
    finally:
        old.close()
    assert written.parts > 1
    assert exchange.import_package(committee, written.files[0]).ok  # its first part only
    assert _incomplete(committee) == ["第二党支部"]
    # the branch changed PC: the old site is retired, its missing parts will never come
    result = exchange.add_site(committee, "第二党支部", tmp_path / "新电脑.bdsetup", replace=True)
    assert _incomplete(committee) == ["第二党支部"], "the old PC's 上报 is still not all here"
    from branchdesk.services.annual_report.records import gather_report

    data = gather_report(committee, 2026, generated_on=date(2026, 12, 28))
    assert data.incomplete == ["第二党支部"] and WORDS in data.reported_words()
    # the new PC sends its own 上报, merged whole: what the branch keeps is here now
    new = open_db(tmp_path / "新电脑.sqlite")
    try:
        exchange.join(new, result.path, result.code)
        assert send(new, committee, tmp_path).ok
    finally:
        new.close()
    assert _incomplete(committee) == []
    assert gather_report(committee, 2026, generated_on=date(2026, 12, 28)).incomplete == []
    committee.close()

