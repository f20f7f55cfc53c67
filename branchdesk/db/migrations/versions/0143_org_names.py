"""A 党小组 renamed keeps its earlier names, each with the last day it was in use (trial TY-5: after a
rename the year before's ledger was refused and its volume printed the new name).

Revision ID: 0143
Revises: 0142
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0143"
down_revision: str | Sequence[str] | None = "0142"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "org_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=False),
        sa.Column("gid", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"],
                                name=op.f("fk_org_names_org_id_organisations"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_names")),
    )
    with op.batch_alter_table("org_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_org_names_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_org_names_gid"), ["gid"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("org_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_org_names_gid"))
        batch_op.drop_index(batch_op.f("ix_org_names_org_id"))
    op.drop_table("org_names")
