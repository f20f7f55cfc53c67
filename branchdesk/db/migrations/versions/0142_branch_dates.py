"""成立日期 / 撤销日期 of a branch, and committee posts whose term start is unknown (a roster's 党内职务
column names the post, not when it began) (issue 13).

Revision ID: 0142
Revises: 0001
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0142"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("organisation",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("founded_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("dissolved_on", sa.Date(), nullable=True))
    with op.batch_alter_table("committee_posts", schema=None) as batch_op:
        batch_op.alter_column("term_start", existing_type=sa.Date(), nullable=True)


def downgrade() -> None:
    op.execute("UPDATE committee_posts SET term_start = '1900-01-01' WHERE term_start IS NULL")
    with op.batch_alter_table("committee_posts", schema=None) as batch_op:
        batch_op.alter_column("term_start", existing_type=sa.Date(), nullable=False)
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_column("dissolved_on")
        batch_op.drop_column("founded_on")
