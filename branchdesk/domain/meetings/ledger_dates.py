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
with why it was not taken (`Maybe`), so the user can delete it — never guessed.

The rule is the one every ledger import with dated records follows (domain.ledger_dates); this module
says what names a meeting in it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from branchdesk.domain.ledger_dates import Maybe, Pairing, Why
from branchdesk.domain.ledger_dates import pair_corrected_dates as _pair

__all__ = ["Key", "Maybe", "Pairing", "Sitting", "Why", "pair_corrected_dates"]

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
    def key(self) -> Key | None:
        """None for a blank topic: it names no sitting."""
        topic = self.topic.strip()
        return (self.branch_id, self.group_id, self.kinds, topic) if topic else None

    @property
    def scope(self) -> int:
        return self.branch_id  # the ledger covers its months per 党支部


def pair_corrected_dates(rows: list[Sitting], kept: list[Sitting],
                         alike: Callable[[Sitting, Sitting], bool] | None = None) -> Pairing[Sitting]:
    """`rows`: the ledger's rows without errors; `kept`: the meetings in the database (not deleted);
    `alike(row, meeting)`: the meeting holds what the row does but its date (its 会议内容), asked of one
    outside the ledger's months to name it as maybe the same (domain.ledger_dates)."""
    return _pair(rows, kept, alike=alike)
