"""Roster: a member left out of 应到会 from a day (to an optional day), with the reason and the
approval it needs (domain.md VOTE-WHO, TD-5).

Revision ID: 0168
Revises: 0160
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0168"
down_revision: str | Sequence[str] | None = "0160"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member_not_expected",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=False),
        sa.Column("approved_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("gid", sa.String(length=32), nullable=False),  # the record's global id (数据包)
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_member_not_expected_member_id_members"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_not_expected")),
    )
    with op.batch_alter_table("member_not_expected", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_not_expected_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_not_expected_gid"), ["gid"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("member_not_expected", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_not_expected_gid"))
        batch_op.drop_index(batch_op.f("ix_member_not_expected_member_id"))
    op.drop_table("member_not_expected")
