"""A conflict as a person reads it (trial 9, T9-18): one finalised meeting whose 主要内容 was edited on
both PCs. The form saves a sitting's sign-in sheet and kinds anew (new rows, the same content), so
rows are paired by what they hold, not only by their ids: only what differs is listed — the 主要内容
and each side's 定稿后修改 entry — in plain Chinese (times as 2026-12-04 19:21, the change as
"主要内容：旧 → 新", no JSON, no ISO timestamps); a row shows what it holds, not the record it
belongs to nor its place in the list."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.models import Meeting
from branchdesk.services.exchange import records as exchange
from branchdesk.services.meetings.records import finalise_meeting, get_meeting, save_meeting
from tests.exchange.exchange_helpers import meeting_with, send


def _edit(db, content: str) -> None:  # type: ignore[no-untyped-def]
    """As the meeting form saves a finalised record: the whole form, with a reason."""
    with db.session() as s:
        meeting_id = s.scalars(select(Meeting.id)).one()
    record = get_meeting(db, meeting_id)
    data = dataclasses.replace(record.to_input(), content=content)
    save_meeting(db, data, record.id, expected_version=record.version, reason="补充记录")


def test_a_meeting_edited_on_both_pcs_lists_only_what_differs(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    meeting_with(committee, "第一党支部", "第一党员1", date(2026, 3, 5))
    with committee.session() as s:
        meeting_id = s.scalars(select(Meeting.id)).one()
    record = get_meeting(committee, meeting_id)
    data = dataclasses.replace(record.to_input(), content="集中学习")
    save_meeting(committee, data, meeting_id, expected_version=record.version)
    finalise_meeting(committee, meeting_id)
    assert send(committee, branch, tmp_path, to="第一党支部").ok
    _edit(committee, "党委补充的内容")
    _edit(branch, "支部修改的内容")
    result = send(branch, committee, tmp_path)
    assert result.conflicts == 1
    [view] = exchange.list_conflicts(committee)
    lines = [(d.field, d.local, d.remote) for d in view.differing]
    assert lines[0] == ("主要内容", "党委补充的内容", "支部修改的内容")
    assert [field for field, _l, _r in lines] == ["主要内容", "定稿后修改记录", "定稿后修改记录"], lines
    local, remote = lines[1][1], lines[2][2]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d、定稿后修改、补充记录、主要内容：集中学习 → 党委补充的内容", local), local
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d、定稿后修改、补充记录、主要内容：集中学习 → 支部修改的内容", remote), remote
    assert lines[1][2] == lines[2][1] == "（无）"
    # the whole record, side by side, still shows the sheet once per row, without ids or positions
    sheet = [(d.local, d.remote) for d in view.fields if d.field == "出席记录"]
    assert sheet == [("第一党员1、正式党员、出席", "第一党员1、正式党员、出席")], sheet
