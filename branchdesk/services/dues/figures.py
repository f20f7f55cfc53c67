"""The year-end figures of 党费 (the volume's 党费收缴 chapter), read in the caller's session so the
annual report can gather every chapter from one snapshot."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.report import DuesSection, branch_row, people_notes, public_row, school_row
from branchdesk.services.dues.store import load_year


def section_from(session: Session, *, year: int, as_of: date, branch: str | None = None) -> DuesSection:
    dues = load_year(session, year, as_of, branch)
    section = DuesSection(year)
    for b in dues.branches:
        section.rows.append(branch_row(b.book, b.ledgers))
        section.public += [public_row(m) for m in b.ledgers]
    # 合计: each member once (a member moved between branches during the year is on two lines)
    section.school = school_row((b.book for b in dues.branches), dues.ledgers)
    section.moved, section.departed = people_notes(dues.ledgers)  # what the 党员 counts hold (TV-8)
    if dues.start is None or dues.start > Month(year, 12):  # the book covers no month of the year: all 未登记
        section.empty = "本年度尚未登记党费收缴记录。"
    return section


def dues_section(db: Database, *, year: int, as_of: date, branch: str | None = None) -> DuesSection:
    with db.reading(), db.session() as session:
        return section_from(session, year=year, as_of=as_of, branch=branch)
