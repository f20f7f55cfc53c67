"""A member's category on a sitting's day, as every reader of a sign-in sheet or a 民主评议 result takes
it: from the member — the roster's category and 转正日期 and the 上级党委's approval of the 转正 where
the 发展党员 ledger holds it (membership.category_on) — not from the category the row stored when it
was saved.

The stored category was never typed: the form, the 三会一课 import and a sheet moved to another date
all fill it from the roster of the day (domain.md §8: the roster feeds attendance). A sheet saved before
the approval counted (T9-13), or before a 转正日期 was corrected, stored a category the roster no longer
gives, and a check that read it gave a 预备党员 a vote (VOTE-WHO) or a grade (MTG-YEARLY-REVIEW). A row
with no member (a guest, "" category) or whose member is gone keeps what it stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.roster.membership import category_on
from branchdesk.services.shared_reads import full_approvals, read_once

DayCategory = Callable[[int | None, date, str], str]  # (member id, day, stored category) -> category that day


def day_categories(session: Session) -> DayCategory:
    """The members read once per snapshot; the answer per row is worked out in memory."""
    return read_once(session, "meetings.day_categories", lambda: _load(session))


def _load(session: Session) -> DayCategory:
    members = tables.members.c  # plain columns, a Core read (db/table_reads.py)
    approved = full_approvals(session)
    facts = {mid: (category, full_date, approved.get(mid)) for mid, category, full_date in read_rows(
        session, select(members.id, members.category, members.full_date).where(members.deleted_at.is_(None)))}

    def of(member_id: int | None, day: date, stored: str) -> str:
        found = facts.get(member_id) if member_id is not None else None
        if found is None or not stored:  # a guest ("") stays a guest; a member gone keeps the stored word
            return stored
        category, full_date, approved_on = found
        return category_on(category, full_date, approved_on, day)

    return of
