"""Reads shared by the chapters of one report: inside a read-only snapshot (session.snapshot) the
database cannot change, so a table several chapters need — the roster, read by 基本情况, 发展党员 and
the membership figures — is read once and handed to each. Outside a snapshot nothing is kept: a
session that saves must see its own writes on the next read."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.queries import get_setting
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.roster.membership import BranchMove
from branchdesk.domain.vocabulary import MoveKind, OrgKind

T = TypeVar("T")

_KEY = "branchdesk.shared_reads"


def share_reads(session: Session) -> None:
    """Mark `session` as a read-only snapshot whose reads may be shared (session.snapshot does)."""
    session.info[_KEY] = {}


def read_once(session: Session, key: Hashable, load: Callable[[], T]) -> T:
    """`load()`'s result, read once per snapshot under `key` (every call, outside one). The result is
    shared: callers must not change it (give each a copy of a list they may sort)."""
    cache: dict[Hashable, Any] | None = session.info.get(_KEY)
    if cache is None:
        return load()
    if key not in cache:
        cache[key] = load()
    return cache[key]  # type: ignore[no-any-return]


def shared_settings(session: Session) -> dict[str, str] | None:
    """Every stored setting (key -> value), read in one query per snapshot; None outside one, where
    the caller reads the keys it needs (a session that saves sees its own writes). A report asks for
    a dozen settings across its chapters — one statement each cost more than the small table
    (issue 18)."""
    if session.info.get(_KEY) is None:
        return None
    settings = tables.settings.c  # plain columns, a Core read (db/table_reads.py)
    return read_once(session, "settings", lambda: {key: value for key, value in read_rows(session, select(
        settings.key, settings.value))})


def setting(session: Session, key: str, default: str = "") -> str:
    """A stored setting, as `db.queries.get_setting` gives it (`default` when there is none): from the
    snapshot's one reading of the settings inside a report, read on its own otherwise."""
    values = shared_settings(session)
    if values is None:
        return get_setting(session, key, default)
    return values[key] if key in values else default


def branch_moves(session: Session) -> dict[int, list[BranchMove]]:
    """Every member's dated 支部调整 (`load_branch_moves`), read once per snapshot: the 谈心谈话
    coverage, 学时 and the 发展党员 roster index each place members on a day by them (issue 18).
    Callers only read the result."""
    return read_once(session, "roster.branch_moves", lambda: load_branch_moves(session))


# a 支部调整, and a 党小组调整 within one branch (TY-5: read as a move from the branch to itself, whose
# group left is that of the days before it — membership.group_on)
_DATED_MOVES = (MoveKind.BRANCH_CHANGE.value, MoveKind.GROUP_CHANGE.value)


def load_branch_moves(session: Session) -> dict[int, list[BranchMove]]:
    """Every member's dated 支部调整, read now (member id → moves), for rosters "on a day", each with
    the 党小组 the member left (`groups_left`), and her 转入 as arrivals (`_arrivals`, TY-4). Kept here, not with the roster's editing services
    (services/roster/membership.py): a report reads the moves without importing the rules for
    entering them (issue 18)."""
    move = tables.member_moves.c  # plain columns, a Core read (db/table_reads.py)
    rows = [row for row in read_rows(session, select(
        move.id, move.member_id, move.move_date, move.from_branch_id, move.to_branch_id)
        .where(move.kind.in_(_DATED_MOVES), move.deleted_at.is_(None), move.to_branch_id.is_not(None)))
        if row[4] is not None]  # (the query asks for moves with a branch joined)
    groups = groups_left(session, [(move_id, member_id, from_b) for move_id, member_id, _on, from_b, _to in rows],
                         within={move_id for move_id, _m, _on, from_b, to_b in rows if from_b == to_b})
    moves: dict[int, list[BranchMove]] = {}
    for move_id, member_id, on, from_b, to_b in rows:
        moves.setdefault(member_id, []).append(BranchMove(on, from_b, to_b, groups.get(move_id)))
    for member_id, arrivals in _arrivals(session, moves).items():
        moves.setdefault(member_id, []).extend(arrivals)
    return moves


def _arrivals(session: Session, moves: dict[int, list[BranchMove]]) -> dict[int, list[BranchMove]]:
    """Each member's live 转入 (组织关系转入) as an arrival (membership.BranchMove.arrival): the roster
    "as it stood on each day" holds her from that day, not from her 入党日期 (trial Y, TY-4). The branch
    she arrived in is the one her next 支部调整 left, else the roster's branch now."""
    move, members = tables.member_moves.c, tables.members.c
    found: dict[int, list[BranchMove]] = {}
    for member_id, on, branch_now in read_rows(session, select(move.member_id, move.move_date, members.branch_id)
            .join_from(tables.member_moves, tables.members, members.id == move.member_id)
            .where(move.kind == MoveKind.TRANSFER_IN.value, move.deleted_at.is_(None), members.deleted_at.is_(None))):
        day = on if isinstance(on, date) else date.fromisoformat(str(on)[:10])
        later = sorted((m for m in moves.get(member_id, ()) if m.on > day and m.from_branch is not None),
                       key=lambda m: m.on)
        joined = later[0].from_branch if later else branch_now
        assert joined is not None  # (the filter asks for a branch left)
        found.setdefault(member_id, []).append(BranchMove(day, None, joined, arrival=True))
    return found


