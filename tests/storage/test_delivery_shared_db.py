"""Issue 9, shared database: two users on one database (optimistic version check), moving a school's
data between databases (`migrate-data`), and PostgreSQL itself. These run on SQLite always and, with
BRANCHDESK_TEST_DATABASE_URL set (see tests/pg_support.py), on PostgreSQL as well."""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from branchdesk.db.engine import Database
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.roster.records import MemberInput
from branchdesk.services import session
from branchdesk.services.errors import ConflictError
from tests.meetings.helpers import BRANCH, make_branch
from tests.pg_support import fresh_database, server_url

needs_server = pytest.mark.skipif(server_url() is None, reason="BRANCHDESK_TEST_DATABASE_URL not set")


def second_window(db: Database) -> Database:
    """The same database opened again, as a second PC (or a second window) would."""
    target = db.path if db.path is not None else db.url.render_as_string(hide_password=False)
    return session.open(target)


def _input(record, **changes) -> MemberInput:  # type: ignore[no-untyped-def]
    base = MemberInput(name=record.name, id_number=record.id_number, branch=BRANCH, category=record.category,
                       join_date=record.join_date, full_date=record.full_date, phone=record.phone or "")
    return replace(base, **changes)


def test_second_save_is_refused_and_shows_the_other_change(db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.roster.records import get_member, save_member

    branch = make_branch(db)
    other = second_window(db)
    try:
        member_id = branch.members["赵一"]
        mine = get_member(db, member_id)  # both secretaries open the same member
        theirs = get_member(other, member_id)
        save_member(other, _input(theirs, phone="13800001111", note=""), member_id, theirs.version)
        with pytest.raises(ConflictError) as refused:
            save_member(db, _input(mine, phone="13900002222"), member_id, mine.version)
        message = str(refused.value)
        assert "党员“赵一”的资料已被他人修改" in message and "没有写入" in message
        assert "联系电话：（空） → “138****1111”" in message  # what the other person saved, masked (issue 21)
        assert "重新打开" in message
        assert get_member(db, member_id).phone == "13800001111"  # never silently overwritten
        fresh = get_member(db, member_id)  # reopened: the save on top of the latest version works
        assert save_member(db, _input(fresh, phone="13900002222"), member_id, fresh.version).phone == "13900002222"
    finally:
        other.close()


def test_two_pcs_writing_at_once_keep_the_history_chain_whole(db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.history import verify_history
    from branchdesk.services.roster.records import save_member

    make_branch(db)
    other = second_window(db)
    errors: list[BaseException] = []

    def write(database: Database, offset: int) -> None:
        try:
            for i in range(6):
                save_member(database, MemberInput(
                    name=NAMES[offset + i], id_number=make_id_number("140202", date(1990, 1, 1 + offset + i), 300 + offset + i,
                                                                     male=True),
                    branch=BRANCH, category="正式党员", join_date=date(2012, 7, 1), full_date=date(2013, 7, 1)))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(db, 0)), threading.Thread(target=write, args=(other, 10))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    other.close()
    assert errors == []
    rows, problems = verify_history(db)
    assert rows > 12 and problems == []


NAMES = {i: name for i, name in enumerate(
    ["甲一", "甲二", "甲三", "甲四", "甲五", "甲六", "", "", "", "", "乙一", "乙二", "乙三", "乙四", "乙五", "乙六"])}


@pytest.fixture(scope="module")
def school_file(tmp_path_factory: pytest.TempPathFactory, demo_file) -> Path:  # type: ignore[no-untyped-def]
    """The demo school's file for this module (the migration tests read it, never change it)."""
    path = tmp_path_factory.mktemp("demo") / "演示 学校.sqlite"
    shutil.copyfile(demo_file(date(2026, 11, 20)), path)
    return path


def _check_json(target: str | Path) -> list[dict]:
    from branchdesk.services.checks import run_checks

    database = session.open(target)
    try:
        return [f.to_json() for f in run_checks(database, year=2026, as_of=date(2026, 11, 20), branch=None)]
    finally:
        database.close()


def _targets(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A new empty file, and (with a server) a new empty PostgreSQL database."""
    yield tmp_path / "新 数据库.sqlite"
    if server_url():
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        name = f"branchdesk_move_{tmp_path.name[-8:].lower().replace('-', '_')}"
        admin = create_engine(server_url(), isolation_level="AUTOCOMMIT")  # type: ignore[arg-type]
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            c.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(server_url()).set(database=name).render_as_string(hide_password=False)  # type: ignore[arg-type]
        finally:
            with admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def test_migrate_data_moves_everything_and_back(school_file: Path, tmp_path: Path) -> None:
    from branchdesk.services.roster.records import list_members, save_member
    from branchdesk.services.storage.migrate_data import migrate_data

    expected = _check_json(school_file)
    for target in _targets(tmp_path):
        result = migrate_data(school_file, target)
        assert result.ok, result.to_text()
        counts = {c.table: c for c in result.counts}
        assert counts["members"].source == counts["members"].target > 100
        assert counts["change_log"].target == result.history_rows > 0 and result.history_problems == []
        assert "两边逐表核对一致" in result.to_text() and "***" not in str(target)
        assert _check_json(target) == expected  # the same findings from the moved data

        moved = session.open(target)  # new records get new ids after the copied ones (sequences)
        try:
            before = list_members(moved)
            added = save_member(moved, MemberInput(
                name="迁移后新增", id_number=make_id_number("140202", date(1991, 3, 3), 901, male=False),
                branch=before[0].branch, category="正式党员", join_date=date(2015, 7, 1), full_date=date(2016, 7, 1)))
            assert added.id > max(m.id for m in before)
        finally:
            moved.close()

        back = tmp_path / f"回迁 {abs(hash(str(target)))}.sqlite"
        returned = migrate_data(target, back)
        assert returned.ok, returned.to_text()
        assert {c.table: c.target for c in returned.counts}["members"] == counts["members"].target + 1


def test_migrate_data_refuses_a_database_that_holds_data(school_file: Path, tmp_path: Path) -> None:
    from branchdesk.services.storage.migrate_data import MigrateDataError, migrate_data

    other = Path(shutil.copyfile(school_file, tmp_path / "另一所学校.sqlite"))
    size = other.stat().st_size
    with pytest.raises(MigrateDataError, match="已有数据.*只能迁移到一个新建的空数据库"):
        migrate_data(school_file, other)
    assert other.stat().st_size == size
    with pytest.raises(MigrateDataError, match="找不到原数据库文件"):
        migrate_data(tmp_path / "没有.sqlite", tmp_path / "新.sqlite")
    with pytest.raises(MigrateDataError, match="同一个"):
        migrate_data(school_file, school_file)


def test_cli_migrate_data(school_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from branchdesk.cli.main import main

    target = tmp_path / "共享 副本.sqlite"
    assert main(["migrate-data", "--from", str(school_file), "--to", str(target)]) == 0
    out = capsys.readouterr().out
    assert "迁移完成" in out and "members" in out and "[1/" in out
    assert main(["migrate-data", "--from", str(school_file), "--to", str(target)]) == 1
    assert "已有数据" in capsys.readouterr().out
    assert main(["check", "--year", "2026", "--as-of", "2026-11-20", "--db", str(target)]) == 0


@needs_server
def test_postgres_database_opens_migrates_and_refuses_a_newer_one() -> None:
    from sqlalchemy import text

    from branchdesk.db.migrate import NewerDatabaseError, current_revisions, script_heads

    with fresh_database(server_url()) as url:  # type: ignore[arg-type]
        database = session.open(url)
        try:
            assert database.path is None and database.engine.dialect.name == "postgresql"
            assert current_revisions(database) == script_heads()
            with database.engine.begin() as connection:
                connection.execute(text("INSERT INTO alembic_version VALUES ('9999_from_the_future')"))
        finally:
            database.close()
        with pytest.raises(NewerDatabaseError):
            session.open(url)
        from sqlalchemy import create_engine

        engine = create_engine(url)  # tidy up, so the next test's reset sees the shipped heads
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM alembic_version WHERE version_num = '9999_from_the_future'"))
        engine.dispose()


@needs_server
def test_postgres_history_is_append_only(db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    make_branch(db)
    with pytest.raises(DBAPIError, match="修改记录只能追加"):
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE change_log SET os_user = 'someone' WHERE id = 1"))


def test_use_database_makes_a_server_or_file_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from branchdesk import paths
    from branchdesk.cli.main import main

    monkeypatch.delenv(paths.DATABASE_ENV, raising=False)
    assert paths.configured_database() == paths.default_database()
    shared = tmp_path / "委员会 共享.sqlite"
    assert main(["use-database", str(shared)]) == 0
    assert paths.configured_database() == str(shared) and shared.exists()  # created and migrated at once
    db = session.open()
    try:
        assert db.path == shared.resolve()
    finally:
        db.close()
    assert main(["use-database"]) == 0 and str(shared) in capsys.readouterr().out
    monkeypatch.setenv(paths.DATABASE_ENV, str(tmp_path / "环境变量.sqlite"))
    assert paths.configured_database() == str(tmp_path / "环境变量.sqlite")
    monkeypatch.delenv(paths.DATABASE_ENV)
    assert main(["use-database", "--default"]) == 0
    assert paths.configured_database() == paths.default_database()
    # A hand-written setting file: comments and blank lines are skipped; a URL is taken as it is.
    paths.database_setting_file().write_text("# 共享数据库\n\npostgresql+psycopg://secretary@db.school.local/branchdesk\n",
                                             encoding="utf-8")
    assert paths.configured_database() == "postgresql+psycopg://secretary@db.school.local/branchdesk"


def test_use_database_never_prints_the_password(capsys: pytest.CaptureFixture[str]) -> None:
    from branchdesk.services.storage.database_location import shown as _shown

    assert _shown("postgresql+psycopg://secretary:s3cret@db.school.local/branchdesk") == \
        "postgresql+psycopg://secretary:***@db.school.local/branchdesk"


@needs_server
def test_use_database_with_a_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from branchdesk import paths
    from branchdesk.cli.main import main

    monkeypatch.delenv(paths.DATABASE_ENV, raising=False)
    with fresh_database(server_url()) as url:  # type: ignore[arg-type]
        assert main(["use-database", url]) == 0
        db = session.open()
        try:
            assert db.path is None and db.engine.dialect.name == "postgresql"
        finally:
            db.close()
        assert main(["check", "--year", "2026"]) == 0
