"""Read queries written on the tables (SQLAlchemy Core) instead of the mapped classes, for the bulk
loaders that select plain columns — never whole records — such as the year-end report's.

Why (issue 18): SQLAlchemy keeps its compiled statements per engine, so a command that opens the
database, reads once and ends (`report annual`) compiles every statement it runs. A select naming
mapped attributes (`Member.name`) is ORM-enabled: it compiles through the ORM's compile state, about
twice the work of the same select on the table's columns (`tables.members.c.name`), and each execution
passes through the ORM's execute and context layers besides — about a millisecond a statement in a
fresh process, some sixty statements in the report. Written on the tables, a loader sends the same
SQL and gets the same rows, converted by the same column types. A loader names the tables of
db/tables/ directly, not `table(Model)`: importing a class of db/models maps it, which the report,
reading only, never needs (about 12 % of `report annual --format xlsx`).

Writes never come here: they go through the ORM, where the change history listens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVarTuple, cast

from sqlalchemy import Row, Table
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from sqlalchemy.sql.selectable import TypedReturnsRows

    from branchdesk.db.base import Base


def table(model: type[Base]) -> Table:
    """The table a mapped class is stored in (every class of db/models maps one table of db/tables/), for
    code that holds the class anyway; a reader that does not imports the table from db/tables/."""
    return cast(Table, model.__table__)


_Ts = TypeVarTuple("_Ts")


def read_rows(session: Session, statement: TypedReturnsRows[*_Ts]) -> Sequence[Row[*_Ts]]:
    """All rows of a Core SELECT, on the session's connection (its transaction, its snapshot).
    Pending changes of the session are flushed first, as `session.execute` would (autoflush), so a
    session that saves still reads its own writes."""
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement).all()
