"""Setting up the exchange: this installation's site and keys, a branch site added by the committee
(its set-up file), and a branch's PC joining with that file.

The committee becomes a site the first time it adds a branch; the branch becomes one when it joins.
Both generate their key pair then (Ed25519 to sign, X25519 to receive). Every record already in the
database becomes known to the exchange at that moment, as changed here.

Trust: the set-up file carries the committee's public keys and the branch's identity, encrypted
under the set-up code and signed by the committee; both screens show the committee's fingerprint
so the two secretaries compare it by phone. The branch's keys reach the committee in the branch's
first package, which must carry the random join token from the set-up file: only the holder of
that file (and its code) can introduce itself as that branch.
"""

from __future__ import annotations

import json
import os
import secrets
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from branchdesk.db.engine import Database
from branchdesk.db.global_ids import GID_COLUMN
from branchdesk.db.history import HISTORY_USER, os_user
from branchdesk.db.queries import find_branch, get_setting, top_organisation
from branchdesk.domain.exchange.vocabulary import Direction, PackageStatus, SiteRole
from branchdesk.domain.file_errors import file_error
from branchdesk.services.errors import ServiceError
from branchdesk.services.exchange import log
from branchdesk.services.exchange.changes import catch_up, history_end
from branchdesk.services.exchange.envelope import (
    SETUP_MAGIC,
    KeyPair,
    PackageRefused,
    b64,
    fingerprint,
    new_setup_code,
    open_setup,
    parse,
    read_file,
    seal_setup,
    unb64,
    verify,
)
from branchdesk.services.exchange.merge import Merger
from branchdesk.services.exchange.outgoing import collect
from branchdesk.services.exchange.owners import Owners
from branchdesk.services.exchange.package_size import refusal
from branchdesk.services.exchange.packages import header_for, schema, version_refusal
from branchdesk.services.exchange.results import JoinResult, SetupPreview, SetupResult
from branchdesk.services.exchange.state import (
    Peer,
    Site,
    Unit,
    insert_peer,
    insert_site,
    load_peers,
    load_site,
    lock,
    save_peer,
    save_site,
    save_units,
)
from branchdesk.services.exchange.tables import registry

SETUP_SUFFIX = ".bdsetup"


def key_storage(db: Database) -> str:
    """Where this site's private keys are, said plainly."""
    if db.path is None:
        return "本站点的私钥保存在共享数据库服务器中，受服务器账户和权限保护。"
    if db.encrypted:
        return "本站点的私钥保存在已加密的数据库中，与数据一样受数据库密码保护。"
    return ("注意：本数据库没有加密，本站点的私钥以明文保存在数据库文件中，拿到这个文件的人可以冒用本站点签发数据包。"
            "建议在“设置 → 数据加密”中启用加密。")


def _new_site(connection: Connection, role: SiteRole, name: str, branch_gid: str | None,
              site_id: str | None = None) -> Site:
    """Make this database a site: keys, and every existing record known as changed here."""
    site = Site(site_id or uuid.uuid4().hex, name[:100], role.value, branch_gid, KeyPair.generate(), 0, 0, 0,
                datetime.now())
    counter, lseq = site.tick(), site.next_lseq()
    owners = Owners(connection)
    units: list[Unit] = []
    for table in registry().values():
        if table.parent is not None:
            continue
        for row in connection.execute(sa.select(*table.table.c)).mappings():
            values = dict(row)
            units.append(Unit(values[GID_COLUMN], table.name, {site.site_id: counter}, lseq,
                              owner=owners.owner_of_row(table, values)))
    save_units(connection, units)
    site.scanned_upto = history_end(connection)
    insert_site(connection, site)
    return site


def _committee_name(connection: Connection, session: Any) -> str:
    top = top_organisation(session)
    if top is not None:
        return top.name
    return get_setting(session, "school_name") or "党委"


