"""上报 / 下发 and 接收: writing a package for a peer and merging one from it.

Order and idempotence: each side numbers the packages it sends to a peer 1, 2, 3 … Every package
names the last of the sender's packages the receiver has confirmed (`base`) and carries everything
changed since that one, so a lost package is made good by the next. The receiver:
- merges package n when it has merged the sender's package `base` (n may skip unconfirmed ones:
  their contents are inside n); an earlier one found later is then recognised as already merged
  (merging it again would change nothing: the version vectors say so, and nothing is written);
- answers the very file it merged before with "already merged" and writes nothing;
- refuses a package whose `base` it has not merged, naming the missing packages (this happens when
  the receiving database was restored from an older backup); its own next package tells the sender
  what it has (`ack`), and the sender's next package repeats everything since.
Every package also carries the sender's acknowledgement (`ack`): the last package it merged from
the receiver. That is how each side learns which of its packages arrived.

A 上报 too large for one package is written as several, numbered one after another with the same base
(package_size.py). Each carries only part of what changed, so one of them never stands for those
before it: the receiver merges them in any order, names those still missing, and counts as received
the packages up to the first one missing (`_Part`, `_missing`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from branchdesk import __version__
from branchdesk.db.engine import Database
from branchdesk.db.history import HISTORY_USER, os_user
from branchdesk.db.migrate import script_heads
from branchdesk.db.revisions import known_revisions
from branchdesk.domain.exchange.vocabulary import (
    Direction,
    PackageStatus,
    SiteRole,
    direction_label,
    part_note,
)
from branchdesk.domain.file_errors import file_error
from branchdesk.domain.text import same_name
from branchdesk.services.errors import ServiceError
from branchdesk.services.exchange import log, numbering, package_size
from branchdesk.services.exchange.changes import catch_up, follow_owners, history_end
from branchdesk.services.exchange.envelope import (
    FORMAT,
    PACKAGE_MAGIC,
    PackageRefused,
    b64,
    open_package_content,
    pack,
    parse,
    read_file,
    seal_packed,
    unb64,
    verify,
)
from branchdesk.services.exchange.left_groups import leave_groups_of_branches_left
from branchdesk.services.exchange.merge import Merger
from branchdesk.services.exchange.outgoing import collect
from branchdesk.services.exchange.results import ExportResult, ImportResult
from branchdesk.services.exchange.serialise import with_files
from branchdesk.services.exchange.state import (
    Peer,
    Site,
    load_peer,
    load_peers,
    load_site,
    lock,
    restamp,
    save_peer,
    save_site,
    save_units,
)

SUFFIX = ".bdpkg"


class NotConfigured(ServiceError):
    pass


class _AlreadyMerged(Exception):
    """Raised inside the merge's transaction to roll it back when an older package brought nothing."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__(result.message)
        self.result = result


def schema() -> list[str]:
    return sorted(script_heads())


def version_refusal(header: dict[str, Any], what: str) -> PackageRefused:
    """The refusal of a package or set-up file written by another version of BranchDesk, naming the
    program's versions (the header's `app`, since known hole 5) and which side is to upgrade: an
    older sender's migration heads are all revisions this version ships, a newer one's are not. The
    migration ids themselves are for support: in `details` (the list of packages), not in the
    teacher's sentence (review rev2, R2-9)."""
    theirs = header.get("schema")
    heads = [str(h) for h in theirs] if isinstance(theirs, list) else []
    app = header.get("app")
    app = app.strip() if isinstance(app, str) else ""
    details = f"对方数据库版本 {'、'.join(heads) or '未知'}；本机数据库版本 {'、'.join(schema())}"
    older = bool(heads) and set(heads) <= known_revisions()
    if app and app == __version__:  # (the same release, another database: a test build on one side)
        said = f"两边的 BranchDesk 都是 {app} 版，但数据库结构不同（可能有一方用的是测试版）"
    elif app:
        said = f"对方的 BranchDesk 是 {app} 版，本机是 {__version__} 版"
    else:  # (written before packages named the program: an older release)
        said = f"对方的 BranchDesk 版本{'较旧' if older or not heads else '不同'}，数据包中没有写明版本号，本机是 {__version__} 版"
    if older:
        message = f"{what}由较旧版本的 BranchDesk 写出：{said}。请对方升级到与本机相同的版本后重新发出。"
    elif heads:
        message = f"{what}由较新版本的 BranchDesk 写出：{said}。请先把本机升级到与对方相同的版本，再接收。"
    else:
        message = f"{what}由不同版本的 BranchDesk 写出：{said}。请两边使用相同版本。"
    return PackageRefused("version", message + "已拒收，没有写入任何内容。", details)


