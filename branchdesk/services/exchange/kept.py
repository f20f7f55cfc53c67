"""Which 党支部 this PC keeps. A branch's own PC (a branch site of the 数据包 exchange) holds that
branch's records only: of any other branch it has the organisation tree and, at most, a member who
moved there (with the 支部调整) — nothing from which that branch's meetings, figures or rules could
be known. So what is checked there (the check, 首页, the year-end volume's findings) is that branch
alone (README, 数据包: "The branch keeps only its own records"; domain/exchange/scope.py).

Kept apart from the rest of the exchange so that the check need not load its cryptography."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import ExchangeSite, Organisation
from branchdesk.domain.exchange.vocabulary import SiteRole


def kept_branch(session: Session) -> str | None:
    """The name of the 党支部 this PC keeps when it is that branch's site; None on the committee's
    PC or one that takes no part in the exchange (it keeps every branch it has)."""
    row = session.execute(select(ExchangeSite.role, ExchangeSite.branch_gid).where(ExchangeSite.id == 1)).first()
    if row is None or row.role != SiteRole.BRANCH.value or row.branch_gid is None:
        return None
    return session.scalar(select(Organisation.name).where(Organisation.gid == row.branch_gid))
