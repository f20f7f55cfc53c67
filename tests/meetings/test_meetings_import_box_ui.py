"""The 导入完成 box of the 三会一课台账 import (trial L, TL-2, TL-10): a sheet that was not read is named
where she looks after 确认导入, not only in the text under the preview, which the window closes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branchdesk.services.meetings.excel import import_meetings
from branchdesk.ui.context import AppContext
from branchdesk.ui.import_dialog import ImportDialog
from tests.meetings.helpers import BRANCH, make_branch


def _two_sheets(path: Path) -> Path:
    workbook = Workbook()
    good = workbook.active
    good.title = "组织生活会"
    good.append(["序号", "召开时间", "会议类型", "会议主题", "应到", "实到", "主要内容", "所在党支部"])
    good.append([1, "2026年1月16日", "组织生活会", "2025年度组织生活会", 9, 9, "对照检查。", BRANCH])
    skipped = workbook.create_sheet("主题党日")  # no column for the kind: the sheet cannot be read
    skipped.append(["序号", "日期", "形式", "主题", "应到人数", "实到", "所在党支部"])
    for month in (1, 2, 3):
        skipped.append([month, f"2026.{month}.6", "主题党日", f"{month}月主题党日", 9, 9, BRANCH])
    workbook.save(path)
    return path


def test_the_done_box_names_a_sheet_not_read(qtbot, db, tmp_path: Path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    shown = message_boxes.texts  # the window's boxes, recorded by the shared fixture (tests/conftest.py)
    make_branch(db)

    def run(p: Path, dry_run: bool, progress: Any, cancelled: Any) -> Any:
        return import_meetings(db, p, dry_run=dry_run, progress=progress, cancelled=cancelled)

    dialog = ImportDialog(AppContext(db), "导入三会一课台账", run)
    qtbot.addWidget(dialog)
    dialog.check(_two_sheets(tmp_path / "主题党日及组织生活会.xlsx"))
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    assert dialog.import_button.isEnabled()
    QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert "已新增 1 条" in shown[0]
    assert "工作表“主题党日”" in shown[0] and "未读取" in shown[0], shown[0]


def test_the_preview_shows_every_row_with_its_problems(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """TL-10: the meetings preview was empty (行号 | 状态 | 问题 only) for good files and failed ones."""
    make_branch(db)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", "日期", "会议类型", "会议主题", "应到", "实到", "主要内容", "所在党支部"])
    sheet.append([1, "2026-03-10", "支委会", "研究3月工作", 3, 3, "研究党建工作。", BRANCH])
    sheet.append([2, "2026-03-12", "茶话会", "座谈", 9, 9, "座谈。", BRANCH])
    sheet.append([3, "2026-02-30", "支委会", "研究工作", 3, 3, "研究。", BRANCH])  # no such day: shown as written
    path = tmp_path / "台账.xlsx"
    workbook.save(path)

    def run(p: Path, dry_run: bool, progress: Any, cancelled: Any) -> Any:
        return import_meetings(db, p, dry_run=dry_run, progress=progress, cancelled=cancelled)

    dialog = ImportDialog(AppContext(db), "导入三会一课台账", run)
    qtbot.addWidget(dialog)
    dialog.check(path)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    model = dialog.table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert {"日期", "会议类型", "主题", "状态", "问题"} <= set(headers), headers
    assert model.rowCount() == 3
    cells = [[str(model.index(r, c).data()) for c in range(model.columnCount())] for r in range(3)]
    assert cells[0][headers.index("状态")] == "有错误"  # the rows in error come first, not under the good ones
    good, bad, no_day = sorted(cells, key=lambda line: int(line[headers.index("行号")]))
    assert no_day[headers.index("日期")] == "2026-02-30" and no_day[headers.index("状态")] == "有错误"
    assert good[headers.index("日期")] == "2026-03-10" and good[headers.index("会议类型")] == "支部委员会"
    assert bad[headers.index("状态")] == "有错误" and "茶话会" in bad[headers.index("问题")]
