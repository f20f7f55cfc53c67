"""Alembic environment: runs on the connection BranchDesk hands over (no alembic.ini, no URL here)."""

from __future__ import annotations

from alembic import context

from branchdesk.db.models import Base, load_all

load_all()  # the tables mapped on first use too: Alembic compares the whole schema
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("BranchDesk migrations run from code: use branchdesk.db.migrate")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
