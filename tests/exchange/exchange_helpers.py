"""Shared set-up for the 数据包 tests: a committee database with branches and members, branch
databases joined from its set-up files, and one call that carries a package from one to another."""

from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import Member, Organisation
from branchdesk.services import session as sessions
from branchdesk.services.exchange import records as exchange

_files = itertools.count(1)


_TEMPLATE: list[Path] = []


def open_db(path: Path) -> Database:
    """Open (creating) a database; a new one starts as a copy of an empty migrated database made
    once per test run, so the many databases of these tests do not each run every migration."""
    if not path.exists():
        if not _TEMPLATE:
            folder = Path(tempfile.mkdtemp(prefix="bd-exchange-template-"))
            atexit.register(shutil.rmtree, folder, True)
            template = folder / "empty.sqlite"
            sessions.open(template).close()
            _TEMPLATE.append(template)
        shutil.copy(_TEMPLATE[0], path)
    return sessions.open(path)


def make_committee(path: Path, branches: dict[str, int] | None = None) -> Database:
    """A 党委 with branches (name -> member count), each with one 党小组."""
    branches = branches or {"第一党支部": 4, "第二党支部": 3}
    db = open_db(path)
    with db.session() as s:
        top = Organisation(name="中共青山镇中心学校委员会", kind="党委", note="")
        s.add(top)
        s.flush()
        number = 0
        for order, (name, count) in enumerate(branches.items()):
            branch = Organisation(name=name, kind="党支部", parent_id=top.id, sort_order=order, note="")
            s.add(branch)
            s.flush()
            group = Organisation(name="第一党小组", kind="党小组", parent_id=branch.id, note="")
            s.add(group)
            s.flush()
            for _ in range(count):
                number += 1
                s.add(Member(name=f"{name[:2]}党员{number}", id_number=f"Q{number:017d}", branch_id=branch.id,
                             group_id=group.id, category="正式党员", join_date=date(2010, 7, 1), status="在册"))
    return db


def add_branch_site(committee: Database, branch: str, folder: Path) -> tuple[Path, str]:
    result = exchange.add_site(committee, branch, folder / f"{branch}-{next(_files)}.bdsetup")
    return result.path, result.code


def join_branch(committee: Database, branch: str, folder: Path) -> Database:
    setup, code = add_branch_site(committee, branch, folder)
    db = open_db(folder / f"{branch} 支部电脑.sqlite")
    exchange.join(db, setup, code)
    return db


def send(sender: Database, receiver: Database, folder: Path, to: str | None = None) -> exchange.ImportResult:
    """Export from one side and import on the other at once; returns the import's result."""
    path = export(sender, folder, to)
    return exchange.import_package(receiver, path)


def export(sender: Database, folder: Path, to: str | None = None) -> Path:
    out = folder / f"pkg-{next(_files)}.bdpkg"
    return exchange.export_package(sender, out, to=to).path


def member(db: Database, name: str) -> Member:
    with db.session() as s:
        found = s.scalars(select(Member).where(Member.name == name)).first()
        assert found is not None, name
        s.expunge(found)
        return found


def edit_member(db: Database, name: str, **changes: object) -> None:
    with db.session() as s:
        found = s.scalars(select(Member).where(Member.name == name)).one()
        for key, value in changes.items():
            setattr(found, key, value)


def snapshot(db: Database, owners: set[str]) -> dict[str, dict[str, object]]:
    """Every record (with the rows that belong to it) whose owner is one of `owners` (a branch's gid,
    "*" for the committee's shared records), in package form without who/when: two databases hold
    the same data for those owners when their snapshots are equal."""
    from branchdesk.services.exchange.owners import Owners
    from branchdesk.services.exchange.serialise import GidIndex, Reader, comparable
    from branchdesk.services.exchange.tables import registry

    result: dict[str, dict[str, object]] = {}
    with db.engine.connect() as connection:
        owner_index = Owners(connection)
        gids = GidIndex(connection)
        reader = Reader(connection, gids)
        for table in registry().values():
            if table.parent is not None:
                continue
            wanted = []
            for row in connection.execute(select(*table.table.c)).mappings():
                if owner_index.owner_of_row(table, dict(row)) in owners:
                    wanted.append(row["gid"])
            units, _blocked = reader.units(table, wanted)
            for gid, unit in units.items():
                result[gid] = comparable(unit)
    return result


def branch_gid(db: Database, name: str) -> str:
    with db.session() as s:
        return s.scalars(select(Organisation.gid).where(Organisation.name == name,
                                                        Organisation.kind == "党支部")).one()


def org_id(db: Database, name: str, kind: str = "党支部") -> int:
    with db.session() as s:
        return s.scalars(select(Organisation.id).where(Organisation.name == name, Organisation.kind == kind)).one()


def meeting_with(db, branch: str, name: str, day: date) -> None:  # type: ignore[no-untyped-def]
    """A sitting of `branch` on `day` whose sign-in sheet has `name` (出席)."""
    from branchdesk.db.models import Meeting, MeetingAttendance, MeetingKindLink

    branch_id = org_id(db, branch)
    with db.session() as s:
        who = s.scalars(select(Member).where(Member.name == name)).one()
        meeting = Meeting(branch_id=branch_id, meeting_date=day, topic="专题学习", start_time="15:00",
                          end_time="17:00")
        s.add(meeting)
        s.flush()
        s.add(MeetingKindLink(meeting_id=meeting.id, kind="主题党日"))
        s.add(MeetingAttendance(meeting_id=meeting.id, member_id=who.id, name=name, category="正式党员",
                                status="出席"))
