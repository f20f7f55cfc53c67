"""Run the database and service tests against PostgreSQL as well (issue 9).

Set BRANCHDESK_TEST_DATABASE_URL to a server URL whose user may create databases, e.g.
`postgresql+psycopg://postgres:postgres@localhost/postgres`; the `db` fixture then gives every test a
migrated database with no rows: a clone of a template migrated once per set of migrations, emptied
before each test (see fresh_database), dropped when the run ends.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

ENV = "BRANCHDESK_TEST_DATABASE_URL"


def server_url() -> str | None:
    return os.environ.get(ENV) or None


def _admin_engine(url: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    return create_engine(url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


def _template_name() -> str:
    """Named after the migration heads, so a changed migration gets a new template."""
    from branchdesk.db.migrate import known_revisions

    digest = hashlib.sha1(",".join(sorted(known_revisions())).encode()).hexdigest()[:10]
    return f"branchdesk_tpl_{digest}"


def _exists(connection, name: str) -> bool:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    return connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is not None


def _ensure_template(url: str) -> str:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from branchdesk.db.migrate import open_database

    name = _template_name()
    admin = _admin_engine(url)
    try:
        with admin.connect() as connection:
            if _exists(connection, name):
                return name
            building = f"{name}_building_{uuid.uuid4().hex[:6]}"
            connection.execute(text(f'CREATE DATABASE "{building}"'))
        database = open_database(make_url(url).set(database=building).render_as_string(hide_password=False))
        database.close()
        with admin.connect() as connection:
            if _exists(connection, name):  # another run made it meanwhile
                connection.execute(text(f'DROP DATABASE "{building}"'))
            else:
                connection.execute(text(f'ALTER DATABASE "{building}" RENAME TO "{name}"'))
        return name
    finally:
        admin.dispose()


_run_database: dict[str, str] = {}  # server URL -> this test run's database URL


def _clone(url: str, template: str) -> str:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = f"branchdesk_test_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine(url)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    finally:
        admin.dispose()
    atexit.register(_drop, url, name)
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _drop(url: str, name: str) -> None:
    from sqlalchemy import text

    admin = _admin_engine(url)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


# DELETE is far quicker than TRUNCATE on small tables; the replica role skips foreign-key checks and the
# change_log guard triggers for this one statement, so the order of the tables does not matter.
_EMPTY_ALL = """DO $$ DECLARE r record; BEGIN
SET LOCAL session_replication_role = replica;
FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'alembic_version' LOOP
  EXECUTE format('DELETE FROM %I', r.tablename);
END LOOP;
FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() LOOP
  EXECUTE format('ALTER SEQUENCE %I RESTART', r.sequencename);
END LOOP;
END $$"""


def _reset(target: str) -> bool:
    """Empty every table (identities restarted) of a database still at the shipped schema; False when
    it is not (a test migrated it) or it is still in use, so the caller makes a new one."""
    from sqlalchemy import create_engine, text

    from branchdesk.db.migrate import script_heads

    engine = create_engine(target, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            heads = {row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))}
            if heads != script_heads():
                return False
            connection.execute(text("SET lock_timeout = '5s'"))
            connection.execute(text(_EMPTY_ALL))
        return True
    except Exception:  # noqa: BLE001 - a locked or broken database is replaced, not repaired
        return False
    finally:
        engine.dispose()


@contextmanager
def fresh_database(url: str) -> Iterator[str]:
    """The URL of a migrated database with no rows in it. Cloning a database costs seconds, so one
    clone serves the whole run and is emptied (every row deleted, sequences restarted) before each test — the
    same state as a new database; a test that changed the schema gets a new clone."""
    from sqlalchemy.engine import make_url

    template = _ensure_template(url)
    target = _run_database.get(url)
    if target is None or not _reset(target):
        if target is not None:
            _drop(url, make_url(target).database or "")
        target = _run_database[url] = _clone(url, template)
    yield target
