"""`branchdesk package …` (数据包, issue 20): the same steps as 设置 → 数据交换.

    branchdesk package add-site BRANCH --out SETUP_FILE [--replace]   党委: a branch's set-up file
    branchdesk package join SETUP_FILE --db FILE [--code CODE]        支部: join with it
    branchdesk package export [--to SITE] --out FILE|FOLDER           上报 / 下发
    branchdesk package import FILE                                    接收
    branchdesk package status [--conflicts]                           sites, packages, conflicts
    branchdesk package resolve ID --keep local|remote                 decide one conflict

Exit status: 0 done; 1 refused or failed (nothing written); 2 conflicts remain to be resolved.
The set-up code is asked without echo (or read from BRANCHDESK_SETUP_CODE / --code in scripts).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from branchdesk.cli.common import open_db, out_folder, secret
from branchdesk.cli.console import say
from branchdesk.db.engine import Database
from branchdesk.services import session
from branchdesk.services.errors import ServiceError
from branchdesk.services.exchange import records as exchange

CODE_ENV = "BRANCHDESK_SETUP_CODE"
REFUSED, CONFLICTS = 1, 2


def _code(args: argparse.Namespace, preview: exchange.SetupPreview) -> str:
    if args.code:
        return str(args.code)
    if os.environ.get(CODE_ENV):
        return os.environ[CODE_ENV]
    say(f"设置文件：{preview.committee} → {preview.branch}（{preview.created}）")
    say(f"党委密钥指纹：{preview.fingerprint}  请与党委电话核对，一致再继续。")
    return secret(CODE_ENV, "设置码（20 位数字，输入时不显示）：")


def run(args: argparse.Namespace) -> int:
    action = args.action
    if action == "join":
        setup = Path(args.setup)
        try:
            preview = exchange.preview_setup(setup)
            code = _code(args, preview)
        except ServiceError as exc:
            say(f"无法加入：{exc}")
            return REFUSED
        db = session.open(args.db)
        try:
            result = exchange.join(db, setup, code)
        except ServiceError as exc:
            say(f"无法加入：{exc}")
            return REFUSED
        finally:
            db.close()
        say(result.to_text())
        return CONFLICTS if result.conflicts else 0
    db = open_db(args)
    try:
        return _run(db, args)
    except ServiceError as exc:
        say(str(exc))
        return REFUSED
    finally:
        db.close()


def _run(db: Database, args: argparse.Namespace) -> int:
    action = args.action
    if action == "add-site":
        say(exchange.add_site(db, args.branch, _out(args.out), replace=args.replace).to_text())
        return 0
    if action == "export":
        say(exchange.export_package(db, _out(args.out), to=args.to).to_text())
        return 0
    if action == "import":
        result = exchange.import_package(db, Path(args.file))
        say(result.to_text())
        if result.status == "refused":
            return REFUSED
        return CONFLICTS if _open_conflicts(db) else 0
    if action == "resolve":
        say(exchange.resolve_conflict(db, args.id, args.keep))
        return CONFLICTS if _open_conflicts(db) else 0
    status = exchange.exchange_status(db)
    say(status.to_text())
    for entry in status.packages[:10]:
        say(f"  {entry.when:%Y-%m-%d %H:%M} {entry.direction} {'给' if entry.outgoing else '来自'}{entry.peer} "
            f"第 {entry.seq} 号{entry.kind}：{entry.records} 条，{entry.status}" + (f"（{entry.note}）" if entry.note else ""))
    if args.conflicts or status.open_conflicts:
        for view in exchange.list_conflicts(db, masked=not getattr(args, "unmasked", False)):
            say(f"冲突 {view.id}：{view.label}（{view.kind}，来自{view.peer}第 {view.package_seq} 号数据包）")
            say(f"  本机：{view.local_changed}；对方：{view.remote_changed}")
            for diff in view.differing if not args.conflicts else view.fields:
                mark = "≠" if diff.differs else "="
                say(f"  {diff.field}：本机 {diff.local} {mark} 对方 {diff.remote}")
        if status.open_conflicts:
            say("处理：branchdesk package resolve 编号 --keep local（保留本机）或 --keep remote（采用对方）")
    if not status.configured:
        return REFUSED
    if status.open_conflicts:
        return CONFLICTS
    return 0 if status.ok else REFUSED


def _out(raw: str) -> Path:
    """--out: a file, or a folder (ending in "/" or "\\", made if need be) for the file's usual name."""
    return out_folder(raw, ServiceError) or Path(raw)


def _open_conflicts(db: Database) -> int:
    return len(exchange.list_conflicts(db))
