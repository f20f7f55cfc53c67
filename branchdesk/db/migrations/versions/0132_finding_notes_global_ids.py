"""数据包 (issue 20): a global id for `finding_notes`, made (0150) before `gid` existed.

Every row gets a fresh id and the table a unique index, as 0130 did for the tables of its time. This
revision joins the exchange's history (0131) with the findings' (0150).

Revision ID: 0132
Revises: 0131, 0150
Create Date: 2026-12-03 20:10:00

"""
from collections.abc import Sequence

from alembic import op

from branchdesk.db.global_ids import GID_COLUMN, add_global_ids

revision: str = "0132"
down_revision: str | Sequence[str] | None = ("0131", "0150")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("finding_notes",)


def upgrade() -> None:
    add_global_ids(TABLES)


def downgrade() -> None:
    for name in TABLES:
        op.drop_index(f"ix_{name}_{GID_COLUMN}", table_name=name)
        with op.batch_alter_table(name) as batch_op:
            batch_op.drop_column(GID_COLUMN)
