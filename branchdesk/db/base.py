"""The declarative base the classes of db/models map onto.

The schema itself — columns, constraints, indexes and their stable names — is db/tables/, on the one
`metadata` both share: each class maps its table there (`__table__ = tables.members`), so a command
that only reads the tables never imports the ORM nor maps a class (issue 18)."""

from datetime import datetime

from sqlalchemy.orm import DeclarativeBase, Mapped

from branchdesk.db.tables import NAMING_CONVENTION, metadata

__all__ = ["NAMING_CONVENTION", "Base", "TimestampMixin"]


class Base(DeclarativeBase):
    metadata = metadata


class TimestampMixin:
    """The typed attributes of the created/updated stamps and of `deleted_at` for the recycle bin
    (deleting only sets it); the columns are `stamps()` of db/tables/common.py."""

    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None]
