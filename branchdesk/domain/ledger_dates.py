"""A date corrected in a ledger imported again: which record already kept is the one the ledger now
dates otherwise, and when the ledger does not say. One rule for every ledger whose records an import
finds by their date (三会一课台账: domain.meetings.ledger_dates; 学习培训登记表: services.study_hours.excel;
结对帮扶台账: services.mentoring.excel) — plain data, no Qt and no SQL.

An import finds a row among the records kept by what names it and its date (a meeting by 党支部, 党小组,
类型 and 主题; a 学习培训记录 by 党员 and 学习内容; a 结对 by 类型, 导师 and 对象 — its `key`). A row
whose date nobody has, beside a kept record of the same key whose date the ledger no longer has, is
that record with its date corrected: moved, not added beside it — or the year-end figures count twice
what happened once (two meetings where one sat, domain.md §2; 16 学时 where 8 were studied, and the
year's 32 学时 judged on them, MTG-STUDY-HOURS; two pairs and their 成效 twice, where reports count
pairs, activities and results, domain.md §7; the project's principle: nothing invented). It is only taken so when nothing else could be
meant:

- the kept record came from an import of a ledger (one entered in the window is the user's, not the
  ledger's, to move);
- its date falls in the months the ledger covers for its `scope` (for a 党支部: from its first row's
  month to its last row's): a ledger of April says nothing about a March record of a recurring key;
- the key names something (a blank topic names nothing), the ledger has it on this one row only, and
  exactly one kept record with it lies in those months at a date the ledger does not have;
- the area does not say the kept record cannot be the row (`apart`: a pair that ended before the row's
  start is an earlier pair of the same people, not this one).

Otherwise the row comes in as new, and each kept record that may be the same one is named with why it
was not taken (`Maybe`), so the user can delete it — never guessed.

A kept record outside the ledger's months is never moved: the ledger says nothing of those months.
But a one-row ledger moving 2025-12-15 → 2026-01-15 would otherwise add a second record without a
word, so it is named (Why.OUTSIDE) when the row's key is on this one row, no kept record of it lies
in the months, exactly one lies outside them within NEAR_MONTHS of the row's month, and the area says
it is `alike` the row in what else they hold (a meeting's 会议内容): a record of a key that recurs
(a monthly 党小组会 “集中学习” imported month by month) is not named to be deleted. Several such
records, or one further off, are the key recurring (a monthly topic, a yearly one). An area that
cannot tell (学习培训记录: a monthly online course is the same record each month) gives no `alike`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

NEAR_MONTHS = 3  # a kept record outside the ledger's months this close to the row's month is named


class Entry(Protocol):
    """A ledger row (`ref` its row number) or a kept record (`ref` its id), as far as the pairing needs."""

    @property
    def ref(self) -> int: ...
    @property
    def scope(self) -> Hashable: ...  # whose months the ledger covers (a 党支部)
    @property
    def key(self) -> Hashable | None: ...  # what names it but its date; None: nothing does (a blank topic)
    @property
    def day(self) -> date: ...
    @property
    def imported(self) -> bool: ...  # a kept record written by a ledger import


E = TypeVar("E", bound=Entry)


@dataclass(frozen=True)
class Dated:
    """An Entry for an area that needs nothing more (学习培训记录, 结对)."""

    ref: int
    scope: Hashable
    key: Hashable | None
    day: date
    imported: bool = False


class Why(StrEnum):
    """Why a kept record that may be the row's was not moved to the row's date."""

    ENTERED = "entered"  # entered in the window (or kept from before imports were marked)
    ROWS = "rows"  # the ledger has the key on several dates
    KEPT = "kept"  # several kept records with the key lie at dates the ledger does not have
    OUTSIDE = "outside"  # outside the months the ledger covers: it does not say the record was moved


@dataclass(frozen=True)
class Maybe(Generic[E]):
    record: E
    why: Why

    @property
    def meeting(self) -> E:  # the 三会一课 import's name for it
        return self.record


@dataclass
class Pairing(Generic[E]):
    moves: dict[int, E] = field(default_factory=dict)  # row -> the kept record moved to its date
    maybe: dict[int, list[Maybe[E]]] = field(default_factory=dict)  # new row -> kept records it may be


def _month(day: date) -> tuple[int, int]:
    return (day.year, day.month)


def _months_apart(one: date, other: date) -> int:
    return abs((one.year - other.year) * 12 + one.month - other.month)


def pair_corrected_dates(rows: list[E], kept: list[E], apart: Callable[[E, E], bool] | None = None,
                         alike: Callable[[E, E], bool] | None = None) -> Pairing[E]:
    """`rows`: the ledger's rows without errors; `kept`: the records in the database (not deleted);
    `apart(row, kept)`: the area's word that this kept record cannot be the row's, whatever its date;
    `alike(row, kept)`: that it holds what the row holds but the date (asked of one record outside the
    ledger's months, to name it; without it none is named)."""
    months: dict[Hashable, tuple[tuple[int, int], tuple[int, int]]] = {}
    for row in rows:
        low, high = months.get(row.scope, (_month(row.day), _month(row.day)))
        months[row.scope] = (min(low, _month(row.day)), max(high, _month(row.day)))
    in_ledger = {(row.key, row.day) for row in rows}
    kept_dates = {(record.key, record.day) for record in kept}
    per_key: dict[Hashable, list[E]] = defaultdict(list)
    for row in rows:
        per_key[row.key].append(row)
    inside: dict[Hashable, list[E]] = defaultdict(list)
    outside: dict[Hashable, list[E]] = defaultdict(list)
    for record in kept:
        if record.key is None or (record.key, record.day) in in_ledger or record.key not in per_key:
            continue
        span = months.get(record.scope)
        covered = span is not None and span[0] <= _month(record.day) <= span[1]
        (inside if covered else outside)[record.key].append(record)
    pairing: Pairing[E] = Pairing()
    for row in rows:
        if row.key is None or (row.key, row.day) in kept_dates:
            continue
        candidates = sorted((m for m in inside.get(row.key, []) if not (apart and apart(row, m))),
                            key=lambda m: (m.day, m.ref))
        if not candidates:
            far = [m for m in outside.get(row.key, []) if not (apart and apart(row, m))]
            if (alike is not None and len(per_key[row.key]) == 1 and len(far) == 1
                    and _months_apart(far[0].day, row.day) <= NEAR_MONTHS and alike(row, far[0])):
                pairing.maybe[row.ref] = [Maybe(far[0], Why.OUTSIDE)]
            continue
        if len(per_key[row.key]) > 1:
            pairing.maybe[row.ref] = [Maybe(m, Why.ROWS) for m in candidates]
        elif len(candidates) > 1:
            pairing.maybe[row.ref] = [Maybe(m, Why.KEPT) for m in candidates]
        elif not candidates[0].imported:
            pairing.maybe[row.ref] = [Maybe(candidates[0], Why.ENTERED)]
        else:
            pairing.moves[row.ref] = candidates[0]
    return pairing
