"""Whether a package's content is one the receiver takes for its size (TR-3), measured before it is
sealed with the receiver's own measure (envelope.over_limit) — and, when it is not, the content split
into several packages that each is (`plan`).

A package carries everything the peer has not confirmed (outgoing.py); a branch with a year of
sign-in photos not yet confirmed passes the limit (320 MB). Then the 上报 is written as several
packages, each sealed and signed on its own (envelope.PART_FORMAT; packages.export_package):
- every one carries all the records without a file (so any one of them, merged first, brings the
  records whole: a file's record never arrives without the members and activities it names);
- the records that carry files (a meeting with its photos, a development record with its documents,
  a 佐证材料, a 帮扶附件) are spread over them, each whole in one (no other record refers to one of
  those: test_no_record_refers_to_a_record_that_carries_files);
- the receiver merges them in any order and confirms the packages up to the first one still missing
  (packages._merge); each package's records with files have a local sequence of their own (one after
  another: state.restamp), so the sender's next 上报 carries those of the unconfirmed ones again, and
  not the rest;
- that sequence is one for every peer: a record with files the 党委 may send other branches too (a
  党委-wide record: `pinned`) goes in the first package and keeps its own, which the first package's
  confirmation covers — restamped, it would look changed to every other branch, and its files would go
  to each of them again (review12-1 F6). Only what does not fit there is restamped.

What cannot be split is refused before anything is written, saying how much is waiting and what to
do: records without files already past the limit, or one record whose files alone pass it. Set-up
files are not split (sites.add_site refuses one past the limit).

Memory (NOTE11: a school's office PC has 4 GB, Windows takes 1.5–2 of them). The records are read
without their files (serialise.FileLater) and measured by the files' sizes; each package's files are
read when that package is built, one record at a time, compressed as they come (`Plan.pieces`,
envelope.pack) and let go once the package is written. At its peak a send holds one package's
compressed content three times — the one-shot HPKE encryption keeps its input, a buffer of its own and
its output — whatever the photos add up to; a receive holds the same while it decrypts, then the
package's records (content_reader: never the content whole, as bytes or as text) and the rows merged.
Measured (helper split2, 2026-12-05; N sittings × 3 photos of 4 MB of random bytes, each step in a
process of its own, peak RSS by getrusage; 2 shared cores):

    photos   packages        send: before → now           receive, largest package: before → now
    360 MB   230 + 133 MB    1,619 MB / 58 s → 799 MB / 29 s   1,010 MB / 16 s → 865 MB / 15 s
    696 MB   3 × 230 + 12 MB 2,121 MB / 55 s → 800 MB / 44 s   1,010 MB / 10 s → 865 MB / 10 s

The receiver's peak is now the merge's (the records' files in base64 beside the rows written: 711 MB
before the merge starts); the sender's, the encryption's (about 2.2 times the cap's compressed size:
photos do not compress)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from branchdesk.db.stored_file import MB
from branchdesk.domain.exchange.vocabulary import SiteRole, direction_label
from branchdesk.domain.file_names import safe_file_name
from branchdesk.services.errors import ServiceError
from branchdesk.services.exchange import envelope
from branchdesk.services.exchange.labels import record_label, table_label
from branchdesk.services.exchange.serialise import FileLater, files_later
from branchdesk.services.exchange.shape import owner_label
from branchdesk.services.exchange.state import Peer, Site
from branchdesk.services.exchange.tables import registry


def attachment_bytes(units: list[dict[str, Any]]) -> int:
    """The files a package carries, by the sizes their records declare (what the user added)."""
    tables = registry()
    total = 0

    def declared(name: str, row: Any) -> int:
        table = tables.get(name)
        if table is None or table.stored_file is None or not isinstance(row, dict):
            return 0
        size = row.get(table.stored_file.size)
        return size if isinstance(size, int) and not isinstance(size, bool) else 0

    for unit in units:
        total += declared(unit.get("t", ""), unit.get("row"))
        for child, entries in (unit.get("kids") or {}).items():
            total += sum(declared(child, entry.get("row")) for entry in entries if isinstance(entry, dict))
    return total


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"


def refusal(site: Site, peer: Peer, units: list[dict[str, Any]], records: int, content: bytes | bytearray, *,
            setup: bool = False) -> str | None:
    """The message refusing to write this content for `peer` (`setup`: its set-up file, which the branch
    opens with the same measure: envelope.open_setup), or None when the receiver takes it."""
    return refusal_of(site, peer, units, records, envelope.over_limit(content), len(content), setup=setup)


def refusal_of(site: Site, peer: Peer, units: list[dict[str, Any]], records: int, over: tuple[str, str] | None,
               size: int, *, setup: bool = False) -> str | None:
    """`refusal`, for a content measured as it was built (envelope.Packed: its `over` and `size`)."""
    if over is None:
        return None
    word = direction_label("out", site.role)
    thing = "设置文件" if setup else "数据包"
    opening = f"给{peer.name}的设置文件" if setup else f"这次{word}给{peer.name}"
    answer = "下发" if site.role == SiteRole.BRANCH else "上报"
    limit = f"{envelope.MAX_PAYLOAD // MB} MB"
    if over[0] == "value":
        name = f"“{over[1]}”" if over[1] else ""
        return (f"{opening}的附件{name}大于 {envelope.MAX_TEXT * 3 // 4 // MB} MB，超过任何附件的上限，对方会拒收，"
                f"所以没有写出{thing}。请在该附件所在的记录中换用较小的文件（例如压缩后的照片或扫描件）后再写出。")
    lines = [f"{opening}的内容（{records} 条记录，其中附件约 {_mb(attachment_bytes(units))}）"
             f"打包后约 {_mb(size)}，超过一个{thing}的上限 {limit}，对方会拒收。所以没有写出{thing}，"
             "也没有记为已发出；记录都还在本机，没有删除任何内容。"]
    if peer.sent_seq > peer.acked_seq and not setup:
        first, last = peer.acked_seq + 1, peer.sent_seq
        numbers = f"第 {first} 号" if first == last else f"第 {first}–{last} 号"
        lines.append(f"对方还没有确认本站点的{numbers}数据包，其内容会随本次重复发出：如果对方已经接收，"
                     f"请先接收对方最近{answer}的数据包（其中带有确认），再{word}。")
    lines.append("附件（会议照片、佐证材料、发展材料、帮扶附件）占其中大部分。仍然超过上限时请与软件维护人员联系，"
                 "请不要为此删除附件。")
    return "\n".join(lines)


def carries_file(unit: dict[str, Any]) -> bool:
    """Does this record carry a file's content (its own, or one of the rows that belong to it)?"""
    tables = registry()

    def holds(name: str, row: Any) -> bool:
        table = tables.get(name)
        return (table is not None and table.stored_file is not None and isinstance(row, dict)
                and row.get(table.stored_file.content) is not None)

    return holds(unit.get("t", ""), unit.get("row")) or any(
        holds(child, entry.get("row")) for child, entries in (unit.get("kids") or {}).items()
        for entry in entries if isinstance(entry, dict))


