"""发展党员: the day a 发展对象 is expected to leave the school (细则 预审条: three months) (issue 16).

Revision ID: 0161
Revises: 0003
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0161"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dev_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("leaving_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dev_records", schema=None) as batch_op:
        batch_op.drop_column("leaving_on")
