"""Conflicts for a person to decide: a record changed here and on the other side since the two last
agreed. Both copies are shown side by side, field by field (with the rows that belong to the
record), with who changed each last — ours from 修改记录, theirs as their 修改记录 had it when the
package was written.

Deciding writes the chosen copy here (taking theirs is an ordinary change, recorded in 修改记录) and
gives the record a version that includes both, so the next package carries the decision to the
other side, which takes it without asking again.
"""

from __future__ import annotations

import contextlib
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from branchdesk.db.engine import Database
from branchdesk.db.history import HISTORY_USER, as_text, os_user
from branchdesk.domain.exchange import versions
from branchdesk.domain.exchange.vocabulary import CONFLICT_LABELS, ConflictKind, ConflictStatus, Resolution
from branchdesk.services.errors import NotFound, RuleViolation, ServiceError
from branchdesk.services.exchange import conflict_store, keep_remote
from branchdesk.services.exchange.changes import catch_up, history_end
from branchdesk.services.exchange.labels import field_label, record_label, table_label
from branchdesk.services.exchange.merge import Merger
from branchdesk.services.exchange.packages import require_site
from branchdesk.services.exchange.serialise import GidIndex, Reader
from branchdesk.services.exchange.state import Unit, load_peer, load_units, lock, save_site, save_units
from branchdesk.services.exchange.tables import TableInfo, registry
from branchdesk.services.history import MASKS

HIDDEN = frozenset({"created_at"})
ORDER_COLUMNS = frozenset({"position", "sort_order"})  # a row's place in its list, not its content


@dataclass(frozen=True)
class FieldDiff:
    field: str
    local: str  # as shown: an ID or phone number masked unless the person asked for it in full
    remote: str
    differs: bool  # judged on the values as stored (two masked numbers can look alike)


@dataclass(frozen=True)
class ConflictView:
    id: int
    label: str
    kind: str  # 两边都修改了 …
    table: str  # 党员, 会议记录 …
    peer: str
    package_seq: int
    detected_at: datetime
    local_changed: str  # who and when, on this PC
    remote_changed: str
    local_exists: bool
    remote_deleted: bool
    fields: list[FieldDiff]
    code: str = ""  # the kind as stored (ConflictKind): what the dialog asks
    why: str = ""  # the merge's own line, when it held the copy for a reason of its own (late_months.py)

    @property
    def differing(self) -> list[FieldDiff]:
        return [f for f in self.fields if f.differs]


class _Shown:
    """Values as a person reads them: references by the name of the record, bytes by size."""

    def __init__(self, reader: Reader, *, masked: bool = True) -> None:
        self.reader = reader
        self.masked = masked
        self._names: dict[tuple[str, str], str] = {}

    def value(self, table: TableInfo, name: str, value: Any, *, masked: bool | None = None) -> str:
        """`masked`: an ID or phone number masked as everywhere (domain.md §8, issue 21); None: as asked."""
        text = self._value(table, name, value)
        mask = MASKS.get(name) if (self.masked if masked is None else masked) else None
        return mask(text) if mask and value not in (None, "") else text

    def _value(self, table: TableInfo, name: str, value: Any) -> str:
        if value is None or value == "":
            return "（空）"
        ref = table.reference(name)
        if ref is not None and isinstance(value, str):
            return self._name(ref.target, value)
        column = table.table.c[name]
        try:
            kind = column.type.python_type
        except NotImplementedError:
            kind = None
        if kind is bytes:
            return f"〈{len(value) * 3 // 4} 字节〉"
        if isinstance(value, bool):
            return "是" if value else "否"
        if kind is datetime and isinstance(value, str):
            with contextlib.suppress(ValueError):  # as everywhere in the window: 2026-12-04 19:21
                return f"{datetime.fromisoformat(value):%Y-%m-%d %H:%M}"
        if isinstance(value, str) and value.startswith("{"):
            return _changes_text(value)
        return as_text(value) or ""

    def _name(self, target: str, gid: str) -> str:
        key = (target, gid)
        if key not in self._names:
            rows = self.reader.rows_by_gid(registry()[target], [gid])
            self._names[key] = record_label(target, rows[gid]).split(" ", 1)[-1] if gid in rows else "（本机没有的记录）"
        return self._names[key]

    def summary(self, table: TableInfo, row: dict[str, Any], *, masked: bool | None = None) -> str:
        """A row that belongs to a record, in one line: its values without the record it belongs to,
        its place in a list, or a value said twice (a sign-in row's member and name)."""
        parts: list[str] = []
        for name in _shown_columns(table):
            if row.get(name) in (None, ""):
                continue
            text = self.value(table, name, row.get(name), masked=masked)
            if text not in parts and text != "（空）":
                parts.append(text if len(text) <= 80 else text[:79] + "…")
        return "、".join(parts)


