"""Two BranchDesk processes on one database (the window open while a command imports): neither may
take the other's SQLite locks away. Reading a database file's header with a plain open()/close() in
the window's process dropped its POSIX locks, so a command that finished in the meantime deleted the
WAL under the window: the window then read old data and wrote into a deleted file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from branchdesk.db import cipher, file_head
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services import session
from branchdesk.services.roster.organisation import create_org, list_orgs

WRITER = """
import sys
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services import session
from branchdesk.services.roster.organisation import create_org, list_orgs
db = session.open(sys.argv[1])
top = [o for o in list_orgs(db) if o.kind == OrgKind.COMMITTEE][0]
create_org(db, "第二党支部", OrgKind.BRANCH, top.id)
db.close()
"""


@pytest.mark.skipif(os.name == "nt", reason="POSIX locks are per process; Windows locks are per handle")
def test_a_command_writing_meanwhile_leaves_the_windows_database_whole(tmp_path: Path) -> None:
    path = tmp_path / "支部 台账.sqlite"
    db = session.open(path)
    try:
        top = create_org(db, "中共测试中学委员会", OrgKind.COMMITTEE)
        create_org(db, "第一党支部", OrgKind.BRANCH, top.id)
        assert len(list_orgs(db)) == 2  # the window holds a connection, in WAL mode
        # what the window does now and then (backup folder, lock check, encryption status)
        assert cipher.has_sqlite_header(path) and not cipher.is_encrypted(path) and cipher.file_salt(path)
        done = subprocess.run([sys.executable, "-c", WRITER, str(path)], capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}, timeout=120)
        assert done.returncode == 0, done.stderr
        assert path.with_name(path.name + "-wal").exists()  # not deleted under the open database
        names = {o.name for o in list_orgs(db)}
        assert "第二党支部" in names  # the other process's record is seen, not an old copy
        create_org(db, "第三党支部", OrgKind.BRANCH, top.id)  # and a write lands in the real file
    finally:
        db.close()
    again = session.open(path)
    try:
        assert {"第一党支部", "第二党支部", "第三党支部"} <= {o.name for o in list_orgs(again)}
    finally:
        again.close()


def test_the_head_of_a_file_not_in_use_is_read_and_closed(tmp_path: Path) -> None:
    plain = tmp_path / "backup.sqlite"
    plain.write_bytes(b"SQLite format 3\x00" + bytes(100))
    assert file_head.read_head(plain, 16) == b"SQLite format 3\x00"
    assert str(plain) not in file_head._held
