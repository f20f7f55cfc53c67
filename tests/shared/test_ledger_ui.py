"""The window's part of issue 13, as a secretary meets it: the import preview offers to add an unknown
pair kind in one click and asks before creating new branches; a 整改台账 import with no ledger chosen
creates one; 设置 → 台账记录 keeps the 启用日期 and standard lengths; a branch's 成立日期; the meeting
form's 所属期间 typed as a secretary writes it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QMessageBox, QPushButton

from branchdesk.ui.context import AppContext
from tests.shared import real_year as ry
from tests.ui_typing import retype


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: shown.append(str(a[2])) or QMessageBox.StandardButton.Ok)
    return shown


def _check(qtbot, dialog, path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog.report = None
    dialog.check(path)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)


def test_unknown_pair_kind_added_in_one_click(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.mentoring.excel import import_mentoring
    from branchdesk.services.mentoring.lists import get_lists
    from branchdesk.services.roster.excel import import_roster
    from branchdesk.ui.import_dialog import ImportDialog

    files = ry.write_year(tmp_path / "台账")
    assert import_roster(db, files.roster).ok
    book = openpyxl.load_workbook(files.mentoring)
    book.active["B3"] = "名师工作室结对"
    path = tmp_path / "结对.xlsx"
    book.save(path)

    def run(p, dry_run, progress, cancelled):  # type: ignore[no-untyped-def]
        return import_mentoring(db, p, dry_run=dry_run, progress=progress, cancelled=cancelled)

    dialog = ImportDialog(AppContext(db), "导入结对帮扶台账", run)
    qtbot.addWidget(dialog)
    _check(qtbot, dialog, path)
    assert not dialog.import_button.isEnabled()
    [button] = [b for b in dialog.findChildren(QPushButton) if "添加为新的结对类型" in b.text()]
    assert button.text() == "把“名师工作室结对”添加为新的结对类型"
    dialog.report = None
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None and dialog.report.ok, timeout=60_000)
    assert "名师工作室结对" in get_lists(db).pair_kinds
    assert dialog.import_button.isEnabled()
    assert "结对类型“青蓝工程”按“青蓝工程师徒结对”导入，24 行" in dialog.details.toPlainText()


def test_new_branches_wait_for_a_tick(qtbot, db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.roster.excel import import_roster
    from branchdesk.ui.import_dialog import ImportDialog

    files = ry.write_year(tmp_path / "台账")
    assert import_roster(db, files.roster).ok
    book = openpyxl.load_workbook(files.roster)
    book.active["H4"] = "初四年级党支部"
    path = tmp_path / "花名册.xlsx"
    book.save(path)

    def run(p, dry_run, progress, cancelled, create_orgs=False):  # type: ignore[no-untyped-def]
        return import_roster(db, p, dry_run=dry_run, progress=progress, cancelled=cancelled, create_orgs=create_orgs)

    dialog = ImportDialog(AppContext(db), "导入党员花名册", run)
    qtbot.addWidget(dialog)
    _check(qtbot, dialog, path)
    assert not dialog.import_button.isEnabled() and "将新建党支部：“初四年级党支部”" in dialog.details.toPlainText()
    [box] = dialog.findChildren(QCheckBox)
    assert "初四年级党支部" in box.text()
    dialog.report = None
    box.setChecked(True)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    assert dialog.report.ok and dialog.import_button.isEnabled()  # type: ignore[union-attr]


def test_rectification_import_without_a_ledger_creates_one(qtbot, db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.rectification import records as rect
    from branchdesk.ui.import_dialog import ImportDialog
    from branchdesk.ui.rectification.rectification_page import RectificationPage

    files = ry.write_year(tmp_path / "台账")
    from branchdesk.services.roster.excel import import_roster

    assert import_roster(db, files.roster).ok  # a new ledger needs a 党支部 in the database (re-trial R2, N-1)
    page = RectificationPage(AppContext(db))
    qtbot.addWidget(page)
    page.refresh()
    assert page.current is None
    from branchdesk.ui.rectification.import_target import NewLedgerImport

    def name_it(target: NewLedgerImport) -> int:  # the new ledger's name and 问题来源 (TL-15), typed
        retype(target.title, ry.RECT_LEDGER)
        target.accept()
        return int(target.result())

    monkeypatch.setattr(NewLedgerImport, "exec", name_it)

    def run_dialog(dialog: ImportDialog) -> int:
        _check(qtbot, dialog, files.rectification)
        assert dialog.report is not None and dialog.report.ok, dialog.report.to_text() if dialog.report else ""
        assert dialog.report.notes[0].startswith(f"新建整改台账“{ry.RECT_LEDGER}”")
        dialog.report = None
        dialog.run_import()
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
        return int(dialog.report.written)

    monkeypatch.setattr(ImportDialog, "exec", run_dialog)
    page.import_excel()
    ledger = rect.find_ledger(db, ry.RECT_LEDGER)
    assert ledger is not None and len(rect.list_measures(db, ledger.id)) == 40
    qtbot.waitUntil(lambda: page.current is not None, timeout=10_000)
    assert page.current.ledger.title == ry.RECT_LEDGER


def test_records_settings_and_branch_dates(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.records_start import branch_dates, get_records_start, set_records_start
    from branchdesk.services.roster.organisation import list_orgs
    from branchdesk.services.study_hours.standard_lengths import get_standard_minutes
    from branchdesk.ui.roster.branch_dates_dialog import BranchDatesDialog
    from branchdesk.ui.settings.records_panel import RecordsPanel
    from tests.meetings.helpers import BRANCH, make_branch

    make_branch(db)
    set_records_start(db, None)  # a database where it was never set
    context = AppContext(db)
    panel = RecordsPanel(context)
    qtbot.addWidget(panel)
    panel.refresh()
    assert "还没有设置启用日期" in panel.effective.text()
    panel.start.set_value(date(2025, 9, 1))
    panel.minutes["党课"].setValue(90)
    panel.save()
    assert get_records_start(db) == date(2025, 9, 1) and get_standard_minutes(db) == {"党课": 90}
    assert "2025-09-01" in panel.effective.text()
    branch = next(o for o in list_orgs(db) if o.name == BRANCH)
    dialog = BranchDatesDialog(context, branch.id)
    qtbot.addWidget(dialog)
    dialog.founded.set_value(date(2025, 9, 1))
    dialog.dissolved.set_value(date(2025, 8, 1))
    dialog.save()
    assert "早于成立日期" in dialog.error.text()
    dialog.dissolved.edit.setText("2025年13月")  # unreadable: named, nothing saved
    dialog.save()
    assert "2025年13月" in dialog.dissolved.problem() and branch_dates(db, branch.id).founded_on is None
    dialog.dissolved.set_value(None)
    dialog.save()
    assert branch_dates(db, branch.id).founded_on == date(2025, 9, 1)


def test_meeting_form_takes_the_period_as_written(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.meetings.sitting import MeetingInput
    from branchdesk.ui.meetings.meeting_dialog import MeetingDialog
    from tests.meetings.helpers import make_branch

    branch = make_branch(db)
    data = MeetingInput(branch_id=branch.id, kinds=("主题党日",), date=date(2025, 9, 5), topic="补开7月主题党日")
    dialog = MeetingDialog(AppContext(db), data, None)
    qtbot.addWidget(dialog)
    assert "2025年7月" in [dialog.period.itemText(i) for i in range(dialog.period.count())]
    dialog.period.lineEdit().clear()
    QTest.keyClicks(dialog.period.lineEdit(), "2025-7")  # typed as a month
    assert dialog.collect().period == "2025-07"
    dialog.period.lineEdit().clear()
    dialog.period.lineEdit().insert("2025年第三季度")  # (keyClicks types ASCII only)
    assert dialog.collect().period == "2025-Q3"
    dialog.period.lineEdit().clear()
    dialog.period.lineEdit().insert("暑假")
    with pytest.raises(ValueError, match="所属期间"):
        dialog.collect()
    yearly = MeetingInput(branch_id=branch.id, kinds=("组织生活会",), date=date(2025, 1, 16), period="2024",
                          topic="2024年度组织生活会")
    dialog = MeetingDialog(AppContext(db), yearly, None)
    qtbot.addWidget(dialog)
    assert dialog.period.currentText() == "2024年度" and dialog.collect().period == "2024"
