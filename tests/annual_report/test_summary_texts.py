"""The 年度工作总结 a user wrote is kept with its year and scope (trial TY-9: typed on the 报表 page and sent
in January, it was gone after a restart, and the volume made again in June printed the machine's draft):
the services keep and forget it, and the volume made without the window (`report annual`) prints it."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from branchdesk.services.annual_report.records import draft_summaries, generate_report
from branchdesk.services.annual_report.summary_texts import forget_texts, keep_texts, kept_texts
from branchdesk.services.errors import RuleViolation

WRITTEN = "支部深入开展“五个一”行动，党员每人带好一名徒弟、联系一个班级、帮扶一名困难学生。"


def _summary_sheet(path: Path) -> dict[str, str]:
    return {r[0]: r[1] for r in load_workbook(path)["年度工作总结"].iter_rows(min_row=4, values_only=True)}


def test_kept_text_is_printed_by_a_volume_made_again_without_the_window(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    drafts = draft_summaries(demo_db, 2026)
    assert keep_texts(demo_db, 2026, None, {**drafts, "basic": WRITTEN}, drafts) == ["basic"]
    result = generate_report(demo_db, 2026, "xlsx", tmp_path / "再次生成.xlsx")  # as `branchdesk report annual`
    texts = _summary_sheet(result.path)
    assert texts["基本情况"] == WRITTEN
    assert texts["三会一课与主题党日"] == drafts["meetings"]  # an area left as drafted follows the data
    assert "“基本情况”用的是保存的文字" in result.summary
    # the window passes what its editors hold: that wins
    again = generate_report(demo_db, 2026, "xlsx", tmp_path / "窗口.xlsx", summaries={"basic": "窗口里的文字。"})
    assert _summary_sheet(again.path)["基本情况"] == "窗口里的文字。"


def test_texts_are_kept_per_year_and_scope_and_replaced_not_added(demo_db) -> None:  # type: ignore[no-untyped-def]
    drafts = {"basic": "草稿一。", "meetings": "草稿二。"}
    keep_texts(demo_db, 2026, None, {"basic": WRITTEN, "meetings": "草稿二。"}, drafts)
    keep_texts(demo_db, 2026, "高一年级党支部", {"basic": "高一的文字。"}, drafts)
    keep_texts(demo_db, 2026, None, {"basic": WRITTEN + "（改）"}, drafts)
    school = kept_texts(demo_db, 2026, None)
    assert {k: v.text for k, v in school.items()} == {"basic": WRITTEN + "（改）"}
    assert school["basic"].saved_at is not None
    assert {k: v.text for k, v in kept_texts(demo_db, 2026, "高一年级党支部").items()} == {"basic": "高一的文字。"}
    assert kept_texts(demo_db, 2025, None) == {}
    # the draft again (or a blank box) lets the area follow the data; forget_texts lets every area
    keep_texts(demo_db, 2026, "高一年级党支部", {"basic": "草稿一。"}, drafts)
    assert kept_texts(demo_db, 2026, "高一年级党支部") == {}
    assert forget_texts(demo_db, 2026, None) == 1
    assert kept_texts(demo_db, 2026, None) == {}


def test_text_for_a_branch_that_is_not_there_is_refused(demo_db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation, match="没有名为“第九党支部”的党支部"):
        keep_texts(demo_db, 2026, "第九党支部", {"basic": WRITTEN}, {})
    assert kept_texts(demo_db, 2026, "第九党支部") == {}


def test_a_replaced_paragraph_is_no_record_in_the_recycle_bin(demo_db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.recycle_bin import list_deleted

    keep_texts(demo_db, 2026, None, {"basic": WRITTEN}, {})
    keep_texts(demo_db, 2026, None, {"basic": WRITTEN + "（改）"}, {})
    assert not [item for item in list_deleted(demo_db) if item.table == "annual_summary_texts"]
