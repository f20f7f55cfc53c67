"""What the restore dialog says of a backup and of what a restore changed, in the user's terms (trial Y,
TY-10): "在册党员 N 人" — not the member rows, which count those who left — and the records as the user
sees them (not the 回收站's), the difference told per kind ("会议 +1"), so a restore that brings a
deleted meeting back no longer reads "恢复后比恢复前少了 1 条记录"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.vocabulary import MoveKind
from branchdesk.services.meetings.records import delete_meeting, prefill, save_meeting
from branchdesk.services.roster.records import mark_left
from branchdesk.services.storage import backups
from tests.meetings.helpers import make_branch


def test_a_backup_names_the_members_on_the_roster_and_a_restore_its_changes(db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    branch = make_branch(db)  # 10 members: 9 in the branch, 1 in the other
    mark_left(db, branch.members["赵一"], MoveKind.DECEASED, date.today() - timedelta(days=30))
    data = prefill(db, MeetingKind.COMMITTEE.value, branch_id=branch.id, on=date.today() - timedelta(days=3))
    meeting = save_meeting(db, replace(data, topic="研究发展工作", content="讨论。")).record
    saved = backups.backup_now(db)
    assert saved.members == 10 and saved.on_roster == 9
    assert "在册党员 9 人" in saved.summary and "党员 10 人" not in saved.summary
    delete_meeting(db, meeting.id, "误操作")  # to the 回收站: the row stays, the user's meeting is gone
    db.close()

    outcome = backups.restore_backup(db_path, saved.path)
    text = outcome.to_text()
    assert "少了" not in text
    assert "与恢复前相比：会议 +1" in text, text
    assert outcome.safety_backup is not None and outcome.safety_backup.on_roster == 9


def test_a_listed_backup_of_an_older_version_is_read_again_for_its_figures(db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A backup whose sidecar an older version wrote (no 在册 figure) is read again, not shown as 0."""
    import json

    from branchdesk.db import backup_info

    make_branch(db)
    saved = backups.backup_now(db)
    sidecar = backup_info.sidecar_path(saved.path)
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    for key in ("live", "on_roster"):
        data.pop(key, None)
    sidecar.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    listed = next(e for e in backups.list_backups(db) if e.path == saved.path)
    assert listed.on_roster == 10


def test_a_deleted_meeting_makes_the_next_backup_one_record_fewer(db) -> None:  # type: ignore[no-untyped-def]
    """The backup list's "共 N 条记录" counts the user's records as the restore's "与恢复前相比" does
    (re-trial 11, N-4): a meeting deleted by mistake makes the next backup one record fewer — its
    history row (会议修改记录) and 修改记录 lines are no records of the user's."""
    branch = make_branch(db)
    data = prefill(db, MeetingKind.COMMITTEE.value, branch_id=branch.id, on=date.today() - timedelta(days=3))
    meeting = save_meeting(db, replace(data, topic="研究发展工作", content="讨论。")).record
    before = backups.backup_now(db)
    delete_meeting(db, meeting.id, "误操作")
    after = backups.backup_now(db)

    assert backups.changes(before, after) == [("会议", -1)]
    assert after.records == before.records - 1, (before.summary, after.summary)
    assert f"共 {before.records - 1} 条记录" in after.summary
    listed = {e.path: e.records for e in backups.list_backups(db)}  # the list reads the same figure
    assert listed[after.path] == listed[before.path] - 1
