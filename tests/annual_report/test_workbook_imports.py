"""The annual workbook's command spells its .xlsx itself (issue 18): it must not import openpyxl, nor
numpy and PIL, which openpyxl pulls in when they are installed, nor Qt or reportlab. Run as a user runs
it, in a fresh interpreter, and the file it wrote is a workbook openpyxl reads. It reads on the tables
(db/table_reads.py): no select through a mapped class makes SQLAlchemy set up the mappings of every
class of db/models, which it never uses."""

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
print("MAPPING " + " ".join(sorted(name for name in sys.modules if name.startswith(("branchdesk.db.models", "branchdesk.db.base")))),
      file=sys.stderr)
from branchdesk.db.base import Base
print("CONFIGURED " + " ".join(sorted(m.class_.__name__ for m in Base.registry.mappers if m.configured)),
      file=sys.stderr)
sys.exit(code)
"""
NOT_WANTED = {"openpyxl", "numpy", "PIL", "PySide6", "reportlab", "et_xmlfile", "lxml"}


def _run_the_command(school_file: Path, tmp_path: Path) -> tuple[Path, dict[str, set[str]]]:
    """`report annual --format xlsx` in a fresh interpreter: the workbook, and what it printed at the
    end (LOADED: top-level modules; MAPPING: the modules of mapped classes imported; CONFIGURED: the
    mapped classes SQLAlchemy set up)."""
    school, out = tmp_path / "学校 台账.sqlite", tmp_path / "年度 台账.xlsx"
    shutil.copyfile(school_file, school)
    env = dict(os.environ, BRANCHDESK_HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", RUN, "report", "annual", "--year", str(DEMO_TODAY.year),
                             "--format", "xlsx", "--out", str(out), "--db", str(school)],
                            env=env, capture_output=True, text=True, encoding="utf-8", timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    printed = {line.split()[0]: set(line.split()[1:]) for line in result.stderr.splitlines()
               if line.startswith(("LOADED", "MAPPING", "CONFIGURED"))}
    return out, printed


def test_the_annual_workbook_command_imports_no_openpyxl(demo_file, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out, printed = _run_the_command(demo_file(), tmp_path)
    loaded = printed["LOADED"]
    assert "sqlalchemy" in loaded and "branchdesk" in loaded  # the line lists what the command loaded
    assert not loaded & NOT_WANTED, sorted(loaded & NOT_WANTED)
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames[0] == "汇总" and len(book.sheetnames) > 10


def test_the_annual_workbook_command_sets_up_no_mapping(demo_file, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Everything the workbook reads, the 年度工作总结 kept on the 报表 page included, is read on the
    tables: setting up the 36 classes' mappings for one ORM select cost about 1 % of the command."""
    from branchdesk.services.annual_report.summary_texts import keep_texts
    from branchdesk.services.session import open as open_db

    school = tmp_path / "with-kept-text.sqlite"
    shutil.copyfile(demo_file(), school)
    db = open_db(school)
    try:  # a paragraph the user kept: the command reads it (and prints it)
        assert keep_texts(db, DEMO_TODAY.year, None, {"basic": "本年度党员队伍稳定。"}, {"basic": "草稿"}) == ["basic"]
    finally:
        db.close()
    (tmp_path / "run").mkdir()
    out, printed = _run_the_command(school, tmp_path / "run")
    assert printed["CONFIGURED"] == set(), sorted(printed["CONFIGURED"])
    book = openpyxl.load_workbook(out, read_only=True)
    texts = [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
             if "本年度党员队伍稳定。" in row]
    assert texts, "the kept paragraph is in the workbook"


def test_the_annual_workbook_command_maps_no_class(demo_file, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The readers of the report name the Core tables of db/tables/, not the classes of db/models: a
    class is mapped when its module is imported, and mapping the classes of the report's tables cost
    about 415 M instructions, some 12 % of the command (issue 18)."""
    out, printed = _run_the_command(demo_file(), tmp_path)
    assert printed["MAPPING"] == set(), sorted(printed["MAPPING"])
    assert openpyxl.load_workbook(out, read_only=True).sheetnames[0] == "汇总"
