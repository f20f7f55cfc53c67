"""A school with one 党支部 (trial L, TL-6): its ledgers often have no 所在党支部 column — the branch's own
ledger names it in its title. With exactly one branch in the database such a file goes to that branch,
said in the report; with several the column is required as before (an import never guesses between
branches). Every import that reads a 所在党支部 column reads its file within `only_branch_fills`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import Member, Organisation
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.io.xlsx_reader import AbsentValue, columns_may_be_absent

BRANCH_COLUMN = "所在党支部"


def only_branch(db: Database) -> str:
    """The name of the database's one 党支部, or "" when it has none or several."""
    with db.session() as session:
        names = session.scalars(select(Organisation.name).where(
            Organisation.kind == OrgKind.BRANCH.value, Organisation.deleted_at.is_(None)).limit(2)).all()
    return names[0] if len(names) == 1 else ""


@contextmanager
def only_branch_fills(db: Database, from_title: Callable[[list[str]], str] | None = None) -> Iterator[None]:
    """Within the block, a file without a 所在党支部 column is read as the only branch's (when there is one).
    `from_title`: in a database without any branch yet (a first roster), the branch the file's title names
    ("中共宁远县第三中学委员会第二党支部党员花名册" → 第二党支部), "" when it names none."""
    name = only_branch(db)
    if name:
        values: dict[str, AbsentValue] = {BRANCH_COLUMN: (name, f"文件中没有“{BRANCH_COLUMN}”列：本校只有一个党支部，")}
    elif from_title is not None and not has_branch(db):
        values = {BRANCH_COLUMN: (from_title, f"文件中没有“{BRANCH_COLUMN}”列：表格标题写明了党支部，")}
    else:
        values = {}
    with columns_may_be_absent(values):
        yield


def has_branch(db: Database) -> bool:
    with db.session() as session:
        return branch_exists(session)


def branch_exists(session: Session) -> bool:
    return session.scalars(select(Organisation.id).where(
        Organisation.kind == OrgKind.BRANCH.value, Organisation.deleted_at.is_(None)).limit(1)).first() is not None


ROSTER_FIRST = "请先导入花名册（党员名册）"


def roster_first(db: Database, kind: str) -> str:
    """On a database with neither a 党支部 nor a member (the roster not imported yet), the one reason an
    import that needs the roster is refused, said once at the top — not "表头缺少必需的列：所在党支部"
    or "花名册中没有‘…’" row after row (re-trial R2, N-2); "" when the roster is in."""
    if has_branch(db):
        return ""
    with db.session() as session:
        if session.scalars(select(Member.id).limit(1)).first() is not None:
            return ""
    return f"数据库中还没有党支部和党员：{ROSTER_FIRST}，再导入{kind}"
