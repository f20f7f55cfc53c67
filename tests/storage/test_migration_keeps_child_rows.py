"""A migration that rebuilds a table keeps the rows that point at it (trial S, TS-1).

On SQLite, Alembic's batch mode changes a column by copying the table, DROPping the old one and
renaming the copy. With foreign keys on, the DROP deletes every row and ON DELETE CASCADE takes the
children with it: a database made before 0140 (所属期间) lost every sign-in sheet, meeting kind and
民主评议 result when this version opened it, and `verify` saw nothing. Here a database is taken back to
just before 0140, a meeting with its sign-in sheet and kind is written as the older version would, and
the upgrade must keep them — and the foreign keys must be on again afterwards."""

from __future__ import annotations

from branchdesk.db.migrate import downgrade, upgrade


def _count(db, table: str) -> int:  # type: ignore[no-untyped-def]
    with db.engine.connect() as connection:
        return int(connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0)


def test_the_upgrade_past_0140_keeps_sign_in_sheets_and_kinds(db) -> None:  # type: ignore[no-untyped-def]
    downgrade(db, "0007")  # meetings has for_year again; 0140 rebuilds the table
    with db.engine.begin() as connection:
        run = connection.exec_driver_sql
        run("INSERT INTO organisations (id, name, kind, sort_order, note) VALUES (1, '第一党支部', '党支部', 0, '')")
        run("INSERT INTO meetings (id, branch_id, meeting_date, start_time, end_time, place, topic, host, recorder,"
            " lecturer, content, resolutions, has_vote, absentee_text, version, for_year)"
            " VALUES (1, 1, '2025-12-20', '', '', '', '2025年度组织生活会', '', '', '', '会议内容', '', 0, '', 1, 2025)")
        run("INSERT INTO meeting_attendance (meeting_id, name, category, status, reason, position)"
            " VALUES (1, '王芳', '正式党员', '出席', '', 0), (1, '李明', '正式党员', '请假', '出差', 1)")
        kinds = [c[1] for c in run("PRAGMA table_info(meeting_kinds)").fetchall()]
        values = {"meeting_id": 1, "kind": "组织生活会"}
        run(f"INSERT INTO meeting_kinds ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})",
            tuple(values.values())) if set(values) <= set(kinds) else None
    kinds_before = _count(db, "meeting_kinds")
    upgrade(db)
    assert _count(db, "meeting_attendance") == 2
    assert _count(db, "meeting_kinds") == kinds_before
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT period FROM meetings WHERE id = 1").scalar() == "2025"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # back on for everyone after
