"""A backup file and what is known of it without restoring it (issue 8): the name BranchDesk gives its
automatic backups (`<database stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.sqlite`), and the small JSON
sidecar beside each holding its record counts, revisions, fingerprint, change-history witness and the
database it was made of, so the 设置 page can list the backups without opening every file."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path

from branchdesk.db import cipher
from branchdesk.db import files as dbfiles
from branchdesk.db.file_checks import (
    fingerprint,
    live_counts,
    members_on_roster,
    read_revisions,
    record_counts,
)
from branchdesk.db.safe_copy import PARTIAL_SUFFIX, discard_partial

BACKUP_SUFFIX = ".sqlite"
REASONS = {
    "daily": "每日自动备份",
    "before-migration": "升级数据库前",
    "before-import": "导入前",
    "before-restore": "恢复前",
    "before-encryption": "更改加密设置前",
    "manual": "手动备份",
}
LEFT_BY_RESTORE = "随后被恢复为"  # in a 恢复前 backup's note once the restore went through (TS-3)
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z-]+)\.sqlite$")
_STAMP = "%Y%m%d-%H%M%S-%f"


@dataclass(frozen=True)
class BackupInfo:
    """A backup file as the backup list shows it: when, why, its size, contents and revisions."""

    path: Path
    created: datetime
    reason: str
    size: int
    counts: dict[str, int] = field(default_factory=dict)
    revisions: tuple[str, ...] = ()
    fingerprint: str = ""
    history: History | None = None  # the change history's first and last rows in this backup
    source: str = ""  # the database file it was made of (`database_key`); "" when not known
    live: dict[str, int] | None = None  # rows outside the 回收站 per table; None: not known (an older sidecar)
    on_roster: int | None = None  # 在册 members; None: not known
    note: str = ""  # what it was taken before: the file an import read ("三会一课台账2026.xlsx"); "" none
    database_id: int = 0  # the number of the database it is a copy of (db/database_id.py); 0 none or not known

    @property
    def chain(self) -> str | None:
        """The change history's chain the backup holds (db/anchor.py): None without history."""
        return self.history.first if self.history is not None else None


@dataclass(frozen=True)
class History:
    """A backup's witness of the change history (db/anchor.py): which chain (its first row's hash),
    how far it went (the last row), and for an encrypted backup a signature under the data key."""

    first: str
    head_id: int
    head_hash: str
    mac: str = ""
    key_check: str = ""

    def signed_with(self, key: bytes, created: datetime) -> History:
        from branchdesk.db import anchor

        head = anchor.Head(self.head_id, self.head_hash)
        return History(self.first, self.head_id, self.head_hash,
                       mac=anchor.mac_of(head, created.isoformat(), "backup:" + self.first, key),
                       key_check=cipher.key_check(key))

    def signature_ok(self, key: bytes, created: datetime) -> bool | None:
        """True/False for a signature made with `key`; None when unsigned or made with another key."""
        import hmac as _hmac

        if not self.mac or self.key_check != cipher.key_check(key):
            return None
        return _hmac.compare_digest(self.mac, self.signed_with(key, created).mac)


def read_history(connection: sqlite3.Connection) -> History | None:
    from branchdesk.db import anchor

    head, first = anchor.head_of(connection), anchor.first_hash(connection)
    return History(first, head.id, head.hash) if head and first else None


def describe(path: Path, created: datetime | None = None, reason: str = "manual") -> BackupInfo:
    """Open a (closed) backup read-only and read its counts, revisions, fingerprint and history head
    (signed for an encrypted backup whose key is unlocked)."""
    connection = dbfiles.open_file(path, read_only=True)
    try:
        when = created or datetime.fromtimestamp(Path(path).stat().st_mtime)
        history = read_history(connection)
        key = dbfiles.key_of(path)
        if history is not None and key is not None:
            history = history.signed_with(key, when)
        return BackupInfo(
            path=Path(path), created=when,
            reason=reason, size=Path(path).stat().st_size, counts=record_counts(connection),
            revisions=read_revisions(connection), fingerprint=fingerprint(connection), history=history,
            live=live_counts(connection), on_roster=members_on_roster(connection),
            database_id=int(connection.execute("PRAGMA application_id").fetchone()[0]),
        )
    finally:
        connection.close()


def backup_name(database: Path, reason: str, when: datetime | None = None) -> str:
    return f"{Path(database).stem}-{(when or datetime.now()).strftime(_STAMP)}-{reason}{BACKUP_SUFFIX}"


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def write_sidecar(info: BackupInfo) -> None:
    data: dict[str, object] = {"created": info.created.isoformat(), "reason": info.reason, "size": info.size,
                               "counts": info.counts, "revisions": list(info.revisions),
                               "fingerprint": info.fingerprint}
    if info.history is not None:
        data["history"] = asdict(info.history)
    if info.live is not None:
        data["live"] = info.live
    if info.on_roster is not None:
        data["on_roster"] = info.on_roster
    if info.database_id:
        data["database_id"] = info.database_id
    sidecar = sidecar_path(info.path)
    for key, value in (("source", info.source), ("note", info.note)):  # a re-encrypted backup keeps the file
        value = value or _sidecar_text(sidecar, key)  # it was made of, and what it was taken before
        if value:
            data[key] = value
    partial = sidecar.with_name(sidecar.name + PARTIAL_SUFFIX)
    try:
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, sidecar)
    except OSError:
        discard_partial(partial)  # the sidecar is only a cache: listing reads the file when it is missing


