"""What the year-end workbook command loads on its way (issue 18), in a fresh interpreter as a user runs
it: it reads the Core tables of db/tables/ and maps no class of db/models — neither those of the areas
it reads nor the exchange's book-keeping (数据包) nor the record details the report never reads (a
meeting's votes, attachments and history, the plan, a measure's status history) — and loads neither the restore or encryption machinery of a sound,
unencrypted database. Whatever needs the whole schema still gets it: `load_all()`, the migrations
(Alembic compares every table), the recycle bin and the 数据包's table registry."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO_TODAY

LOADED = r"""
import sys
from branchdesk.cli.main import main
code = main(sys.argv[1:])
print("LOADED " + " ".join(sorted(n for n in sys.modules if n.startswith("branchdesk."))), file=sys.stderr)
sys.exit(code)
"""

WHOLE_SCHEMA = r"""
import sys
from pathlib import Path
from sqlalchemy import inspect
import branchdesk.db.models as models
tables = set(models.Base.metadata.tables)
first = {mapper.local_table.name for mapper in models.Base.registry.mappers}
models.load_all()
everything = {mapper.local_table.name for mapper in models.Base.registry.mappers}
from branchdesk.db.migrate import open_database
database = open_database(Path(sys.argv[1]))
stored = set(inspect(database.engine).get_table_names()) - {"alembic_version"}
database.close()
print("TABLES " + " ".join(sorted(tables)))
print("FIRST " + " ".join(sorted(first)))
print("ALL " + " ".join(sorted(everything)))
print("STORED " + " ".join(sorted(stored)))
"""

COLLECTIONS = r"""
import gc, sys
from branchdesk.cli.main import main
before = [g["collections"] for g in gc.get_stats()]
code = main(sys.argv[1:])
after = [g["collections"] for g in gc.get_stats()]
print("COLLECTIONS", *[a - b for a, b in zip(after, before)], "ENABLED", gc.isenabled(), file=sys.stderr)
sys.exit(code)
"""

WHOLE_SCHEMA_USERS = r"""
import sys
from branchdesk.services.recycle_bin import _models
from branchdesk.services.exchange.tables import registry
print("BIN " + " ".join(sorted(_models())))
print("PACKAGE " + " ".join(sorted(registry())))
"""

UNDOCUMENTED = r"""
import dataclasses, sys
made = dataclasses._process_class
bare = []


def process(cls, *args, **kwargs):
    if "__doc__" not in cls.__dict__ or not cls.__dict__["__doc__"]:
        bare.append(f"{cls.__module__}.{cls.__qualname__}")
    return made(cls, *args, **kwargs)