def groups_left(session: Session, moves: list[tuple[int, int, int | None]], *,
                within: set[int] | frozenset[int] = frozenset()) -> dict[int, int]:
    """(move id, member id, branch left) of each move → the 党小组 of the branch left that the member was in until the 支部调整 (TV-1), read
    from the change history: the move and the member's new branch and group are written in one flush,
    so their history rows carry the same time, and the group's old value is the group left. A move
    whose group is not found there (none, or one the history does not tie to the branch left) has
    none: the member is then in no 党小组 of that branch on earlier days, as before. Undoing a move
    (roster.member_events) reads the group to return to here too."""
    if not moves:
        return {}
    log = tables.change_log.c
    inserted: dict[str, str] = {}
    for chunk in _chunks([str(move_id) for move_id, _m, _b in moves]):
        inserted.update(read_rows(session, select(log.record_id, log.at).where(
            log.table_name == tables.member_moves.name, log.action == "insert", log.record_id.in_(chunk))))
    old: dict[tuple[str, str], str | None] = {}
    left_at: dict[str, list[tuple[str, str | None]]] = {}  # member → (time, branch left) of its branch changes
    # by the moved members' own history (the index on table and record): a search by time alone would
    # read every member's history, on every sign-in sheet and calendar of a district's database
    for chunk in _chunks(sorted({str(member_id) for _m, member_id, _b in moves})):
        for record_id, at, field_name, value in read_rows(session, select(
                log.record_id, log.at, log.field, log.old_value).where(
                log.table_name == tables.members.name, log.record_id.in_(chunk),
                log.field.in_(("group_id", "branch_id")))):
            if field_name == "group_id":
                old[(record_id, at)] = value
            else:
                left_at.setdefault(record_id, []).append((at, value))
    found: dict[int, int] = {}
    for move_id, member_id, from_b in moves:
        if (inserted_at := inserted.get(str(move_id))) is None:
            continue
        # the save that took the member out of the branch left: the move's own, or — a move that came in
        # a 下发 — the member's row written just before it, in the same merge (its branch change from the
        # branch left, at or before the move's row)
        at = inserted_at if move_id in within else max(  # (`within`: 党小组调整, saved with the group change)
            (when for when, before in left_at.get(str(member_id), ())
             if when <= inserted_at and from_b is not None and before == str(from_b)), default=inserted_at)
        value = old.get((str(member_id), at))
        if value is not None and value.isdigit():
            found[move_id] = int(value)
    if not found:
        return {}
    orgs = tables.organisations.c
    parent = dict(read_rows(session, select(orgs.id, orgs.parent_id).where(
        orgs.id.in_(set(found.values())), orgs.kind == OrgKind.GROUP.value)))
    branch_left = {move_id: from_b for move_id, _m, from_b in moves}
    return {move_id: group for move_id, group in found.items()
            if group in parent and parent[group] == branch_left[move_id]}


def _chunks(values: list[str], size: int = 500) -> list[list[str]]:
    """`values` in pieces an IN list of any database takes."""
    return [values[i:i + size] for i in range(0, len(values), size)]


def full_approvals(session: Session) -> dict[int, date]:
    """Member id -> the day the 上级党委 approved their 转正 (step 24 of their 发展党员 record), where the
    ledger holds it, read once per snapshot: a 正式党员's rights (a vote, VOTE-WHO; a 民主评议 grade)
    start there, not at the end of probation the roster's 转正日期 records (T9-13;
    membership.full_from). The 发展党员 checker and the 三会一课 vote and 民主评议 checks read it alike."""
    return read_once(session, "roster.full_approvals", lambda: _load_full_approvals(session))


def _load_full_approvals(session: Session) -> dict[int, date]:
    steps, records = tables.dev_steps.c, tables.dev_records.c  # plain columns, a Core read (db/table_reads.py)
    found: dict[int, date] = {}
    for member_id, on in read_rows(session, select(records.member_id, steps.on)
                                   .join_from(tables.dev_steps, tables.dev_records, records.id == steps.record_id)
                                   .where(steps.step == 24, steps.deleted_at.is_(None), steps.on.is_not(None),
                                          records.deleted_at.is_(None), records.member_id.is_not(None))):
        day = on if isinstance(on, date) else date.fromisoformat(str(on)[:10]) if on else None
        if day is not None:
            found[member_id] = max(day, found.get(member_id, day))
    return found


def driver_rows(session: Session, sql: str) -> list[tuple[Any, ...]]:
    """Rows of a plain SELECT straight from the database driver, on the session's connection (its
    transaction, its snapshot): plain tuples, no result processing — for the tens of thousands of
    integer and text cells of a district's sign-in sheets. `sql` holds no user text (only integers
    the caller formatted), and reads alike on SQLite and PostgreSQL."""
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]  # open: inside the session
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()
