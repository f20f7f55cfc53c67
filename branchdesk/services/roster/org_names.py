"""Organisations' names over time, read from `org_names` (trial TY-5; the rules are
domain/roster/org_names.py): for the imports and the calendar, which match a 党小组 by the name it had on
a sitting's day, and for a year's volume, which prints the name of that year."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.roster.org_names import FormerName, NameHistory
from branchdesk.domain.vocabulary import OrgKind


def load_histories(session: Session, org_ids: Iterable[int] | None = None, *,
                   live_only: bool = True) -> dict[int, NameHistory]:
    """Organisation id -> its names (of the given organisations, or of every one; those in the 回收站 only
    if not `live_only`), in two reads."""
    orgs, names = tables.organisations.c, tables.org_names.c
    query = select(orgs.id, orgs.name)
    if live_only:
        query = query.where(orgs.deleted_at.is_(None))
    former_query = select(names.org_id, names.name, names.ended_on)
    if org_ids is not None:
        wanted = list(set(org_ids))
        query = query.where(orgs.id.in_(wanted))
        former_query = former_query.where(names.org_id.in_(wanted))
    former: dict[int, list[FormerName]] = defaultdict(list)
    for row in read_rows(session, former_query):
        former[row.org_id].append(FormerName(row.name, row.ended_on))
    return {row.id: NameHistory.of(row.name, former.get(row.id, ())) for row in read_rows(session, query)}


def year_names(session: Session, org_ids: Iterable[int], year: int) -> dict[int, str]:
    """Organisation id -> the name a year's calendar and volume give it: its name on the year's last day
    (`NameHistory.year_name`; deleted ones too, as a year's sittings may name one)."""
    return {org_id: history.year_name(year)
            for org_id, history in load_histories(session, org_ids, live_only=False).items()}


def group_histories(session: Session) -> dict[int, dict[int, NameHistory]]:
    """Branch id -> its live 党小组 by id, with their names over time (an import's matching)."""
    orgs = tables.organisations.c
    parents = dict(read_rows(session, select(orgs.id, orgs.parent_id).where(
        orgs.deleted_at.is_(None), orgs.kind == OrgKind.GROUP.value, orgs.parent_id.is_not(None))))
    histories = load_histories(session, parents)
    found: dict[int, dict[int, NameHistory]] = defaultdict(dict)
    for org_id, parent_id in parents.items():
        found[parent_id][org_id] = histories[org_id]
    return found
