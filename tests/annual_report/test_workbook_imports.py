"""The annual workbook's command spells its .xlsx itself (issue 18): it must not import openpyxl, nor
numpy and PIL, which openpyxl pulls in when they are installed, nor Qt or reportlab. Run as a user runs
it, in a fresh interpreter, and the file it wrote is a workbook openpyxl reads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl

from tests.conftest import DEMO_TODAY

RUN = r"""
import sys
from branchdesk.cli.main import main
code = main(sys.argv[1:])
print("LOADED " + " ".join(sorted({name.split(".")[0] for name in sys.modules})), file=sys.stderr)
sys.exit(code)
"""
NOT_WANTED = {"openpyxl", "numpy", "PIL", "PySide6", "reportlab", "et_xmlfile", "lxml"}


def test_the_annual_workbook_command_imports_no_openpyxl(demo_file, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    school, out = tmp_path / "学校 台账.sqlite", tmp_path / "年度 台账.xlsx"
    shutil.copyfile(demo_file(), school)
    env = dict(os.environ, BRANCHDESK_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", RUN, "report", "annual", "--year", str(DEMO_TODAY.year),
                             "--format", "xlsx", "--out", str(out), "--db", str(school)],
                            env=env, capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = set(next(line for line in result.stderr.splitlines() if line.startswith("LOADED ")).split()[1:])
    assert "sqlalchemy" in loaded and "branchdesk" in loaded  # the line lists what the command loaded
    assert not loaded & NOT_WANTED, sorted(loaded & NOT_WANTED)
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames[0] == "汇总" and len(book.sheetnames) > 10
