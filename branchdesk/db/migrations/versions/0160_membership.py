"""Roster: dated moves between branches (支部调整), 组织关系转接 details and 党纪处分 (issue 16).

Revision ID: 0160
Revises: 0001
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0160"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("membership",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member_discipline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("gid", sa.String(length=32), nullable=False),  # the record's global id (数据包)
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_member_discipline_member_id_members"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_discipline")),
    )
    with op.batch_alter_table("member_discipline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_discipline_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_discipline_gid"), ["gid"], unique=True)
    with op.batch_alter_table("member_moves", schema=None) as batch_op:
        batch_op.add_column(sa.Column("from_branch_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("to_branch_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("category", sa.String(length=10), nullable=False, server_default=""))
        batch_op.create_foreign_key(batch_op.f("fk_member_moves_from_branch_id_organisations"), "organisations",
                                    ["from_branch_id"], ["id"], ondelete="RESTRICT")
        batch_op.create_foreign_key(batch_op.f("fk_member_moves_to_branch_id_organisations"), "organisations",
                                    ["to_branch_id"], ["id"], ondelete="RESTRICT")


def downgrade() -> None:
    with op.batch_alter_table("member_moves", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_member_moves_to_branch_id_organisations"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_member_moves_from_branch_id_organisations"), type_="foreignkey")
        batch_op.drop_column("category")
        batch_op.drop_column("to_branch_id")
        batch_op.drop_column("from_branch_id")
    with op.batch_alter_table("member_discipline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_discipline_gid"))
        batch_op.drop_index(batch_op.f("ix_member_discipline_member_id"))
    op.drop_table("member_discipline")
