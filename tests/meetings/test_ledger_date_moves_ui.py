"""The corrected date as a secretary meets it in the window (NOTE10 "Left"): the import dialog's check
says which meeting moves to which date before anything is written, 确认导入 moves it, and the 三会一课
list shows one 支部委员会 in March, on the corrected day."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import list_meetings
from branchdesk.ui.context import AppContext
from branchdesk.ui.import_dialog import ImportDialog
from tests.meetings.helpers import make_branch
from tests.meetings.test_ledger_date_moves import _ledger, _rows


def test_the_check_names_the_move_and_the_import_makes_it(qtbot, db, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []

    def information(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        shown.append(str(args[2]))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", information)
    make_branch(db)
    assert import_meetings(db, _ledger(tmp_path / "台账.xlsx", _rows())).ok
    rows = _rows()
    rows[0][0] = "2026年3月15日"
    path = _ledger(tmp_path / "台账（更正）.xlsx", rows)

    def run(p: Path, dry_run: bool, progress: Any, cancelled: Any) -> Any:
        return import_meetings(db, p, dry_run=dry_run, progress=progress, cancelled=cancelled)

    dialog = ImportDialog(AppContext(db), "导入三会一课台账", run)
    qtbot.addWidget(dialog)
    dialog.report = None
    dialog.check(path)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    assert "3月5日的支部委员会（主题“研究3月工作”）改为3月15日" in dialog.details.toPlainText()
    assert "将新增 0 条、将更新 1 条" in dialog.summary.text()
    assert [m.date for m in list_meetings(db) if "支部委员会" in m.kinds] == [date(2026, 3, 5)]  # nothing written yet
    assert dialog.import_button.isEnabled()
    QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    assert "已更新 1 条" in shown[0]
    assert [m.date for m in list_meetings(db) if "支部委员会" in m.kinds] == [date(2026, 3, 15)]
