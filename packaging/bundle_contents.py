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
# Extras of branchdesk whose packages go into the bundle when installed (the shared-database driver).
BUNDLED_EXTRAS = {"postgres"}
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


def runtime_distributions(root: str = "branchdesk") -> list[str]:
    """branchdesk and everything it needs at run time (its dependencies, theirs, and the bundled extras
    that are installed), found from the installed metadata so a new dependency needs no edit here.
    Their metadata goes into the bundle: importlib.metadata.version("branchdesk") is the 关于 version,
    and each *.dist-info carries the component's licence."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement

    seen: dict[str, str] = {}
    pending: list[tuple[str, set[str]]] = [(root, BUNDLED_EXTRAS)]
    while pending:
        name, extras = pending.pop()
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue  # an optional extra that is not installed
        key = dist.metadata["Name"].lower().replace("_", "-")
        if key in seen:
            continue
        seen[key] = dist.metadata["Name"]
        for text in dist.requires or []:
            requirement = Requirement(text)
            wanted = requirement.marker is None or any(
                requirement.marker.evaluate({"extra": extra}) for extra in (extras or {""}))
            if wanted:
                pending.append((requirement.name, set(requirement.extras)))
    return sorted(seen.values(), key=str.lower)
