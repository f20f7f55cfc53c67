"""The 导入完成 box names each column holding data that the import did not read (trial L, TL-1: the
details list it among many lines, the box said only "已新增 5 条")."""

from __future__ import annotations

from pathlib import Path

from branchdesk.services.roster.excel import import_roster
from branchdesk.ui.context import AppContext
from tests.roster.test_two_row_header import NAMES, TITLE, _rows
from tests.xlsx_factory import make_workbook


def test_the_done_box_names_a_column_with_data_not_read(qtbot, db, tmp_path: Path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.ui.import_dialog import ImportDialog

    rows = [[*row, "山西大同"] for row in _rows()]
    path = make_workbook(tmp_path / "花名册.xlsx", [*NAMES, "籍贯"], rows, [TITLE])

    def run(p, dry_run, progress, cancelled):  # type: ignore[no-untyped-def]
        return import_roster(db, p, dry_run=dry_run, progress=progress, cancelled=cancelled, create_orgs=True)

    dialog = ImportDialog(AppContext(db), "导入", run)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished, timeout=60_000, raising=False):
        dialog.check(path)
        qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=60_000)
        dialog.run_import()
    assert dialog.report is not None and dialog.report.written
    done = [text for kind, text in zip(message_boxes.kinds, message_boxes.texts, strict=True)
            if kind.startswith("information")]
    assert len(done) == 1 and done[0].startswith(dialog.report.summary()), message_boxes.kinds
    assert f"“籍贯”（P 列）有 {len(rows)} 行填写了内容，不是本表导入的项目，这一列没有导入" in done[0], done[0]
