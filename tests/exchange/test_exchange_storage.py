"""Where the exchange meets storage (issue 20): every record table has its global id, the migration
fills it in for an existing database, an encrypted branch database exchanges packages and opens with
its recovery key afterwards, and the committee may keep its data on PostgreSQL (the `db` fixture
is a server database when BRANCHDESK_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from sqlalchemy import inspect, select

from branchdesk.db import cipher
from branchdesk.db.engine import Database, make_engine
from branchdesk.db.global_ids import derived_gid
from branchdesk.db.migrate import upgrade
from branchdesk.db.models import Base, Member, Organisation
from branchdesk.services.exchange import records as exchange
from branchdesk.services.storage import encryption
from tests.exchange.exchange_helpers import (
    edit_member,
    export,
    join_branch,
    make_committee,
    member,
    open_db,
    send,
)

NOT_RECORDS = {"change_log", "exchange_site", "exchange_peers", "exchange_units", "exchange_packages",
               "exchange_conflicts",
               "annual_summary_texts"}  # a volume's own words, kept by the PC that makes it (db/models/annual_summary.py)


def test_every_record_table_has_a_unique_global_id() -> None:
    """A table added later gets `gid` from db/base.py by construction; this names any that lacks it
    (a table created before it had the column needs db.global_ids.add_global_ids in a migration)."""
    missing = [t.name for t in Base.metadata.sorted_tables if t.name not in NOT_RECORDS and "gid" not in t.c]
    assert not missing, f"tables without a global id: {missing}"
    for table in Base.metadata.sorted_tables:
        if "gid" in table.c:
            assert any(i.unique and [c.name for c in i.columns] == ["gid"] for i in table.indexes), table.name


def test_the_migration_fills_in_global_ids_of_an_existing_database(tmp_path: Path) -> None:
    path = tmp_path / "旧 数据库.sqlite"
    old = Database(make_engine(path))
    for head in ("0003", "0004", "0005", "0006", "0007"):  # every area as it was before 0130
        upgrade(old, head)
    old.close()
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO organisations (name, kind, sort_order, note) VALUES ('第一党支部', '党支部', 0, '')")
    for i in range(3):
        raw.execute("INSERT INTO members (name, sex, ethnicity, id_number, education, branch_id, category, position, "
                    "phone, note, status, version) VALUES (?, '', '', ?, '', 1, '正式党员', '', '', '', '在册', 1)",
                    (f"党员{i}", f"X{i:017d}"))
    raw.execute("INSERT INTO settings (key, value) VALUES ('school_name', '青山镇学校')")
    raw.commit()
    raw.close()
    db = open_db(path)
    with db.session() as s:
        gids = s.scalars(select(Member.gid)).all()
        assert len(set(gids)) == 3 and all(len(g) == 32 for g in gids)
        assert s.scalars(select(Organisation.gid)).one()
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT gid FROM settings").fetchone()[0] == derived_gid("settings", ["school_name"])
    raw.close()
    with db.session() as s:  # a new row gets its gid from the model's default
        s.add(Member(name="新党员", id_number="X00000000000000009", branch_id=1, category="正式党员",
                     join_date=date(2020, 1, 1)))
    assert len(member(db, "新党员").gid) == 32
    db.close()


def test_encrypted_branch_database_exchanges_and_opens_with_its_recovery_key(tmp_path: Path) -> None:
    committee = make_committee(tmp_path / "党委.sqlite")
    branch = open_db(tmp_path / "支部.sqlite")
    outcome = encryption.enable(branch, "支部密码12345", "支部密码12345")
    assert branch.encrypted
    result = exchange.add_site(committee, "第一党支部", tmp_path / "一支部.bdsetup")
    joined = exchange.join(branch, result.path, result.code)
    assert "已加密的数据库" in joined.key_storage
    assert send(branch, committee, tmp_path).ok
    edit_member(committee, "第一党员1", note="加密库也能收到")
    package = export(committee, tmp_path)
    path = branch.path
    assert path is not None
    branch.close()
    cipher.lock()
    new_password = "新的支部密码678"
    encryption.recover(path, outcome.recovery_key, new_password, new_password)
    branch = open_db(path)
    assert exchange.import_package(branch, package).status == "merged"
    assert member(branch, "第一党员1").note == "加密库也能收到"
    assert b"BranchDesk" not in path.read_bytes()[:4096]  # the file, keys included, is not plain
    status = exchange.exchange_status(branch)
    assert status.ok and "已加密" in status.key_storage
    branch.close()


def test_committee_database_may_be_the_shared_server(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`db` is PostgreSQL in the server run of CI and SQLite otherwise: the committee works alike."""
    with db.session() as s:
        top = Organisation(name="中共青山镇中心学校委员会", kind="党委", note="")
        s.add(top)
        s.flush()
        branch = Organisation(name="第一党支部", kind="党支部", parent_id=top.id, note="")
        s.add(branch)
        s.flush()
        for i in range(3):
            s.add(Member(name=f"第一党员{i}", id_number=f"S{i:017d}", branch_id=branch.id, category="正式党员",
                         join_date=date(2012, 7, 1)))
    home = join_branch(db, "第一党支部", tmp_path)
    edit_member(home, "第一党员1", phone="13300000000")
    assert send(home, db, tmp_path).ok
    assert member(db, "第一党员1").phone == "13300000000"
    edit_member(db, "第一党员2", phone="13300000001")
    assert send(db, home, tmp_path).ok
    assert member(home, "第一党员2").phone == "13300000001"
    assert exchange.exchange_status(db).ok
    assert "gid" in {c["name"] for c in inspect(db.engine).get_columns("members")}
    home.close()


def test_verify_finds_nothing_after_packages_were_merged(joined, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every change a package brings is written through the ORM with its line in 修改记录, so
    `branchdesk verify` (db/record_check.py) finds the records and their history in agreement."""
    from branchdesk.db.record_check import compare
    from branchdesk.services import recycle_bin

    committee, branch = joined
    edit_member(branch, "第一党员1", phone="13300000009")
    edit_member(committee, "第一党员1", phone="13300000008")
    edit_member(committee, "第一党员2", note="党委更正")
    recycle_bin.move_to_bin(branch, "members", member(branch, "第一党员3").id)
    assert send(branch, committee, tmp_path).conflicts == 1
    [view] = exchange.list_conflicts(committee)
    exchange.resolve_conflict(committee, view.id, "remote")
    assert send(committee, branch, tmp_path).ok
    for db in (committee, branch):
        with db.engine.connect() as connection:
            compared, problems = compare(connection)
        assert compared and problems == [], problems[:3]
