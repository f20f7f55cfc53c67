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
from collections.abc import Callable
from pathlib import Path
from typing import Any

Print = Callable[[str], None]
CODE_ENV = "BRANCHDESK_SETUP_CODE"
REFUSED, CONFLICTS = 1, 2


def add_parser(sub: argparse._SubParsersAction, common: Callable[[argparse.ArgumentParser], None],  # type: ignore[type-arg]
               handler: Callable[[argparse.Namespace], int]) -> None:
    top = sub.add_parser("package", help="数据包：党委与各支部之间用文件交换数据（上报 / 下发）")
    actions = top.add_subparsers(dest="action", required=True)
    p = actions.add_parser("add-site", help="党委：添加支部站点，写出给该支部的设置文件")
    p.add_argument("branch", help="党支部名称")
    p.add_argument("--out", required=True, help="设置文件（或文件夹）")
    p.add_argument("--replace", action="store_true", help="支部换了电脑或设置文件丢失：停用旧站点，重新添加")
    common(p)
    p = actions.add_parser("join", help="支部：用党委给的设置文件加入数据交换")
    p.add_argument("setup", help="设置文件（.bdsetup）")
    p.add_argument("--code", help="设置码（不填则提示输入，输入时不显示）")
    common(p)
    p = actions.add_parser("export", help="写出数据包（支部：上报；党委：下发）")
    p.add_argument("--to", help="给哪个站点（党委有多个支部站点时必填：支部名称）")
    p.add_argument("--out", required=True, help="数据包文件（.bdpkg）或文件夹")
    common(p)
    p = actions.add_parser("import", help="接收数据包并合并")
    p.add_argument("file", help="数据包文件（.bdpkg）")
    common(p)
    p = actions.add_parser("status", help="本站点、对方站点、数据包和待处理的冲突")
    p.add_argument("--conflicts", action="store_true", help="逐条列出冲突的两个版本")
    common(p)
    p = actions.add_parser("resolve", help="处理一条冲突")
    p.add_argument("id", type=int, help="冲突编号（package status --conflicts 可列出）")
    p.add_argument("--keep", required=True, choices=("local", "remote"), help="local 保留本机版本；remote 采用对方版本")
    common(p)
    for parser in (top, *actions.choices.values()):
        parser.set_defaults(func=handler)


def _code(args: argparse.Namespace, preview: Any, say: Print) -> str:
    if args.code:
        return str(args.code)
    if os.environ.get(CODE_ENV):
        return os.environ[CODE_ENV]
    from branchdesk.services.encryption_cli import secret

    say(f"设置文件：{preview.committee} → {preview.branch}（{preview.created}）")
    say(f"党委密钥指纹：{preview.fingerprint}  请与党委电话核对，一致再继续。")
    return secret(CODE_ENV, "设置码（20 位数字，输入时不显示）：")


def run(args: argparse.Namespace, say: Print) -> int:
    from branchdesk.services import session
    from branchdesk.services.errors import ServiceError
    from branchdesk.services.exchange import records as exchange

    action = args.action
    if action == "join":
        setup = Path(args.setup)
        try:
            preview = exchange.preview_setup(setup)
            code = _code(args, preview, say)
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
    db = _existing(args)
    try:
        return _run(db, args, say)
    except ServiceError as exc:
        say(str(exc))
        return REFUSED
    finally:
        db.close()


def _existing(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from branchdesk.db.migrate import DatabaseOpenError
    from branchdesk.services import session

    if args.db and "://" not in args.db and not Path(args.db).expanduser().exists():
        raise DatabaseOpenError(f"找不到数据库文件“{args.db}”，请检查 --db 的路径")
    return session.open(args.db)


def _run(db, args: argparse.Namespace, say: Print) -> int:  # type: ignore[no-untyped-def]
    from branchdesk.services.exchange import records as exchange

    action = args.action
    if action == "add-site":
        say(exchange.add_site(db, args.branch, Path(args.out), replace=args.replace).to_text())
        return 0
    if action == "export":
        say(exchange.export_package(db, Path(args.out), to=args.to).to_text())
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
        for view in exchange.list_conflicts(db):
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


def _open_conflicts(db) -> int:  # type: ignore[no-untyped-def]
    from branchdesk.services.exchange import records as exchange

    return len(exchange.list_conflicts(db))
