"""整改台账 imported in the window with no ledger selected (trial L, TL-15): her file has no 问题来源 column,
and the window said "请用 --source 指定" — a command-line flag — with no field to give the source in. The
window asks for the new ledger's name and its 问题来源 together; its messages name its own field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.rectification import records as rect
from branchdesk.services.rectification.excel import import_rectification
from branchdesk.services.roster.organisation import create_org
from branchdesk.ui.context import AppContext
from branchdesk.ui.rectification import measure_actions
from branchdesk.ui.rectification.import_target import NewLedgerImport
from branchdesk.ui.rectification.rectification_page import RectificationPage
from tests.rectification.test_rect_group_header import TITLE, teacher_ledger
from tests.ui_typing import retype, type_text

pytestmark = pytest.mark.usefixtures("message_boxes")


def test_without_a_source_the_message_names_the_windows_field(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    create_org(db, "第一党支部", OrgKind.BRANCH)  # a new ledger needs a 党支部 (re-trial R2, N-1)
    path = teacher_ledger(tmp_path / "整改台账2026.xlsx", ("序号", "具体措施"))
    report = import_rectification(db, path, ledger=TITLE, dry_run=True, window=True)
    assert "--source" not in report.to_text(), report.to_text()
    assert "请在“问题来源”中选择后重新导入" in report.summary(), report.summary()
    assert "请用 --source 指定" in import_rectification(db, path, ledger=TITLE, dry_run=True).summary()  # the command


def test_the_name_chooses_the_source_until_she_chooses_one(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dialog = NewLedgerImport(AppContext(db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.chosen_source() is None  # "取自文件中的“问题来源”列"
    retype(dialog.title, TITLE)  # "2025年度组织生活会查摆问题整改台账"
    assert (dialog.ledger_title(), dialog.chosen_source()) == (TITLE, "组织生活会查摆")
    dialog.source.setFocus()
    dialog.source.lineEdit().selectAll()
    type_text(dialog.source.lineEdit(), "支部自查")  # a source of her own
    retype(dialog.title, "2026年整改台账")
    assert dialog.chosen_source() == "支部自查"
    QTest.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # 下一步：选择文件
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert "支部自查" in rect.list_sources(db)  # joins the list, as when a ledger is saved with it


def test_the_page_imports_her_file_into_a_new_ledger_with_the_source_chosen(qtbot, db, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                             monkeypatch) -> None:
    create_org(db, "第一党支部", OrgKind.BRANCH)  # a new ledger needs a 党支部 (re-trial R2, N-1)
    path = teacher_ledger(tmp_path / "整改台账2026.xlsx", ("序号", "具体措施"))
    page = RectificationPage(AppContext(db))
    qtbot.addWidget(page)

    def answer(dialog: NewLedgerImport) -> int:  # she types the name; the source follows it
        retype(dialog.title, TITLE)
        dialog.accept()
        return int(dialog.result())

    runs: list[Any] = []

    class Preview:  # the import window: what it would run, run as 确认导入 does
        def __init__(self, _context: Any, _title: str, run: Any, _parent: Any) -> None:
            runs.append(run)

        def exec(self) -> bool:
            return bool(runs[-1](path, False, None, None).written)

    monkeypatch.setattr(NewLedgerImport, "exec", answer)
    monkeypatch.setattr(measure_actions, "ImportDialog", Preview)
    page.import_excel()
    ledger = rect.find_ledger(db, TITLE)
    assert ledger is not None and ledger.source == "组织生活会查摆"
    assert len(rect.list_measures(db, ledger.id)) == 5