def require_site(connection: Connection) -> Site:
    site = load_site(connection)
    if site is None:
        raise NotConfigured("本数据库还没有设置数据交换：党委请先“添加支部站点”，支部请先用党委给的设置文件“加入”。")
    return site


def choose_peer(connection: Connection, site: Site, to: str | None) -> Peer:
    peers = load_peers(connection)
    if to:
        for peer in peers:  # the branch's name as it is now, in any spelling of its brackets
            if to == peer.site_id or same_name(to, peer.name):
                return peer
        raise ServiceError(f"没有名为“{to}”的站点。已有：{'、'.join(p.name for p in peers) or '（无）'}")
    if len(peers) == 1:
        return peers[0]
    if not peers:
        raise ServiceError("还没有可交换的站点：请先添加支部站点。")
    raise ServiceError(f"有多个站点，请指定给哪一个（--to）：{'、'.join(p.name for p in peers)}")


def _safe(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_") or "站点"


def default_name(site: Site, peer: Peer, seq: int, part: int = 0, parts: int = 0) -> str:
    """`…_0005.bdpkg`; one of several packages of one 上报: `…_0005_第2个共3个.bdpkg` (numbered by the first)."""
    return f"{_safe(site.name)}_{direction_label('out', site.role)}_{_safe(peer.name)}_{seq:04d}{_part(part, parts)}{SUFFIX}"


def _part(part: int, parts: int) -> str:
    return f"_第{part}个共{parts}个" if parts > 1 else ""


def _targets(out: Path, site: Site, peer: Peer, first: int, parts: int) -> list[Path]:
    """Where each package goes: in a folder, named after both sites and the number; a file named by the
    user, as named — several packages beside it, each named with its place among them."""
    if out.is_dir():
        return [out / default_name(site, peer, first, k, parts) for k in range(1, parts + 1)]
    if parts == 1:
        return [out]
    suffix = out.suffix or SUFFIX
    return [out.with_name(f"{out.stem if out.suffix else out.name}{_part(k, parts)}{suffix}") for k in range(1, parts + 1)]


def _never_over_another(targets: list[Path]) -> None:
    """A package named by its number is never written over another one already in the folder (an
    earlier package of that number, not yet read by the other side, would be lost: TS-5)."""
    there = [t for t in targets if t.exists()]
    if there:
        raise ServiceError(f"文件夹中已经有数据包“{there[0].name}”，编号与这次要写出的相同。为免覆盖它，"
                           "这次没有写出任何数据包。请先确认对方已接收那个数据包并把它移走，或另选一个文件夹。")


def header_for(site: Site, peer: Peer, seq: int, base: int, kind: str = "package") -> dict[str, Any]:
    return {"kind": kind, "from": site.site_id, "from_name": site.name, "from_role": site.role,
            "to": peer.site_id, "to_name": peer.name, "seq": seq, "base": base, "ack": peer.received_seq,
            "created": datetime.now().isoformat(sep=" ", timespec="seconds"), "schema": schema(), "app": __version__,
            "sign_public": b64(site.keys.sign_public), "box_public": b64(site.keys.box_public)}


def export_package(db: Database, out: Path, to: str | None = None) -> ExportResult:
    """Write the next package for a peer (a branch: for the committee; the committee: for `to`).
    `out` may be a folder: the file is then named after both sites and the number."""
    out = Path(out)
    with db.session() as session:
        connection = session.connection()
        lock(connection)
        site = require_site(connection)
        peer = choose_peer(connection, site, to)
        if peer.box_public is None:
            raise ServiceError(f"“{peer.name}”还没有上报过数据包，本站点还不知道它的密钥，无法写给它。"
                               "请等它用设置文件加入并上报一次后再下发。")
        catch_up(connection, site)
        since = log.watermark(connection, peer.site_id, peer.acked_seq)
        outgoing = collect(connection, site, peer, since, files_later=True)  # (files read per package)
        # never a number written before, even by this PC before a restore took the database back (TS-5)
        first = max(peer.sent_seq, numbering.last_sent(site.site_id, peer.site_id)) + 1
        records = sum(outgoing.counts.values())
        tail = b"}"
        if site.role == SiteRole.BRANCH and peer.acked_seq == 0 and peer.join_token:
            # proves to the committee this is the site it set up (in each package of a split 上报)
            tail = b',"join_token":' + json.dumps(b64(peer.join_token)).encode("ascii") + b"}"
        # the receiver would refuse a package past its size: split, or nothing written (TR-3)
        planned = package_size.plan(site, peer, outgoing.units, records, tail,
                                    lambda unit: with_files(connection, unit), outgoing.shared)
        parts = len(planned.parts)
        clock = site.tick()  # grows even across a restore: tells a late old package from a new one
        targets = _targets(out, site, peer, first, parts)
        if out.is_dir():
            _never_over_another(targets)
        written: list[Path] = []
        sizes: list[int] = []
        try:
            for number in range(1, parts + 1):
                units = planned.units_of(number - 1)
                seq = first + number - 1
                header = header_for(site, peer, seq, peer.acked_seq)
                # which of the peer's packages numbered `ack` we merged: a different one of that number,
                # refused here (TS-5), is not taken as acknowledged by its sender (review rev6 R6-3)
                header["ack_digest"] = log.merged_digest_of(connection, peer.site_id, peer.received_seq)
                header["records"], header["clock"] = records, clock  # (one clock: the packages of one 上报)
                watermark = site.lseq
                if parts > 1:
                    header.update(part=number, parts=parts, first=first)
                    # this package's records with files get a local sequence of their own, after those
                    # of the packages before it: confirmed up to this one, the next 上报 leaves them out
                    watermark = site.next_lseq()
                    restamp(connection, planned.restamped(number - 1), watermark)
                # built piece by piece, each record's files read for its piece only (bounded memory)
                packed = pack(planned.pieces(number - 1))
                refused = package_size.refusal_of(site, peer, units, records, packed.over, packed.size)
                if refused is not None:  # the receiver's own measure, on what is sealed (planned to pass)
                    raise ServiceError(refused)
                sealed = seal_packed(header, packed, site.keys, peer.box_public)
                del packed
                written.append(log.write_atomically(targets[number - 1], sealed))
                sizes.append(len(sealed))
                digest = hashlib.sha256(sealed.signed)  # as the receiver names the file (envelope.Parsed)
                digest.update(sealed.signature)
                del sealed
                counts: dict[str, int] = {}
                for unit in units:
                    counts[unit["t"]] = counts.get(unit["t"], 0) + 1
                log.add(connection, peer_site_id=peer.site_id, direction=Direction.OUT, kind="package", seq=seq,
                        status=PackageStatus.SENT, base=peer.acked_seq, ack=peer.received_seq,
                        created_at=header["created"], file_name=targets[number - 1].name, units=len(units),
                        digest=digest.hexdigest(),
                        counts=counts, watermark=watermark,
                        note=f"第 {number} 个，共 {parts} 个（第 {first}–{first + parts - 1} 号）" if parts > 1 else "")
            peer.sent_seq = first + parts - 1
            save_peer(connection, peer)
            save_site(connection, site)
            numbering.remember_sent(site.site_id, peer.site_id, peer.sent_seq)
        except BaseException:
            for partial in written:
                partial.unlink(missing_ok=True)
            raise
    for partial, target in zip(written, targets, strict=True):
        os.replace(partial, target)  # only once the database says the packages exist
    return ExportResult(targets[0], peer.name, direction_label("out", site.role), first, peer.acked_seq,
                        outgoing.counts, outgoing.deletions, sum(sizes), outgoing.held_back, outgoing.not_sent,
                        files=tuple(targets), sizes=tuple(sizes))


def _refused(db: Database, exc: PackageRefused, path: Path, header: dict[str, Any], digest: str) -> ImportResult:
    """List the refusal (who sent what, and why) — in a transaction of its own; nothing of the
    package itself was written."""
    peer_id = str(header.get("from") or "")[:32]
    try:
        with db.session() as session:
            connection = session.connection()
            if load_site(connection) is not None:
                known = load_peer(connection, peer_id) if peer_id else None
                log.add(connection, peer_site_id=known.site_id if known else peer_id, direction=Direction.IN,
                        kind="package", seq=int(header.get("seq") or 0) if str(header.get("seq", "")).isdigit() else 0,
                        status=PackageStatus.REFUSED, created_at=str(header.get("created") or "")[:32],
                        file_name=path.name, digest=digest,
                        note=f"{exc}（{exc.details}）" if exc.details else str(exc))
    except Exception:  # noqa: BLE001 - the refusal is what the user must hear, not a failure to list it
        pass
    return ImportResult("refused", str(exc), sender=str(header.get("from_name") or ""), reason=exc.reason,
                        details=exc.details)


def import_package(db: Database, path: Path) -> ImportResult:
    """接收: merge a package from a peer, or refuse it with nothing written (a refusal is listed)."""
    path = Path(path)
    try:
        data = read_file(path)
    except OSError as exc:
        return ImportResult("refused", file_error(exc, path), reason="io")
    header: dict[str, Any] = {}
    digest = ""
    try:
        parsed = parse(data, PACKAGE_MAGIC)
        del data  # held by `parsed` until its content is out (Parsed.release)
        header, digest = parsed.header, parsed.digest
        with db.session() as session:
            result = _merge(session, parsed, path)
        return result
    except _AlreadyMerged as already:  # rolled back: nothing written
        return already.result
    except PackageRefused as exc:
        return _refused(db, exc, path, header, digest)


def _merge(session: Any, parsed: Any, path: Path) -> ImportResult:
    connection = session.connection()
    lock(connection)
    site = require_site(connection)
    header = parsed.header
    if header.get("to") != site.site_id:
        raise PackageRefused("foreign", f"这个数据包是写给“{header.get('to_name', '其他站点')}”的，不是本站点（{site.name}）。"
                                        "已拒收，没有写入任何内容。")
    peer = load_peer(connection, str(header.get("from") or ""))
    if peer is None or peer.retired_at is not None:
        raise PackageRefused("unknown", f"发出这个数据包的“{header.get('from_name', '未知站点')}”不是本站点登记的交换对象"
                                        "（签名密钥未登记或已停用）。已拒收，没有写入任何内容。")
    first_contact = peer.sign_public is None
    claimed = unb64(header.get("sign_public", ""), "签名密钥")
    if not first_contact and claimed != peer.sign_public:
        raise PackageRefused("signature", f"这个数据包不是用登记的“{peer.name}”密钥签发的（指纹不同）。"
                                          "已拒收，没有写入任何内容。如果对方换了电脑，请重新添加站点。")
    verify(parsed, peer.sign_public or claimed)
    try:
        seq, base, ack = int(header["seq"]), int(header["base"]), int(header["ack"])
    except (KeyError, TypeError, ValueError) as exc:
        raise PackageRefused("damaged", "数据包缺少编号，已拒收") from exc
    direction = direction_label("in", peer.role)
    if header.get("schema") != schema():
        raise version_refusal(header, "这个数据包")
    try:
        clock = int(header.get("clock") or 0)
    except (TypeError, ValueError) as exc:
        raise PackageRefused("damaged", "数据包的时钟信息不对，已拒收") from exc
    part = _part_of(parsed, seq)
    if log.merged_digest(connection, parsed.digest):
        waiting = _missing(connection, peer, part, clock)
        return ImportResult("already", f"{peer.name}的第 {seq} 号{direction}数据包{_place(part)}已经合并过"
                                       f"（已收到第 {peer.received_seq} 号），没有再写入任何内容。"
                                       + _still_missing(part, waiting, direction),
                            sender=peer.name, direction=direction, seq=seq, part=part.number if part else 0,
                            parts=part.count if part else 0, missing=waiting, first=part.first if part else 0)
    _refuse_a_second_number(connection, peer, seq, parsed.digest, path, header, direction)
    older = seq <= peer.received_seq
    if base > peer.received_seq:
        first, last = peer.received_seq + 1, base
        missing = f"第 {first} 号" if first == last else f"第 {first}–{last} 号"
        raise PackageRefused("missing", f"缺少{peer.name}的{missing}数据包：这个数据包（第 {seq} 号）建立在它们之上。"
                                        f"请先接收{missing}；找不到时请对方重新{direction}。已拒收，没有写入任何内容。")
    try:
        # the file's bytes go once its content is decrypted; the content is read record by record as it
        # is decompressed, never held whole, as bytes or as text (NOTE11, bounded memory)
        payload = open_package_content(parsed, site.keys.box_private)
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackageRefused("damaged", "数据包内容无法读取，已拒收") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("units"), list):
        raise PackageRefused("damaged", "数据包内容格式不对，已拒收")
    if first_contact:
        token = unb64(payload.get("join_token", ""), "加入凭据")
        if peer.join_token is None or not hmac.compare_digest(token, peer.join_token):
            raise PackageRefused("unknown", f"这个数据包不是用本站点为“{peer.name}”发出的设置文件加入的站点写的。已拒收。")
    # the sender's view of what it has from us is current unless this is an older package found late
    current = not older or clock > log.last_merged_clock(connection, peer.site_id)
    catch_up(connection, site)
    start = history_end(connection)
    provenance = f"{direction}数据包：{peer.name} 第{seq}号"
    session.info[HISTORY_USER] = f"{os_user()}（{provenance}）"[:100]
    merger = Merger(session, site, peer, seq)
    try:
        outcome = merger.run(payload["units"])
    except sa.exc.IntegrityError as exc:
        raise PackageRefused("database", f"数据包中的记录与本机的记录冲突，无法合并（{str(exc.orig)[:120]}）。"
                                         "已拒收，没有写入任何内容。") from exc
    lseq = site.next_lseq()
    finished = merger.finish(lseq)
    save_units(connection, finished)
    follow_owners(connection, finished, lseq)  # a member moved by the package takes their records along
    if older and not outcome.changed and not outcome.conflicts and not (current and ack != peer.acked_seq):
        raise _AlreadyMerged(ImportResult(
            "already", f"{peer.name}的第 {seq} 号{direction}数据包较旧，其内容已随第 {peer.received_seq} 号合并过，"
                       "没有再写入任何内容。", sender=peer.name, direction=direction, seq=seq))
    notes = [*outcome.notes, *leave_groups_of_branches_left(session, site, provenance)]  # (left_groups.py)
    end = history_end(connection)
    site.scanned_upto = end
    confirmed = 0
    if current and ack > peer.acked_seq and not _acks_ours(connection, peer, ack, header):
        peer.sent_seq = max(peer.sent_seq, ack)  # numbers go on after theirs; what we sent is sent again
        notes.append(f"{peer.name}收到的第 {ack} 号数据包不是本站点现在记录的第 {ack} 号（本站点的数据库恢复过备份），"
                     "下一个数据包会把之后的修改全部再发一次。")
    elif current and ack > peer.acked_seq:
        confirmed = log.confirm(connection, peer.site_id, ack)
        peer.acked_seq = ack
        peer.sent_seq = max(peer.sent_seq, ack)  # this database was restored: continue after what they have
    elif current and ack < peer.acked_seq:  # the other side lost packages of ours (restored from a backup)
        log.unconfirm(connection, peer.site_id, ack)
        peer.acked_seq = ack
        notes.append(f"{peer.name}只确认收到本站点的第 {ack} 号数据包（它的数据库可能恢复过备份），"
                     "下一个数据包会把之后的修改全部再发一次。")
    if first_contact:
        peer.sign_public, peer.box_public = claimed, unb64(header.get("box_public", ""), "加密密钥")
        peer.joined_at, peer.join_token = datetime.now(), None
    log.add(connection, peer_site_id=peer.site_id, direction=Direction.IN, kind="package", seq=seq,
            status=PackageStatus.MERGED, base=base, ack=ack, created_at=str(header.get("created", ""))[:32],
            file_name=path.name, digest=parsed.digest, units=len(payload["units"]), counts=outcome.applied,
            conflicts=len(outcome.conflicts), history=(start + 1, end) if end > start else None, watermark=clock,
            note="；".join([*([part_note(part.number, part.count)] if part else []), *notes])[:2000])
    # one of several packages of a 上报 carries only part of what changed since its base: received (and
    # confirmed to the sender in our next package) are the packages up to the first one still missing —
    # the sender's next 上报 carries the records with files of those after it again (export_package)
    waiting = _missing(connection, peer, part, clock)
    if part is None:
        peer.received_seq = max(peer.received_seq, seq)
    else:
        whole = (waiting[0] - 1) if waiting else part.count
        if whole:
            peer.received_seq = max(peer.received_seq, part.first + whole - 1)
    save_peer(connection, peer)
    save_site(connection, site)
    message = f"已合并{peer.name}的{direction}数据包 第 {seq} 号{_place(part)}。" + _still_missing(part, waiting, direction)
    if first_contact:
        message += f"这是“{peer.name}”的第一个数据包，已登记它的密钥，指纹 {peer.fingerprint}，请与对方电话核对。"
    return ImportResult("merged", message, sender=peer.name, direction=direction, seq=seq, counts=outcome.applied,
                        unchanged=outcome.unchanged, conflicts=len(outcome.conflicts), closed=outcome.closed,
                        confirmed=confirmed, notes=notes, conflict_gids=outcome.conflicts,
                        applied_gids=outcome.applied_gids, part=part.number if part else 0,
                        parts=part.count if part else 0, missing=waiting, first=part.first if part else 0)


