"""What the exchange's use cases return (plain dataclasses: the window and the CLI show them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from branchdesk.services.exchange.labels import table_label


def counts_text(counts: dict[str, int]) -> str:
    parts = [f"{table_label(name)} {n}" for name, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n]
    return "、".join(parts) if parts else "无"


@dataclass(frozen=True)
class SetupResult:
    path: Path
    branch: str
    code: str  # the one-time set-up code, read to the branch secretary
    fingerprint: str  # this committee's key fingerprint, compared by phone
    counts: dict[str, int]
    held_back: list[str] = field(default_factory=list)

    def to_text(self) -> str:
        lines = [f"已为“{self.branch}”写出设置文件：{self.path}",
                 f"其中：{counts_text(self.counts)}",
                 f"设置码（请当面或电话告诉支部书记，不要和文件放在一起）：{self.code}",
                 f"本站点（党委）密钥指纹：{self.fingerprint}",
                 "支部加入时会显示同一串指纹，请电话核对一致。"]
        if self.held_back:
            lines.append(f"有 {len(self.held_back)} 条记录引用了其他支部的记录，没有放进去：{'；'.join(self.held_back[:5])}")
        return "\n".join(lines)


@dataclass(frozen=True)
class SetupPreview:
    """What a set-up file says about itself before the code is entered."""

    committee: str
    branch: str
    fingerprint: str
    created: str


@dataclass(frozen=True)
class JoinResult:
    site: str
    committee: str
    fingerprint: str  # the committee's, to compare by phone
    own_fingerprint: str
    counts: dict[str, int]
    conflicts: int
    notes: list[str]
    key_storage: str

    def to_text(self) -> str:
        lines = [f"本数据库已加入“{self.committee}”的数据交换，作为“{self.site}”站点。",
                 f"收到：{counts_text(self.counts)}",
                 f"党委密钥指纹：{self.fingerprint}（请与党委电话核对）",
                 f"本站点密钥指纹：{self.own_fingerprint}",
                 self.key_storage,
                 "下一步：上报一次（branchdesk package export --out 文件），把本站点的密钥交给党委。"]
        if self.conflicts:
            lines.append(f"有 {self.conflicts} 条记录与本机已有的不同，请在“设置 → 数据交换”中处理冲突。")
        lines.extend(self.notes[:10])
        return "\n".join(lines)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    peer: str
    direction: str  # 上报 / 下发
    seq: int
    base: int
    counts: dict[str, int]
    deletions: int
    size: int
    held_back: list[str] = field(default_factory=list)
    not_sent: list[str] = field(default_factory=list)  # changed here, another branch's now (outgoing.Outgoing)
    # every file written, in order (more than one: the content was split, package_size.py), and their sizes
    files: tuple[Path, ...] = ()
    sizes: tuple[int, ...] = ()

    @property
    def records(self) -> int:
        return sum(self.counts.values())

    @property
    def parts(self) -> int:
        return max(len(self.files), 1)

    def to_text(self) -> str:
        if self.parts == 1:
            lines = [f"已写出{self.direction}数据包 第 {self.seq} 号（给{self.peer}）：{self.path}（{self.size // 1024 + 1} KB）"]
        else:
            last = self.seq + self.parts - 1
            lines = [f"附件较多，这次{self.direction}（给{self.peer}）分成 {self.parts} 个数据包写出（第 {self.seq}–{last} 号），"
                     f"都在 {self.path.parent}：",
                     *(f"  第 {n} 个，共 {self.parts} 个：{path.name}（{size // 1024 + 1} KB）"
                       for n, (path, size) in enumerate(zip(self.files, self.sizes, strict=True), 1)),
                     f"请把这 {self.parts} 个文件全部交给{self.peer}（可按任意顺序接收）；"
                     "每个都带有全部记录，附件分在各个文件中。"]
        lines += [f"共 {self.records} 条记录：{counts_text(self.counts)}"
                  + (f"；其中删除 {self.deletions} 条" if self.deletions else "")]
        if self.held_back:
            lines.append(f"有 {len(self.held_back)} 条记录引用了对方不能拥有的记录，没有放进去：{'；'.join(self.held_back[:5])}")
        if self.not_sent:
            lines.append(f"有 {len(self.not_sent)} 条已调往其他党支部的记录在本机修改过，不随{self.direction}发出"
                         f"（由其现在所在的支部维护，需要时请告诉党委）：{'；'.join(self.not_sent[:5])}"
                         + ("等" if len(self.not_sent) > 5 else ""))
        return "\n".join(lines)


@dataclass(frozen=True)
class ImportResult:
    status: str  # merged / already / refused
    message: str
    sender: str = ""
    direction: str = ""
    seq: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    conflicts: int = 0
    closed: int = 0
    confirmed: int = 0
    notes: list[str] = field(default_factory=list)
    reason: str = ""  # for a refusal: signature / foreign / unknown / missing / damaged / scope …
    conflict_gids: list[str] = field(default_factory=list)
    applied_gids: list[str] = field(default_factory=list)
    # one of several packages of one 上报 (package_size.py): its place, how many, and those not merged yet
    part: int = 0
    parts: int = 0
    missing: tuple[int, ...] = ()
    first: int = 0  # the number of the first of them
    details: str = ""  # for a refusal: what support needs beside the message (PackageRefused.details)

    @property
    def ok(self) -> bool:
        return self.status != "refused" and not self.conflicts

    def to_text(self) -> str:
        if self.status != "merged":
            return self.message
        lines = [self.message, f"合并：{counts_text(self.counts)}；已有相同或更新的 {self.unchanged} 条"]
        if self.confirmed:
            lines.append(f"对方确认收到了本站点的 {self.confirmed} 个数据包。")
        if self.closed:
            lines.append(f"对方处理了 {self.closed} 条冲突。")
        if self.conflicts:
            lines.append(f"有 {self.conflicts} 条记录留作冲突（两边都修改过，或需要确认），保留了本机的内容，"
                         "请在“设置 → 数据交换”中逐条处理（或 branchdesk package status 查看）。")
        lines.extend(self.notes[:20])
        return "\n".join(lines)


def parts_summary(results: list[ImportResult]) -> list[str]:
    """For packages received together (接收 with several files chosen): each 上报 written as several
    packages, with whether all of them are now in — the last of its packages received knows."""
    latest: dict[tuple[str, int], ImportResult] = {}
    for result in results:
        if result.parts > 1 and result.status != "refused":
            latest[(result.sender, result.first)] = result
    lines = []
    for result in latest.values():
        # the head names the packages by number (第 2–3 号), the files by place (第2个共2个): both
        numbers = "、".join(str(result.first + n - 1) for n in result.missing)
        state = ("都已接收" if not result.missing
                 else f"还差第 {'、'.join(str(n) for n in result.missing)} 个（第 {numbers} 号），请也接收")
        lines.append(f"{result.sender}的{result.direction}（第 {result.first}–{result.first + result.parts - 1} 号，"
                     f"共 {result.parts} 个数据包）：{state}。")
    return lines


def received_summary(results: list[ImportResult], waiting: Sequence[str] = ()) -> str:
    """The line that comes first when several packages are received at once (trial D, TD-10: nine
    branches' 上报 at year end; each package's own lines follow under 显示详情): how many were merged,
    had been merged before or were refused, the conflicts left, and the sites that have never sent
    one (`waiting`: which branches have not reported is the 组织员's first question)."""
    counted = [(sum(1 for r in results if r.status == status), text) for status, text in (
        ("merged", "已合并"), ("already", "此前已合并过"), ("refused", "被拒收"))]
    line = f"接收了 {len(results)} 个数据包：" + "，".join(f"{n} 个{text}" for n, text in counted if n) + "。"
    refused = [r.sender for r in results if r.status == "refused" and r.sender]
    if refused:
        line += f"被拒收的是{'、'.join(dict.fromkeys(refused))}的数据包，原因见详情。"
    # a record each (review 13, R3-8: one record changed on both sides, in three packages, is one conflict)
    conflicts = len({gid for r in results for gid in r.conflict_gids}) or sum(r.conflicts for r in results)
    if conflicts:
        line += f"有 {conflicts} 条记录留作冲突，请在“设置 → 数据交换”中逐条处理。"
    if waiting:
        line += f"还没有发来过数据包：{'、'.join(waiting)}。"
    return line


@dataclass(frozen=True)
class PackageEntry:
    id: int
    direction: str  # 上报 / 下发
    outgoing: bool
    peer: str
    seq: int
    kind: str  # 数据包 / 设置文件
    when: datetime
    records: int
    counts: str
    status: str  # 待对方确认 / 对方已确认 / 已合并 / 已拒收
    note: str
    file_name: str
    conflicts: int


@dataclass(frozen=True)
class PeerStatus:
    site_id: str
    name: str
    role: str  # 党委 / 党支部
    fingerprint: str
    joined: bool
    sent: int
    confirmed: int
    received: int
    unconfirmed_changes: int  # records changed here that this peer has not confirmed
    refused: str  # the newest refusal from this peer after its last merged package, if any


@dataclass(frozen=True)
class ExchangeStatus:
    configured: bool
    site: str = ""
    role: str = ""  # committee / branch
    role_label: str = ""
    fingerprint: str = ""
    key_storage: str = ""
    peers: list[PeerStatus] = field(default_factory=list)
    open_conflicts: int = 0
    packages: list[PackageEntry] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.open_conflicts and not any(p.refused for p in self.peers)

    def to_text(self) -> str:
        if not self.configured:
            return "本数据库还没有设置数据交换。党委：branchdesk package add-site 支部名称 --out 设置文件；支部：branchdesk package join 设置文件。"
        lines = [f"本站点：{self.site}（{self.role_label}），密钥指纹 {self.fingerprint}", self.key_storage]
        for peer in self.peers:
            state = "已连通" if peer.joined else "等待对方首次上报"
            lines.append(f"· {peer.name}（{peer.role}，{state}）：发出 {peer.sent} 个、对方已确认 {peer.confirmed} 个，"
                         f"收到 {peer.received} 个；本机有 {peer.unconfirmed_changes} 条修改对方尚未确认"
                         + (f"；指纹 {peer.fingerprint}" if peer.fingerprint else ""))
            if peer.refused:
                lines.append(f"  最近一次接收被拒：{peer.refused}")
        lines.append(f"待处理的冲突：{self.open_conflicts} 条" if self.open_conflicts else "没有待处理的冲突。")
        return "\n".join(lines)
