"""The organisation tree on a branch's own PC (a branch site of the 数据包 exchange; trial 9, T9-17).

The tree above the 党小组 — 党委, 党总支, every 党支部's own row, with its name and dates — is the
committee's: sent to every branch, changed by the committee (domain/exchange/scope.py; README, 数据包:
"the organisation tree arrives read-only"). A change made on a branch's PC would never be sent, and
the two PCs would name one branch differently; so it is refused there, saying why. The branch's own
党小组 are its records: made (under the branch), renamed and deleted on its PC, they go up with its
packages.

A module of the shared core, not of the exchange area: the roster (the tree's own services) and the
records' start (a branch's 成立与撤销日期) ask it, and they may not import an area
(services/exchange/kept.py builds on it). One row of the exchange's book-keeping is read by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.table_reads import read_rows
from branchdesk.domain.exchange.vocabulary import SiteRole
from branchdesk.domain.vocabulary import OrgKind

if TYPE_CHECKING:
    from branchdesk.db.models import Organisation

# exchange_site (db/models/exchange.py, ExchangeSite): the columns read here, without mapping the model
_SITE = sa.table("exchange_site", sa.column("id", sa.Integer), sa.column("role", sa.String),
                 sa.column("branch_gid", sa.String))


def kept_gid(session: Session) -> str | None:
    """The gid of the 党支部 this PC keeps when it is that branch's site, else None."""
    # read on the table: the year-end report asks, and runs no ORM query (issue 18)
    row = next(iter(read_rows(session, select(_SITE.c.role, _SITE.c.branch_gid).where(_SITE.c.id == 1))), None)
    if row is None or row.role != SiteRole.BRANCH.value or row.branch_gid is None:
        return None
    return str(row.branch_gid)


TREE_ACTIONS = {"add": "在“{0}”之下新建组织", "top": "新建最上层的组织", "rename": "重命名“{0}”",
                "delete": "删除“{0}”", "dates": "修改“{0}”的成立与撤销日期"}


def tree_refusal(session: Session, org: Organisation | None, action: str) -> str:
    """Why this PC may not make a change to the organisation tree ("" when it may). On a branch's
    own PC the tree is the committee's (党委, 党总支, every 党支部's own row: domain/exchange/scope.py;
    README: "the organisation tree arrives read-only"): a change made there would never be sent, and
    the two PCs would name one branch differently (trial 9, T9-17). The branch's own 党小组 are its
    records: made (under the branch), renamed and deleted there, they go up with its packages.
    `action`: add (a child of `org`; `org` None: "top"), rename, delete, dates."""
    from branchdesk.db.models import Organisation
    gid = kept_gid(session)
    if gid is None:
        return ""
    if org is not None:
        if action == "add" and org.gid == gid:
            return ""
        parent = session.get(Organisation, org.parent_id) if org.parent_id is not None else None
        if action in ("rename", "delete") and org.kind == OrgKind.GROUP.value and parent is not None \
                and parent.gid == gid:
            return ""
    kept = session.scalar(select(Organisation.name).where(Organisation.gid == gid))
    what = TREE_ACTIONS["top" if org is None else action].format(org.name if org is not None else "")
    return (f"本机是“{kept}”的支部电脑，组织结构（党委、党总支和各党支部）由党委维护，随下发数据包更新，"
            f"这里不能{what}。需要修改时请告诉党委，在党委的电脑上修改后下发；本支部的党小组可以在这里新建、重命名和删除。")
