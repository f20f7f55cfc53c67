"""The list of packages written and read (exchange_packages)."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from branchdesk.db.history import os_user
from branchdesk.db.models import ExchangePackage
from branchdesk.domain.exchange.vocabulary import Direction, PackageStatus
from branchdesk.services.exchange.envelope import Sealed

PACKAGES = ExchangePackage.__table__


def add(connection: Connection, *, peer_site_id: str, direction: Direction, kind: str, seq: int, status: PackageStatus,
        base: int = 0, ack: int = 0, created_at: str = "", file_name: str = "", digest: str = "", units: int = 0,
        counts: dict[str, int] | None = None, conflicts: int = 0, watermark: int | None = None, note: str = "",
        history: tuple[int, int] | None = None) -> int:
    result = connection.execute(PACKAGES.insert().values(
        peer_site_id=peer_site_id, direction=direction.value, kind=kind, seq=seq, base=base, ack=ack,
        created_at=created_at or datetime.now().isoformat(sep=" ", timespec="seconds"), processed_at=datetime.now(),
        file_name=file_name[:255], digest=digest, units=units,
        counts=json.dumps(counts or {}, ensure_ascii=False, sort_keys=True), conflicts=conflicts,
        watermark=watermark, status=status.value, note=note, history_from=history[0] if history else None,
        history_to=history[1] if history else None, os_user=os_user()[:100]))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def watermark(connection: Connection, peer_site_id: str, seq: int) -> int:
    """The local sequence reached when our package `seq` to the peer was written (0 before any)."""
    if seq <= 0:
        return 0
    row = connection.execute(sa.select(PACKAGES.c.watermark).where(
        PACKAGES.c.peer_site_id == peer_site_id, PACKAGES.c.direction == Direction.OUT.value,
        PACKAGES.c.seq == seq).order_by(PACKAGES.c.id.desc())).first()
    return int(row[0] or 0) if row is not None else 0


def merged_digest(connection: Connection, digest: str) -> bool:
    """Was this very file merged here before?"""
    return connection.execute(sa.select(PACKAGES.c.id).where(
        PACKAGES.c.digest == digest, PACKAGES.c.direction == Direction.IN.value,
        PACKAGES.c.status == PackageStatus.MERGED.value)).first() is not None


def merged_digest_of(connection: Connection, peer_site_id: str, seq: int) -> str:
    """The digest of the peer's package number `seq` merged here ('' when none, or none recorded)."""
    row = connection.execute(sa.select(PACKAGES.c.digest).where(
        PACKAGES.c.peer_site_id == peer_site_id, PACKAGES.c.direction == Direction.IN.value,
        PACKAGES.c.status == PackageStatus.MERGED.value, PACKAGES.c.seq == seq).order_by(PACKAGES.c.id)).first()
    return str(row[0] or "") if row is not None else ""


def sent_digest(connection: Connection, peer_site_id: str, seq: int) -> str:
    """The digest of our newest package number `seq` to the peer ('' when none, or written before digests
    of sent packages were kept)."""
    row = connection.execute(sa.select(PACKAGES.c.digest).where(
        PACKAGES.c.peer_site_id == peer_site_id, PACKAGES.c.direction == Direction.OUT.value,
        PACKAGES.c.seq == seq).order_by(PACKAGES.c.id.desc())).first()
    return str(row[0] or "") if row is not None else ""


def merged_with_number(connection: Connection, peer_site_id: str, seq: int, digest: str) -> Any | None:
    """Another package from the peer, with number `seq` but different content, merged here before
    (the peer's database was restored from a backup, or is used on two PCs: trial S, TS-5)."""
    return connection.execute(sa.select(PACKAGES.c.file_name, PACKAGES.c.processed_at, PACKAGES.c.created_at)
                              .where(PACKAGES.c.peer_site_id == peer_site_id,
                                     PACKAGES.c.direction == Direction.IN.value,
                                     PACKAGES.c.status == PackageStatus.MERGED.value, PACKAGES.c.seq == seq,
                                     PACKAGES.c.digest != digest)
                              .order_by(PACKAGES.c.id)).first()


def merged_seqs(connection: Connection, peer_site_id: str, first: int, last: int, clock: int) -> set[int]:
    """Which of the peer's packages `first`…`last` written with the sender's clock `clock` (the packages
    of one 上报 share it: packages.export_package) were merged here."""
    return {int(row[0]) for row in connection.execute(sa.select(PACKAGES.c.seq).where(
        PACKAGES.c.peer_site_id == peer_site_id, PACKAGES.c.direction == Direction.IN.value,
        PACKAGES.c.status == PackageStatus.MERGED.value, PACKAGES.c.watermark == clock,
        PACKAGES.c.seq.between(first, last)))}


def last_merged_clock(connection: Connection, peer_site_id: str) -> int:
    """The sender's clock in the newest of its packages merged here (kept as the watermark of an
    incoming package)."""
    row = connection.execute(sa.select(sa.func.max(PACKAGES.c.watermark)).where(
        PACKAGES.c.peer_site_id == peer_site_id, PACKAGES.c.direction == Direction.IN.value,
        PACKAGES.c.status == PackageStatus.MERGED.value)).first()
    return int(row[0] or 0) if row is not None else 0


def unconfirm(connection: Connection, peer_site_id: str, upto: int) -> None:
    """The peer no longer has our packages after `upto` (it was restored): they count as unconfirmed."""
    connection.execute(PACKAGES.update().where(
        PACKAGES.c.peer_site_id == peer_site_id, PACKAGES.c.direction == Direction.OUT.value,
        PACKAGES.c.seq > upto, PACKAGES.c.status == PackageStatus.CONFIRMED.value,
    ).values(status=PackageStatus.SENT.value, confirmed_at=None))


def confirm(connection: Connection, peer_site_id: str, upto: int) -> int:
    """Our packages to the peer up to `upto` are confirmed (its package acknowledged them)."""
    result = connection.execute(PACKAGES.update().where(
        PACKAGES.c.peer_site_id == peer_site_id, PACKAGES.c.direction == Direction.OUT.value,
        PACKAGES.c.seq <= upto, PACKAGES.c.status == PackageStatus.SENT.value,
    ).values(status=PackageStatus.CONFIRMED.value, confirmed_at=datetime.now()))
    return int(result.rowcount or 0)


def rows(connection: Connection, limit: int = 500) -> list[Any]:
    return list(connection.execute(sa.select(PACKAGES).order_by(PACKAGES.c.id.desc()).limit(limit)).mappings())


def write_atomically(path: Path, data: bytes | Sealed) -> Path:
    """Write beside the target and rename, so a pulled-out USB drive leaves no half package named
    like a whole one. Returns the temporary file; `os.replace` it into place after the commit."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".bdpkg-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(data, Sealed):
                data.write(out)  # (its parts one after the other: not joined into a copy)
            else:
                out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)
