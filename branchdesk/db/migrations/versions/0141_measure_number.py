"""A measure keeps its ledger's own 序号 (issue 13: 40 measures numbered 1 … 40 under 16 problems).

Revision ID: 0141
Revises: 0005
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0141"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("rect_measures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number", sa.String(length=30), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("rect_measures", schema=None) as batch_op:
        batch_op.drop_column("number")