def _later_as_null(value: object) -> None:
    if isinstance(value, FileLater):
        return None
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _encoded(unit: dict[str, Any]) -> bytes:
    """A record as its package carries it; a file still in the database (FileLater) as null."""
    return json.dumps(unit, ensure_ascii=False, separators=(",", ":"), default=_later_as_null).encode("utf-8")


def _size(unit: dict[str, Any], encoded: bytes) -> int:
    """The length of the record in its package, its files read: each `null` of `encoded` standing for
    one is its base64 text in quotes (no character of it escaped)."""
    return len(encoded) + sum(later.encoded_size + 2 - len(b"null") for later in files_later(unit))


_OPEN, _CLOSE = b'{"units":[', b"]"
Fill = Callable[[dict[str, Any]], dict[str, Any]]


def _as_is(unit: dict[str, Any]) -> dict[str, Any]:
    return unit


@dataclass(frozen=True)
class Plan:
    """The packages one 上报 is written as: the units of each (indices into the outgoing units, in
    their order). One package when everything fits. `fill` reads a record's files (serialise.with_files)
    when its package is written; the records without files are encoded once (`encoded`, by index), and
    the same text goes into each package."""

    parts: list[list[int]]
    units: list[dict[str, Any]]
    tail: bytes  # what follows the units in the content: the join token, the closing brace
    fill: Fill = _as_is
    encoded: dict[int, bytes] = field(default_factory=dict)
    unstamped: frozenset[int] = frozenset()  # records with files that keep their local sequence (in the first)

    def pieces(self, part: int) -> Iterator[bytes]:
        """The content of package `part` (0-based), piece by piece as it is written (envelope.pack): each
        record with its files read for its piece only, and let go once it is compressed — the content
        is never held whole, nor more than one record's files (NOTE11, bounded memory)."""
        yield _OPEN
        for n, i in enumerate(self.parts[part]):
            if n:
                yield b","
            yield self.encoded[i] if i in self.encoded else _encoded(self.fill(self.units[i]))
        yield _CLOSE + self.tail

    def units_of(self, part: int) -> list[dict[str, Any]]:
        return [self.units[i] for i in self.parts[part]]

    def restamped(self, part: int) -> list[str]:
        """The records with files of package `part` that get its own local sequence (state.restamp)."""
        return [self.units[i]["g"] for i in self.parts[part] if carries_file(self.units[i]) and i not in self.unstamped]


