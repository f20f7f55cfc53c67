"""A school with one 党支部 (trial L, TL-6): its ledgers often have no 所在党支部 column — the branch's own
ledger names it in its title. With exactly one branch in the database such a file goes to that branch,
said in the report; with several the column is required as before (an import never guesses between
branches). Every import that reads a 所在党支部 column reads its file within `only_branch_fills`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import Organisation
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.io.xlsx_reader import columns_may_be_absent

BRANCH_COLUMN = "所在党支部"


def only_branch(db: Database) -> str:
    """The name of the database's one 党支部, or "" when it has none or several."""
    with db.session() as session:
        names = session.scalars(select(Organisation.name).where(
            Organisation.kind == OrgKind.BRANCH.value, Organisation.deleted_at.is_(None)).limit(2)).all()
    return names[0] if len(names) == 1 else ""


@contextmanager
def only_branch_fills(db: Database) -> Iterator[None]:
    """Within the block, a file without a 所在党支部 column is read as the only branch's (when there is one)."""
    name = only_branch(db)
    note = f"文件中没有“{BRANCH_COLUMN}”列：本校只有一个党支部，"
    with columns_may_be_absent({BRANCH_COLUMN: (name, note)} if name else {}):
        yield
