"""Bulk inserts (`session.execute(insert(Model), rows)`) write their history in bulk (issue 18): on
SQLite the rows are written as given, without reading them back, whenever what they hold is exactly
what will be stored. The history must then say what RETURNING would have said, the hash chain must
hold, and `verify` must find every record as its history says; anything the column would convert
is read back instead."""

from __future__ import annotations

import uuid
from calendar import isleap
from datetime import date, datetime

import pytest
from sqlalchemy import insert, select, text

from branchdesk.db import history_bulk, history_verify
from branchdesk.db.global_ids import new_gids
from branchdesk.db.models import ChangeLog, Member
from branchdesk.services.storage.database_check import check_database
from tests.safety_helpers import add_branch, add_member


def _rows(branch: int, prefix: str, count: int = 12) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {"name": f"批量{i}", "id_number": f"{prefix}{i:016d}", "branch_id": branch, "category": "正式党员",
         "status": "在册", "join_date": date(2010, 7, 1 + i), "phone": "", "note": "备注\n第二行" if i == 2 else "",
         "position": "语文教师"} for i in range(count)]
    del rows[-1]["phone"]  # a row that leaves out a column the others give: it takes the default
    return rows


def _snapshots(db, names: list[str]) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    """name -> the history snapshot of that member's insert, with its ID number and its global id
    (random) left out once they were found to be the stored ones."""
    with db.session() as session:
        found = {}
        for name, member_id, id_number, gid in session.execute(
                select(Member.name, Member.id, Member.id_number, Member.gid).where(Member.name.in_(names))).all():
            value = session.scalar(select(ChangeLog.new_value).where(
                ChangeLog.table_name == "members", ChangeLog.record_id == str(member_id), ChangeLog.action == "insert",
            ).order_by(ChangeLog.id.desc()).limit(1))  # the newest: SQLite may give a deleted row's key again
            assert value is not None and f'"{id_number}"' in value and f'"gid": "{gid}"' in value
            found[name] = value.replace(f'"{id_number}"', '"…"').replace(f'"{gid}"', '"…"')
        return found


