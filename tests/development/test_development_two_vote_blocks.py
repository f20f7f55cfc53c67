"""A 发展党员台账 with two unqualified "应到 | 实到 | 赞成" blocks: after 支部大会接收 (step 15) and again after
支部大会讨论转正 (step 23). The header's position says whose vote each is (VOTE-QUORUM, VOTE-PASS are checked on
both, domain.md §3–4), so the second is read as the 转正 vote (Column.again). Where the position does not say
so — the second block before 支部大会讨论转正 — it stays "the same column twice", warned about, never read as
the 转正 vote. Before, the file with both blocks in place was refused whole."""

from __future__ import annotations

from pathlib import Path

from branchdesk.services.development import records as dev
from branchdesk.services.development.excel import import_development
from tests.development.test_development_teacher_headers import HEADER, TODAY, _ledger, _rows, branch

__all__ = ["branch"]  # the fixture


def _with_second_block(after: str) -> tuple[list[str], list[list[object]]]:
    at = HEADER.index(after) + 1
    header = [*HEADER[:at], "应到", "实到", "赞成", *HEADER[at:]]
    rows = []
    for row in _rows():
        row = list(row)
        row[at:at] = [21, 21, 20] if row[0] == 1 else [None] * 3
        rows.append(row)
    return header, rows


def test_the_second_block_after_the_conversion_meeting_is_its_vote(branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header, rows = _with_second_block("支部大会讨论转正")
    report = import_development(branch, _ledger(tmp_path / "发展党员台账.xlsx", header, rows), today=TODAY)
    assert report.ok and report.created == 2, report.to_text()
    assert "未读取" not in report.to_text(), report.to_text()  # neither block left out
    tang = {c.name: c for c in dev.list_cases(branch)}["唐亮"].steps
    assert (tang[15].voters_expected, tang[15].voters_present, tang[15].votes_for) == (22, 20, 20)
    assert (tang[23].voters_expected, tang[23].voters_present, tang[23].votes_for) == (21, 21, 20)


def test_a_second_block_whose_place_does_not_say_whose_vote_is_warned_about(branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header, rows = _with_second_block("党委审批")  # before 支部大会讨论转正: the 接收 vote written twice?
    report = import_development(branch, _ledger(tmp_path / "发展党员台账.xlsx", header, rows), today=TODAY)
    assert any("“应到”未读取" in w and "是同一项" in w for w in report.warnings), report.to_text()
    assert report.ok, report.to_text()
    tang = {c.name: c for c in dev.list_cases(branch)}["唐亮"].steps
    assert (tang[23].voters_expected, tang[23].voters_present, tang[23].votes_for) == (None, None, None)
