"""Review rev2, R2-8: the branch took the 党委's version of a conflict (采用对方版本: the 党委 had put
its study record under 第二党支部's 第二党员5; the branch's copy, changed before it heard, goes to its
回收站 — H6b). The decision goes up; the 党委's own version coming back unchanged is no conflict —
before, the 党委 got one more (改到其他党员名下) to close with 保留本机版本, nothing to decide."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.models import StudyRecord
from branchdesk.services import recycle_bin
from branchdesk.services.exchange import records as exchange
from tests.exchange.exchange_helpers import send
from tests.exchange.test_exchange_repointed_by_committee import _committee_copy, _re_pointed


def test_the_branch_taking_the_committee_s_version_raises_no_conflict_there(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    _re_pointed(committee, branch, tmp_path)
    with branch.session() as s:
        s.scalars(select(StudyRecord)).one().hours = Decimal(6)
    down = send(committee, branch, tmp_path, to="第一党支部")
    assert down.conflicts == 1, down.to_text()
    [conflict] = exchange.list_conflicts(branch)
    said = exchange.resolve_conflict(branch, conflict.id, "remote")
    assert "本机的这份已移入回收站" in said, said
    up = send(branch, committee, tmp_path)
    assert up.status == "merged", up.message
    assert up.conflicts == 0, up.to_text()  # before: 1 (改到其他党员名下), for the 党委 to close
    assert exchange.list_conflicts(committee) == []
    assert _committee_copy(committee) == [("第二党员5", Decimal(4), False)]
    again = send(committee, branch, tmp_path, to="第一党支部")
    assert again.ok and again.conflicts == 0, again.to_text()
    assert send(branch, committee, tmp_path).conflicts == 0
    [binned] = [item for item in recycle_bin.list_deleted(branch) if item.table == "study_records"]
    recycle_bin.restore(branch, "study_records", binned.record_id)  # brought back after all: the 党委 decides
    up = send(branch, committee, tmp_path)
    assert up.status == "merged" and up.conflicts == 1, up.to_text()
    assert _committee_copy(committee) == [("第二党员5", Decimal(4), False)]
