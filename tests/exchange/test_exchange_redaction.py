"""A member deleted for good at the committee is deleted on the branch's PC by the next 下发; there
too the deletion clears the member's 公民身份号码 and phone from 修改记录 (db/redaction.py), and the
branch's history still verifies."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import ChangeLog
from branchdesk.services import recycle_bin
from branchdesk.services.history import verify_history
from tests.exchange.exchange_helpers import member, send


def _history(db: Database) -> str:
    with db.session() as s:
        return "\n".join(f"{r.old_value}|{r.new_value}" for r in s.scalars(select(ChangeLog)))


def test_a_deletion_for_good_that_comes_in_a_package_clears_the_numbers_there_too(
        joined: tuple[Database, Database], tmp_path: Path) -> None:
    committee, branch = joined
    gone = member(committee, "第一党员2")
    assert gone.id_number in _history(branch)
    recycle_bin.move_to_bin(committee, "members", gone.id)
    recycle_bin.empty(committee, [("members", gone.id)], confirm=True)
    assert send(committee, branch, tmp_path).ok
    with branch.session() as s:
        assert s.scalars(select(ChangeLog).where(ChangeLog.action == "delete")).first() is not None
    assert gone.id_number not in _history(branch) and gone.id_number not in _history(committee)
    assert verify_history(branch)[1] == [] and verify_history(committee)[1] == []
