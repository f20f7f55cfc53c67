"""Which migrations this program ships: their heads and every revision, and the Alembic
configuration that runs them. Apart from db/migrate.py so that restoring a backup (db/restore.py),
which needs only to know whether a file's revisions are ours, does not import the migrations' runner
— migrate imports restore (a damaged file is moved aside), and the two used to import each other."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@functools.cache
def _script_facts() -> tuple[frozenset[str], frozenset[str]]:
    """(heads, every revision) of the migrations this program ships. Opening a database that is up to
    date compares its version table with these and needs nothing else of Alembic, whose import alone
    costs about a fifth of a second (issue 18), so they are read from the files' `revision = …` and
    `down_revision = …` lines. A file not written that way is left to Alembic's own reading."""
    try:
        return _read_script_facts(MIGRATIONS_DIR / "versions")
    except ValueError:
        return _alembic_script_facts()


_ASSIGNMENT = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*(.+?)\s*(?:#.*)?$", re.MULTILINE)


def _read_script_facts(folder: Path) -> tuple[frozenset[str], frozenset[str]]:
    revisions: set[str] = set()
    parents: set[str] = set()
    for file in sorted(folder.glob("*.py")):
        if file.name.startswith("__"):
            continue
        found = {name: value for name, value in _ASSIGNMENT.findall(file.read_text(encoding="utf-8"))}
        try:
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found["down_revision"])
        except (KeyError, SyntaxError, ValueError) as exc:
            raise ValueError(f"{file.name}: revision lines not readable") from exc
        if not isinstance(revision, str):
            raise ValueError(f"{file.name}: revision is not a string")
        revisions.add(revision)
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list):
            parents.update(str(d) for d in down)
        elif down is not None:
            raise ValueError(f"{file.name}: down_revision not understood")
    if not revisions:
        raise ValueError("no migrations found")
    return frozenset(revisions - parents), frozenset(revisions)


def _alembic_script_facts() -> tuple[frozenset[str], frozenset[str]]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(script.get_heads()), frozenset(rev.revision for rev in script.walk_revisions())


def script_heads() -> set[str]:
    return set(_script_facts()[0])


def known_revisions() -> set[str]:
    return set(_script_facts()[1])
