"""数据包 (issue 20): a global id on every record table (filled in for every existing row, unique),
and the exchange's own tables (site and keys, peers, per-record versions, package log, conflicts).

It needs every area's tables, so it joins the heads of every area of its time (a merge revision);
later changes to the exchange chain on it. A table created later gets `gid` from its model (db/base.py); one that
already exists without it gets it through `db.global_ids.add_global_ids` in a migration of its own.

Revision ID: 0130
Revises: 0003, 0004, 0005, 0006, 0007
Create Date: 2026-12-03 17:21:24.151465

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from branchdesk.db.global_ids import GID_COLUMN, add_global_ids

revision: str = "0130"
down_revision: str | Sequence[str] | None = ("0003", "0004", "0005", "0006", "0007")
branch_labels: str | Sequence[str] | None = ("exchange",)
depends_on: str | Sequence[str] | None = None

# every record table of this revision's time (frozen here: a migration never follows later models)
RECORD_TABLES = (
    "organisations", "settings", "committee_posts", "members", "member_moves",
    "meetings", "meeting_kinds", "meeting_attendance", "meeting_review_results", "meeting_attachments",
    "meeting_history", "meeting_plans", "meeting_exemptions",
    "dev_records", "dev_steps", "dev_people", "dev_reviews", "dev_documents",
    "mentoring_pairs", "mentoring_activities", "mentoring_outcomes", "mentoring_evaluations",
    "mentoring_attachments",
    "rect_ledgers", "rect_problems", "rect_measures", "rect_progress", "rect_evidence", "rect_history",
    "study_records",
)
EXCHANGE_TABLES = ("exchange_conflicts", "exchange_packages", "exchange_peers", "exchange_site", "exchange_units")


def upgrade() -> None:
    add_global_ids(RECORD_TABLES, natural_keys={"settings": ("key",)})
    op.create_table('exchange_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_gid', sa.String(length=32), nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('peer_site_id', sa.String(length=32), nullable=False),
    sa.Column('package_seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('local_vv', sa.Text(), nullable=False),
    sa.Column('remote_vv', sa.Text(), nullable=False),
    sa.Column('remote_unit', sa.Text(), nullable=False),
    sa.Column('remote_by', sa.String(length=100), nullable=False),
    sa.Column('remote_at', sa.String(length=32), nullable=False),
    sa.Column('detected_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('resolution', sa.String(length=20), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_conflicts'))
    )
    with op.batch_alter_table('exchange_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_conflicts_record_gid'), ['record_gid'], unique=False)

    op.create_table('exchange_packages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('peer_site_id', sa.String(length=32), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('base', sa.Integer(), nullable=False),
    sa.Column('ack', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('processed_at', sa.DateTime(), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('units', sa.Integer(), nullable=False),
    sa.Column('counts', sa.Text(), nullable=False),
    sa.Column('conflicts', sa.Integer(), nullable=False),
    sa.Column('watermark', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('history_from', sa.Integer(), nullable=True),
    sa.Column('history_to', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('os_user', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_packages'))
    )
    with op.batch_alter_table('exchange_packages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_packages_peer_site_id'), ['peer_site_id'], unique=False)

    op.create_table('exchange_peers',
    sa.Column('site_id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('branch_gid', sa.String(length=32), nullable=True),
    sa.Column('sign_public', sa.LargeBinary(), nullable=True),
    sa.Column('box_public', sa.LargeBinary(), nullable=True),
    sa.Column('join_token', sa.LargeBinary(), nullable=True),
    sa.Column('sent_seq', sa.Integer(), nullable=False),
    sa.Column('acked_seq', sa.Integer(), nullable=False),
    sa.Column('received_seq', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=True),
    sa.Column('retired_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('site_id', name=op.f('pk_exchange_peers'))
    )
    with op.batch_alter_table('exchange_peers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_peers_branch_gid'), ['branch_gid'], unique=False)

    op.create_table('exchange_site',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('site_id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('branch_gid', sa.String(length=32), nullable=True),
    sa.Column('sign_key', sa.LargeBinary(), nullable=False),
    sa.Column('box_key', sa.LargeBinary(), nullable=False),
    sa.Column('clock', sa.BigInteger(), nullable=False),
    sa.Column('lseq', sa.BigInteger(), nullable=False),
    sa.Column('scanned_upto', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_site')),
    sa.UniqueConstraint('site_id', name=op.f('uq_exchange_site_site_id'))
    )
    op.create_table('exchange_units',
    sa.Column('record_gid', sa.String(length=32), nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('vv', sa.Text(), nullable=False),
    sa.Column('lseq', sa.BigInteger(), nullable=False),
    sa.Column('from_site', sa.String(length=32), nullable=True),
    sa.Column('owner', sa.String(length=32), nullable=True),
    sa.Column('left_owner', sa.String(length=32), nullable=True),
    sa.Column('left_lseq', sa.BigInteger(), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('alias_of', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('record_gid', name=op.f('pk_exchange_units'))
    )
    with op.batch_alter_table('exchange_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_units_lseq'), ['lseq'], unique=False)


def downgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for name in EXCHANGE_TABLES:
        op.drop_table(name)  # its indexes go with it
    for name in reversed(RECORD_TABLES):
        if name not in inspector.get_table_names():
            continue
        op.drop_index(f"ix_{name}_{GID_COLUMN}", table_name=name)
        with op.batch_alter_table(name) as batch_op:
            batch_op.drop_column(GID_COLUMN)
