"""The corrected date of a 学习培训记录 as a secretary meets it in the window: the import dialog's
check shows the row as 更正日期 (green, as a change) and says which record moves before anything is
written; 确认导入 moves it, and 钱二 has one record of 8 学时."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from branchdesk.services.study_hours.excel import import_study_records
from branchdesk.services.study_hours.records import list_study_records
from branchdesk.ui.context import AppContext
from branchdesk.ui.import_dialog import ImportDialog
from tests.meetings.helpers import make_branch
from tests.study_hours.test_study_date_moves import TODAY, _book, _rows


def test_the_preview_shows_the_move_and_the_import_makes_it(qtbot, db, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []

    def information(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        shown.append(str(args[2]))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", information)
    make_branch(db)
    assert import_study_records(db, _book(tmp_path / "登记表.xlsx", _rows()), today=TODAY).ok
    rows = _rows()
    rows[0][2] = "2026年3月15日"
    path = _book(tmp_path / "登记表（更正）.xlsx", rows)

    def run(p: Path, dry_run: bool, progress: Any, cancelled: Any) -> Any:
        return import_study_records(db, p, dry_run=dry_run, progress=progress, cancelled=cancelled, today=TODAY)

    dialog = ImportDialog(AppContext(db), "导入党员学习培训记录", run)
    qtbot.addWidget(dialog)
    dialog.report = None
    dialog.check(path)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    assert "钱二3月5日的学习培训“党纪学习教育专题培训”改为3月15日" in dialog.details.toPlainText()
    assert "将新增 0 条、将更新 1 条" in dialog.summary.text()
    model = dialog.table.model()
    status = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "状态")
    first = model.index(0, status)
    assert model.data(first) == "更正日期"
    brush = model.data(first, Qt.ItemDataRole.ForegroundRole)
    assert brush is not None and brush.color().name() == "#1b5e20"  # a change, as 更新
    assert [r.study_date for r in list_study_records(db) if r.name == "钱二"] == [date(2026, 3, 5)]  # not yet
    QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert "已更新 1 条" in shown[0]
    assert [(r.study_date, r.hours) for r in list_study_records(db) if r.name == "钱二"] == [(date(2026, 3, 15), 8)]
