"""数据包 use cases (issue 20), one transaction each, for the window and the CLI alike:

    add_site(db, branch, out)        党委: write a branch's set-up file (returns the set-up code)
    preview_setup(path)              what a set-up file says, before its code is entered
    join(db, setup, code)            支部: become that branch's site
    export_package(db, out, to=None) 上报 / 下发: write the next package for a site
    import_package(db, path)         接收: merge a package (or refuse it, writing nothing)
    exchange_status(db)              this site, its peers, packages and open conflicts
    list_conflicts / get_conflict / resolve_conflict

How it works is described in docs/ARCHITECTURE.md (数据包) and in the modules of this package.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from branchdesk.db.engine import Database
from branchdesk.domain.exchange.vocabulary import (
    ROLE_LABELS,
    STATUS_LABELS,
    Direction,
    PackageStatus,
    SiteRole,
    direction_label,
)
from branchdesk.services.exchange import conflict_store, log
from branchdesk.services.exchange.changes import catch_up
from branchdesk.services.exchange.conflicts import (
    ConflictView,
    FieldDiff,
    get_conflict,
    list_conflicts,
    resolve_conflict,
)
from branchdesk.services.exchange.envelope import PackageRefused
from branchdesk.services.exchange.outgoing import pending
from branchdesk.services.exchange.packages import NotConfigured, export_package, import_package
from branchdesk.services.exchange.results import (
    ExchangeStatus,
    ExportResult,
    ImportResult,
    JoinResult,
    PackageEntry,
    PeerStatus,
    SetupPreview,
    SetupResult,
    counts_text,
    parts_summary,
    received_summary,
)
from branchdesk.services.exchange.sites import add_site, join, key_storage, preview_setup
from branchdesk.services.exchange.state import load_peers, load_site, lock, save_site

__all__ = [
    "ConflictView", "ExchangeStatus", "ExportResult", "FieldDiff", "ImportResult", "JoinResult", "NotConfigured",
    "PackageEntry", "PackageRefused", "PeerStatus", "SetupPreview", "SetupResult", "add_site", "branches",
    "exchange_status", "export_package", "get_conflict", "import_package", "join", "list_conflicts",
    "not_heard_from", "parts_summary", "preview_setup", "received_summary", "resolve_conflict",
]


def not_heard_from(db: Database) -> list[str]:
    """The sites set up here that have never sent a package, by name: the line that tells several
    packages received at once names them (received_summary). Read alone — the page's exchange_status
    counts every site's pending changes and first sweeps 修改记录: seconds at year end (review 13, R3-10)."""
    with db.reading(), db.engine.connect() as connection:
        return [peer.name for peer in load_peers(connection) if peer.joined_at is None]


def exchange_status(db: Database) -> ExchangeStatus:
    with db.session() as session:
        connection = session.connection()
        lock(connection)
        site = load_site(connection)
        if site is None:
            return ExchangeStatus(False, key_storage=key_storage(db))
        catch_up(connection, site)
        save_site(connection, site)
        peers = load_peers(connection)
        names = {p.site_id: p for p in load_peers(connection, include_retired=True)}
        rows = log.rows(connection)
        statuses = []
        for peer in peers:
            since = log.watermark(connection, peer.site_id, peer.acked_seq)
            refused = ""
            for row in rows:  # newest first
                if row["peer_site_id"] != peer.site_id or row["direction"] != Direction.IN.value:
                    continue
                if row["status"] == PackageStatus.REFUSED.value:
                    refused = f"{row['processed_at']:%Y-%m-%d %H:%M} {row['file_name']}：{row['note']}"
                break
            statuses.append(PeerStatus(peer.site_id, peer.name, ROLE_LABELS[SiteRole(peer.role)], peer.fingerprint,
                                       peer.joined_at is not None, peer.sent_seq, peer.acked_seq, peer.received_seq,
                                       pending(connection, site, peer, since), refused))
        packages = [_entry(row, names, site.role) for row in rows]
        conflicts = len(conflict_store.open_rows(connection))
        return ExchangeStatus(True, site.name, site.role, ROLE_LABELS[SiteRole(site.role)], site.fingerprint,
                              key_storage(db), statuses, conflicts, packages)


def _entry(row: Any, peers: dict[str, Any], own_role: str) -> PackageEntry:
    outgoing = row["direction"] == Direction.OUT.value
    peer = peers.get(row["peer_site_id"])
    sender_role = own_role if outgoing else (peer.role if peer else "")
    counts = json.loads(row["counts"] or "{}")
    return PackageEntry(row["id"], direction_label(row["direction"], sender_role), outgoing,
                        peer.name if peer else "（未登记的站点）", row["seq"],
                        "设置文件" if row["kind"] == "setup" else "数据包", row["processed_at"],
                        int(row["units"]), ("" if outgoing else "合并：") + counts_text(counts),
                        STATUS_LABELS.get(PackageStatus(row["status"]), row["status"]), row["note"] or "",
                        row["file_name"], int(row["conflicts"] or 0))


def branches(db: Database) -> list[tuple[str, bool]]:
    """The 党支部 of the database and whether each already has a site (for 添加支部站点)."""
    from branchdesk.db.models import Organisation
    from branchdesk.domain.vocabulary import OrgKind

    with db.reading(), db.session() as session:
        connection = session.connection()
        taken = {p.branch_gid for p in load_peers(connection)} if load_site(connection) else set()
        orgs = session.scalars(sa.select(Organisation).where(Organisation.kind == OrgKind.BRANCH.value,
                                                             Organisation.deleted_at.is_(None))
                               .order_by(Organisation.sort_order, Organisation.id)).all()
        return [(org.name, org.gid in taken) for org in orgs]
