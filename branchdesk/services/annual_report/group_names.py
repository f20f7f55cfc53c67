"""The 党小组 names a year's volume prints (trial TY-5: the 2026 volume made again after a 2027 rename
printed the 2027 name): each group by its name on the volume's day — 31 December, or today within the
year — and, for a group renamed within the year, its names told once ("第一党小组（后更名为语文党小组）",
domain/roster/org_names.NameHistory.year_label)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from branchdesk.domain.annual_report.sections import NOT_COVERED
from branchdesk.domain.roster.records import MemberRecord
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
