"""A whole database held in memory, written into a new file without a plain copy ever touching the
disk when the file is to be encrypted (issue 21).

A password-sealed backup of a plain database carries a plain SQLite image. Restoring it onto an
encrypted database used to write that image beside the database first (`.<name>.unsealed-<pid>`):
a kill at the wrong moment left every name and ID number readable on the disk. Now the image is
opened in memory (`sqlite3.Connection.deserialize`) and written straight into the keyed partial file.
SQLite's backup API cannot cross from Python's sqlite3 to the SQLCipher library, so the encrypted
copy is made table by table through a keyed connection, as `sqlcipher_export` does it: the schema's
tables, their rows, `sqlite_sequence`, then indexes, triggers and views, and the user version.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from branchdesk.db import cipher

BATCH = 1000


def _rollback_journal(image: bytes) -> bytes:
    """The image marked as a rollback-journal database (header bytes 18 and 19, the file format
    versions: 2 means WAL). A WAL image cannot be opened in memory; the pages are the same."""
    if len(image) > 20 and image[18:20] == b"\x02\x02":
        return image[:18] + b"\x01\x01" + image[20:]
    return image


def open_image(image: bytes) -> sqlite3.Connection:
    """A private in-memory database holding `image` (the bytes of a whole SQLite file)."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(_rollback_journal(image))
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def image_of(source: Any) -> bytes:
    """The bytes of a whole database from an open plain connection, made in memory (backup API)."""
    memory = sqlite3.connect(":memory:")
    try:
        source.backup(memory)
        return _rollback_journal(memory.serialize())
    finally:
        memory.close()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(source: sqlite3.Connection, table: str) -> list[str]:
    """The table's stored columns (generated and hidden ones are computed, not copied)."""
    return [str(r[1]) for r in source.execute(f"PRAGMA table_xinfo({_quoted(table)})") if r[6] == 0]


def copy_into(source: sqlite3.Connection, target: Any) -> None:
    """Copy every table, row and schema object of `source` into the new, empty database `target`
    (any DB-API connection: a keyed SQLCipher one here), in one transaction."""
    schema = source.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
        "ORDER BY rowid").fetchall()
    target.isolation_level = None  # the transaction below is ours: no implicit BEGIN or COMMIT
    target.execute("BEGIN")
    made: set[str] = set()
    for kind, name, sql in schema:
        if kind != "table":
            continue
        exists = target.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        if exists:  # a virtual table's shadow tables, made by the virtual table itself
            continue
        target.execute(sql)
        made.add(name)
    for kind, name, _sql in schema:
        if kind != "table" or name not in made or _is_shadow(schema, name):
            continue
        columns = _columns(source, name)
        listed = ", ".join(_quoted(c) for c in columns)
        insert = f"INSERT INTO {_quoted(name)} ({listed}) VALUES ({', '.join('?' * len(columns))})"
        cursor = source.execute(f"SELECT {listed} FROM {_quoted(name)}")
        while batch := cursor.fetchmany(BATCH):
            target.executemany(insert, batch)
    if source.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
        rows = source.execute("SELECT name, seq FROM sqlite_sequence").fetchall()
        target.execute("DELETE FROM sqlite_sequence")
        target.executemany("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", rows)
    for kind, _name, sql in schema:
        if kind in ("index", "trigger", "view"):
            target.execute(sql)
    for pragma in ("user_version", "application_id"):
        value = int(source.execute(f"PRAGMA {pragma}").fetchone()[0])
        target.execute(f"PRAGMA {pragma} = {value}")
    if source.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        target.execute("ANALYZE")
    target.execute("COMMIT")


def _is_shadow(schema: list[tuple[str, str, str]], name: str) -> bool:
    virtual = [n for k, n, sql in schema if k == "table" and str(sql).upper().startswith("CREATE VIRTUAL")]
    return any(name != v and name.startswith(v + "_") for v in virtual)


def write_encrypted(source: sqlite3.Connection, target: Path, key: bytes) -> None:
    """Write the in-memory database `source` into the new file `target`, encrypted with `key`."""
    connection = cipher.new_encrypted(target, key)
    try:
        copy_into(source, connection)
    finally:
        connection.close()
