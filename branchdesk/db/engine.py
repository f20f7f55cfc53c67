"""Engines and sessions. SQLite is opened the way a desktop database must be: foreign keys on, WAL,
synchronous=FULL (few writes, durability first), a busy timeout, and writes in BEGIN IMMEDIATE so two
writers queue instead of failing half-way (SQLAlchemy's documented pysqlite recipe)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from branchdesk.db.target import DatabaseTarget

BUSY_TIMEOUT_MS = 10_000
# An error's text never carries the values of its statement: they are members' 公民身份号码 and 联系电话
# (domain.md §8), and that text reaches the window's message, the command line and the traceback
# printed for support. SQLAlchemy keeps the statement and SQLite's own words.
_ENGINE_OPTIONS: dict[str, Any] = {"hide_parameters": True}
# Pages a connection keeps in memory (negative: KiB), at most, used only as pages are read or written.
# SQLite's 2 MB default makes a 10,000-row import spill dirty pages of its tables and indexes to the
# write-ahead log before the commit and write some of them twice; 16 MB holds the whole import of a
# school's roster and a district's year-end reading (issue 18), at most 16 MB per connection.
CACHE_KIB = 16_384
# WAL pages after which a commit itself copies the log into the database file (SQLite's default: 1,000).
# The background fold (db/wal_fold.py) does that a second after every save, off the saving thread, so a
# commit need not: with the default a 10,000-row import's commit (2,400 pages) spent some 30 ms copying
# and syncing while the user waited (issue 18). This stays as a safety net — a WAL that grows past
# 40 MB because no fold could run (a reader holding it back, an engine without a Database) is still
# folded by the commit that passes it.
WAL_AUTOCHECKPOINT_PAGES = 10_000

# Set by `Database.reading()`: transactions begun in this thread (context) only read. They start as a
# plain (deferred) BEGIN, so a long background check never holds the write lock that the window's
# next save — or its next read — would otherwise queue behind. Writes keep BEGIN IMMEDIATE.
_READING: ContextVar[bool] = ContextVar("branchdesk_reading", default=False)
_WROTE = "branchdesk_wrote"  # session.info: this transaction changed something (db/wal_fold.py)
# session.info: the SQLite connection of the transaction and its total_changes when it began — a
# statement on the session's connection (the exchange's book-keeping) changes rows no flush sees
_CHANGES = "branchdesk_changes_at_begin"


def database_url(target: str | Path | URL) -> URL:
    """Accept a file path (Chinese characters and spaces included) or an SQLAlchemy URL."""
    if isinstance(target, URL):
        return target
    parsed = DatabaseTarget.parse(target)
    if parsed.url is not None:
        return make_url(parsed.url)
    return URL.create("sqlite", database=str(parsed.path))


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
        except Exception as exc:  # a read-only file can still be read (open_database tells the user)
            if "readonly" not in str(exc).lower():
                raise
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN" if _READING.get() else "BEGIN IMMEDIATE")


def _encrypted_engine(url: URL, path: Path) -> Engine:
    """An engine on a SQLCipher file (issue 8): every new connection is keyed from the keyring, so
    after `cipher.lock()` and `dispose()` no connection can be made until the password is entered
    again (KeyRequired). The dialect runs on the SQLCipher module, so its errors are wrapped as
    SQLAlchemy's like those of the plain driver."""
    from branchdesk.db import cipher

    def connect():
        return cipher.connect(path, cipher.key_for(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)

    return create_engine(url, module=cipher.driver(), creator=connect, **_ENGINE_OPTIONS)


def make_engine(target: str | Path | URL) -> Engine:
    url = database_url(target)
    if url.get_backend_name() == "sqlite":
        from branchdesk.db import cipher

        path = Path(url.database) if url.database else None
        if path is not None and cipher.is_encrypted(path):
            engine = _encrypted_engine(url, path)
        else:
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **_ENGINE_OPTIONS)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **_ENGINE_OPTIONS)


