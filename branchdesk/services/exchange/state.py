"""The exchange's book-keeping rows (db/models/exchange.py), read and written with Core statements on
the caller's connection — inside the caller's transaction, and without lines in 修改记录.

Every exchange operation first takes the history's writer lock (`lock`): on SQLite the session
already began with BEGIN IMMEDIATE; on PostgreSQL the same advisory lock the history takes, so no
other PC can add to 修改记录 between the moment this operation reads it and its commit.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from branchdesk.db.models import ExchangePeer, ExchangeSite, ExchangeUnit, Organisation
from branchdesk.domain.exchange import versions
from branchdesk.domain.exchange.versions import VersionVector
from branchdesk.domain.exchange.vocabulary import SiteRole
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.exchange.envelope import KeyPair, fingerprint

SITE = ExchangeSite.__table__
PEERS = ExchangePeer.__table__
UNITS = ExchangeUnit.__table__
ORGS = Organisation.__table__
HISTORY_LOCK = 7460911  # db/history.append takes the same one


def lock(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({HISTORY_LOCK})")


@dataclass
class Site:
    site_id: str
    name: str
    role: str
    branch_gid: str | None
    keys: KeyPair
    clock: int
    lseq: int
    scanned_upto: int
    created_at: datetime

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.keys.sign_public, self.keys.box_public)

    def tick(self) -> int:
        """The next counter of this site's clock (hybrid: never behind the wall clock, never repeats)."""
        self.clock = versions.tick(self.clock, int(time.time() * 1000))
        return self.clock

    def next_lseq(self) -> int:
        self.lseq += 1
        return self.lseq


def site_name(connection: Connection, role: str, branch_gid: str | None, stored: str) -> str:
    """A site is called by its organisation's name as it is now (renamed at the committee, the rename
    come down with a 下发: trial 9, T9-17) — in `--to`, the package file names, the headers and
    `package status`, on both PCs: a branch's site by its 党支部, looked up by the branch's id; the
    committee's by the school's 党委 (or 党总支) at the top of the tree. The name stored when the
    site was set up only when that organisation is not here."""
    o = ORGS.c
    if branch_gid is not None:
        query = sa.select(o.name).where(o.gid == branch_gid)
    elif role == SiteRole.COMMITTEE.value:
        query = (sa.select(o.name).where(o.kind.in_((OrgKind.COMMITTEE.value, OrgKind.GENERAL_BRANCH.value)),
                                         o.parent_id.is_(None), o.deleted_at.is_(None))
                 .order_by(o.kind != OrgKind.COMMITTEE.value, o.id).limit(1))
    else:
        return stored
    name = connection.execute(query).scalar()
    return str(name)[:100] if name else stored


def load_site(connection: Connection) -> Site | None:
    row = connection.execute(sa.select(SITE).where(SITE.c.id == 1)).mappings().first()
    if row is None:
        return None
    return Site(row["site_id"], site_name(connection, row["role"], row["branch_gid"], row["name"]), row["role"],
                row["branch_gid"],
                KeyPair(bytes(row["sign_key"]), bytes(row["box_key"])), row["clock"], row["lseq"],
                row["scanned_upto"], row["created_at"])


def insert_site(connection: Connection, site: Site) -> None:
    connection.execute(SITE.insert().values(
        id=1, site_id=site.site_id, name=site.name, role=site.role, branch_gid=site.branch_gid,
        sign_key=site.keys.sign_private, box_key=site.keys.box_private, clock=site.clock, lseq=site.lseq,
        scanned_upto=site.scanned_upto, created_at=site.created_at))


def save_site(connection: Connection, site: Site) -> None:
    connection.execute(SITE.update().where(SITE.c.id == 1).values(
        name=site.name, clock=site.clock, lseq=site.lseq, scanned_upto=site.scanned_upto))


@dataclass
class Peer:
    site_id: str
    name: str
    role: str
    branch_gid: str | None
    sign_public: bytes | None
    box_public: bytes | None
    join_token: bytes | None
    sent_seq: int
    acked_seq: int
    received_seq: int
    created_at: datetime
    joined_at: datetime | None
    retired_at: datetime | None

    @property
    def fingerprint(self) -> str:
        if self.sign_public is None or self.box_public is None:
            return ""
        return fingerprint(self.sign_public, self.box_public)


