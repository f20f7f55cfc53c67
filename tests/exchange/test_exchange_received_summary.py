"""The line that tells several packages received at once (exchange.received_summary, trial D, TD-10)
counts the records left as conflicts once each (review 13, R3-8): a branch that sent three 上报 each
changing a phone the 党委 had also changed leaves one conflict — the list shows one — but the line
said "有 3 条记录留作冲突"."""

from __future__ import annotations

from pathlib import Path

from branchdesk.services.exchange import records as exchange
from tests.exchange.exchange_helpers import edit_member


def test_one_record_in_conflict_in_three_packages_is_one_conflict(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    committee, branch = joined
    edit_member(committee, "第一党员1", phone="13700000000")
    files = []
    for n in range(3):
        edit_member(branch, "第一党员1", phone=f"1390000{n:04d}")
        files.append(exchange.export_package(branch, tmp_path / f"上报{n + 1}.bdpkg").path)
    results = [exchange.import_package(committee, path) for path in files]
    assert [r.conflicts for r in results] == [1, 1, 1]
    assert len(exchange.list_conflicts(committee)) == 1
    assert exchange.received_summary(results) == (  # before: 有 3 条记录留作冲突
        "接收了 3 个数据包：3 个已合并。有 1 条记录留作冲突，请在“设置 → 数据交换”中逐条处理。")
