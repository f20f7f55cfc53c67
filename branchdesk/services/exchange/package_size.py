"""Whether a package's content is one the receiver takes for its size (TR-3): measured before it is
sealed with the receiver's own measure (envelope.over_limit), so the sender never writes a package the
receiver refuses — and the user hears how much is waiting and what to do, in plain words.

A package carries everything the peer has not confirmed (outgoing.py); a branch with a year of
sign-in photos not yet confirmed can pass the limit. Splitting it into several packages applied in
order is not built: a record whose 支部调整 or referenced record went in a later package would be
refused or merged incompletely by the receiver (merge.py, scope_check.py). So the 上报 is refused
before anything is written, and the number is not used up."""

from __future__ import annotations

from typing import Any

from branchdesk.db.stored_file import MB
from branchdesk.domain.exchange.vocabulary import SiteRole, direction_label
from branchdesk.services.exchange import envelope
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


def refusal(site: Site, peer: Peer, units: list[dict[str, Any]], records: int, content: bytes, *,
            setup: bool = False) -> str | None:
    """The message refusing to write this content for `peer` (`setup`: its set-up file, which the branch
    opens with the same measure: envelope.open_setup), or None when the receiver takes it."""
    over = envelope.over_limit(content)
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
             f"打包后约 {_mb(len(content))}，超过一个{thing}的上限 {limit}，对方会拒收。所以没有写出{thing}，"
             "也没有记为已发出；记录都还在本机，没有删除任何内容。"]
    if peer.sent_seq > peer.acked_seq and not setup:
        first, last = peer.acked_seq + 1, peer.sent_seq
        numbers = f"第 {first} 号" if first == last else f"第 {first}–{last} 号"
        lines.append(f"对方还没有确认本站点的{numbers}数据包，其内容会随本次重复发出：如果对方已经接收，"
                     f"请先接收对方最近{answer}的数据包（其中带有确认），再{word}。")
    lines.append("附件（会议照片、佐证材料、发展材料、帮扶附件）占其中大部分。仍然超过上限时请与软件维护人员联系，"
                 "请不要为此删除附件。")
    return "\n".join(lines)