def _acks_ours(connection: Connection, peer: Peer, ack: int, header: dict[str, Any]) -> bool:
    """Is the package the peer acknowledges as number `ack` the one we recorded with that number? Not
    when this database was restored and sent another package of that number, which the peer refused
    (TS-5): confirming it would leave every change in it unsent for ever (review rev6 R6-3). A header
    or a record from before digests were kept says nothing against it."""
    theirs = str(header.get("ack_digest") or "")
    ours = log.sent_digest(connection, peer.site_id, ack)
    return not theirs or not ours or hmac.compare_digest(theirs, ours)


def _refuse_a_second_number(connection: Connection, peer: Peer, seq: int, digest: str, path: Path,
                            header: dict[str, Any], direction: str) -> None:
    """A second, different package with a number already merged is refused, naming both: merged
    silently, both sides kept records the other did not have, and neither was told (TS-5)."""
    earlier = log.merged_with_number(connection, peer.site_id, seq, digest)
    if earlier is None:
        return
    when = f"{earlier.processed_at:%Y-%m-%d %H:%M}" if earlier.processed_at else "以前"
    raise PackageRefused(
        "same_number",
        f"{peer.name}的这个{direction}数据包“{path.name}”（{str(header.get('created') or '')[:16]} 写出）编号是第 {seq} 号，"
        f"但本站点已于 {when} 合并过{peer.name}的另一个第 {seq} 号数据包“{earlier.file_name}”"
        f"（{str(earlier.created_at or '')[:16]} 写出），两者内容不同。对方的数据库可能恢复过备份，或同一个台账在两台电脑上使用，"
        "两边的数据可能已经不一致。已拒收，没有写入任何内容。请与对方核对：对方用新版本重新"
        f"{direction}（编号会接着往下排），并说明第 {seq} 号中哪些修改已经撤销。")


