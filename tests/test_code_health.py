"""The rules of the codebase, checked on every run: layers import downward only, only ui/ imports Qt,
only cli/ parses arguments, prompts and prints, the record areas stand alone (import-linter contracts
in pyproject.toml), the parser alone stays light, ruff is clean and mypy finds nothing (strict on
domain/ and services/). Tools run through `sys.executable`, so a venv's python works without
activating the venv."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "branchdesk"

# Printing outside cli/: the bundle's start-up smoke test reports to the build script's console.
PRINT_ALLOWED = {PACKAGE / "ui" / "startup_check.py"}


def test_import_layers() -> None:
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_logo=True))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "branchdesk", "tests"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def test_types() -> None:
    """mypy with the settings in pyproject.toml; its cache (.mypy_cache) makes a second run quick."""
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_module_is_under_600_lines() -> None:
    """A module has one job and stays under 600 lines: a longer one is split along its seams (the
    meeting form: the sign-in sheet, the attachments and the 所属期间 field are modules of their own)."""
    long = [f"{path.relative_to(ROOT)}: {lines} lines" for path in sorted(PACKAGE.rglob("*.py"))
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) >= 600]
    assert not long, "\n".join(long)


def test_only_the_command_line_prints_or_asks() -> None:
    """print() and input() belong to cli/: a service that printed would talk past the window."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.is_relative_to(PACKAGE / "cli") or path in PRINT_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("print", "input")):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.func.id}()")
    assert not found, "\n".join(found)


def test_building_the_parser_imports_no_heavy_stack() -> None:
    """`branchdesk --version` and `--help` stay instant: each command's module is imported only when
    that command runs (cli/main.py `load`)."""
    code = ("import sys; from branchdesk.cli.main import build_parser; build_parser(); "
            "print(' '.join(sorted(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(result.stdout.split())
    heavy = {"PySide6", "sqlalchemy", "alembic", "reportlab", "openpyxl", "cryptography", "sqlcipher3", "argon2"}
    assert not {m.split(".")[0] for m in loaded} & heavy, "the parser alone imports a heavy library"
    assert {m for m in loaded if m.startswith("branchdesk")} == {"branchdesk", "branchdesk.cli", "branchdesk.cli.main"}