def kind_text(info: BackupInfo) -> str:
    """Why the backup was made, as the user reads it: "导入前（花名册.xlsx）", "恢复前（当时的数据库，…）"."""
    kind = REASONS.get(info.reason, info.reason)
    return f"{kind}（{info.note}）" if info.note else kind


def left_by_restore(info: BackupInfo) -> bool:
    """A 恢复前 backup of a state the user then left by restoring another backup: not the database's
    last state, so never the one offered after damage (TS-3: it brought back an import she had undone)."""
    return info.reason == "before-restore" and LEFT_BY_RESTORE in info.note


def note_restored(safety: BackupInfo, restored_from: Path) -> BackupInfo:
    """Write into the 恢复前 backup's sidecar what replaced the state it holds, so the backups can be
    told apart ("恢复前（当时的数据库，随后被恢复为 2026-12-05 09:30 的“导入前（花名册.xlsx）”备份）")."""
    what = f"“{restored_from.name}”"
    if backup_reason(restored_from) is not None:
        try:
            restored = read_info(restored_from)
            what = f"{restored.created:%Y-%m-%d %H:%M} 的“{kind_text(restored)}”备份"
        except (OSError, ValueError, cipher.CipherError, *dbfiles.errors()):
            pass
    info = replace(safety, note=f"当时的数据库，{LEFT_BY_RESTORE}{what}")
    write_sidecar(info)
    return info


def sidecar_note(path: Path) -> str:
    """What the backup `path` was taken before, as its sidecar says ("" none, or no sidecar)."""
    return _sidecar_text(sidecar_path(Path(path)), "note")


def _sidecar_text(sidecar: Path, key: str) -> str:
    try:
        value = json.loads(sidecar.read_text(encoding="utf-8")).get(key)
    except (OSError, ValueError, AttributeError):
        return ""
    return value if isinstance(value, str) else ""


def backup_reason(path: Path) -> str | None:
    """Why a file named as BranchDesk names its backups was made ("before-import" …); None for any
    other file name (a database file picked from a USB drive is not a backup of any kind)."""
    match = _NAME.match(Path(path).name)
    return match["reason"] if match else None


def read_info(path: Path) -> BackupInfo:
    """A backup's details from its sidecar, or from the file itself when the sidecar is missing."""
    match = _NAME.match(path.name)
    created = datetime.strptime(match["stamp"], _STAMP) if match else None
    reason = match["reason"] if match else "manual"
    sidecar = sidecar_path(path)
    older = False  # a sidecar of this file that an older version wrote
    if sidecar.is_file():
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
            older = data.get("size") == path.stat().st_size and not _complete(data, path)
            if data.get("size") == path.stat().st_size and not older:
                history = History(**data["history"]) if isinstance(data.get("history"), dict) else None
                live = data.get("live")
                return BackupInfo(path=path, created=created or datetime.fromisoformat(data["created"]),
                                  reason=reason, size=data["size"], counts=dict(data["counts"]),
                                  revisions=tuple(data["revisions"]), fingerprint=data["fingerprint"],
                                  history=history, source=str(data.get("source") or ""),
                                  live=dict(live) if isinstance(live, dict) else None,
                                  on_roster=data.get("on_roster") if isinstance(data.get("on_roster"), int) else None,
                                  note=data["note"] if isinstance(data.get("note"), str) else "",
                                  database_id=_number(data.get("database_id")))
        except (OSError, ValueError, KeyError, TypeError):
            pass
    info = replace(describe(path, created=created, reason=reason), note=_sidecar_text(sidecar, "note"))
    if older:  # completed once, read from it afterwards
        write_sidecar(info)
    return info


def _number(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _complete(data: dict[str, object], path: Path) -> bool:
    """The sidecar holds every figure the list shows — one an older version wrote lacks the rows
    outside the 回收站 and the 在册 members (TY-10): the file is read again, unless it is an
    encrypted one that cannot be opened here (its figures then stay unknown)."""
    return "live" in data or cipher.is_encrypted(path)


def backup_files(folder: Path, stem: str | None = None) -> list[tuple[Path, datetime, str]]:
    """(path, created, reason) of the automatic backups in `folder`, newest first."""
    found: list[tuple[Path, datetime, str]] = []
    if not Path(folder).is_dir():
        return found
    for path in Path(folder).iterdir():
        match = _NAME.match(path.name)
        if match is None or (stem is not None and match["stem"] != stem):
            continue
        found.append((path, datetime.strptime(match["stamp"], _STAMP), match["reason"]))
    found.sort(key=lambda item: item[1], reverse=True)
    return found
