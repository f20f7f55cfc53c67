"""数据包 (issue 20): a global id for the 党费 tables, which were made before `gid` existed.

Every row gets a fresh id and each table a unique index, as 0130 did for the tables of its time. This
revision joins the exchange's history (0130) with the dues area's (0120).

Revision ID: 0131
Revises: 0130, 0120
Create Date: 2026-12-03 19:40:00

"""
from collections.abc import Sequence

from alembic import op

from branchdesk.db.global_ids import GID_COLUMN, add_global_ids

revision: str = "0131"
down_revision: str | Sequence[str] | None = ("0130", "0120")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DUES_TABLES = ("dues_brackets", "dues_bases", "dues_payments", "dues_payment_months", "dues_hand_ups")


def upgrade() -> None:
    add_global_ids(DUES_TABLES)


def downgrade() -> None:
    for name in reversed(DUES_TABLES):
        op.drop_index(f"ix_{name}_{GID_COLUMN}", table_name=name)
        with op.batch_alter_table(name) as batch_op:
            batch_op.drop_column(GID_COLUMN)
