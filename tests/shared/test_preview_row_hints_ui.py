"""Re-trial 12, N-5: an import's preview shows every row, and a row's 提示 stands on that row — the
发展党员 preview was empty for a good file whose rows had 提示, and a 三会一课 row's 提示 (应到 not the
roster's) was only in the text under the table. The file is chosen as she chooses it: 选择文件….
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QPushButton

from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.development.excel import import_development
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.roster.organisation import create_org
from branchdesk.ui.context import AppContext
from branchdesk.ui.import_dialog import ImportDialog
from tests.meetings.helpers import BRANCH, make_branch


def _choose(qtbot, dialog: ImportDialog, path: Path, monkeypatch) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Click 选择文件… (the file dialog answers `path`) and read the preview table as shown."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    [browse] = [b for b in dialog.findChildren(QPushButton) if b.text() == "选择文件…"]
    QTest.mouseClick(browse, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    model = dialog.table.model()
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
    return [headers] + [[str(model.index(r, c).data()) for c in range(model.columnCount())]
                        for r in range(model.rowCount())]


def _titled(path: Path, title: str, header: list[str], rows: list[list[object]]) -> Path:
    """A teacher's sheet: a merged title row over the header, dates as she writes them."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_the_development_preview_shows_its_rows_and_their_hints(qtbot, db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    committee = create_org(db, "中共宁远县第三中学委员会", OrgKind.COMMITTEE)
    create_org(db, "第二党支部", OrgKind.BRANCH, committee.id)
    header = ["序号", "姓名", "性别", "出生日期", "身份证号码", "所在支部", "申请入党时间", "谈话时间", "确定积极分子时间"]
    peng = make_id_number("431126", date(1998, 5, 6), 50, True)
    ou = make_id_number("431126", date(1999, 7, 8), 52, False)
    path = _titled(tmp_path / "发展党员台账.xlsx", "第二党支部发展党员工作台账", header, [
        [1, "彭宇", "男", "1998.5.6", peng, "第二党支部", "2025年9月10日", "2025年10月8日", "2026.3.12"],
        [2, "欧阳晨", "女", "1999.7.8", ou, "第二党支部", "2026.3.1", None, None],  # no 谈话 within the month
    ])

    def run(p: Path, dry_run: bool, progress: Any, cancelled: Any) -> Any:
        return import_development(db, p, dry_run=dry_run, progress=progress, cancelled=cancelled, today=date(2026, 12, 5))

    dialog = ImportDialog(AppContext(db), "导入发展党员台账", run)
    qtbot.addWidget(dialog)
    headers, *rows = _choose(qtbot, dialog, path, monkeypatch)
    assert dialog.report is not None and dialog.report.ok and dialog.report.warnings, dialog.report.to_text() if dialog.report else ""
    assert {"行号", "姓名", "状态", "问题"} <= set(headers), headers
    assert sorted(row[headers.index("姓名")] for row in rows) == ["彭宇", "欧阳晨"]
    assert all(row[headers.index("状态")] == "新增" for row in rows)
    assert peng not in str(rows)  # the ID number masked, as the roster's preview shows it
    said = {row[headers.index("姓名")]: row[headers.index("问题")] for row in rows}
    hints = [w for w in dialog.report.warnings if w.startswith("第 4 行")]  # 欧阳晨's row (title, header, 彭宇)
    assert hints and all(h.split(" ", 3)[-1] in said["欧阳晨"] for h in hints), (hints, said)
    assert said["欧阳晨"].startswith("提示：") and "第 4 行" not in said["欧阳晨"]


