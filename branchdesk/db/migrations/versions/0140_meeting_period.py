"""所属期间 on every meeting (issue 13): `period` replaces `for_year`, which only annual sittings had.

Revision ID: 0140
Revises: 0007
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0140"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("period", sa.String(length=10), nullable=False, server_default=""))
    # a sitting held for the past year keeps its year as its period
    op.execute("UPDATE meetings SET period = CAST(for_year AS VARCHAR(10)) WHERE for_year IS NOT NULL")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("for_year")


def downgrade() -> None:
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("for_year", sa.Integer(), nullable=True))
    op.execute("UPDATE meetings SET for_year = CAST(period AS INTEGER) WHERE length(period) = 4")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("period")