def add_site(db: Database, branch: str, out: Path, *, replace: bool = False) -> SetupResult:
    """添加支部站点: on the committee's database, write the set-up file for one 党支部."""
    out = Path(out)
    with db.session() as session:
        connection = session.connection()
        lock(connection)
        site = load_site(connection)
        if site is not None and site.role != SiteRole.COMMITTEE:
            raise ServiceError(f"本数据库是支部站点（{site.name}），只有党委的数据库可以添加支部站点。")
        org = find_branch(session, branch)
        if org is None:
            raise ServiceError(f"找不到党支部“{branch}”，请先在“组织与党员”中建立，或检查名称。")
        if site is None:
            site = _new_site(connection, SiteRole.COMMITTEE, _committee_name(connection, session), None)
        else:
            catch_up(connection, site)
        for peer in load_peers(connection):
            if peer.branch_gid == org.gid:
                if not replace:
                    state = "已连通" if peer.joined_at else "尚未首次上报"
                    raise ServiceError(f"“{org.name}”已添加过站点（{state}）。支部换了电脑或设置文件丢失时，"
                                       "请选择“重新添加”（旧站点随即停用，它之后写的数据包会被拒收）。")
                peer.retired_at = datetime.now()
                save_peer(connection, peer)
        peer = Peer(uuid.uuid4().hex, org.name, SiteRole.BRANCH.value, org.gid, None, None, secrets.token_bytes(32),
                    1, 0, 0, datetime.now(), None, None)
        insert_peer(connection, peer)
        outgoing = collect(connection, site, peer, 0, whole=True)
        header = header_for(site, peer, 1, 0, kind="setup")
        header["branch_gid"] = org.gid
        payload = {"units": outgoing.units, "join_token": b64(peer.join_token or b""),
                   "site": {"site_id": peer.site_id, "name": peer.name, "branch_gid": org.gid}}
        content = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        refused = refusal(site, peer, outgoing.units, sum(outgoing.counts.values()), content, setup=True)
        if refused is not None:  # the branch would refuse it: nothing written, no site added (TR-3)
            raise ServiceError(refused)
        code = new_setup_code()
        data = seal_setup(header, content, site.keys, code)
        del content
        target = out / f"{org.name}{SETUP_SUFFIX}" if out.is_dir() else out
        partial = log.write_atomically(target, data)
        try:
            log.add(connection, peer_site_id=peer.site_id, direction=Direction.OUT, kind="setup", seq=1,
                    status=PackageStatus.SENT, created_at=header["created"], file_name=target.name,
                    units=len(outgoing.units), counts=outgoing.counts, watermark=site.lseq)
            save_site(connection, site)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, target)
    return SetupResult(target, org.name, code, site.fingerprint, outgoing.counts, outgoing.held_back)


def preview_setup(path: Path) -> SetupPreview:
    """What a set-up file says about itself (before the code is entered), to compare by phone."""
    parsed = _read_setup(path)
    header = parsed.header
    return SetupPreview(str(header.get("from_name", "")), str(header.get("to_name", "")),
                        fingerprint(unb64(header.get("sign_public", ""), "密钥"), unb64(header.get("box_public", ""), "密钥")),
                        str(header.get("created", "")))


def _read_setup(path: Path) -> Any:
    try:
        data = read_file(Path(path))
    except OSError as exc:
        raise PackageRefused("io", file_error(exc, path)) from exc
    parsed = parse(data, SETUP_MAGIC)
    verify(parsed, unb64(parsed.header.get("sign_public", ""), "签名密钥"))
    return parsed


def join(db: Database, setup: Path, code: str) -> JoinResult:
    """加入: make this database the branch site the set-up file describes, holding what it carries."""
    parsed = _read_setup(Path(setup))
    header = parsed.header
    payload = json.loads(open_setup(parsed, code).decode("utf-8"))
    committee_keys = (unb64(header.get("sign_public", ""), "密钥"), unb64(header.get("box_public", ""), "密钥"))
    if header.get("schema") != schema():
        raise version_refusal(header, "这个设置文件")
    info = payload.get("site") or {}
    with db.session() as session:
        connection = session.connection()
        lock(connection)
        existing = load_site(connection)
        if existing is not None:
            raise ServiceError(f"这个数据库已经是数据交换站点（{existing.name}），不能再加入。"
                               "请为支部新建一个数据库文件再加入。")
        site = _new_site(connection, SiteRole.BRANCH, str(info.get("name") or header.get("to_name") or "党支部"),
                         str(info.get("branch_gid") or header.get("branch_gid")), site_id=str(header["to"]))
        committee = Peer(str(header["from"]), str(header.get("from_name", "党委"))[:100], SiteRole.COMMITTEE.value,
                         None, committee_keys[0], committee_keys[1], unb64(payload.get("join_token", ""), "加入凭据"),
                         0, 0, 1, datetime.now(), datetime.now(), None)
        insert_peer(connection, committee)
        start = history_end(connection)
        session.info[HISTORY_USER] = f"{os_user()}（下发设置文件：{committee.name}）"[:100]
        merger = Merger(session, site, committee, 1, committee_wins=True)
        outcome = merger.run(payload.get("units") or [])
        save_units(connection, merger.finish(site.next_lseq()))
        end = history_end(connection)
        site.scanned_upto = end
        log.add(connection, peer_site_id=committee.site_id, direction=Direction.IN, kind="setup", seq=1,
                status=PackageStatus.MERGED, created_at=str(header.get("created", ""))[:32],
                file_name=Path(setup).name, digest=parsed.digest, units=len(payload.get("units") or []),
                counts=outcome.applied, conflicts=len(outcome.conflicts),
                history=(start + 1, end) if end > start else None)
        save_site(connection, site)
    return JoinResult(site.name, committee.name, committee.fingerprint, site.fingerprint, outcome.applied,
                      len(outcome.conflicts), outcome.notes, key_storage(db))
