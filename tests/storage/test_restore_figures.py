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


INTERNAL = ("修改记录", "设置", "数据交换", "交换对象", "数据包")  # the book-keeping's names (N-5)


def test_what_a_backup_holds_is_told_by_the_users_record_areas(db) -> None:  # type: ignore[no-untyped-def]
    """The restore confirmation names the user's record areas in plain words, not the program's
    tables (re-trial 11, N-5: "修改记录 2252 … 数据包记录 3，交换对象 1，数据交换站点 1，数据交换版本 837")."""
    branch = make_branch(db)  # 5 党组织, 10 members
    for days, topic in ((3, "研究发展工作"), (10, "误录的一次")):
        data = prefill(db, MeetingKind.COMMITTEE.value, branch_id=branch.id, on=date.today() - timedelta(days=days))
        meeting = save_meeting(db, replace(data, topic=topic, content="讨论。")).record
    delete_meeting(db, meeting.id, "误操作")  # a 会议修改记录 row and 修改记录 lines, one meeting fewer
    saved = backups.backup_now(db)
    text = saved.contents_text()
    assert text.startswith("党组织 5 个，党员 10 人（含已离开），会议 1 次"), text
    assert "另有出席记录" in text, text  # the attendance rows summed as 明细, named by their largest kind
    assert not any(word in text for word in INTERNAL), text
    assert saved.counts["change_log"] > 0 and saved.counts["meeting_history"] == 1  # there, never named
    assert not any(word in label for label in saved.labelled_counts() for word in INTERNAL)


def test_the_command_line_restore_tells_the_record_areas_too(db, db_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """`branchdesk restore` says what the restored backup holds in the same words as the window (N-5)."""
    from branchdesk.cli.main import main

    branch = make_branch(db)
    data = prefill(db, MeetingKind.COMMITTEE.value, branch_id=branch.id, on=date.today() - timedelta(days=3))
    meeting = save_meeting(db, replace(data, topic="研究发展工作", content="讨论。")).record
    saved = backups.backup_now(db)
    delete_meeting(db, meeting.id, "误操作")
    db.close()
    capsys.readouterr()

    assert main(["restore", str(saved.path), "--db", str(db_path)]) == 0
    text = capsys.readouterr().out
    assert "备份中的记录：党组织 5 个，党员 10 人（含已离开），会议 1 次" in text, text
    assert "与恢复前相比：会议 +1" in text
    shown = text.replace("恢复前的数据库已先备份为", "")  # (a file path follows that line)
    assert not any(word in shown for word in INTERNAL), text


def test_a_file_is_described_only_when_it_is_a_branchdesk_database(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """describe_file (从文件恢复…'s question): a working database left in WAL mode is read without a
    trace; a file that is no BranchDesk database is not described (the restore names what it is)."""
    import sqlite3

    from branchdesk.db.migrate import open_database

    other = tmp_path / "U盘" / "青山 镇.sqlite"
    other.parent.mkdir()
    working = open_database(other, auto_backup=False)
    make_branch(working)
    working.close()
    beside = sorted(other.parent.iterdir())
    entry = backups.describe_file(other)
    assert entry is not None and entry.on_roster == 10 and entry.reason == "数据库文件（不是本软件的备份）"
    assert entry.contents_text().startswith("党组织 5 个，党员 10 人（含已离开）"), entry.contents_text()
    assert sorted(other.parent.iterdir()) == beside
    foreign = tmp_path / "places.sqlite"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE moz_places (id INTEGER)")
    connection.commit()
    connection.close()
    assert backups.describe_file(foreign) is None
    assert backups.describe_file(tmp_path / "没有.sqlite") is None
