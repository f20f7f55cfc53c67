"""history: every record has its history (issue 21): records that had none are written into it once

Records added before the change history existed, and rows the demo added with bulk inserts before
bulk inserts were recorded, had no line in 修改记录. `branchdesk verify` compares every record with
its history and would report them as added outside BranchDesk. This revision writes one "added"
history row for each such record, attributed to the upgrade, so from here on a record without
history is a finding. (A row slipped in with another program before this upgrade is adopted the
same way: nothing could tell it apart. Records that differ from their history are left as found.)

Revision ID: 0100
Revises: 0006
Create Date: 2026-12-03 18:00:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "0100"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None  # tables made later in the same upgrade are empty


def upgrade() -> None:
    from branchdesk.db.history import os_user
    from branchdesk.db.record_check import UNRECORDED, compare, reconcile

    connection = op.get_bind()
    _, problems = compare(connection)
    unrecorded = [p for p in problems if p.kind == UNRECORDED]
    if unrecorded:
        reconcile(connection, unrecorded, user=f"{os_user()}（升级时补记）")


def downgrade() -> None:
    """The history is append-only: the rows written stay (they describe records that exist)."""
