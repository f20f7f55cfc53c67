"""What encryption at rest costs (issue 8), run by hand:  python benchmarks/bench_encryption.py

1. Unlocking: one Argon2id derivation with the program's real setting (64 MiB, 3 passes, 4 lanes).
2. Turning encryption on and off for a database of 10,000 members (import from a workbook first).
3. Listing all 10,000 members (the roster page's query) on the plain and on the encrypted file.
4. A backup of each (the online backup API; the encrypted copy stays encrypted).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_roster import SIZE, make_roster  # noqa: E402

from branchdesk.db import backup as store  # noqa: E402
from branchdesk.db import cipher, encryption  # noqa: E402
from branchdesk.services import session  # noqa: E402
from branchdesk.services.roster import records as members
from branchdesk.services.roster.excel import import_roster  # noqa: E402

PASSWORD = "基准测试密码2026"


def _best(action, times: int = 3) -> float:  # type: ignore[no-untyped-def]
    results = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        results.append(time.perf_counter() - started)
    return min(results)


def _list_all(path: Path) -> None:
    db = session.open(path)
    try:
        assert len(members.list_members(db)) >= SIZE
    finally:
        db.close()


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-enc-") as folder:
        base = Path(folder)
        workbook, path = base / "roster.xlsx", base / "基准 台账.sqlite"
        make_roster(workbook, SIZE)
        db = session.open(path)
        import_roster(db, workbook)
        db.close()
        size = path.stat().st_size / 1_048_576

        sealed = cipher.KeyFile.seal(cipher.new_data_key(), PASSWORD)
        unlock = [_best(lambda: sealed.open(PASSWORD), 1) for _ in range(5)]
        print(f"unlock (Argon2id {cipher.MEMORY_KIB // 1024} MiB x {cipher.ITERATIONS}): "
              f"median {statistics.median(unlock) * 1000:.0f} ms")

        plain_list = _best(lambda: _list_all(path))
        plain_backup = _best(lambda: store.copy_database(path, base / "plain-copy.sqlite"))

        started = time.perf_counter()
        encryption.encrypt_file(path, PASSWORD, backup_folder=base / "backups")
        encrypt_time = time.perf_counter() - started
        encrypted_list = _best(lambda: _list_all(path))
        encrypted_backup = _best(lambda: store.copy_database(path, base / "encrypted-copy.sqlite"))
        started = time.perf_counter()
        encryption.decrypt_file(path, PASSWORD)
        decrypt_time = time.perf_counter() - started

        print(f"database: {SIZE} members, {size:.1f} MB")
        print(f"turn encryption on: {encrypt_time:.2f} s (includes one Argon2id), off: {decrypt_time:.2f} s")
        print(f"open + list all members: plain {plain_list:.2f} s, encrypted {encrypted_list:.2f} s")
        print(f"backup: plain {plain_backup:.2f} s, encrypted {encrypted_backup:.2f} s")


if __name__ == "__main__":
    main()