def plan(site: Site, peer: Peer, units: list[dict[str, Any]], records: int, tail: bytes, fill: Fill = _as_is,
         pinned: frozenset[str] | set[str] = frozenset()) -> Plan:
    """How to write `units` (the content `{"units": [...]` + `tail`) so the receiver takes every
    package; raises ServiceError (nothing written) when it cannot be done. `pinned`: the gids of the
    records another peer may be sent too, put in the first package as far as they fit there. Measured unit by unit (the
    content of all of them is never built: a year of photos would be held twice); each package's
    content is measured again, whole, with the receiver's measure as it is built (refusal_of). A file
    still in the database (serialise.FileLater) is measured by its size, read only to name it when it
    is longer than the receiver takes."""
    sizes: list[int] = []
    files: list[int] = []
    once: dict[int, bytes] = {}  # the records without files, as every package carries them
    for i, unit in enumerate(units):
        encoded = _encoded(unit)
        sizes.append(_size(unit, encoded) + 1)  # (its comma)
        if carries_file(unit):
            files.append(i)
            over = envelope.over_limit(encoded)
            if (over is not None and over[0] == "value") or any(
                    later.encoded_size > envelope.MAX_TEXT for later in files_later(unit)):
                whole = _encoded(fill(unit))  # a value longer than any attachment: named
                if (over := envelope.over_limit(whole)) is not None and over[0] == "value":
                    raise ServiceError(refusal(site, peer, units, records, whole) or "")
        else:
            once[i] = encoded
        del encoded
    fixed = len(_OPEN) + len(_CLOSE) + len(tail)
    if fixed + sum(sizes) - 1 <= envelope.MAX_PAYLOAD:
        return Plan([list(range(len(units)))], units, tail, fill, once)
    light = sorted(set(range(len(units))) - set(files))
    base = fixed + sum(sizes[i] for i in light)
    room = envelope.MAX_PAYLOAD - base
    word = direction_label("out", site.role)
    waiting = f"{records} 条记录，其中附件约 {_mb(attachment_bytes(units))}"
    if room <= 0 or not files:
        raise ServiceError(_cannot_split(word, peer, waiting, f"其中不含附件的 {len(light)} 条记录打包后就有约 {_mb(base)}"))
    largest = max(files, key=lambda i: sizes[i])
    if sizes[largest] > room:
        what = _record_with_files(units, units[largest])
        raise ServiceError(_cannot_split(word, peer, waiting, f"其中{what}打包后约 {_mb(sizes[largest])}"))
    bins: list[list[int]] = [[]]
    free: list[int] = [room]
    first: set[int] = set()
    for i in sorted((i for i in files if units[i]["g"] in pinned), key=lambda i: -sizes[i]):
        if sizes[i] <= free[0]:  # 党委-wide: in the first package, keeping its sequence
            bins[0].append(i)
            free[0] -= sizes[i]
            first.add(i)
    for i in sorted((i for i in files if i not in first), key=lambda i: -sizes[i]):  # first fit, largest first
        at = next((n for n, left in enumerate(free) if sizes[i] <= left), None)
        if at is None:
            bins.append([])
            free.append(room)
            at = len(bins) - 1
        bins[at].append(i)
        free[at] -= sizes[i]
    return Plan([sorted(light + part) for part in bins if part], units, tail, fill, once, frozenset(first))


def _record_with_files(units: list[dict[str, Any]], unit: dict[str, Any]) -> str:
    """“2026-09-20 主题党日”连同附件 — or a file of its own with the record it belongs to."""
    table = registry()[unit["t"]]
    row = unit.get("row") or {}
    if table.stored_file is None:
        return f"“{record_label(unit['t'], row)}”一条记录连同附件"
    owner = owner_label(table, row, {u.get("g"): u for u in units})
    return f"{owner + '的' if owner else ''}{table_label(unit['t'])}“{safe_file_name(str(row.get(table.stored_file.name) or ''))}”"


def _limit() -> str:
    size = envelope.MAX_PAYLOAD
    return f"{size // MB} MB" if size % MB == 0 else _mb(size)


def _cannot_split(word: str, peer: Peer, waiting: str, what: str) -> str:
    limit = _limit()
    return (f"这次{word}给{peer.name}的内容（{waiting}）超过一个数据包的上限 {limit}，而且无法分成几个数据包："
            f"{what}，每个数据包都放不下。"
            "所以没有写出数据包，也没有记为已发出；记录都还在本机，没有删除任何内容。"
            "请与软件维护人员联系，请不要为此删除附件。")
