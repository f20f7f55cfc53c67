"""`branchdesk member`: the dated membership records the checks read (issue 16) — a move between the
school's branches on a date (支部调整, into one of its 党小组 if named), a relation transferred in (转入,
from which organisation), a member who left the school while the 组织关系 stays here (离开本单位), and
党纪处分 (留党察看 bars a member from being an 入党介绍人).

`list` prints what is recorded with each record's number; `--record N` corrects that record instead of
adding one (what is not given keeps its saved value — typically `discipline --record N --until DAY`
when a 留党察看 ends). `undo-move` takes back the member's latest 支部调整 saved by mistake. Every rule
is the service's, the same as in the window (membership.py, member_events.py)."""

from __future__ import annotations

import argparse

from branchdesk.cli.common import open_db
from branchdesk.cli.console import say
from branchdesk.db.engine import Database
from branchdesk.domain.roster.event_lines import branch_move_line, discipline_line, unit_move_line
from branchdesk.domain.text import NameMap
from branchdesk.domain.vocabulary import DisciplineKind, MoveKind, OrgKind
from branchdesk.services.dues.records import record_transfer_in
from branchdesk.services.errors import ServiceError
from branchdesk.services.roster.member_events import (
    UNIT_LISTED,
    correct_branch_move,
    correct_discipline,
    correct_unit_move,
    delete_branch_move,
    list_unit_moves,
)
from branchdesk.services.roster.membership import (
    list_branch_moves,
    list_discipline,
    mark_left_unit,
    mark_returned_unit,
    move_branch,
    record_discipline,
)
from branchdesk.services.roster.not_expected import (
    correct_not_expected,
    list_not_expected,
    record_not_expected,
)
from branchdesk.services.roster.organisation import list_orgs
from branchdesk.services.roster.records import list_members

UNIT_WORDS = {"transfer-in": MoveKind.TRANSFER_IN, "left-unit": MoveKind.LEFT_UNIT,
              "returned-unit": MoveKind.RETURNED_UNIT}
# the options each action reads; any other given is refused rather than silently ignored
OPTIONS = {"move": ("on", "to", "group", "reason", "record"), "transfer-in": ("on", "where", "reason", "record"),
           "left-unit": ("on", "where", "reason", "record"), "returned-unit": ("on", "where", "reason", "record"),
           "discipline": ("on", "kind", "until", "no_until", "reason", "record"),
           "not-expected": ("on", "until", "no_until", "why", "approved_on", "approved_by", "reason", "record"),
           "undo-move": (), "list": ()}
SPELLING = {"no_until": "--no-until", "approved_on": "--approved-on", "approved_by": "--approved-by"}


