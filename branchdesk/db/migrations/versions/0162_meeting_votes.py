"""三会一课: the votes of a 支部党员大会 with their counts (VOTE-QUORUM, VOTE-PASS, VOTE-ONE-BY-ONE) (issue 16).

Revision ID: 0162
Revises: 0140
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0162"
down_revision: str | Sequence[str] | None = "0140"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("voters_expected", sa.Integer(), nullable=True),
        sa.Column("voters_present", sa.Integer(), nullable=True),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("abstentions", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("gid", sa.String(length=32), nullable=False),  # the record's global id (数据包)
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_votes_meeting_id_meetings"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_votes")),
    )
    with op.batch_alter_table("meeting_votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_votes_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_votes_gid"), ["gid"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("meeting_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_votes_gid"))
        batch_op.drop_index(batch_op.f("ix_meeting_votes_meeting_id"))
    op.drop_table("meeting_votes")
