"""finding notes: the reason given for saving a record that a rule check flags (说明).

Revision ID: 0150
Revises: 0001
Create Date: 2026-12-03 17:40:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = '0150'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = ('findings',)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('finding_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=60), nullable=False),
    sa.Column('subject', sa.String(length=400), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_notes'))
    )
    with op.batch_alter_table('finding_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_notes_rule'), ['rule'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('finding_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_notes_rule'))

    op.drop_table('finding_notes')
