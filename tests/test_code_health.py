"""The rules of the codebase, checked on every run: layers import downward only, only ui/ imports Qt
(import-linter contracts in pyproject.toml), and ruff is clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_import_layers() -> None:
    linter = shutil.which("lint-imports")
    if linter is None:
        pytest.fail("import-linter is part of the test extra; install it with pip install -e '.[test]'")
    result = subprocess.run([linter], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "branchdesk", "tests"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
