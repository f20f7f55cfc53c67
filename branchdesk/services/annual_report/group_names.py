"""The 党小组 names a year's volume prints (trial TY-5: the 2026 volume made again after a 2027 rename
printed the 2027 name): each group by its name on the volume's day — 31 December, or today within the
year — and, for a group renamed within the year, its names told once ("第一党小组（后更名为语文党小组）",
domain/roster/org_names.NameHistory.year_label). The 党支部 likewise (vol3 item 1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.annual_report.sections import NOT_COVERED
from branchdesk.domain.roster.records import MemberRecord
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.roster.org_names import load_histories


def names_of_the_day(session: Session, members: list[MemberRecord],
                     day: date) -> tuple[list[MemberRecord], dict[int, str]]:
    """`members` with each one's 党小组 named as it was on `day`, and the groups among them renamed
    between 1 January of the day's year and the day: group id -> "旧名（后更名为新名）"."""
    ids = {m.group_id for m in members if m.group_id is not None and m.group != NOT_COVERED}
    if not ids:
        return members, {}
    histories = load_histories(session, ids, live_only=False)
    named = [replace(m, group=histories[m.group_id].name_on(day))
             if m.group_id in histories and m.group != NOT_COVERED else m for m in members]
    renamed = {group_id: label for group_id, history in histories.items()
               if (label := history.renamed_between(date(day.year, 1, 1), day))}
    return named, renamed


def told_once(members: list[MemberRecord], renamed: dict[int, str]) -> list[str]:
    """The renamed groups of `members`, each once, in the order the roster meets them."""
    return list(dict.fromkeys(renamed[m.group_id] for m in members if m.group_id in renamed
                              and m.group != NOT_COVERED))


def branch_names_of_the_day(session: Session, branches: list[str], day: date) -> dict[str, str]:
    """The 党支部 of `branches` (their names now) named otherwise on `day`: name now -> name on the day — the
    name a volume of the day's year prints (domain/annual_report/names.py; vol3 item 1). Deleted ones too (a
    branch an older version deleted with the year's history, T9-4)."""
    orgs = tables.organisations.c
    ids = dict(read_rows(session, select(orgs.name, orgs.id).where(
        orgs.kind == OrgKind.BRANCH.value, orgs.name.in_(branches))))
    histories = load_histories(session, ids.values(), live_only=False)
    return {name: shown for name, org_id in ids.items() if org_id in histories
            and (shown := histories[org_id].name_on(day)) != name}


def renamed_branches(session: Session, branches: list[str], day: date) -> list[str]:
    """The 党支部 of `branches` (their names now) renamed between 1 January of the day's year and the day, in
    their order: "第一党支部（后更名为语文党支部）" — told once; the volume prints each by its name on the day
    (branch_names_of_the_day), so a rename after the year is not that year's and is not told."""
    orgs = tables.organisations.c
    ids = dict(read_rows(session, select(orgs.name, orgs.id).where(
        orgs.kind == OrgKind.BRANCH.value, orgs.name.in_(branches), orgs.deleted_at.is_(None))))
    histories = load_histories(session, ids.values())
    return [label for name in branches if name in ids and ids[name] in histories
            and (label := histories[ids[name]].renamed_between(date(day.year, 1, 1), day))]
