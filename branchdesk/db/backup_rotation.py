"""The rotation of the automatic backups (issue 8, issue 21): it keeps more than Anki does — the newest
`KEEP_RECENT`, plus one per day for 12 days, one per ISO week for 10 weeks and one per month for 9
months. Backups taken before a restore, a migration or an encryption change are pinned for 90 days
outside the rotation, and the newest of the fullest backups is never rotated away, so a run of empty
backups cannot push the last good one out. Nor is the backup just made, whatever the clock says (a
clock set back: `rotate_backups`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from branchdesk.db import cipher
from branchdesk.db import files as dbfiles
from branchdesk.db.backup_info import backup_files, read_info, sidecar_path
from branchdesk.db.backup_owners import own_backups

KEEP_RECENT = 10
KEEP_DAILY = 12
KEEP_WEEKLY = 10
KEEP_MONTHLY = 9
PINNED = frozenset({"before-migration", "before-restore", "before-encryption"})  # kept PIN_DAYS days
PIN_DAYS = 90
AHEAD = timedelta(minutes=10)  # a name dated later than this after now: made before the clock went back
# tables that are not records a user entered: the change histories (a deletion's own entry among them),
# the settings and the exchange's book-keeping
NOT_DATA = frozenset({"change_log", "meeting_history", "rect_history", "settings",
                      "exchange_site", "exchange_peers", "exchange_units", "exchange_packages", "exchange_conflicts"})


def backups_to_keep(created: Iterable[datetime]) -> set[datetime]:
    """The rotation: newest KEEP_RECENT, newest of each of the last 12 days, 10 weeks and 9 months."""
    ordered = sorted(set(created), reverse=True)
    keep = set(ordered[:KEEP_RECENT])
    for key, limit in ((lambda d: d.date(), KEEP_DAILY),
                       (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
                       (lambda d: (d.year, d.month), KEEP_MONTHLY)):
        seen: list[object] = []
        for stamp in ordered:
            bucket = key(stamp)
            if bucket not in seen:
                seen.append(bucket)
                if len(seen) > limit:
                    break
                keep.add(stamp)
    return keep


def is_record_table(table: str) -> bool:
    """Are `table`'s rows records a user entered? The one definition of "the user's records" that the
    backup list's "共 N 条记录", a restore's "与恢复前相比" and its confirmation use: a meeting deleted
    by mistake makes the next backup one record fewer, not one history row more (re-trial 11, N-4)."""
    return table not in NOT_DATA and not table.startswith("exchange_")


def data_records(counts: dict[str, int]) -> int:
    """Rows a user entered (`is_record_table`): not the change histories, settings or exchange tables."""
    return sum(n for table, n in counts.items() if is_record_table(table))


def fullest_backup(files: list[tuple[Path, datetime, str]]) -> Path | None:
    """The newest of the backups holding the most records (their sidecars say how many). Ten failed
    imports after a restore of an empty file once left only empty backups: whatever happens newer,
    this one is never rotated away (issue 21)."""
    best: tuple[int, datetime] | None = None
    found: Path | None = None
    for path, created, _ in files:
        try:
            records = data_records(read_info(path).counts)
        except (OSError, cipher.CipherError, *dbfiles.errors()):
            continue  # locked or unreadable: its count is unknown, it cannot be the guard
        if best is None or (records, created) > best:
            best, found = (records, created), path
    return found if best and best[0] > 0 else None


def pinned(reason: str, created: datetime, now: datetime | None = None) -> bool:
    """Backups taken before a restore, a migration or an encryption change stay PIN_DAYS days,
    outside the rotation: they are the way back from the step that followed them."""
    return reason in PINNED and (now or datetime.now()) - created < timedelta(days=PIN_DAYS)


def dated_ahead(created: datetime, now: datetime) -> bool:
    """Is a backup's name dated after now? The PC's clock was set back since it was made (trial R,
    TR-5), or another PC sharing the folder runs ahead by more than a few minutes."""
    return created - now > AHEAD


def newest_file(paths: Iterable[Path]) -> Path | None:
    """The file written last, by its file time (whatever date its name carries)."""
    newest: tuple[float, Path] | None = None
    for path in paths:
        try:
            stamp = path.stat().st_mtime
        except OSError:
            continue
        if newest is None or stamp > newest[0]:
            newest = (stamp, path)
    return newest[1] if newest is not None else None


def rotate_backups(folder: Path, stem: str, database: Path | None = None, *, made: Path | None = None,
                   own: Path | None = None, now: datetime | None = None) -> list[Path]:
    """Delete the automatic backups the rotation no longer needs, and stale partial files. Pinned
    backups and the fullest one are kept whatever the rotation says. With `database`, only its own
    backups are rotated (`own_backups`): another database of the same file name rotates its own.

    The clock may have been set back (trial R, TR-5): by the dates in their names, the backups
    made now would all be older than those of the year ahead, and rotated away the moment they
    were made — the one taken before an import gone before the import wrote. So the backup just
    `made`, and the newest file by its file time, are never rotated away, and backups whose names
    are dated after now are rotated among themselves, not against the ones made now. `own`: the
    caller's mark of a backup in progress (leftovers.backing_up), not another's. `now`: the time
    the backup just made is named by (make_backup's one reading of the clock), so the backups made
    "now" are judged by the same clock as their names (re-trial 11, N-2)."""
    from branchdesk.db import leftovers

    files = own_backups(database, folder) if database is not None else backup_files(folder, stem)
    now = now or datetime.now()
    rotating = [(path, created) for path, created, reason in files if not pinned(reason, created, now)]
    keep: set[datetime] = set()
    for ahead in (False, True):
        keep |= backups_to_keep(created for _, created in rotating if dated_ahead(created, now) is ahead)
    kept = {made, newest_file(path for path, _ in rotating)} - {None}
    guard = fullest_backup(files) if any(created not in keep for _, created in rotating) else None
    removed: list[Path] = []
    for path, created in rotating:
        if created not in keep and path != guard and path not in kept:
            path.unlink()
            with contextlib.suppress(FileNotFoundError):
                sidecar_path(path).unlink()
            with contextlib.suppress(OSError):
                cipher.remove_key_files(path)
            removed.append(path)
    leftovers.sweep_backups(folder, stem, own)
    return removed
