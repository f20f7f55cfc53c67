"""Plain records of a rectification ledger, as the services hand them to the window, the Excel writer
and the PDF report (no ORM objects ever leave a service). What only the ledger's pages edit — the
forms' inputs, a ledger's problems, a measure's status history — is in editing.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class ProgressNote:
    """A dated note of a measure's progress."""

    on: date | None  # None: the ledger did not date it
    text: str

    def line(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.text}" if self.on else self.text


@dataclass(frozen=True)
class EvidenceRecord:
    """A named piece of evidence of a measure (its file's bytes are read only when opened)."""

    id: int
    name: str  # the document's name as the verifier cites it
    filename: str = ""  # original file name when a file is attached ("" for a named document only)
    size: int = 0

    @property
    def has_file(self) -> bool:
        return bool(self.filename)


@dataclass(frozen=True)
class LedgerRecord:
    """A 整改台账 as lists and reports show it, with its organisation's name."""

    id: int
    title: str
    source: str
    org_id: int | None
    org_name: str
    received_date: date | None
    deadline: date | None
    note: str = ""


@dataclass(slots=True)
class MeasureRecord:
    """Not frozen on purpose: thousands are built per ledger opened, and a frozen dataclass's
    __init__ costs several times more. Treat it as read-only all the same."""

    id: int
    ledger_id: int
    problem_id: int
    problem_number: str
    problem_source: str
    category: str
    problem_description: str
    text: str
    leader: str
    person: str
    deadline: date | None
    deadline_note: str
    status: str
    completion_date: date | None
    closed_date: date | None
    verifier: str
    progress: tuple[ProgressNote, ...] = ()
    evidence: tuple[EvidenceRecord, ...] = ()
    sort_order: int = 0
    version: int = 1
    number: str = ""  # the measure's own 序号 in its ledger ("" when it has none)

    @property
    def deadline_text(self) -> str:
        return f"{self.deadline:%Y-%m-%d}" if self.deadline else self.deadline_note

    @property
    def progress_text(self) -> str:
        return "\n".join(note.line() for note in self.progress)

    @property
    def evidence_text(self) -> str:
        return "\n".join(e.name for e in self.evidence)


@dataclass
class LedgerDocument:
    """A whole ledger for export and printing: its problems in order, each with its measures."""

    ledger: LedgerRecord
    measures: list[MeasureRecord] = field(default_factory=list)  # ordered by problem, then measure
