"""What the one-folder bundle must carry besides the Python modules PyInstaller finds by itself.

Kept apart from the spec so a test can check it without running PyInstaller: every file the program
opens by path at run time (Alembic's env.py, script.py.mako and versions/*.py are read from disk, not
imported; the CJK font, icons and licences are opened by path) must be listed here.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "branchdesk"
RESOURCES = ROOT / "resources"
MIGRATIONS = PACKAGE / "db" / "migrations"

# Modules never loaded by the app that PyInstaller would otherwise drag in through optional imports.
EXCLUDES = [
    "tkinter", "_tkinter", "pytest", "_pytest", "pytestqt", "hypothesis", "IPython", "jupyter_client",
    "matplotlib", "numpy", "pandas", "scipy", "importlinter", "grimp", "ruff", "setuptools", "pip",
    "PyInstaller", "sphinx", "docutils",
]
# Distributions whose metadata is read at run time (importlib.metadata) or whose licence must ship.
METADATA = [
    "branchdesk", "PySide6_Essentials", "shiboken6", "SQLAlchemy", "alembic", "Mako", "MarkupSafe",
    "openpyxl", "et_xmlfile", "python-calamine", "defusedxml", "reportlab", "pillow",
]
OPTIONAL_METADATA = ["psycopg", "psycopg-binary"]  # the `postgres` extra, when installed
# psycopg is imported by SQLAlchemy through the URL's driver name, so PyInstaller cannot see it.
OPTIONAL_HIDDEN = ["psycopg", "psycopg_binary", "sqlalchemy.dialects.postgresql.psycopg"]


def data_files() -> list[tuple[str, str]]:
    """(source file, folder inside the bundle) pairs, one per file so nothing is taken by accident."""
    pairs: list[tuple[str, str]] = []
    for path in sorted(MIGRATIONS.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".mako"} and "__pycache__" not in path.parts:
            pairs.append((str(path), str(path.parent.relative_to(ROOT))))
    for path in sorted(RESOURCES.rglob("*")):
        if path.is_file():
            pairs.append((str(path), str(path.parent.relative_to(ROOT))))
    for path in sorted(PACKAGE.rglob("*")):  # translations and templates inside the package, if any
        if path.is_file() and path.suffix in {".qm", ".xlsx", ".json", ".txt"} and "__pycache__" not in path.parts:
            pairs.append((str(path), str(path.parent.relative_to(ROOT))))
    return pairs


def installed(distribution: str) -> bool:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import distribution as find

    try:
        find(distribution)
    except PackageNotFoundError:
        return False
    return True
