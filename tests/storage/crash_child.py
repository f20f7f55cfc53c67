"""Child processes for tests/storage/test_crash_safety.py (issue 8), started through a small fork server.

The test starts this script once; it imports SQLAlchemy and the models (about a second) and then
waits for commands on stdin. Each command forks a worker that starts writing within milliseconds, so
the test can SIGKILL well over a hundred workers at random moments in a few seconds. Workers report
through an append-only acknowledgement file with one os.write per line: a line that is in the file
was acknowledged before the kill (the kernel keeps it when the process dies).

Commands (one JSON object per line): {"mode": one of MODES, "args": [...], "ack": "<file>"}; the server
answers with the worker's pid.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import tempfile
import traceback
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from branchdesk.db.engine import Database, make_engine  # noqa: E402
from branchdesk.db.models import Member, MemberMove  # noqa: E402
from branchdesk.db.restore import restore_file  # noqa: E402
from branchdesk.db.safe_copy import copy_database  # noqa: E402


def _ack(fd: int, text: str) -> None:
    os.write(fd, (text + "\n").encode("utf-8"))


def write_records(fd: int, database: str, branch_id: str, limit: int = 0) -> None:
    """Insert members (with a move each), edit the previous one, soft-delete every 7th: forever."""
    db = Database(make_engine(database))
    previous: int | None = None
    counter = 0
    while True:
        counter += 1
        with db.session() as session:
            member = Member(name=f"党员{os.getpid()}-{counter}", id_number=f"{os.getpid():08d}{counter:010d}",
                            branch_id=int(branch_id), category="正式党员", join_date=date(2010, 7, 1),
                            status="在册", note="")
            session.add(member)
            session.flush()
            session.add(MemberMove(member_id=member.id, kind="转入", move_date=date(2020, 1, 1),
                                   counterpart="外校", reason=""))
            if previous is not None:
                old = session.get(Member, previous)
                old.note = f"第 {counter} 次修改"
                if counter % 7 == 0:
                    old.deleted_at = old.updated_at
            new_id = member.id
        _ack(fd, str(new_id))  # after COMMIT
        previous = new_id
        if counter == limit:
            db.close()
            raise _Stop


def backup(fd: int, source: str, target: str) -> None:
    copy_database(Path(source), Path(target))
    _ack(fd, "done")


def restore(fd: int, backup_file: str, database: str, folder: str) -> None:
    restore_file(Path(backup_file), Path(database), folder=Path(folder))
    _ack(fd, "done")


def _cheap_keys() -> None:
    from branchdesk.db import cipher

    cipher.MEMORY_KIB, cipher.ITERATIONS, cipher.LANES = 1024, 1, 1


def encrypt(fd: int, database: str, password: str, folder: str) -> None:
    from branchdesk.db.encryption import encrypt_file

    _cheap_keys()
    encrypt_file(Path(database), password, backup_folder=Path(folder))
    _ack(fd, "done")


def decrypt(fd: int, database: str, password: str, folder: str = "") -> None:
    from branchdesk.db.encryption import decrypt_file

    _cheap_keys()
    decrypt_file(Path(database), password, backup_folder=Path(folder) if folder else None)
    _ack(fd, "done")


def restore_sealed(fd: int, package: str, database: str, password: str, package_password: str) -> None:
    """Restore a password-sealed package onto an encrypted database, as `branchdesk restore` does."""
    from branchdesk.db import cipher
    from branchdesk.services.storage.backups import restore_backup

    _cheap_keys()
    cipher.unlock(Path(database), password)
    # the package is another database's (its 3 members): what is checked here is the disk, not which file
    restore_backup(Path(database), Path(package), password=package_password, other_database=True)
    _ack(fd, "done")


def recover(fd: int, database: str, recovery_key: str, new_password: str, folder: str) -> None:
    from branchdesk.db.encryption import recover as recover_file

    _cheap_keys()
    recover_file(Path(database), recovery_key, new_password, backup_folder=Path(folder))
    _ack(fd, "done")


def backup_encrypted(fd: int, database: str, password: str, folder: str) -> None:
    """An automatic backup of an encrypted database into the backup folder (with its key file)."""
    from branchdesk.db import cipher
    from branchdesk.db.backup import make_backup

    _cheap_keys()
    cipher.unlock(Path(database), password)
    make_backup(Path(database), "manual", Path(folder))
    _ack(fd, "done")


MODES = {"write": write_records, "backup": backup, "restore": restore, "encrypt": encrypt, "decrypt": decrypt,
         "restore-sealed": restore_sealed, "recover": recover, "backup-encrypted": backup_encrypted}


def warm_up() -> None:
    """Configure the mappers and load the lazily imported dialect once, so a forked worker's first
    COMMIT comes within milliseconds instead of a third of a second."""
    from branchdesk.db.models import Base, Organisation

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "warm.sqlite"
        engine = make_engine(path)
        Base.metadata.create_all(engine)
        db = Database(engine)
        with db.session() as session:
            session.add(Organisation(name="预热", kind="党支部", note=""))
        fd = os.open(Path(folder) / "ack", os.O_WRONLY | os.O_CREAT)
        with contextlib.suppress(_Stop):
            write_records(fd, str(path), "1", limit=2)
        os.close(fd)
        db.close()


class _Stop(Exception):
    pass


def serve() -> None:
    warm_up()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps killed workers
    print("ready", flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        pid = os.fork()
        if pid == 0:
            fd = os.open(command["ack"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            code = 0
            try:
                MODES[command["mode"]](fd, *command["args"])
            except BaseException:  # noqa: BLE001 - reported to the test through the ack file
                _ack(fd, "error " + traceback.format_exc().replace("\n", " | "))
                code = 1
            os._exit(code)
        print(pid, flush=True)


if __name__ == "__main__":
    serve()