def _peer(connection: Connection, row: Any) -> Peer:
    def raw(value: Any) -> bytes | None:
        return bytes(value) if value is not None else None

    return Peer(row["site_id"], site_name(connection, row["role"], row["branch_gid"], row["name"]), row["role"], row["branch_gid"], raw(row["sign_public"]),
                raw(row["box_public"]), raw(row["join_token"]), row["sent_seq"], row["acked_seq"],
                row["received_seq"], row["created_at"], row["joined_at"], row["retired_at"])


def load_peers(connection: Connection, *, include_retired: bool = False) -> list[Peer]:
    query = sa.select(PEERS).order_by(PEERS.c.created_at, PEERS.c.name)
    if not include_retired:
        query = query.where(PEERS.c.retired_at.is_(None))
    return [_peer(connection, row) for row in connection.execute(query).mappings()]


def load_peer(connection: Connection, site_id: str) -> Peer | None:
    row = connection.execute(sa.select(PEERS).where(PEERS.c.site_id == site_id)).mappings().first()
    return _peer(connection, row) if row is not None else None


def insert_peer(connection: Connection, peer: Peer) -> None:
    connection.execute(PEERS.insert().values(**peer.__dict__))


def save_peer(connection: Connection, peer: Peer) -> None:
    values = {k: v for k, v in peer.__dict__.items() if k != "site_id"}
    connection.execute(PEERS.update().where(PEERS.c.site_id == peer.site_id).values(**values))


@dataclass
class Unit:
    gid: str
    table: str
    vv: VersionVector = field(default_factory=dict)
    lseq: int = 0
    from_site: str | None = None
    owner: str | None = None
    left_owner: str | None = None
    left_lseq: int | None = None
    deleted: bool = False
    alias_of: str | None = None
    stored: bool = False  # a row exists for it already


def _unit(row: Any) -> Unit:
    return Unit(row["record_gid"], row["table_name"], versions.loads(row["vv"]), row["lseq"], row["from_site"],
                row["owner"], row["left_owner"], row["left_lseq"], bool(row["deleted"]), row["alias_of"], True)


def load_units(connection: Connection, gids: Iterable[str]) -> dict[str, Unit]:
    found: dict[str, Unit] = {}
    wanted = list(dict.fromkeys(gids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for row in connection.execute(sa.select(UNITS).where(UNITS.c.record_gid.in_(chunk))).mappings():
            found[row["record_gid"]] = _unit(row)
    return found


def restamp(connection: Connection, gids: Iterable[str], lseq: int) -> None:
    """Give these records the local sequence `lseq`, unchanged otherwise: the records with files of one
    of several packages of a 上报, so that the peer's confirmation of the packages before it leaves
    them — and only them, with what changed since — for the next package (packages.export_package)."""
    wanted = list(gids)
    for start in range(0, len(wanted), 500):
        connection.execute(UNITS.update().where(UNITS.c.record_gid.in_(wanted[start:start + 500])).values(lseq=lseq))


def units_changed_since(connection: Connection, lseq: int) -> list[Unit]:
    query = sa.select(UNITS).where(UNITS.c.lseq > lseq, UNITS.c.alias_of.is_(None)).order_by(UNITS.c.lseq)
    return [_unit(row) for row in connection.execute(query).mappings()]


def save_units(connection: Connection, units: Iterable[Unit]) -> None:
    new: list[dict[str, Any]] = []
    old: list[dict[str, Any]] = []
    for unit in units:
        values = {"record_gid": unit.gid, "table_name": unit.table, "vv": versions.dumps(unit.vv),
                  "lseq": unit.lseq, "from_site": unit.from_site, "owner": unit.owner,
                  "left_owner": unit.left_owner, "left_lseq": unit.left_lseq, "deleted": unit.deleted,
                  "alias_of": unit.alias_of}
        (old if unit.stored else new).append(values)
        unit.stored = True
    if new:
        connection.execute(UNITS.insert(), new)
    if old:
        statement = UNITS.update().where(UNITS.c.record_gid == sa.bindparam("b_record_gid")).values(
            {k: sa.bindparam(f"b_{k}") for k in old[0] if k != "record_gid"})
        connection.execute(statement, [{f"b_{k}": v for k, v in row.items()} for row in old])


def alias_target(connection: Connection, gid: str) -> str | None:
    """The record a gid was merged into (two sites had created the same record), if any."""
    row = connection.execute(sa.select(UNITS.c.alias_of).where(UNITS.c.record_gid == gid)).first()
    return row[0] if row is not None else None


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
