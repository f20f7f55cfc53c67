"""Which 党支部 this PC keeps. A branch's own PC (a branch site of the 数据包 exchange) holds that
branch's records only: of any other branch it has the organisation tree and, at most, a member who
moved there (with the 支部调整) — nothing from which that branch's meetings, figures or rules could
be known (checked there, a branch of nine would read as one member, 不足 3 人: ORG-MIN-MEMBERS,
domain.md §1, and as holding no meetings at all). So what is checked and reported there (the check,
首页, the year-end volume and its findings) is that branch alone (README, 数据包: "The branch keeps
only its own records"; domain/exchange/scope.py).

Kept apart from the rest of the exchange so that the check and the volume need not load its
cryptography, nor map its book-keeping tables (db/models/exchange.py): one row is read by name
(services/site_tree.py, which also keeps the organisation tree read-only there)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import Organisation
from branchdesk.db.table_reads import read_rows, table
from branchdesk.services.errors import RuleViolation
from branchdesk.services.site_tree import kept_gid


def kept_branch(session: Session) -> str | None:
    """The name of the 党支部 this PC keeps when it is that branch's site; None on the committee's
    PC or one that takes no part in the exchange (it keeps every branch it has)."""
    gid = kept_gid(session)
    if gid is None:
        return None
    orgs = table(Organisation).c  # read on the tables: the year-end report runs no ORM query (issue 18)
    return next((name for (name,) in read_rows(session, select(orgs.name).where(orgs.gid == gid))), None)


def site_branch(db: Database) -> str | None:
    """`kept_branch` of a database (the window's choosers offer that branch alone)."""
    with db.reading(), db.session() as session:
        return kept_branch(session)


def site_scope(session: Session, branch: str | None, what: str) -> str | None:
    """The branch a check or a volume covers: on a branch's own PC that branch alone, whatever was
    asked (`branch` None: all); asked there for another branch, it says that nothing of it can be
    known there. `what` names the action ("检查", "生成年度报表")."""
    kept = kept_branch(session)
    if kept is None or branch is None or branch == kept:
        return kept or branch
    raise RuleViolation(f"本机是“{kept}”的支部电脑，只保存本支部的记录，无法{what}“{branch}”；"
                        f"请在党委的电脑上{what}其他党支部。")
