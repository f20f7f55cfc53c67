"""年度工作总结: the paragraphs a user wrote for a year's volume, kept with the year (trial TY-9).

Revision ID: 0170
Revises: 0001
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0170"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("annual_summary",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "annual_summary_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=True),
        sa.Column("area", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("updated_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"],
                                name=op.f("fk_annual_summary_texts_org_id_organisations"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annual_summary_texts")),
    )
    with op.batch_alter_table("annual_summary_texts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_annual_summary_texts_year"), ["year"], unique=False)
        batch_op.create_index(batch_op.f("ix_annual_summary_texts_org_id"), ["org_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("annual_summary_texts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_annual_summary_texts_org_id"))
        batch_op.drop_index(batch_op.f("ix_annual_summary_texts_year"))
    op.drop_table("annual_summary_texts")
