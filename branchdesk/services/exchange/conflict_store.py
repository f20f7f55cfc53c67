"""Conflicts as stored (exchange_conflicts): one open row per record and sender, refreshed when a
newer copy from the same sender is still in conflict, closed when someone decides."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from branchdesk.db.models import ExchangeConflict
from branchdesk.domain.exchange import versions
from branchdesk.domain.exchange.vocabulary import ConflictKind, ConflictStatus, Resolution

CONFLICTS = ExchangeConflict.__table__


def record(connection: Connection, *, unit: dict[str, Any], kind: ConflictKind, label: str,
           local_vv: dict[str, int], peer_site_id: str, package_seq: int) -> int:
    values = {"table_name": unit["t"], "kind": kind.value, "label": label[:200],
              "local_vv": versions.dumps(local_vv), "remote_vv": versions.dumps(unit["vv"]),
              "remote_unit": json.dumps(unit, ensure_ascii=False, sort_keys=True),
              "remote_by": str(unit.get("by", ""))[:100], "remote_at": str(unit.get("at", ""))[:32],
              "package_seq": package_seq}
    existing = connection.execute(sa.select(CONFLICTS.c.id).where(
        CONFLICTS.c.record_gid == unit["g"], CONFLICTS.c.peer_site_id == peer_site_id,
        CONFLICTS.c.status == ConflictStatus.OPEN.value)).first()
    if existing is not None:
        connection.execute(CONFLICTS.update().where(CONFLICTS.c.id == existing[0]).values(**values))
        return int(existing[0])
    result = connection.execute(CONFLICTS.insert().values(
        record_gid=unit["g"], peer_site_id=peer_site_id, detected_at=datetime.now(),
        status=ConflictStatus.OPEN.value, resolved_by="", **values))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def close(connection: Connection, gid: str, peer_site_id: str | None = None,
          resolution: Resolution = Resolution.PEER, by: str = "") -> int:
    """Close the open conflicts about a record (from one sender, or all); how many were open."""
    condition = [CONFLICTS.c.record_gid == gid, CONFLICTS.c.status == ConflictStatus.OPEN.value]
    if peer_site_id is not None:
        condition.append(CONFLICTS.c.peer_site_id == peer_site_id)
    result = connection.execute(CONFLICTS.update().where(*condition).values(
        status=ConflictStatus.RESOLVED.value, resolution=resolution.value, resolved_at=datetime.now(),
        resolved_by=by[:100]))
    return int(result.rowcount or 0)


def open_rows(connection: Connection) -> list[Any]:
    return list(connection.execute(sa.select(CONFLICTS).where(CONFLICTS.c.status == ConflictStatus.OPEN.value)
                                   .order_by(CONFLICTS.c.detected_at, CONFLICTS.c.id)).mappings())


def get(connection: Connection, conflict_id: int) -> Any:
    return connection.execute(sa.select(CONFLICTS).where(CONFLICTS.c.id == conflict_id)).mappings().first()
