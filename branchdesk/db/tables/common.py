"""The one MetaData of the schema, its naming convention, and the columns many tables share."""

from typing import Any

from sqlalchemy import Column, DateTime, MetaData, String, func

from branchdesk.db.global_ids import GID_COLUMN, GID_LENGTH, default_gid

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


def stamps() -> list[Column[Any]]:
    """created/updated stamps, and `deleted_at` for the recycle bin: deleting a record only sets it."""
    return [
        Column("created_at", DateTime, nullable=False, server_default=func.current_timestamp()),
        Column("updated_at", DateTime, nullable=False, server_default=func.current_timestamp(),
               onupdate=func.current_timestamp()),
        Column("deleted_at", DateTime),
    ]


def gid_column(*natural_key: str) -> Column[str]:
    """The record's global id, the same in every database that holds it (issue 20, db/global_ids.py).
    Every table of records has it, last; book-keeping tables (the change history, the exchange's own
    tables) have none. A table keyed by a natural key names it, so its gid is derived from the key."""
    info: dict[str, Any] = {"global_id_from": natural_key} if natural_key else {}
    return Column(GID_COLUMN, String(GID_LENGTH), nullable=False, default=default_gid, index=True, unique=True,
                  info=info)
