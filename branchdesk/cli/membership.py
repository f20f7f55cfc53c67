"""`branchdesk member`: the dated membership records the checks read (issue 16) — a move between the
school's branches on a date (支部调整), a relation transferred in (转入, from which organisation), a member who left the school while the 组织关系 stays here
(离开本单位), and 党纪处分 (留党察看 bars a member from being an 入党介绍人). `undo-move` takes back the
member's latest 支部调整 saved by mistake, under the same rules as the window (member_events.py)."""

from __future__ import annotations

import argparse

from branchdesk.cli.common import open_db
from branchdesk.cli.console import say
from branchdesk.db.engine import Database
from branchdesk.domain.text import NameMap
from branchdesk.domain.vocabulary import DisciplineKind, OrgKind
from branchdesk.services.dues.records import record_transfer_in
from branchdesk.services.errors import ServiceError
from branchdesk.services.roster.member_events import delete_branch_move
from branchdesk.services.roster.membership import (
    list_branch_moves,
    mark_left_unit,
    move_branch,
    record_discipline,
)
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.services.roster.records import list_members


def _member_id(db: Database, args: argparse.Namespace) -> int | None:
    members = [m for m in list_members(db) if (args.id is not None and m.id == args.id)
               or (args.id is None and m.name == (args.name or "").strip())]
    if len(members) == 1:
        return members[0].id
    if not members:
        say(f"党员名册中没有“{args.name or args.id}”")
    else:
        say(f"名册中有 {len(members)} 名“{args.name}”，请用 --id 指定：" +
            "；".join(f"{m.id}（{m.branch}）" for m in members))
    return None


def member(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        member_id = _member_id(db, args)
        if member_id is None:
            return 1
        if args.action == "undo-move":
            moves = list_branch_moves(db, member_id)
            if not moves:
                say("这名党员没有可撤销的支部调整")
                return 1
            latest = moves[-1]
            back = delete_branch_move(db, latest.id)
            say(f"已撤销 {latest.on:%Y-%m-%d} 调整到“{latest.to_branch}”的记录；党员回到“{back}”。")
            return 0
        if args.on is None:
            say("请用 --on 指定日期")
            return 2
        if args.action == "move":
            branches = NameMap((o.name, o.id) for o in list_orgs(db, OrgKind.BRANCH))  # by name_key
            if not args.to:
                say("请用 --to 指定调入的党支部")
                return 2
            if args.to not in branches:
                say(f"没有名为“{args.to}”的党支部")
                return 1
            move_branch(db, member_id, branches[args.to], args.on, args.reason or "")
            say(f"已记录 {args.on:%Y-%m-%d} 调整到“{args.to}”；此前的签到表、表决和谈心谈话仍按原支部计。")
        elif args.action == "transfer-in":
            if not (args.where or "").strip():
                say("请用 --where 写明组织关系从哪个党组织转来")
                return 2
            record_transfer_in(db, member_id, args.on, args.where, args.reason or "")
            say(f"已记录 {args.on:%Y-%m-%d} 组织关系由“{args.where}”转入。")
        elif args.action == "left-unit":
            mark_left_unit(db, member_id, args.on, args.where or "", args.reason or "")
            say(f"已记录 {args.on:%Y-%m-%d} 离开本单位；组织关系转出后请登记转出。")
        else:
            if not args.kind:
                say("请用 --kind 指定处分种类：" + "、".join(k.value for k in DisciplineKind))
                return 2
            record = record_discipline(db, member_id, DisciplineKind(args.kind), args.on, args.until, args.reason or "")
            say(f"已记录 {record.decided_on:%Y-%m-%d} {record.kind}" +
                (f"（{record.ends_on:%Y-%m-%d} 恢复党员权利）" if record.ends_on else "") + "。")
    except ServiceError as exc:
        say(str(exc))
        return 1
    finally:
        db.close()
    return 0
