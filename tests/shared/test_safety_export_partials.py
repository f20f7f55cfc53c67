"""An export killed half-way (the window closed by the task manager, the PC switched off) left its
`<name>.partial` in the folder the user chose — a workbook of the roster, possibly unmasked — and
nothing ever removed it. Each export's partial now names its process; the next export to that
folder removes the partials of exports whose process is gone (and the older `<name>.partial` of the
same name), and opening the database sweeps its folder. A partial of an export still running (this
window's or another program's) is left alone, and so is any file not named as ours."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook

from branchdesk.db import leftovers
from branchdesk.io.xlsx_writer import save_workbook
from branchdesk.reports.pdf_files import written_whole
from tests.safety_helpers import killed_export


def test_the_next_export_to_the_folder_removes_a_killed_exports_partial(tmp_path: Path) -> None:
    folder = tmp_path / "导出 文件夹"
    folder.mkdir()
    left = killed_export(folder / "党员名册.xlsx")
    assert left.name.startswith("党员名册.xlsx") and left.name.endswith(".partial")
    same_name_old = folder / "统计表.xlsx.partial"  # an older version's partial of the next export's name
    same_name_old.write_bytes(b"PK old")
    running = folder / f"其他.xlsx.branchdesk-{os.getppid()}-0.partial"  # another program's export, still running
    running.write_bytes(b"PK")
    not_ours = folder / "下载.pdf.partial"  # a browser's download: not ours, never touched
    not_ours.write_bytes(b"%PDF")
    save_workbook(Workbook(), folder / "统计表.xlsx")
    assert sorted(p.name for p in folder.iterdir()) == sorted(["统计表.xlsx", running.name, not_ours.name])


def test_a_pdf_export_sweeps_the_folder_too(tmp_path: Path) -> None:
    left = killed_export(tmp_path / "名册.xlsx")
    with written_whole(tmp_path / "会议记录.pdf") as partial:
        Path(partial).write_bytes(b"%PDF-1.4 whole")
        assert Path(partial).name != "会议记录.pdf.partial"  # the process is in the name
        save_workbook(Workbook(), tmp_path / "名册.xlsx")  # an export beside a running one leaves it alone
        assert Path(partial).exists()
    assert not left.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["会议记录.pdf", "名册.xlsx"]


def test_opening_the_database_sweeps_its_folder(tmp_path: Path) -> None:
    left = killed_export(tmp_path / "年度报告.xlsx")
    database = tmp_path / "branchdesk.sqlite"
    assert left in leftovers.sweep_beside(database)
    assert not left.exists()
