"""The change history's head, kept outside the database (issue 21).

The hash chain in `change_log` proves that no row was changed *inside* the chain, but someone who
deletes the last rows, or edits a row and recomputes every hash after it, leaves a chain that checks
out. So the chain's head — the id and hash of its last row — is written down outside the database:
in `<database>.anchor` beside it (when it is closed, and at every automatic backup), and in each
backup's sidecar. `verify` then checks that the anchored row is still there with the same hash: a
shorter chain is truncation, a different hash is a rewritten history.

For an encrypted database the anchor carries an HMAC-SHA256 under a key derived with HKDF from the
data key ("BranchDesk history anchor v1"): without the password nobody can write an anchor that
checks out. For a plain database the anchor is plain too, and proves less: it catches accidental
damage, a truncated history and edits by someone who does not know it exists; a person who can edit
the database can rewrite the anchor file and the backups' sidecars as well.

An anchor only moves forward along the same chain: when the anchored row is missing or different,
or the anchor's signature is forged, it is left as it is, so the evidence stays until the user looks
at it (`verify`) and, if the change was theirs (an older copy put back by hand), confirms it
(`verify --accept`). An unsigned anchor beside an encrypted database (encryption turned on and the
program stopped before re-signing) is signed at the next close if its row is still in the chain. A restore through BranchDesk starts a new anchor (`since`), and only backups
made after that are compared.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from branchdesk.db import atomic, cipher, files

SUFFIX = ".anchor"
FORMAT = 1
_INFO = b"BranchDesk history anchor v1"


class AnchorDamaged(ValueError):
    """The anchor file is not what BranchDesk wrote."""


@dataclass(frozen=True)
class Head:
    """The change history's last line: its id and hash."""

    id: int
    hash: str