class Database:
    """One open database: the engine and the session factory every service goes through.

    A Session lives for one user action (`with db.session() as s:`): it never outlives the call and
    never crosses a thread, so a window holds a Database, never a Session.
    """

    def __init__(self, engine: Engine) -> None:
        from branchdesk.db.wal_fold import WalFolder

        self.notices: list[str] = []  # things the user should hear about at start (a failed backup …)
        self._bind(engine)
        self._folder = WalFolder(lambda: self.engine)  # saves into the file itself soon (TY-17)

    def _bind(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._history: bool | None = None  # does this database have the change_log table yet?
        event.listen(self._sessions, "after_flush", self._after_flush)
        event.listen(self._sessions, "do_orm_execute", self._refuse_bulk_writes)
        event.listen(self._sessions, "do_orm_execute", self._bulk_insert)
        event.listen(self._sessions, "after_begin", self._began)
        event.listen(self._sessions, "after_commit", self._committed)

    @contextmanager
    def before_first_write(self, callback: Callable[[], object]) -> Iterator[None]:
        """Call `callback` once, in this thread, just before the first statement that would change
        something (a flush with changes, or an ORM bulk statement). An import takes its backup this
        way: only once the file was read and every row checked, so a refused import spends none
        (issue 21). An exception from `callback` stops the write (the session rolls back)."""
        thread = threading.get_ident()
        done = False

        def first(*_args: object) -> None:
            nonlocal done
            if done or threading.get_ident() != thread:
                return
            done = True
            callback()

        def bulk(state: ORMExecuteState) -> None:
            if state.is_insert or state.is_update or state.is_delete:
                first()

        event.listen(self._sessions, "before_flush", first)
        # first in line: the history's bulk-insert listener returns the result itself, and the
        # listeners after one that returns a result are not called
        event.listen(self._sessions, "do_orm_execute", bulk, insert=True)
        try:
            yield
        finally:
            event.remove(self._sessions, "before_flush", first)
            event.remove(self._sessions, "do_orm_execute", bulk)

    def reconnect(self) -> None:
        """Make a new engine for the same file after it was replaced underneath (encryption turned on
        or off): the driver depends on whether the file is encrypted. Callers must hold no Session."""
        url = self.engine.url
        self.release()
        self._bind(make_engine(url.database if url.get_backend_name() == "sqlite" and url.database else url))
        self._folder.resume()

    def release(self) -> None:
        """Let go of the file — every connection closed, the background fold (db/wal_fold.py) stopped
        until `reconnect` — before the file is replaced (encryption, a restore): on Windows a handle
        still open on it would make the replacement fail."""
        self._folder.stop()
        self.engine.dispose()

    @property
    def encrypted(self) -> bool:
        from branchdesk.db import cipher

        return self.path is not None and cipher.is_encrypted(self.path)

    def lock(self) -> None:
        """Forget the key and close every connection (idle lock): nothing can be read until unlocked."""
        from branchdesk.db import cipher

        self._folder.stop()  # a fold under way gives its keyed connection back before the pool is emptied
        cipher.lock()
        self.engine.dispose()
        self._folder.resume()  # saves after the unlock are folded again (a fold before it cannot connect)

    def _after_flush(self, session: Session, context: object) -> None:
        """Every flush of every model writes its change history in the same transaction (issue 8)."""
        from branchdesk.db.history import record_flush
        from branchdesk.db.redaction import redact_deleted

        if session.new or session.dirty or session.deleted:
            session.info[_WROTE] = True
        if self._history is None:
            self._history = inspect(session.connection()).has_table("change_log")
        if self._history:
            record_flush(session, context)
            redact_deleted(session, context)  # a person deleted for good: no ID number or phone kept

    @staticmethod
    def _refuse_bulk_writes(state: ORMExecuteState) -> None:
        """No bulk UPDATE or DELETE through a Session (db/history.refuse_bulk_writes). The history
        module is imported on the first ORM statement, not at opening: a command that runs none (the
        year-end report reads on the tables) does not load it (issue 18)."""
        from branchdesk.db.history import refuse_bulk_writes

        refuse_bulk_writes(state)

    def _bulk_insert(self, state: ORMExecuteState) -> object:
        """Bulk inserts write their history too (db/history_bulk.record_bulk_insert)."""
        from branchdesk.db.history_bulk import record_bulk_insert

        if not state.is_insert:
            return None
        state.session.info[_WROTE] = True
        if self._history is None:
            self._history = inspect(state.session.connection()).has_table("change_log")
        return record_bulk_insert(state) if self._history else None

    @staticmethod
    def _began(session: Session, _transaction: object, connection: Connection) -> None:
        """Note the SQLite connection's count of changed rows, to tell at the commit whether anything
        was written — by the ORM or by a statement on the session's connection (`_committed`)."""
        raw = connection.connection.driver_connection
        changes = getattr(raw, "total_changes", None)
        session.info[_CHANGES] = (raw, changes) if isinstance(changes, int) else None

    def _committed(self, session: Session) -> None:
        """A transaction that wrote is folded into the database file in a moment (db/wal_fold.py): one
        the ORM flushed, and one that changed rows with statements on the session's connection (the
        exchange writes its packages' book-keeping so: a 上报 written, a conflict settled). Since a
        commit no longer folds the WAL itself after 1,000 pages (WAL_AUTOCHECKPOINT_PAGES), this fold
        is the only one before 40 MB."""
        wrote = session.info.pop(_WROTE, False)
        began = session.info.pop(_CHANGES, None)
        if not wrote and began is not None:
            raw, changes = began
            try:
                wrote = raw.total_changes != changes
            except Exception:  # noqa: BLE001 - closed meanwhile: it can no longer tell, so fold anyway
                wrote = True
        if wrote and self.path is not None:
            self._folder.wrote()

    def schema_changed(self) -> None:
        """Called after a migration: look again for the history table."""
        self._history = None

    @property
    def url(self) -> URL:
        return self.engine.url

    @property
    def path(self) -> Path | None:
        if self.engine.url.get_backend_name() == "sqlite" and self.engine.url.database:
            return Path(self.engine.url.database)
        return None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Mark the work inside as read-only (checks, lists, reports): its transactions do not take
        SQLite's write lock, so readers in other threads and the next write never wait for it."""
        token = _READING.set(True)
        try:
            yield
        finally:
            _READING.reset(token)

    def close(self) -> None:
        """Checkpoint the WAL on a clean exit so a single file remains, write down the change
        history's head beside the file (db/anchor.py), then release connections."""
        self._folder.stop()
        if self.path is not None:
            try:
                raw = self.engine.raw_connection()
                try:
                    raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    self._anchor(raw)
                finally:
                    raw.close()
            except Exception:  # noqa: BLE001 - closing must not fail; the WAL is still valid
                pass
        self.engine.dispose()

    def _anchor(self, raw: object) -> None:
        from branchdesk.db import anchor, cipher

        assert self.path is not None
        try:
            key = cipher.key_for(self.path) if cipher.is_encrypted(self.path) else None
        except cipher.KeyRequired:
            return  # locked: the next close or backup anchors it
        anchor.advance(self.path, getattr(raw, "driver_connection", raw), key)
