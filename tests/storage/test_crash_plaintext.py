"""Kill test (issue 21 item 1): no plain copy of the data on the disk where the database is encrypted.

Each multi-step operation — restoring a password-sealed package of a plain database onto an
encrypted database, turning encryption on and off, opening with the recovery key, backing up an
encrypted database — is SIGKILLed at random moments. After each kill:

- wherever the database ends up encrypted (and for a restore, backup or recovery at once, before
  anything tidies up), no file in the database's folder or the backup folder starts with SQLite's
  header or holds a member's name or ID number in plain bytes;
- after the next open, no temporary of any kind is left (`.partial`, `.converting.partial`,
  `.unsealed-*`, key-file partials, stale `.key.next`), and the database opens whole, old or new.

KILLS per operation keeps the whole test well under a minute on a shared 2-core machine; the
figures are printed (run with -s).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import time
from pathlib import Path

import pytest

from branchdesk.db import cipher, leftovers, safe_copy
from branchdesk.db import sealed_backup as sealed
from branchdesk.db.encryption import encrypt_file
from branchdesk.db.migrate import open_database
from branchdesk.services.storage.backups import set_backup_folder
from tests.safety_helpers import add_branch
from tests.storage.crash_support import ForkServer, kill_worker, timed

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the fork server needs POSIX")

KILLS = 12
PASSWORD = "崩溃测试密码123"
NEW_PASSWORD = "换过的新密码4567"
PACKAGE_PASSWORD = "包的密码12345"
NAMES = ("欧阳秘密", "司马机要", "诸葛保密")
IDS = ("11010519491231002X", "110105198001010018", "310104197506060046")
SECRETS = tuple(n.encode("utf-8") for n in NAMES) + tuple(i.encode("ascii") for i in IDS)
BACKUP_NAME = re.compile(r"^.+-\d{8}-\d{6}-\d{6}-[a-z-]+\.sqlite(\.json|\.key)?$")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    fork_server = ForkServer(tmp_path_factory.mktemp("crash-home") / "BranchDesk 数据")
    yield fork_server
    fork_server.close()


def _source(path: Path, folder: Path, members: int, padding: int) -> Path:
    """A plain database with secret names and ID numbers, big enough that copying it takes a while."""
    from datetime import date

    from branchdesk.db.models import Member

    db = open_database(path, backup_folder=folder)
    set_backup_folder(db, folder)
    branch = add_branch(db)
    with db.session() as session:
        for i in range(members):
            session.add(Member(name=NAMES[i % 3] + str(i), id_number=IDS[i % 3][:-4] + f"{i:04d}", branch_id=branch,
                               category="正式党员", join_date=date(2010, 7, 1), status="在册"))
    with db.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS padding (x BLOB)")
        for _ in range(padding):
            connection.exec_driver_sql("INSERT INTO padding VALUES (randomblob(4000))")
    db.close()
    return path


def _plaintext(*folders: Path) -> list[str]:
    """Files holding the data in plain form: SQLite's header, or a secret name or ID number."""
    found = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if not path.is_file():
                continue
            data = path.read_bytes()
            if data.startswith(cipher.SQLITE_HEADER) or any(secret in data for secret in SECRETS):
                found.append(path.name)
    return found


def _leftovers(live: Path, folder: Path) -> list[str]:
    """Anything but the database, its key file and its history anchor beside it, and anything but
    whole backups with their sidecars and key files in the backup folder."""
    allowed = {live.name, live.name + ".key", live.name + ".anchor"}
    stray = [p.name for p in live.parent.iterdir() if p.is_file() and p.name not in allowed]
    if folder.is_dir():
        stray += [p.name for p in folder.iterdir() if not BACKUP_NAME.match(p.name)]
    return stray


def _open_and_count(live: Path, folder: Path, passwords: tuple[str, ...]) -> tuple[str, int]:
    """Open as the program does (which sweeps), count the members, close. ('plain' | 'encrypted', n)."""
    cipher.lock()
    if cipher.is_encrypted(live):
        for password in passwords:
            try:
                cipher.unlock(live, password)
                break
            except cipher.WrongPassword:
                continue
        else:
            raise AssertionError("no password opens the database after the kill")
    form = "encrypted" if cipher.is_encrypted(live) else "plain"
    db = open_database(live, backup_folder=folder, auto_backup=False)
    try:
        with db.engine.connect() as connection:
            members = connection.exec_driver_sql("SELECT count(*) FROM members").scalar_one()
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    finally:
        db.close()
        cipher.lock()
    return form, members


def _reset(template: Path, live: Path, folder: Path) -> None:
    for path in list(live.parent.iterdir()):
        if path.is_file():
            path.unlink()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    shutil.copyfile(template, live)
    if cipher.key_file(template).is_file():
        shutil.copyfile(cipher.key_file(template), cipher.key_file(live))


