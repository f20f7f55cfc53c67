"""党费收缴 for the year-end report (issue 19): each branch's members, amount due, paid, arrears and
上缴, and the 公示 table, read on the report's Session by the dues area's store loaders."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from branchdesk.domain.dues.report import DuesSection
from branchdesk.services.dues.figures import section_from


def dues_section(session: Session, *, year: int, as_of: date, branch: str | None) -> DuesSection:
    return section_from(session, year=year, as_of=as_of, branch=branch)
