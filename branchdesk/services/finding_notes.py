"""说明 for findings (one transaction each): keep the reason a user gave when saving a record that a
rule check flags, and put the kept reasons back on the findings every check returns."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.engine import Database
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.finding_notes import annotate, clean_reason, subject
from branchdesk.domain.findings import Finding
from branchdesk.domain.validation import FieldError
from branchdesk.services.errors import ValidationFailed

if TYPE_CHECKING:
    from branchdesk.db.models import FindingNote


def save_reasons(db: Database, findings: Iterable[Finding], reason: str) -> int:
    """Keep `reason` for each finding (replacing an earlier one); returns how many were kept."""
    from branchdesk.db.models import FindingNote
    try:
        text = clean_reason(reason)
    except ValueError as exc:
        raise ValidationFailed([FieldError("原因", str(exc))]) from None
    count = 0
    with db.session() as session:
        for finding in findings:
            key = subject(finding)
            for old in _live(session, finding.rule, key):
                old.deleted_at = datetime.now()
            session.add(FindingNote(rule=finding.rule, subject=key, reason=text))
            count += 1
    return count


def withdraw_reason(db: Database, finding: Finding) -> bool:
    """Take back the reason of a finding (it goes to the recycle bin); True when there was one."""
    with db.session() as session:
        rows = _live(session, finding.rule, subject(finding))
        for row in rows:
            row.deleted_at = datetime.now()
        return bool(rows)


def reasons(session: Session) -> dict[tuple[str, str], str]:
    """Every kept reason by (rule, subject), read once (a report annotates thousands of findings)."""
    notes = tables.finding_notes.c  # plain columns, a Core read (db/table_reads.py, issue 18)
    return {(rule, key): reason for rule, key, reason in read_rows(session, select(
        notes.rule, notes.subject, notes.reason).where(notes.deleted_at.is_(None)).order_by(notes.id))}


def with_reasons(session: Session, findings: Iterable[Finding]) -> list[Finding]:
    """The findings with their kept reasons (inside the caller's transaction)."""
    return annotate(findings, reasons(session))


def annotated(db: Database, findings: Iterable[Finding]) -> list[Finding]:
    with db.session() as session:
        return with_reasons(session, findings)


def _live(session: Session, rule: str, key: str) -> list[FindingNote]:
    from branchdesk.db.models import FindingNote
    return list(session.scalars(select(FindingNote).where(
        FindingNote.rule == rule, FindingNote.subject == key, FindingNote.deleted_at.is_(None))))
