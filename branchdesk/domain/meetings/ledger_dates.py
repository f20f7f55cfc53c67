"""A meeting's date corrected in a 三会一课台账 imported again (NOTE10 "Left"): which meeting already kept
is the one the ledger now dates otherwise, and when the ledger does not say.

A ledger row is found among the meetings kept by 党支部, 党小组, date, kinds and topic (services.meetings.
excel). A row whose date nobody has, beside a kept meeting of the same 党支部, 党小组, kinds and topic
whose date the ledger no longer has, is the same sitting with its date corrected — moved, not added
beside it, or the year-end figures count a sitting that never happened (domain.md §2 counts sittings;
the project's principle: nothing invented). It is only taken so when nothing else could be meant:

- the kept meeting came from an import of a ledger (one entered in the window is the user's, not the
  ledger's, to move);
- its date falls in the months the ledger covers for that 党支部 (from its first row's month to its last
  row's): a ledger of April says nothing about a March sitting with a topic that recurs;
- the topic is not blank, the ledger has it (for that 党支部, 党小组 and kinds) on this one row only, and
  exactly one kept meeting with it lies in those months at a date the ledger does not have.

Otherwise the row comes in as a new meeting and each kept meeting that may be the same one is named
with why it was not taken (`Maybe`), so the user can delete it — never guessed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

Key = tuple[int, int | None, tuple[str, ...], str]  # 党支部, 党小组, kinds (sorted), topic (stripped)


@dataclass(frozen=True)
class Sitting:
    """A ledger row (`ref` its row number) or a kept meeting (`ref` its id), as far as the pairing needs."""

    ref: int
    branch_id: int
    group_id: int | None
    kinds: tuple[str, ...]
    topic: str
    day: date
    imported: bool = False  # a kept meeting written by a ledger import

    @property
    def key(self) -> Key:
        return (self.branch_id, self.group_id, self.kinds, self.topic.strip())

    @property
    def dated(self) -> tuple[Key, date]:
        return (self.key, self.day)


class Why(StrEnum):
    """Why a kept meeting that may be the row's sitting was not moved to the row's date."""

    ENTERED = "entered"  # entered in the window (or kept from before imports were marked)
    ROWS = "rows"  # the ledger has the topic on several dates
    KEPT = "kept"  # several kept meetings with the topic lie at dates the ledger does not have


@dataclass(frozen=True)
class Maybe:
    meeting: Sitting
    why: Why


@dataclass
class Pairing:
    moves: dict[int, Sitting] = field(default_factory=dict)  # row -> the kept meeting moved to its date
    maybe: dict[int, list[Maybe]] = field(default_factory=dict)  # new row -> kept meetings it may be


def _month(day: date) -> tuple[int, int]:
    return (day.year, day.month)


def pair_corrected_dates(rows: list[Sitting], kept: list[Sitting]) -> Pairing:
    """`rows`: the ledger's rows without errors; `kept`: the meetings in the database (not deleted)."""
    months: dict[int, tuple[tuple[int, int], tuple[int, int]]] = {}
    for row in rows:
        low, high = months.get(row.branch_id, (_month(row.day), _month(row.day)))
        months[row.branch_id] = (min(low, _month(row.day)), max(high, _month(row.day)))
    in_ledger = {row.dated for row in rows}
    kept_dates = {meeting.dated for meeting in kept}
    per_key: dict[Key, list[Sitting]] = defaultdict(list)
    for row in rows:
        per_key[row.key].append(row)
    orphans: dict[Key, list[Sitting]] = defaultdict(list)
    for meeting in kept:
        span = months.get(meeting.branch_id)
        if (meeting.topic.strip() and meeting.dated not in in_ledger and span is not None
                and span[0] <= _month(meeting.day) <= span[1]):
            orphans[meeting.key].append(meeting)
    pairing = Pairing()
    for row in rows:
        if not row.topic.strip() or row.dated in kept_dates or not orphans.get(row.key):
            continue
        candidates = sorted(orphans[row.key], key=lambda m: (m.day, m.ref))
        if len(per_key[row.key]) > 1:
            pairing.maybe[row.ref] = [Maybe(m, Why.ROWS) for m in candidates]
        elif len(candidates) > 1:
            pairing.maybe[row.ref] = [Maybe(m, Why.KEPT) for m in candidates]
        elif not candidates[0].imported:
            pairing.maybe[row.ref] = [Maybe(candidates[0], Why.ENTERED)]
        else:
            pairing.moves[row.ref] = candidates[0]
    return pairing
