"""Property (issue 20): random edits on every side, packages written at random moments, lost,
delivered late, twice or out of order — and in the end every side holds the same data for each
branch, and every record changed on two sides without one knowing of the other was reported.

The oracle does not use version vectors: for each copy of a record it keeps the set of edits (unique
tokens) its current value descends from. Replacing a copy silently is allowed only when the incoming
copy descends from everything the local one does; a reported conflict must be a real one (neither
descends from the other); and a package whose copy holds edits the local one lacks must either be
merged or reported.
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import Member
from branchdesk.services.exchange import records as exchange
from tests.exchange.exchange_helpers import branch_gid, join_branch, make_committee, open_db, send, snapshot

SITES = ("党委", "第一党支部", "第二党支部")
EXAMPLES = int(os.environ.get("BRANCHDESK_EXCHANGE_EXAMPLES", "20"))
_TEMPLATE: dict[str, Path] = {}


def _template() -> dict[str, Path]:
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="bd-exchange-prop-"))
        atexit.register(shutil.rmtree, folder, True)
        committee = make_committee(folder / "党委.sqlite", {"第一党支部": 2, "第二党支部": 2})
        branches = {name: join_branch(committee, name, folder) for name in SITES[1:]}
        for db in branches.values():
            assert send(db, committee, folder).ok
        for name, db in branches.items():
            assert send(committee, db, folder, to=name).ok
        for name, db in {"党委": committee, **branches}.items():
            assert db.path is not None
            _TEMPLATE[name] = db.path
            db.close()
    return _TEMPLATE


@dataclass
class World:
    folder: Path
    dbs: dict[str, Database]
    branch_of: dict[str, str] = field(default_factory=dict)  # member gid -> branch name
    names: dict[str, str] = field(default_factory=dict)  # member gid -> name (gids are random: order by name)
    history: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)  # site -> gid -> edits
    packages: list[tuple[str, str, Path, dict[str, tuple[frozenset[str], str]]]] = field(default_factory=list)
    remote: dict[str, dict[str, tuple[frozenset[str], str]]] = field(default_factory=dict)  # open conflicts
    tokens: itertools.count = field(default_factory=lambda: itertools.count(1))

    def holds(self, site: str, gid: str) -> bool:
        return site == "党委" or self.branch_of[gid] == site

    def note(self, site: str, gid: str) -> str | None:
        with self.dbs[site].session() as s:
            return s.scalars(select(Member.note).where(Member.gid == gid)).first()


def _world(folder: Path) -> World:
    dbs = {}
    for name, source in _template().items():
        target = folder / source.name
        shutil.copy(source, target)
        dbs[name] = open_db(target)
    world = World(folder, dbs)
    with dbs["党委"].session() as s:
        for gid, name, branch in s.execute(select(Member.gid, Member.name, Member.branch_id)):
            world.branch_of[gid] = "第一党支部" if branch == _branch_id(s, "第一党支部") else "第二党支部"
            world.names[gid] = name
    for site in SITES:
        world.history[site] = {gid: frozenset({"init"}) for gid in world.branch_of if world.holds(site, gid)}
        world.remote[site] = {}
    return world


def _branch_id(session, name: str) -> int:  # type: ignore[no-untyped-def]
    from branchdesk.db.models import Organisation

    return session.scalars(select(Organisation.id).where(Organisation.name == name)).one()


def _edit(world: World, site: str, pick: int) -> None:
    held = sorted(world.history[site], key=world.names.__getitem__)  # what this side has (not all added yet)
    gid = held[pick % len(held)]
    token = f"t{next(world.tokens)}"
    with world.dbs[site].session() as s:
        s.scalars(select(Member).where(Member.gid == gid)).one().note = token
    world.history[site][gid] = world.history[site][gid] | {token}


def _same_as_other(world: World, site: str, pick: int) -> None:
    """Type on this side exactly what another side holds (two people making the same correction):
    a new edit with the same value — no conflict, and the next edit follows on without one."""
    held = sorted(world.history[site], key=world.names.__getitem__)
    gid = held[pick % len(held)]
    others = [o for o in SITES if o != site and gid in world.history[o]]
    if not others:
        return
    value = world.note(others[pick % len(others)], gid)
    if value == world.note(site, gid):
        return  # nothing to type: an unchanged value is no edit (and leaves no line in 修改记录)
    with world.dbs[site].session() as s:
        s.scalars(select(Member).where(Member.gid == gid)).one().note = value
    world.history[site][gid] = world.history[site][gid] | {f"t{next(world.tokens)}"}


def _add(world: World, site: str) -> None:
    branch = site if site != "党委" else "第一党支部"
    token = f"t{next(world.tokens)}"
    with world.dbs[site].session() as s:
        member = Member(name=f"新党员{token}", id_number=f"N{token:>017}", branch_id=_branch_id(s, branch),
                        category="正式党员", join_date=date(2020, 7, 1), status="在册", note=token)
        s.add(member)
        s.flush()
        gid = member.gid
    world.branch_of[gid] = branch
    world.names[gid] = f"新党员{token}"
    world.history[site][gid] = frozenset({token})


def _export(world: World, sender: str, branch: str) -> None:
    receiver = "党委" if sender != "党委" else branch
    to = None if sender != "党委" else branch
    result = exchange.export_package(world.dbs[sender], world.folder / f"p{len(world.packages)}.bdpkg", to=to)
    copies = {gid: (world.history[sender][gid], world.note(sender, gid) or "")
              for gid in world.history[sender] if world.holds(receiver, gid)}
    world.packages.append((sender, receiver, result.path, copies))


def _deliver(world: World, index: int) -> None:
    sender, receiver, path, copies = world.packages[index % len(world.packages)]
    before = {gid: world.note(receiver, gid) for gid in copies}
    result = exchange.import_package(world.dbs[receiver], path)
    assert result.status in ("merged", "already"), result.message  # never refused: nothing was restored
    mine = world.history[receiver]
    for gid, (theirs, value) in copies.items():
        now = world.note(receiver, gid)
        if result.status == "already":
            assert now == before[gid]
            continue
        known = mine.get(gid)
        if known is None:  # a record new to this side
            if now is not None:
                assert now == value
                mine[gid] = theirs
            continue
        if now != before[gid]:
            assert known <= theirs, f"{gid}: local edits {sorted(known - theirs)} overwritten silently"
            assert now == value
            mine[gid] = theirs
            world.remote[receiver].pop(gid, None)
        elif gid in result.conflict_gids:
            assert not (theirs <= known) and not (known <= theirs), "a conflict reported where there is none"
            world.remote[receiver][gid] = (theirs, value)
        elif value == now:
            mine[gid] = known | theirs
            world.remote[receiver].pop(gid, None)
        else:  # not merged: either nothing new, or part of a conflict already reported and still open
            reported = world.remote[receiver].get(gid, (frozenset(), ""))[0]
            assert theirs <= known | reported, f"{gid}: edits {sorted(theirs - known)} neither merged nor reported"


def _resolve(world: World, site: str, local: bool) -> None:
    db = world.dbs[site]
    for view in exchange.list_conflicts(db):
        gid = next(g for g in world.remote[site] if g in _gids_of(db, view.id))
        theirs, _value = world.remote[site].pop(gid)
        exchange.resolve_conflict(db, view.id, "local" if local else "remote")
        world.history[site][gid] = world.history[site][gid] | theirs


def _gids_of(db: Database, conflict_id: int) -> set[str]:
    from branchdesk.db.models import ExchangeConflict

    with db.session() as s:
        return {s.get(ExchangeConflict, conflict_id).record_gid}  # type: ignore[union-attr]


OPERATIONS = st.one_of(
    st.tuples(st.just("edit"), st.sampled_from(SITES), st.integers(0, 20)),
    st.tuples(st.just("add"), st.sampled_from(SITES), st.just(0)),
    st.tuples(st.just("same"), st.sampled_from(SITES), st.integers(0, 20)),
    st.tuples(st.just("export"), st.sampled_from(SITES), st.integers(0, 1)),
    st.tuples(st.just("deliver"), st.just(""), st.integers(0, 50)),
    st.tuples(st.just("resolve"), st.sampled_from(SITES), st.integers(0, 1)),
)


@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPERATIONS, min_size=5, max_size=30))
def test_random_edits_losses_and_replays_converge(operations) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as name:
        world = _world(Path(name))
        try:
            for kind, site, number in operations:
                if kind == "edit":
                    _edit(world, site, number)
                elif kind == "add":
                    _add(world, site)
                elif kind == "same":
                    _same_as_other(world, site, number)
                elif kind == "export":
                    _export(world, site, SITES[1 + number] if site == "党委" else site)
                elif kind == "deliver" and world.packages:
                    _deliver(world, number)
                elif kind == "resolve":
                    _resolve(world, site, bool(number))
            _settle(world)
        finally:
            for db in world.dbs.values():
                db.close()


def _settle(world: World) -> None:
    """Resolve what is open, then exchange without losses until nothing changes: all sides agree."""
    for _round in range(6):
        for site in SITES:
            _resolve(world, site, local=site == "党委")
        for branch in SITES[1:]:
            for sender in (branch, "党委", branch):
                _export(world, sender, branch)
                _deliver(world, len(world.packages) - 1)
        if not any(exchange.list_conflicts(db) for db in world.dbs.values()):
            break
    for branch in SITES[1:]:
        own = {branch_gid(world.dbs["党委"], branch), "*"}
        assert snapshot(world.dbs["党委"], own) == snapshot(world.dbs[branch], own)
        for gid, where in world.branch_of.items():
            if where == branch:
                assert world.note("党委", gid) == world.note(branch, gid)
    assert all(exchange.exchange_status(db).ok for db in world.dbs.values())