def test_a_meeting_rows_hint_stands_on_its_row(qtbot, db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    made = make_branch(db)
    assert len(made.members) == 9
    header = ["序号", "日期", "会议类型", "会议主题", "应到", "实到", "缺席人员", "主要内容", "所在党支部"]
    path = _titled(tmp_path / "三会一课.xlsx", "2026年三会一课记录", header, [
        [1, "2026年3月10日", "支部党员大会", "学习贯彻全会精神", 9, 9, None, "传达学习。", BRANCH],
        [2, "2026.3.17", "支部党员大会", "专题学习", 12, 11, "赵一", "专题学习。", BRANCH],  # 应到 12 ≠ 9 on the roster
        [3, "4月8日", "支部党员大会", "四月学习", 9, 9, None, "学习。", BRANCH],  # no year: the title's
    ])

    def run(p: Path, dry_run: bool, progress: Any, cancelled: Any) -> Any:
        return import_meetings(db, p, dry_run=dry_run, progress=progress, cancelled=cancelled)

    dialog = ImportDialog(AppContext(db), "导入三会一课台账", run)
    qtbot.addWidget(dialog)
    headers, *rows = _choose(qtbot, dialog, path, monkeypatch)
    assert dialog.report is not None and dialog.report.ok, dialog.report.to_text() if dialog.report else ""
    assert len(rows) == 3
    said = {int(row[headers.index("行号")]): row[headers.index("问题")] for row in rows}
    assert said[3] == "", said  # a row without 提示 says nothing
    assert said[4].startswith("提示：") and "应到" in said[4] and "第 4 行" not in said[4], said
    assert "第 4 行" in dialog.details.toPlainText()  # still in the text under the table too
    assert said[5] == "提示：日期没有写年份，已按“2026年”读取，请核对", said


def test_the_rectification_preview_shows_its_rows_and_their_hints(qtbot, db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The 整改台账 preview was empty too: its measures are listed, and a measure whose 问题描述 was left
    blank under the one above says so on its row."""
    from branchdesk.domain.rectification.editing import LedgerInput
    from branchdesk.services.rectification import records as rect
    from branchdesk.services.rectification.excel import import_rectification

    title = "2025年度组织生活会查摆问题整改台账"
    rect.create_ledger(db, LedgerInput(title, "组织生活会查摆", None, date(2025, 3, 1), date(2025, 12, 31)))
    path = _titled(tmp_path / "整改台账.xlsx", title, ["问题类别", "存在问题", "整改措施", "责任人", "完成时限", "整改状态"], [
        ["思想建设方面", "理论学习不深入", "制定学习计划", "王伟", "2025-06-30", "整改中"],
        [None, None, "每月集中学习一次", "王伟", "长期坚持", None],
        [None, "学用结合不够", "撰写心得体会", "李娜", "2025年7月", "未开始"],
    ])

    def run(p: Path, dry_run: bool, progress: Any, cancelled: Any) -> Any:
        return import_rectification(db, p, ledger=title, dry_run=dry_run, progress=progress, cancelled=cancelled)

    dialog = ImportDialog(AppContext(db), "导入整改台账", run)
    qtbot.addWidget(dialog)
    headers, *rows = _choose(qtbot, dialog, path, monkeypatch)
    assert dialog.report is not None and dialog.report.ok, dialog.report.to_text() if dialog.report else ""
    said = {row[headers.index("整改措施")]: row[headers.index("问题")] for row in rows}
    assert list(said) == ["制定学习计划", "每月集中学习一次", "撰写心得体会"], rows
    assert said["每月集中学习一次"] == "提示：问题描述为空，已视为上一行问题的整改措施", said
    assert said["制定学习计划"] == said["撰写心得体会"] == "", said


def test_a_hint_is_not_in_the_colour_of_all_well(qtbot, db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A row's 提示 stood in the green of "新增" — the colour of a row with nothing to see; it is amber (as the
    lists mark what does not count yet), and the whole text is its tooltip, the cell being cut at the
    window's edge (review13-1 R1-4). A row in error stays red; a row with nothing to say has no colour."""
    make_branch(db)
    header = ["序号", "日期", "会议类型", "会议主题", "应到", "实到", "缺席人员", "主要内容", "所在党支部"]
    path = _titled(tmp_path / "三会一课.xlsx", "2026年三会一课记录", header, [
        [1, "2026年3月10日", "支部党员大会", "学习贯彻全会精神", 9, 9, None, "传达学习。", BRANCH],
        [2, "2026.3.17", "支部党员大会", "专题学习", 12, 11, "赵一", "专题学习。", BRANCH],
        [3, "2026.3.20", "支部党员大会", "专题学习", 9, 9, None, "学习。", "第九党支部"],  # no such branch
    ])

    def run(p: Path, dry_run: bool, progress: Any, cancelled: Any) -> Any:
        return import_meetings(db, p, dry_run=dry_run, progress=progress, cancelled=cancelled)

    dialog = ImportDialog(AppContext(db), "导入三会一课台账", run)
    qtbot.addWidget(dialog)
    headers, *rows = _choose(qtbot, dialog, path, monkeypatch)
    model, problem = dialog.table.model(), headers.index("问题")
    at = {int(rows[r][headers.index("行号")]): model.index(r, problem) for r in range(len(rows))}

    def colour(row: int) -> str:
        brush = at[row].data(Qt.ItemDataRole.ForegroundRole)
        return "" if brush is None else brush.color().name()

    assert at[4].data().startswith("提示：") and colour(4) == "#8a6d00", (at[4].data(), colour(4))
    assert at[4].data(Qt.ItemDataRole.ToolTipRole) == at[4].data()
    assert colour(5) == "#b00020", at[5].data()
    assert at[3].data() == "" and colour(3) == ""
