"""三会一课: a reason for a gap belongs to the 党小组 it was typed for (MTG-MONTHLY-GROUP, 支部条例 第十三条:
each 党小组 meets monthly; trial 10, T10-18). Reasons already kept have no group and stay the whole
branch's, as they were typed.

Revision ID: 0163
Revises: 0162
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0163"
down_revision: str | Sequence[str] | None = "0162"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting_exemptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("group_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_meeting_exemptions_group_id"), ["group_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_meeting_exemptions_group_id_organisations"), "organisations",
                                    ["group_id"], ["id"], ondelete="RESTRICT")


def downgrade() -> None:
    with op.batch_alter_table("meeting_exemptions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_meeting_exemptions_group_id_organisations"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_meeting_exemptions_group_id"))
        batch_op.drop_column("group_id")