class Refused(Exception):
    """What the user must add or change, said once; the exit code says whether it was the command line."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _member_id(db: Database, args: argparse.Namespace) -> int:
    """The member named (or numbered), also one no longer on the roster: their records are history that
    may still need correcting."""
    if args.id is None and not (args.name or "").strip():
        raise Refused("请用 --name 或 --id 指定党员", 2)
    members = [m for m in list_members(db, include_left=True) if (args.id is not None and m.id == args.id)
               or (args.id is None and m.name == args.name.strip())]
    if len(members) == 1:
        return members[0].id
    if not members:
        raise Refused(f"没有编号为 {args.id} 的党员" if args.id is not None else f"党员名册中没有“{args.name}”")
    raise Refused(f"名册中有 {len(members)} 名“{args.name}”，请用 --id 指定：" +
                  "；".join(f"{m.id}（{m.branch}{'，' + m.status if m.status != '在册' else ''}）" for m in members))


def _unused_options(args: argparse.Namespace) -> None:
    wanted = OPTIONS[args.action]
    given = [name for name in ("on", "to", "group", "where", "kind", "until", "no_until", "why", "approved_on",
                               "approved_by", "reason", "record")
             if getattr(args, name) not in (None, False) and name not in wanted]
    if given:
        names = "、".join(SPELLING.get(n, f"--{n}") for n in given)
        raise Refused(f"{args.action} 不用 {names}", 2)


def _list(db: Database, member_id: int) -> None:
    lines = [f"#{m.id}  支部调整 {branch_move_line(m.on, m.from_branch, m.to_branch, m.reason)}"
             for m in list_branch_moves(db, member_id)]
    lines += [f"#{m.id}  {unit_move_line(m.on, m.kind, m.counterpart, m.reason)}"
              for m in list_unit_moves(db, member_id, UNIT_LISTED)]
    lines += [f"#{r.id}  党纪处分 {discipline_line(r.decided_on, r.kind, r.ends_on, r.reason)}"
              for r in list_discipline(db, member_id)]
    lines += [f"#{r.id}  {r.line}" for r in list_not_expected(db, member_id)]
    say("\n".join(lines) if lines else "这名党员没有登记支部调整、转入、离开本单位、党纪处分或不计入应到会")


def _undo_move(db: Database, member_id: int) -> None:
    moves = list_branch_moves(db, member_id)
    if not moves:
        raise Refused("这名党员没有可撤销的支部调整")
    latest = moves[-1]
    back = delete_branch_move(db, latest.id)
    say(f"已撤销 {latest.on:%Y-%m-%d} 调整到“{latest.to_branch}”的记录；党员回到“{back}”。")


def _move(db: Database, member_id: int, args: argparse.Namespace) -> None:
    if args.record is not None:  # a date or reason mistyped; a wrong branch is undone and entered again
        if args.to or args.group:
            raise Refused("修改支部调整只能改日期和原因；调错了支部，请用 undo-move 撤销后重新登记", 2)
        move = next((m for m in list_branch_moves(db, member_id) if m.id == args.record), None)
        if move is None:
            raise Refused(f"这名党员没有编号为 {args.record} 的支部调整（编号见 member list）")
        on = args.on or move.on
        correct_branch_move(db, move.id, on, move.reason if args.reason is None else args.reason)
        say(f"已修改：{on:%Y-%m-%d} 调整到“{move.to_branch}”。")
        return
    if args.on is None:
        raise Refused("请用 --on 指定日期", 2)
    if not args.to:
        raise Refused("请用 --to 指定调入的党支部", 2)
    orgs = list_orgs(db)
    branches = NameMap((o.name, o.id) for o in orgs if o.kind == OrgKind.BRANCH.value)  # by name_key
    if args.to not in branches:
        raise Refused(f"没有名为“{args.to}”的党支部")
    to_branch = branches[args.to]
    group_id = None
    if args.group:
        groups = NameMap((o.name, o.id) for o in orgs if o.kind == OrgKind.GROUP.value and o.parent_id == to_branch)
        if args.group not in groups:
            raise Refused(f"“{args.to}”下没有名为“{args.group}”的党小组")
        group_id = groups[args.group]
    move_branch(db, member_id, to_branch, args.on, args.reason or "", group_id=group_id)
    into = f"“{args.to}”" + (f"“{args.group}”" if args.group else "")
    say(f"已记录 {args.on:%Y-%m-%d} 调整到{into}；此前的签到表、表决和谈心谈话仍按原支部计。")


def _unit(db: Database, member_id: int, args: argparse.Namespace) -> None:
    kind = UNIT_WORDS[args.action]
    if args.record is not None:
        move = next((m for m in list_unit_moves(db, member_id, frozenset({kind.value})) if m.id == args.record), None)
        if move is None:
            raise Refused(f"这名党员没有编号为 {args.record} 的{kind.value}记录（编号见 member list）")
        on = args.on or move.on
        where = move.counterpart if args.where is None else args.where
        correct_unit_move(db, move.id, on, where, move.reason if args.reason is None else args.reason)
        say(f"已修改：{on:%Y-%m-%d} {kind.value}" + (f"  {where.strip()}" if where.strip() else "") + "。")
        return
    if args.on is None:
        raise Refused("请用 --on 指定日期", 2)
    if kind is MoveKind.TRANSFER_IN:
        if args.where is None:  # the option missing; what it says is the service's to judge
            raise Refused("请用 --where 写明组织关系从哪个党组织转来", 2)
        record_transfer_in(db, member_id, args.on, args.where, args.reason or "")
        say(f"已记录 {args.on:%Y-%m-%d} 组织关系由“{args.where}”转入。")
    elif kind is MoveKind.RETURNED_UNIT:
        mark_returned_unit(db, member_id, args.on, args.where or "", args.reason or "")
        say(f"已记录 {args.on:%Y-%m-%d} 回到本单位；离开期间中止的结对帮扶不恢复，需要时请重新结对。")
    else:
        mark_left_unit(db, member_id, args.on, args.where or "", args.reason or "")
        say(f"已记录 {args.on:%Y-%m-%d} 离开本单位；组织关系转出后请登记转出。")


def _discipline(db: Database, member_id: int, args: argparse.Namespace) -> None:
    if args.record is not None:
        saved = next((r for r in list_discipline(db, member_id) if r.id == args.record), None)
        if saved is None:
            raise Refused(f"这名党员没有编号为 {args.record} 的党纪处分（编号见 member list）")
        if args.until is not None and args.no_until:
            raise Refused("--until 和 --no-until 只能用一个", 2)
        ends = None if args.no_until else args.until or saved.ends_on
        record = correct_discipline(db, saved.id, DisciplineKind(args.kind or saved.kind), args.on or saved.decided_on,
                                    ends, saved.reason if args.reason is None else args.reason)
        verb = "已修改："
    else:
        if args.on is None:
            raise Refused("请用 --on 指定日期", 2)
        if not args.kind:
            raise Refused("请用 --kind 指定处分种类：" + "、".join(k.value for k in DisciplineKind), 2)
        if args.no_until:
            raise Refused("--no-until 只用于修改（--record）", 2)
        record = record_discipline(db, member_id, DisciplineKind(args.kind), args.on, args.until, args.reason or "")
        verb = "已记录 "
    say(f"{verb}{record.decided_on:%Y-%m-%d} {record.kind}" +
        (f"（{record.ends_on:%Y-%m-%d} 恢复党员权利）" if record.ends_on else "") + "。")


def _not_expected(db: Database, member_id: int, args: argparse.Namespace) -> None:
    """不计入应到会 with approval (VOTE-WHO): new sign-in sheets within the span list the member so."""
    if args.until is not None and args.no_until:
        raise Refused("--until 和 --no-until 只能用一个", 2)
    if args.record is not None:
        saved = next((r for r in list_not_expected(db, member_id) if r.id == args.record), None)
        if saved is None:
            raise Refused(f"这名党员没有编号为 {args.record} 的不计入应到会记录（编号见 member list）")
        span = correct_not_expected(
            db, saved.id, args.on or saved.starts_on, args.why or saved.reason, args.approved_on or saved.approved_on,
            saved.approved_by if args.approved_by is None else args.approved_by,
            ends_on=None if args.no_until else args.until or saved.ends_on,
            detail=saved.detail if args.reason is None else args.reason)
        say(f"已修改：{span.line}。")
        return
    if args.no_until:
        raise Refused("--no-until 只用于修改（--record）", 2)
    span = record_not_expected(db, member_id, args.on, args.why or "", args.approved_on, args.approved_by or "",
                               ends_on=args.until, detail=args.reason or "")
    say(f"已记录 {span.line}。此后新建的会议签到表会把他列为“不计入应到”。")


def member(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        _unused_options(args)
        if args.record is not None and not any(
                getattr(args, n) not in (None, False) for n in OPTIONS[args.action] if n != "record"):
            raise Refused("没有要修改的内容：请给出要改的项（" + "、".join(
                SPELLING.get(n, f"--{n}") for n in OPTIONS[args.action] if n != "record") + "）", 2)
        member_id = _member_id(db, args)
        if args.action == "list":
            _list(db, member_id)
        elif args.action == "undo-move":
            _undo_move(db, member_id)
        elif args.action == "move":
            _move(db, member_id, args)
        elif args.action in UNIT_WORDS:
            _unit(db, member_id, args)
        elif args.action == "not-expected":
            _not_expected(db, member_id, args)
        else:
            _discipline(db, member_id, args)
    except Refused as exc:
        say(str(exc))
        return exc.code
    except ServiceError as exc:
        say(str(exc))
        return 1
    finally:
        db.close()
    return 0