def _shown_columns(table: TableInfo) -> list[str]:
    """The columns of a row that belongs to a record that say something to a person: not the record
    it belongs to, nor its place in the list (`position`)."""
    parent = table.parent.column if table.parent is not None else None
    return [n for n in table.carried if n not in HIDDEN and n != parent and n not in ORDER_COLUMNS]


def _changes_text(value: str) -> str:
    """A change list kept as JSON ({"主要内容": ["旧", "新"]}, a 定稿后修改 entry) as a person reads it:
    主要内容：旧 → 新; anything else as it is."""
    try:
        data = json.loads(value)
    except ValueError:
        return value
    if not isinstance(data, dict):
        return value
    parts = []
    for name, change in data.items():
        if isinstance(change, list) and len(change) == 2:
            old, new = (str(v) if v not in (None, "") else "（空）" for v in change)
            parts.append(f"{name}：{old} → {new}")
        else:
            parts.append(f"{name}：{change}")
    return "；".join(parts) or "（空）"


def _content(table: TableInfo, row: dict[str, Any]) -> str:
    """What a row that belongs to a record holds, for pairing the two sides' rows: the form saves a
    sitting's sign-in sheet and kinds anew (new rows, new ids, the same content)."""
    return json.dumps({n: row.get(n) for n in _shown_columns(table)}, sort_keys=True, default=str)


def _pairs(child: TableInfo, a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]]
           ) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """The two sides' rows in pairs: by id, then by equal content; a row left over stands alone."""
    pairs: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = [(a[g], b[g]) for g in a if g in b]
    unmatched: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for gid, row in b.items():
        if gid not in a:
            unmatched[_content(child, row)].append(row)
    for gid, row in a.items():
        if gid in b:
            continue
        same = unmatched.get(_content(child, row))
        pairs.append((row, same.pop(0) if same else None))
    pairs.extend((None, row) for rows in unmatched.values() for row in rows)
    return pairs


def _fields(table: TableInfo, local: dict[str, Any] | None, remote: dict[str, Any] | None, shown: _Shown) -> list[FieldDiff]:
    """Field by field, what each version holds. A field the other side's copy does not carry (a
    member who moved: only where she went; a reference it could not name) keeps ours whichever is
    kept (Merger.force), so it is shown as ours, not as emptied; so are the rows of a moved record."""
    rows: list[FieldDiff] = []
    mine, theirs = (local or {}).get("row") or {}, (remote or {}).get("row") or {}
    if local and remote:  # what the other side left out (withheld) stays as it is here whichever is kept
        theirs = {**theirs, **{name: mine.get(name) for name in remote.get("w") or () if name in mine}}
    for name in table.carried:
        if name in HIDDEN:
            continue
        left = shown.value(table, name, mine.get(name)) if local else "（无）"
        right = shown.value(table, name, theirs.get(name)) if remote else "（无）"
        full = (shown.value(table, name, mine.get(name), masked=False) if local else None,
                shown.value(table, name, theirs.get(name), masked=False) if remote else None)
        rows.append(FieldDiff(field_label(name), left, right, full[0] != full[1]))
    if remote and remote.get("part"):
        return rows
    for child_name in sorted(set((local or {}).get("kids") or {}) | set((remote or {}).get("kids") or {})):
        child = registry()[child_name]
        a = {e["g"]: e["row"] for e in ((local or {}).get("kids") or {}).get(child_name, [])}
        b = {e["g"]: e["row"] for e in ((remote or {}).get("kids") or {}).get(child_name, [])}
        rows.append(FieldDiff(f"{table_label(child_name)}（条数）", f"{len(a)} 条", f"{len(b)} 条", len(a) != len(b)))
        for left_row, right_row in _pairs(child, a, b):
            differs = left_row is None or right_row is None or (
                shown.summary(child, left_row, masked=False) != shown.summary(child, right_row, masked=False))
            left = shown.summary(child, left_row) if left_row is not None else "（无）"
            right = shown.summary(child, right_row) if right_row is not None else "（无）"
            rows.append(FieldDiff(table_label(child_name), left, right, differs))
    return rows


def list_conflicts(db: Database, *, masked: bool = True) -> list[ConflictView]:
    """Every open conflict; ID and phone numbers masked unless `masked` is False (显示完整)."""
    with db.reading(), db.session() as session:
        connection = session.connection()
        reader = Reader(connection, GidIndex(connection))
        shown = _Shown(reader, masked=masked)
        views = []
        for row in conflict_store.open_rows(connection):
            views.append(_view(connection, reader, shown, row))
        return views


def get_conflict(db: Database, conflict_id: int, *, masked: bool = True) -> ConflictView:
    with db.reading(), db.session() as session:
        connection = session.connection()
        row = conflict_store.get(connection, conflict_id)
        if row is None:
            raise NotFound("没有这条冲突记录")
        reader = Reader(connection, GidIndex(connection))
        return _view(connection, reader, _Shown(reader, masked=masked), row)