def test_the_history_says_what_reading_back_would_say(db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    add_member(db, branch, 1)  # keys continue after the highest one in use
    as_given = history_bulk._as_given
    used: list[bool] = []
    monkeypatch.setattr(history_bulk, "_as_given", lambda *args: used.append(bool(found := as_given(*args))) or found)
    with db.session() as session:
        session.execute(insert(Member), _rows(branch, "A"))
    assert used == [db.engine.dialect.name == "sqlite"]  # written as given (a server reads them back)
    given = _snapshots(db, [f"批量{i}" for i in range(12)])
    with db.session() as session:  # delete the lot, the same rows again, read back with RETURNING
        for member in session.scalars(select(Member).where(Member.name.like("批量%"))):
            session.delete(member)
    monkeypatch.setattr(history_bulk, "_as_given", lambda *_args: None)
    with db.session() as session:
        session.execute(insert(Member), _rows(branch, "B"))
    assert _snapshots(db, [f"批量{i}" for i in range(12)]) == given
    report = check_database(db)
    assert report.ok, report.to_text()


def test_rows_get_the_next_keys_and_their_history_names_them(db) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    first = add_member(db, branch, 1)
    with db.session() as session:
        session.execute(insert(Member), _rows(branch, "C", 3))
        stored = dict(session.execute(select(Member.id, Member.name).where(Member.id > first)).all())
        logged = {int(r.record_id): r.new_value for r in session.scalars(
            select(ChangeLog).where(ChangeLog.table_name == "members", ChangeLog.action == "insert"))}
    assert sorted(stored) == [first + 1, first + 2, first + 3]
    assert all(f'"name": "{name}"' in (logged[key] or "") for key, name in stored.items())
    assert check_database(db).ok


@pytest.mark.parametrize("value", [datetime(2010, 7, 1, 8, 30), True])
def test_a_value_the_column_converts_is_read_back(db, value: object) -> None:  # type: ignore[no-untyped-def]
    """A datetime in a date column is stored as the date, True in an integer column as 1: the
    history must say what was stored, or verify would call the record changed."""
    branch = add_branch(db)
    rows = _rows(branch, "D", 2)
    if isinstance(value, datetime):
        rows[1]["join_date"] = value
    else:
        assert branch == 1  # True is stored as 1: the same branch
        rows[1]["branch_id"] = value
    with db.session() as session:
        session.execute(insert(Member), rows)
    report = check_database(db)
    assert report.ok, report.to_text()


def test_a_bulk_insert_as_the_first_write_takes_the_backup_first(db) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    seen: list[int] = []

    def before() -> None:
        with db.engine.connect() as connection:  # what another reader sees at that moment
            seen.append(len(connection.execute(select(Member.id)).all()))

    with db.before_first_write(before), db.session() as session:
        session.execute(insert(Member), _rows(branch, "E", 4))
    assert seen == [0]
    with db.session() as session:
        assert len(session.execute(select(Member.id)).all()) == 4


def test_the_chain_holds_over_bulk_and_single_writes(db) -> None:  # type: ignore[no-untyped-def]
    branch = add_branch(db)
    with db.session() as session:
        session.execute(insert(Member), _rows(branch, "F", 5))
    add_member(db, branch, 9)
    with db.session() as session:
        session.execute(insert(Member), _rows(branch, "G", 5))
    with db.engine.connect() as connection:
        checked, problems = history_verify.verify_chain(connection)
    assert checked >= 12 and problems == []


def _stored(db, names: list[str]) -> dict[str, tuple[object, ...]]:  # type: ignore[no-untyped-def]
    """name -> the member's columns as the database holds them (dates as their stored text), keys,
    random global ids and time stamps left out."""
    with db.session() as session:
        rows = session.execute(text(
            "SELECT name, sex, ethnicity, birth_date, education, branch_id, group_id, category, join_date, "
            "full_date, position, phone, note, status, left_date, version, deleted_at, typeof(join_date), "
            "length(gid) FROM members")).all()
    return {row[0]: tuple(row) for row in rows if row[0] in names}


def test_rows_written_as_given_are_stored_as_reading_back_stores_them(  # type: ignore[no-untyped-def]
        db, monkeypatch: pytest.MonkeyPatch) -> None:
    """The as-given path hands dates to the driver as text it made itself: the bytes stored must be
    those SQLAlchemy's own conversion stores."""
    branch = add_branch(db)
    names = [f"批量{i}" for i in range(12)]
    rows = _rows(branch, "H")
    rows[3]["birth_date"], rows[4]["full_date"] = date(1970, 1, 2), date(5, 6, 7)
    with db.session() as session:
        session.execute(insert(Member), rows)
    given = _stored(db, names)
    with db.session() as session:
        for member in session.scalars(select(Member).where(Member.name.like("批量%"))):
            session.delete(member)
    monkeypatch.setattr(history_bulk, "_as_given", lambda *_args: None)
    with db.session() as session:
        session.execute(insert(Member), [dict(r, id_number="I" + str(r["id_number"])[1:]) for r in rows])
    assert _stored(db, names) == given and len(given) == 12
    assert given["批量3"][3] == "1970-01-02" and given["批量4"][9] == "0005-06-07"


def test_global_ids_made_in_bulk_are_random_version_4_ids() -> None:
    gids = new_gids(500)
    assert len(set(gids)) == 500
    assert all(uuid.UUID(gid).version == 4 and uuid.UUID(gid).variant == uuid.RFC_4122 and len(gid) == 32
               for gid in gids)


def test_global_ids_made_in_bulk_are_uuid4_of_the_random_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each id is what uuid.UUID(bytes=…, version=4) makes of its 16 random bytes (the bits set in C)."""
    from branchdesk.db import global_ids

    source = bytes(range(256)) * 3 + bytes(255 - b for b in range(256)) * 3
    monkeypatch.setattr(global_ids.os, "urandom", lambda size: source[:size])
    assert global_ids.new_gids(96) == [uuid.UUID(bytes=source[i:i + 16], version=4).hex for i in range(0, 96 * 16, 16)]
    assert global_ids.new_gids(0) == []


def test_a_bulk_insert_writes_each_date_as_date_isoformat_does() -> None:
    """The dates of a bulk insert (stored and in the history's snapshots) are put together from tables
    (history_bulk._iso_texts, issue 18), not formatted by date.isoformat: the same text for the first,
    last and leap days of every year a date can have, blanks left blank."""
    days = [day for year in range(1, 10_000) for day in (
        date(year, 1, 1), date(year, 2, 29 if isleap(year) else 28), date(year, 9, 30), date(year, 12, 31))]
    assert history_bulk._iso_texts(days, False) == [day.isoformat() for day in days]
    assert history_bulk._iso_texts([None, date(2024, 7, 1), ""], True) == [None, "2024-07-01", None]