@dataclass(frozen=True)
class _Part:
    """A package that is one of several of one 上报 (package_size.py): its place, how many, the first's number."""

    number: int
    count: int
    first: int


_MAX_PARTS = 999


def _part_of(parsed: Any, seq: int) -> _Part | None:
    header = parsed.header
    if "part" not in header and header.get("format") == FORMAT:
        return None
    try:
        part = _Part(int(header["part"]), int(header["parts"]), int(header["first"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise PackageRefused("damaged", "数据包缺少分包编号，已拒收") from exc
    if not (1 <= part.number <= part.count <= _MAX_PARTS and seq == part.first + part.number - 1):
        raise PackageRefused("damaged", "数据包的分包编号不对，已拒收")
    return part


def _missing(connection: Connection, peer: Peer, part: _Part | None, clock: int) -> tuple[int, ...]:
    """The packages of this one's 上报 not merged here yet (by their place: 1, 2 …)."""
    if part is None:
        return ()
    last = part.first + part.count - 1
    if last <= peer.received_seq:
        return ()  # received whole before (or superseded by a later 上报, which carried all of it)
    merged = log.merged_seqs(connection, peer.site_id, part.first, last, clock)
    return tuple(n for n in range(1, part.count + 1) if part.first + n - 1 not in merged)


def _place(part: _Part | None) -> str:
    return f"（第 {part.number} 个，共 {part.count} 个）" if part else ""


def _still_missing(part: _Part | None, missing: tuple[int, ...], direction: str) -> str:
    if part is None:
        return ""
    if not missing:
        return f"这次{direction}的 {part.count} 个数据包都已接收。"
    numbers = "、".join(str(n) for n in missing)
    return (f"这次{direction}共 {part.count} 个数据包，还差第 {numbers} 个：请也接收（顺序不限）。"
            f"找不到时，对方下次{direction}会重新带上本站点没有确认收到的部分。")
