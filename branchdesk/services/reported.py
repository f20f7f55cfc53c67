"""How far each 党支部's records at the 党委 reach: the day its newest 上报 merged here was written (review 13-4,
F3). What a branch recorded after that day is not here, and a 定稿 sitting it carried dated after that day had
not happened when the 上报 was written (vol3 item 3; domain/meetings/happened.py) — received, not counted.

Read here, in the shared core below the areas, so that every figure at the 党委 takes the same cut-off: the
year-end volume, the rule check (its 自查 appendix, 首页) and the window's calendar and 学时 tabs (review rev1
F8). The meetings and study-hours areas may not import the exchange (import-linter, "Record areas are
independent"): the exchange's book-keeping tables are read here by name, as services/exchange/kept.py reads
them, without its models or its cryptography."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.exchange.vocabulary import Direction, PackageStatus, SiteRole
from branchdesk.services.records_start import Branch

# exchange_site, exchange_peers and exchange_packages (db/models/exchange.py): the columns read here
_SITE = sa.table("exchange_site", sa.column("id", sa.Integer), sa.column("role", sa.String))
_PEERS = sa.table("exchange_peers", sa.column("site_id", sa.String), sa.column("role", sa.String),
                  sa.column("branch_gid", sa.String))
_LOG = sa.table("exchange_packages", sa.column("peer_site_id", sa.String), sa.column("direction", sa.String),
                sa.column("status", sa.String), sa.column("created_at", sa.String),
                sa.column("processed_at", sa.DateTime))


def _committee_site(session: Session) -> bool:
    site = next(iter(read_rows(session, select(_SITE.c.role).where(_SITE.c.id == 1))), None)
    return site is not None and site.role == SiteRole.COMMITTEE.value


def last_reports(session: Session) -> dict[str, date]:
    """The day each 党支部's newest 上报 merged here was written (by its name as it is now; any of its sites,
    retired ones too): what it recorded after that is not here (review 13-4, F3). The day is the one the
    branch's PC wrote the package on — its records stand as of then, however late it came — or, where
    that cannot be read, the day it was merged here. Empty on a branch's own PC and on one that takes no
    part in the exchange; a branch that never sent is not in it (unreported_branches)."""
    if not _committee_site(session):
        return {}
    orgs = tables.organisations.c
    query = (select(orgs.name, sa.func.max(_LOG.c.created_at), sa.func.max(_LOG.c.processed_at))
             .join_from(_LOG, _PEERS, _PEERS.c.site_id == _LOG.c.peer_site_id)
             .join(tables.organisations, orgs.gid == _PEERS.c.branch_gid)
             .where(_PEERS.c.role == SiteRole.BRANCH.value, _LOG.c.direction == Direction.IN.value,
                    _LOG.c.status == PackageStatus.MERGED.value, orgs.deleted_at.is_(None))
             .group_by(orgs.name))
    found: dict[str, date] = {}
    for name, written, merged in read_rows(session, query):
        try:
            found[name] = date.fromisoformat(str(written)[:10])
        except ValueError:  # the sender's time unreadable: the day it came is the latest its records can stand
            if merged is not None:
                found[name] = merged.date() if hasattr(merged, "date") else date.fromisoformat(str(merged)[:10])
    return found


def reported_before(last: dict[str, date], names: Iterable[str], year: int, as_of: date) -> dict[str, date]:
    """Of `last` (last_reports), the branches named whose newest 上报 was written before the figures' day — the
    earlier of `as_of` and the year's 12-31: their later records are not here. By name, as the volume's
    上报情况 line gives them."""
    day = min(as_of, date(year, 12, 31))
    return {name: last[name] for name in names if name in last and last[name] < day}


def held_until(session: Session, branches: Iterable[Branch], year: int, as_of: date) -> dict[int, date]:
    """Branch id -> the day its newest 上报 was written, for the branches whose records stop before the figures'
    day (reported_before): the `held_until` load_calendars, load_summary and load_sittings take. Empty on a
    branch's own PC (its records are all there) and where no branch has reported."""
    listed = list(branches)
    cut = reported_before(last_reports(session), [b.name for b in listed], year, as_of)
    return {b.id: cut[b.name] for b in listed if b.name in cut}
