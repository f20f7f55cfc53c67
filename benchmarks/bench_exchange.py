"""Benchmark (数据包, issue 20): a year of a 50-member branch travels as one package.

    python benchmarks/bench_exchange.py

The committee's database holds the demo school's organisation and roster (6 branches × 50 members);
高一年级党支部 joins from its set-up file and then records a year on its own PC (the demo's
meetings with full sign-in sheets, development, mentoring, rectification and study records). Its
上报 package is written, then merged into the committee's database. Targets: the package under
1 MB, the merge under 2 s. The floor beside it is what the bare libraries need for the same rows
(decrypting the file and inserting every row with one Core executemany per table, no history).
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from branchdesk.services import demo  # noqa: E402
from branchdesk.services import session as db_session  # noqa: E402
from branchdesk.services.exchange import records as exchange  # noqa: E402
from branchdesk.services.exchange.envelope import PACKAGE_MAGIC, open_package, parse  # noqa: E402
from branchdesk.services.exchange.state import load_site  # noqa: E402
from branchdesk.services.exchange.tables import registry  # noqa: E402
from branchdesk.services.roster import demo as roster_demo  # noqa: E402

BRANCH = "高一年级党支部"
TODAY = date(2026, 12, 20)


def _committee(path: Path) -> object:
    """The demo school's organisation and roster, without records (the branch makes its year on its
    own PC). The demo's year is built for the branches present, so the set-up file is written while
    only 高一年级党支部 exists; the other five (50 members each) are added afterwards, so the
    committee's database is school-sized when the package is merged."""
    db = db_session.open(path)
    steps, demo.DEMO_STEPS[:] = list(demo.DEMO_STEPS), []
    branches = dict(roster_demo.BRANCHES)
    roster_demo.BRANCHES.clear()
    roster_demo.BRANCHES[BRANCH] = branches[BRANCH]
    try:
        demo.build_demo(db, today=TODAY, members_per_branch=50)
    finally:
        demo.DEMO_STEPS[:] = steps
        roster_demo.BRANCHES.clear()
        roster_demo.BRANCHES.update(branches)
    return db


def _other_branches(db: object) -> None:
    from branchdesk.db.models import Member, Organisation

    rng = random.Random(7)
    with db.session() as session:  # type: ignore[attr-defined]
        top = session.scalars(sa.select(Organisation).where(Organisation.kind == "党委")).one()
        number = 1000
        for order, name in enumerate(n for n in roster_demo.BRANCHES if n != BRANCH):
            branch = Organisation(name=name, kind="党支部", parent_id=top.id, sort_order=order + 1, note="")
            session.add(branch)
            session.flush()
            for _ in range(50):
                number += 1
                session.add(Member(name=f"党员{number}", id_number=f"B{number:017d}", branch_id=branch.id,
                                   category="正式党员", join_date=date(2000 + rng.randint(0, 20), 7, 1), status="在册"))


def _branch_year(db: object) -> None:
    rng = random.Random(2026)
    for step in demo.DEMO_STEPS:
        step(db, rng, TODAY)


def _floor(package: Path, committee_path: Path, folder: Path) -> float:
    """Decrypt the package and insert its rows with bare Core executemany into a copy (no checks,
    no history, no merge decisions): the least any merge of these rows can cost."""
    scratch = db_session.open(folder / "floor.sqlite")
    with scratch.engine.begin() as connection:
        site = load_site(connection)
    scratch.close()
    db = db_session.open(committee_path)
    with db.engine.connect() as connection:
        keys = load_site(connection)
    assert keys is not None and site is None
    started = time.perf_counter()
    payload = json.loads(open_package(parse(package.read_bytes(), PACKAGE_MAGIC), keys.keys.box_private))
    rows: dict[str, list[dict[str, object]]] = {}
    for unit in payload["units"]:
        table = registry()[unit["t"]]
        rows.setdefault(table.name, []).append({c.name: None for c in table.table.columns if c.name != "id"}
                                               | {"gid": unit["g"]})
        for child, entries in (unit.get("kids") or {}).items():
            rows.setdefault(child, []).extend({"gid": e["g"]} for e in entries)
    target = sa.create_engine(f"sqlite:///{folder / 'floor-rows.sqlite'}")
    metadata = sa.MetaData()
    tables = {name: sa.Table(name, metadata, sa.Column("id", sa.Integer, primary_key=True),
                             *(sa.Column(c.name, sa.Text) for c in registry()[name].table.columns
                               if c.name != "id")) for name in rows}
    metadata.create_all(target)
    with target.begin() as connection:
        for name, values in rows.items():
            connection.execute(tables[name].insert(), [{**{c: None for c in tables[name].c.keys() if c != "id"},
                                                        **{k: str(v) if v is not None else None for k, v in r.items()}}
                                                       for r in values])
    elapsed = time.perf_counter() - started
    target.dispose()
    db.close()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        committee = _committee(folder / "党委.sqlite")
        setup = exchange.add_site(committee, BRANCH, folder / "setup.bdsetup")
        branch = db_session.open(folder / "支部.sqlite")
        exchange.join(branch, setup.path, setup.code)
        _other_branches(committee)
        _branch_year(branch)
        started = time.perf_counter()
        sent = exchange.export_package(branch, folder / "上报.bdpkg")
        export_time = time.perf_counter() - started
        started = time.perf_counter()
        merged = exchange.import_package(committee, sent.path)
        merge_time = time.perf_counter() - started
        assert merged.status == "merged", merged.message
        again = exchange.import_package(committee, sent.path)
        rows = sum(1 + sum(len(v) for v in u.get("kids", {}).values())
                   for u in json.loads(open_package(parse(sent.path.read_bytes(), PACKAGE_MAGIC),
                                                    _box(committee)))["units"])
        committee.close()
        branch.close()
        floor = _floor(sent.path, folder / "党委.sqlite", folder)
    print(f"{BRANCH}: one year, {sent.records} records ({rows} rows): package {sent.size / 1024:.0f} KB "
          f"(target < 1024 KB), written in {export_time:.2f} s; merged in {merge_time:.2f} s (target < 2 s; "
          f"floor {floor:.2f} s, ratio {merge_time / floor:.1f}); imported again: {again.status}")
    print(f"merged: {merged.to_text().splitlines()[1]}")


def _box(db: object) -> bytes:
    with db.engine.connect() as connection:  # type: ignore[attr-defined]
        site = load_site(connection)
    assert site is not None
    return site.keys.box_private


if __name__ == "__main__":
    main()
