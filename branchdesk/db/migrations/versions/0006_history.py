"""history: append-only change_log with a hash chain, guarded by triggers (issue 8)

Revision ID: 0006
Revises: 0001
Create Date: 2026-11-25 13:30:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = ("history",)
depends_on: str | Sequence[str] | None = None

TRIGGERS = {
    "change_log_no_update": "UPDATE",
    "change_log_no_delete": "DELETE",
}


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("os_user", sa.String(length=100), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index("ix_change_log_record", ["table_name", "record_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":  # a shared server database (issue 9)
        op.execute(
            "CREATE FUNCTION change_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION '修改记录只能追加，不能更改或删除'; END $$"
        )
        for name, verb in TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} BEFORE {verb} ON change_log "
                       "FOR EACH ROW EXECUTE FUNCTION change_log_append_only()")
        return
    for name, verb in TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {verb} ON change_log "
            "BEGIN SELECT RAISE(ABORT, '修改记录只能追加，不能更改或删除'); END"
        )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (" ON change_log" if postgres else ""))
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS change_log_append_only()")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index("ix_change_log_record")
    op.drop_table("change_log")