def _view(connection: Any, reader: Reader, shown: _Shown, row: Any) -> ConflictView:
    table = registry()[row["table_name"]]
    remote = json.loads(row["remote_unit"])
    mine, _blocked = reader.units(table, [row["record_gid"]])
    local = mine.get(row["record_gid"])
    peer = load_peer(connection, row["peer_site_id"])
    local_who = f"{local['by']}，{local['at']}" if local and local.get("by") else "（本机修改记录中没有）"
    remote_who = f"{remote.get('by') or '对方'}，{remote.get('at') or ''}（数据包第 {row['package_seq']} 号）"
    return ConflictView(row["id"], row["label"], CONFLICT_LABELS.get(ConflictKind(row["kind"]), row["kind"]),
                        table_label(table.name), peer.name if peer else "对方", row["package_seq"], row["detected_at"],
                        local_who, remote_who, local is not None, bool(remote.get("del")),
                        _fields(table, local, None if remote.get("del") else remote, shown), row["kind"],
                        str(remote.get("why") or ""))


def resolve_conflict(db: Database, conflict_id: int, choice: Resolution | str) -> str:
    """Keep this PC's copy (`local`) or take the other side's (`remote`); returns a sentence."""
    choice = Resolution(choice)
    if choice not in (Resolution.LOCAL, Resolution.REMOTE):
        raise ServiceError("只能选择保留本机版本或采用对方版本")
    with db.session() as session:
        connection = session.connection()
        lock(connection)
        site = require_site(connection)
        row = conflict_store.get(connection, conflict_id)
        if row is None or row["status"] != ConflictStatus.OPEN.value:
            raise NotFound("这条冲突已经处理过了（可能对方的决定已经随数据包到达）")
        peer = load_peer(connection, row["peer_site_id"])
        if peer is None:
            raise NotFound("冲突的另一方站点已不存在")
        catch_up(connection, site)
        gid, remote = row["record_gid"], json.loads(row["remote_unit"])
        state = load_units(connection, [gid]).get(gid) or Unit(gid, row["table_name"])
        binned = False  # our copy went to the 回收站 for the 党委 (Merger.force, as the merge does)
        if choice is Resolution.REMOTE:
            session.info[HISTORY_USER] = f"{os_user()}（处理冲突：采用{peer.name}的版本）"[:100]
            merger = Merger(session, site, peer, row["package_seq"])
            refusal = keep_remote.refusal(session, merger, remote, state)  # the merge's rules (keep_remote.py)
            if refusal:
                raise RuleViolation(refusal)
            merger.force(remote)
            binned = gid in merger.binned
            state.deleted = bool(remote.get("del"))
        if binned:
            # the 党委's departure taken (its record now another branch's member's): our copy went to the
            # 回收站 as the merge puts it there — the 党委's version, nothing of ours to send up (as
            # merge._to_bin); sent, it came back to the 党委 as one more conflict to close with
            # 保留本机版本, nothing to decide (review rev2, R2-8)
            state.vv = versions.merged(state.vv, versions.loads(row["remote_vv"]))
            state.lseq, state.from_site = site.next_lseq(), peer.site_id
        else:
            # a version that includes both copies and this decision: the other side takes it as it comes
            state.vv = versions.advanced(versions.merged(state.vv, versions.loads(row["remote_vv"])), site.site_id,
                                         site.tick())
            state.lseq, state.from_site = site.next_lseq(), None
        if choice is Resolution.REMOTE:
            before, state.owner = state.owner, None  # found again below
            _refresh_owner(connection, state)
            if before is not None and state.owner is not None and state.owner != before:
                # taken to another branch (a move made at the committee): what was changed here goes
                # up with it, whole (outgoing.collect)
                state.left_owner, state.left_lseq = before, state.lseq
        save_units(connection, [state])
        conflict_store.close(connection, gid, None, choice, os_user())
        site.scanned_upto = history_end(connection)
        save_site(connection, site)
    kept = "保留了本机版本" if choice is Resolution.LOCAL else "采用了对方版本"
    if binned:
        return (f"“{row['label']}”已处理：{kept}。{peer.name}已把它改到其他党支部的党员名下，本机的这份已移入回收站，"
                f"不再计入本支部的统计。")
    return f"“{row['label']}”已处理：{kept}。下次交换数据包时对方会收到这个决定。"


def _refresh_owner(connection: Any, state: Unit) -> None:
    from branchdesk.services.exchange.owners import Owners

    gids = GidIndex(connection)
    key = gids.key(state.table, state.gid)
    if key is not None:
        state.owner = Owners(connection).owner_of_pk(state.table, key)
