"""The 党支部 set up as sites of the exchange that have sent no 上报 yet but whose records the 党委 entered
itself (rev4 F4): those records are in the 党委's database and counted like any other — such a branch is
not "未上报，其数据未计入" (services/exchange/kept.unreported_branches names every branch not yet reported);
the volume says plainly that what it lists of it was entered at the 党委 (AnnualReportData.entered)."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.table_reads import read_rows

# the records kept by 党支部 (the roster is the 党委's own and travels to the branch): 三会一课, 发展党员,
# 结对帮扶, 党费上缴 — any one not deleted makes the branch's records "here"
_KEPT: tuple[Table, ...] = (tables.meetings, tables.dev_records, tables.mentoring_pairs, tables.dues_hand_ups)


def entered_here(session: Session, names: Collection[str]) -> list[str]:
    """Those of `names` (live 党支部, by their names now) with a record of their own in this database, in the
    given order."""
    if not names:
        return []
    orgs = tables.organisations.c
    ids = dict(read_rows(session, select(orgs.id, orgs.name).where(
        orgs.name.in_(list(names)), orgs.deleted_at.is_(None))))
    if not ids:
        return []
    found: set[str] = set()
    for kept in _KEPT:
        query = select(kept.c.branch_id).where(kept.c.branch_id.in_(list(ids)), kept.c.deleted_at.is_(None)).distinct()
        found.update(ids[branch_id] for (branch_id,) in read_rows(session, query))
    return [name for name in names if name in found]