dataclasses._process_class = process
from branchdesk.cli.main import main
code = main(sys.argv[1:])
print("BARE " + " ".join(sorted(n for n in bare if n.startswith("branchdesk."))), file=sys.stderr)
sys.exit(code)
"""

EXCHANGE_TABLES = {"exchange_site", "exchange_peers", "exchange_units", "exchange_packages", "exchange_conflicts"}
RECORD_DETAIL_TABLES = {"meeting_votes", "meeting_attachments", "meeting_history", "meeting_plans", "rect_history"}


def _run(code: str, *argv: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BRANCHDESK_HOME=str(home))
    result = subprocess.run([sys.executable, "-c", code, *argv], env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.fixture
def school(tmp_path: Path, demo_file) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "学校 台账.sqlite"
    shutil.copyfile(demo_file(), path)
    return path


def test_the_workbook_maps_the_areas_it_reads_and_not_the_exchange(school: Path, tmp_path: Path) -> None:
    result = _run(LOADED, "report", "annual", "--year", str(DEMO_TODAY.year), "--format", "xlsx",
                  "--out", str(tmp_path / "台账.xlsx"), "--db", str(school), home=tmp_path)
    line = next(line for line in result.stderr.splitlines() if line.startswith("LOADED "))
    loaded = set(line.split()[1:])
    read = {f"branchdesk.db.tables.{area}" for area in
            ("member", "organisation", "meetings", "development", "mentoring", "rectification", "study", "dues")}
    assert read <= loaded
    # it reads on the Core tables (db/tables/): no class is mapped, the exchange's and the record details'
    # (a meeting's votes, attachments and edit history, the plan, a measure's status history) included
    assert not {name for name in loaded if name.startswith(("branchdesk.db.models", "branchdesk.db.base"))}
    assert not {"branchdesk.db.restore", "branchdesk.db.encryption"} & loaded
    # a sitting's whole record and form, a ledger's forms and history, the mentoring reminder rules:
    # classes the report never builds (issue 18)
    assert not {"branchdesk.domain.meetings.sitting", "branchdesk.services.meetings.sittings",
                "branchdesk.domain.rectification.editing", "branchdesk.domain.mentoring.rules"} & loaded
    assert (tmp_path / "台账.xlsx").stat().st_size > 0


def test_the_workbook_runs_without_the_collector_and_leaves_it_on(school: Path, tmp_path: Path) -> None:
    """Its objects hold no cycles worth a walk; a caller (the tests, a script) finds the collector as it was."""
    result = _run(COLLECTIONS, "report", "annual", "--year", str(DEMO_TODAY.year), "--format", "xlsx",
                  "--out", str(tmp_path / "台账.xlsx"), "--db", str(school), home=tmp_path)
    words = next(line for line in result.stderr.splitlines() if line.startswith("COLLECTIONS ")).split()
    young, middle, old = (int(n) for n in words[1:4])
    assert (middle, old) == (0, 0) and young <= 5  # a few while the command's own modules load
    assert words[5] == "True"


def test_the_dataclasses_on_the_workbooks_way_have_docstrings(school: Path, tmp_path: Path) -> None:
    """A dataclass without a docstring gets one made from inspect.signature as the class is created:
    about 0.2 ms each, some 20 ms of the demo workbook across the report's 160 dataclasses (issue 18)."""
    result = _run(UNDOCUMENTED, "report", "annual", "--year", str(DEMO_TODAY.year), "--format", "xlsx",
                  "--out", str(tmp_path / "台账.xlsx"), "--db", str(school), home=tmp_path)
    line = next(line for line in result.stderr.splitlines() if line.startswith("BARE"))
    assert line.split()[1:] == []


def test_load_all_and_the_migrations_see_every_table(tmp_path: Path) -> None:
    result = _run(WHOLE_SCHEMA, str(tmp_path / "新建.sqlite"), home=tmp_path)
    lines = {line.split(" ", 1)[0]: set(line.split()[1:]) for line in result.stdout.splitlines()}
    assert not (EXCHANGE_TABLES | RECORD_DETAIL_TABLES) & lines["FIRST"]  # mapped on first use
    assert EXCHANGE_TABLES | RECORD_DETAIL_TABLES <= lines["ALL"]
    assert lines["ALL"] == lines["STORED"]  # the models are the whole schema the migrations create
    assert lines["TABLES"] == lines["STORED"]  # db/tables/ holds every table before any class is mapped


def test_the_recycle_bin_and_the_package_registry_see_the_tables_mapped_on_first_use(tmp_path: Path) -> None:
    """In a fresh interpreter that named none of them: a deleted plan or attachment is still in the bin,
    and a package still carries a meeting's votes and a measure's history."""
    result = _run(WHOLE_SCHEMA_USERS, home=tmp_path)
    lines = {line.split(" ", 1)[0]: set(line.split()[1:]) for line in result.stdout.splitlines()}
    assert {"meeting_plans", "meeting_attachments"} <= lines["BIN"]
    assert RECORD_DETAIL_TABLES <= lines["PACKAGE"]


def test_an_exchange_model_is_mapped_when_first_named() -> None:
    from sqlalchemy import inspect

    from branchdesk.db.models import Base, ExchangePeer

    assert inspect(ExchangePeer).local_table is Base.metadata.tables["exchange_peers"]
    with pytest.raises(AttributeError):
        from branchdesk.db import models

        getattr(models, "ExchangePear")  # noqa: B009 - a misspelt name is still an error