def test_no_plaintext_left_on_disk_after_kills(server: ForkServer, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(leftovers, "STALE_KEY_SECONDS", 0)  # nothing else runs here: sweep at once
    monkeypatch.setattr(sealed, "MEMORY_KIB", 1024)  # the package records its own (cheap) setting
    monkeypatch.setattr(sealed, "ITERATIONS", 1)
    monkeypatch.setattr(sealed, "LANES", 1)
    templates = tmp_path / "原件"
    templates.mkdir()
    folder = tmp_path / "备份 文件夹"
    plain = _source(templates / "明文.sqlite", folder, members=30, padding=250)
    encrypted = templates / "加密.sqlite"
    shutil.copyfile(plain, encrypted)
    recovery_key = encrypt_file(encrypted, PASSWORD, backup_folder=tmp_path / "unused").recovery_key
    cipher.lock()
    other = _source(templates / "另一份.sqlite", tmp_path / "unused", members=3, padding=150)
    package = templates / "U盘 备份.bdsealed"
    sealed.seal(other, package, PACKAGE_PASSWORD)
    assert sealed._parts(package)[0]["format"] == sealed.FORMAT  # a plain database's image inside

    data = tmp_path / "数据 文件夹"
    data.mkdir()
    live = data / "支部 台账.sqlite"
    # mode, template, arguments, the folders that hold no plain data right after the kill, member
    # counts a whole database may have. Turning encryption on converts the old plain backups after
    # the switch (the next open finishes it); turning it off writes a plain copy by its nature.
    operations = [
        ("restore-sealed", encrypted, (package, live, PASSWORD, PACKAGE_PASSWORD), [data, folder], {30, 3}),
        ("encrypt", plain, (live, PASSWORD, folder), [data], {30}),
        ("decrypt", encrypted, (live, PASSWORD, folder), [], {30}),
        ("recover", encrypted, (live, recovery_key, NEW_PASSWORD, folder), [data, folder], {30}),
        ("backup-encrypted", encrypted, (live, PASSWORD, folder), [data, folder], {30}),
    ]
    rng = random.Random(2121)
    started = time.perf_counter()
    outcomes: dict[str, set[str]] = {}
    for mode, template, args, at_once, expected in operations:
        _reset(template, live, folder)
        duration = timed(server, tmp_path / "ack.txt", mode, *args)
        outcomes[mode] = set()
        for kill in range(KILLS):
            _reset(template, live, folder)
            pid = server.start(mode, tmp_path / f"{mode}-{kill}.txt", *args)
            time.sleep(rng.uniform(0.0, duration * 1.2))
            kill_worker(pid)
            if cipher.is_encrypted(live):  # encrypted now: nothing plain beside it, even before an open
                assert _plaintext(*at_once) == [], f"{mode} kill {kill}: plain data on the disk"
            form, members = _open_and_count(live, folder, (PASSWORD, NEW_PASSWORD))
            assert members in expected, f"{mode} kill {kill}: {members} members"
            assert _leftovers(live, folder) == [], f"{mode} kill {kill}: left behind"
            if form == "encrypted":  # after the open, not even a backup holds plain data
                assert _plaintext(data, folder) == [], f"{mode} kill {kill}: plain data after the open"
            outcomes[mode].add(f"{form} {members}")
    elapsed = time.perf_counter() - started
    print(f"\nkill test (plaintext): {KILLS} kills each of {len(operations)} operations, outcomes {outcomes}, "
          f"{elapsed:.1f} s")
    assert safe_copy.PARTIAL_SUFFIX in leftovers.PARTIALS


def test_the_sweep_never_takes_the_database_or_a_key_file_that_fits(tmp_path: Path) -> None:
    folder = tmp_path / "备份"
    live = _source(tmp_path / "台账[1] 副本.sqlite", folder, members=2, padding=0)
    encrypt_file(live, PASSWORD, backup_folder=folder)
    names = {p.name for p in tmp_path.iterdir()}
    for extra in (".partial", ".converting.partial", ".partial-journal", ".key.partial", ".anchor.partial"):
        (tmp_path / (live.name + extra)).write_bytes(cipher.SQLITE_HEADER + "欧阳秘密".encode())
    dead = tmp_path / f".{live.name}.unsealed-999999999.sqlite"
    dead.write_bytes(cipher.SQLITE_HEADER)
    mine = tmp_path / f".{live.name}.unsealed-{os.getpid()}.sqlite"  # an operation still running
    mine.write_bytes(b"x")
    shutil.copyfile(cipher.key_file(live), cipher.pending_key_file(live))  # fits: promoted, never removed
    leftovers.sweep_beside(live)
    assert {p.name for p in tmp_path.iterdir()} == names | {mine.name, cipher.pending_key_file(live).name}
    cipher.lock()
    cipher.unlock(live, PASSWORD)
    assert cipher.connect(live, cipher.key_for(live)).execute("SELECT count(*) FROM members").fetchone()[0] == 2


def test_seal_temporary_prefix_is_the_one_swept() -> None:
    assert sealed.TEMP_PREFIX == leftovers.SEAL_TEMP
