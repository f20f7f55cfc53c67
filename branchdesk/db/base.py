"""Declarative base with a naming convention, so Alembic migrations get stable constraint names
(SQLite batch migrations need named constraints to alter a table)."""

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from branchdesk.db.global_ids import GID_LENGTH, default_gid

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    @declared_attr
    def gid(cls) -> Mapped[str]:  # noqa: N805 - declared_attr receives the class
        """The record's global id, the same in every database that holds it (issue 20, see
        db/global_ids.py). Every mapped class gets it unless it sets `__global_id__ = False`; a
        class keyed by a natural key names it in `__global_id_from__` so its gid is derived."""
        if not cls.__dict__.get("__global_id__", True):
            return None  # type: ignore[return-value]
        info: dict[str, Any] = {}
        natural = cls.__dict__.get("__global_id_from__")
        if natural:
            info["global_id_from"] = tuple(natural)
        return mapped_column(String(GID_LENGTH), default=default_gid, index=True, unique=True, info=info)


class TimestampMixin:
    """created/updated stamps, and `deleted_at` for the recycle bin: deleting only sets it."""

    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
