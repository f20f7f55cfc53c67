"""A command imports only what it uses (issue 18): never Qt for a headless command, reportlab only for
a PDF, openpyxl only for an export or a template (the annual workbook spells its own .xlsx),
cryptography and SQLCipher only for an encrypted database, and Alembic only when a database needs
migrating. Each command runs in a fresh interpreter, as a user runs it, and the libraries it loaded
are compared."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO_TODAY

WATCHED = {"PySide6", "sqlalchemy", "alembic", "openpyxl", "reportlab", "cryptography", "sqlcipher3"}
RUN = r"""
import sys
from branchdesk.cli.main import main
code = main(sys.argv[1:])
print("LOADED " + " ".join(sorted({name.split(".")[0] for name in sys.modules})), file=sys.stderr)
sys.exit(code)
"""


def loaded_by(*argv: str, home: Path) -> set[str]:
    import os

    env = dict(os.environ, BRANCHDESK_HOME=str(home))
    result = subprocess.run([sys.executable, "-c", RUN, *argv], env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    line = next(line for line in result.stderr.splitlines() if line.startswith("LOADED "))
    return set(line.split()[1:]) & WATCHED


@pytest.fixture
def school(tmp_path: Path, demo_file) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "学校 台账.sqlite"
    shutil.copyfile(demo_file(), path)
    return path


def test_the_annual_workbook_loads_no_qt_no_pdf_and_no_encryption(school: Path, tmp_path: Path) -> None:
    loaded = loaded_by("report", "annual", "--year", str(DEMO_TODAY.year), "--format", "xlsx",
                       "--out", str(tmp_path / "台账.xlsx"), "--db", str(school), home=tmp_path)
    assert loaded == {"sqlalchemy"}  # the annual workbook is spelt without openpyxl


def test_the_annual_pdf_loads_reportlab_and_not_openpyxl(school: Path, tmp_path: Path) -> None:
    loaded = loaded_by("report", "annual", "--year", str(DEMO_TODAY.year), "--format", "pdf",
                       "--out", str(tmp_path / "汇编.pdf"), "--db", str(school), home=tmp_path)
    assert loaded == {"sqlalchemy", "reportlab"}


def test_the_checks_load_the_database_layer_only(school: Path, tmp_path: Path) -> None:
    assert loaded_by("check", "--year", str(DEMO_TODAY.year), "--db", str(school), home=tmp_path) == {"sqlalchemy"}


@pytest.mark.parametrize("kind", ["roster", "meetings", "development", "mentoring", "rectification", "study-hours"])
def test_a_template_opens_no_database(tmp_path: Path, kind: str) -> None:
    assert loaded_by("template", kind, "--out", str(tmp_path / "模板.xlsx"), home=tmp_path) == {"openpyxl"}


def test_an_encrypted_database_loads_the_encryption_stack(school: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.db.encryption import encrypt_file

    encrypt_file(school, "加密测试密码123", backup_folder=tmp_path / "加密前")
    monkeypatch.setenv("BRANCHDESK_PASSWORD", "加密测试密码123")
    loaded = loaded_by("check", "--year", str(DEMO_TODAY.year), "--db", str(school), home=tmp_path)
    assert {"cryptography", "sqlcipher3"} <= loaded and not loaded & {"PySide6", "reportlab", "openpyxl"}