@dataclass(frozen=True)
class Anchor:
    """What the anchor file holds: the history's head when last written, sealed against edits."""

    head: Head
    at: str  # when it was written (ISO, local time)
    since: str  # when this line of history began in this file (first anchor, or a restore)
    mac: str = ""  # HMAC-SHA256 hex for an encrypted database; "" for a plain one
    key_check: str = ""  # which data key made the mac (cipher.key_check)

    @property
    def signed(self) -> bool:
        return bool(self.mac)

    def to_json(self) -> str:
        return json.dumps({
            "format": FORMAT, "program": "BranchDesk 支部台账",
            "note": "修改记录的锚点：用于发现修改记录被删除或改写。请与数据库放在一起。",
            "head_id": self.head.id, "head_hash": self.head.hash, "at": self.at, "since": self.since,
            "mac": self.mac, "key_check": self.key_check,
        }, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Anchor:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise AnchorDamaged("unknown format")
            head = Head(int(data["head_id"]), str(data["head_hash"]))
            return cls(head=head, at=str(data["at"]), since=str(data["since"]), mac=str(data.get("mac") or ""),
                       key_check=str(data.get("key_check") or ""))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise AnchorDamaged(str(exc)) from exc


def anchor_key(data_key: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(data_key)


def _message(head: Head, at: str, since: str) -> bytes:
    return "\x1f".join(("anchor", str(head.id), head.hash, at, since)).encode("utf-8")


def mac_of(head: Head, at: str, since: str, data_key: bytes) -> str:
    return hmac.new(anchor_key(data_key), _message(head, at, since), hashlib.sha256).hexdigest()


def make(head: Head, since: str, data_key: bytes | None, at: str | None = None) -> Anchor:
    at = at or datetime.now().isoformat(timespec="seconds")
    if data_key is None:
        return Anchor(head=head, at=at, since=since)
    return Anchor(head=head, at=at, since=since, mac=mac_of(head, at, since, data_key),
                  key_check=cipher.key_check(data_key))


def signature_problem(anchor: Anchor, data_key: bytes | None) -> str | None:
    """Why the anchor cannot be trusted for an encrypted database (data_key given), or None."""
    if data_key is None:
        return None
    if not anchor.signed:
        return "没有密钥签名（加密数据库的锚点应当签名：可能被换成了别的文件）"
    if anchor.key_check != cipher.key_check(data_key):
        return "是用另一把密钥签名的（可能来自更换恢复密钥之前，或被换成了别的文件）"
    if not hmac.compare_digest(anchor.mac, mac_of(anchor.head, anchor.at, anchor.since, data_key)):
        return "签名不符（锚点文件被改动过）"
    return None


def forged(anchor: Anchor, data_key: bytes | None) -> bool:
    """Signed with this very key, and the signature does not fit: someone wrote it without the key.
    (Unsigned, or signed with another key, is what an interrupted 启用加密 or 更换恢复密钥 leaves:
    the next anchor is signed anew if the chain still holds the anchored row.)"""
    return (data_key is not None and anchor.signed and anchor.key_check == cipher.key_check(data_key)
            and not hmac.compare_digest(anchor.mac, mac_of(anchor.head, anchor.at, anchor.since, data_key)))


# ---------------------------------------------------------------- the chain in a database


def head_of(connection: Any) -> Head | None:
    """The last row of the change history, over a DB-API connection (None: no history yet)."""
    try:
        row = connection.execute("SELECT id, hash FROM change_log ORDER BY id DESC LIMIT 1").fetchone()
    except files.database_errors():
        return None
    return Head(int(row[0]), str(row[1])) if row else None


def first_hash(connection: Any) -> str | None:
    """The hash of the chain's first row: it names the chain (a database and the backups and restored
    copies made from it share it; another database never does)."""
    try:
        row = connection.execute("SELECT hash FROM change_log ORDER BY id LIMIT 1").fetchone()
    except files.database_errors():
        return None
    return str(row[0]) if row else None


def chain_problem(connection: Any, head: Head, *, what: str) -> str | None:
    """Is the anchored `head` still in the chain? None, or the finding in Chinese (`what` names the
    witness: 锚点文件, 备份“…”)."""
    current = head_of(connection)
    last = current.id if current else 0
    if last < head.id:
        return (f"修改记录比{what}记下的少了 {head.id - last} 条（当时共 {head.id} 条，现在只有 {last} 条）："
                "修改记录被删除了，或者数据库被换成了较旧的副本")
    row = connection.execute("SELECT hash FROM change_log WHERE id = ?", (head.id,)).fetchone()
    if row is None:
        return f"{what}记下的第 {head.id} 条修改记录不见了：修改记录被删除过"
    if str(row[0]) != head.hash:
        return f"第 {head.id} 条修改记录与{what}记下的不同：修改记录被改写过（重新计算了校验值）"
    return None


# ---------------------------------------------------------------- the file beside the database


def anchor_file(database: Path) -> Path:
    return Path(database).with_name(Path(database).name + SUFFIX)


def read(database: Path) -> Anchor | None:
    """The anchor beside `database`; None when there is none; AnchorDamaged when it is unreadable."""
    try:
        text = anchor_file(database).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AnchorDamaged(str(exc)) from exc
    return Anchor.from_json(text)


def write(database: Path, anchor: Anchor) -> None:
    """Atomically: a partial file, fsync, rename (the sweep at open removes a partial left behind)."""
    atomic.write_text(anchor_file(database), anchor.to_json())


def advance(database: Path, connection: Any, data_key: bytes | None) -> bool:
    """Move the anchor of `database` to the head of the chain read through `connection` (the
    database itself, or a backup just copied from it), if the anchor written before is still in
    that chain and trustworthy; write the first one when there is none. Returns whether it moved.
    Never raises for a problem found: the old anchor then stays as evidence."""
    head = head_of(connection)
    if head is None:
        return False
    try:
        old = read(database)
    except AnchorDamaged:
        return False
    if old is not None:
        if old.head == head and not signature_problem(old, data_key) and old.signed == (data_key is not None):
            return False  # nothing new
        if forged(old, data_key) or chain_problem(connection, old.head, what="锚点文件"):
            return False
    since = old.since if old is not None else datetime.now().isoformat()
    try:
        write(database, make(head, since, data_key))
    except OSError:
        return False
    return True


def restart(database: Path, connection: Any, data_key: bytes | None) -> None:
    """A new anchor after the database was replaced on purpose (a restore, `verify --accept`): the
    history continues from the restored file, and only backups made from now on are its witnesses."""
    head = head_of(connection)
    if head is None:
        with contextlib.suppress(OSError):
            anchor_file(database).unlink()
        return
    write(database, make(head, datetime.now().isoformat(), data_key))


def resign(database: Path, old_key: bytes | None, new_key: bytes | None) -> None:
    """The database was re-encrypted (encryption turned on or off, a new data key): the same anchor,
    signed for the new key — only if it checked out under the old one."""
    try:
        old = read(database)
    except AnchorDamaged:
        return
    if old is None or signature_problem(old, old_key):
        return
    if old_key is None and old.signed:
        return  # a signed anchor beside a plain file: from an earlier encryption, left as found
    with contextlib.suppress(OSError):
        write(database, make(old.head, old.since, new_key, at=old.at))


def open_connection(database: Path) -> Any:
    """A read-only DB-API connection to a closed database file, for the functions above."""
    from branchdesk.db import files

    return files.open_file(database, read_only=True)
