"""The name an organisation had on a day (trial TY-5: a 党小组 renamed in 2027 made the 2026 ledger refused
and the 2026 volume print the new name).

ORG-GROUPS (domain.md §1; seeds 001, 002): schools set one 党小组 per grade or subject group, and rename
it when the groups are re-formed. A rename is dated: the old name is the group's name up to the day
before the new one took effect, so what was written then — a ledger's row, a sitting, a year's volume —
keeps naming it, and a row written after the rename under the old name is a mistake to be told (it
names the new name). Pure: the service hands in the names on record.

A history is the name in use now and the earlier names, each with the last day it was used; names are
compared as organisation names are everywhere (`domain.text.same_name`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from branchdesk.domain.text import same_name


@dataclass(frozen=True)
class FormerName:
    """A name no longer in use and the last day it was (the day before the rename took effect)."""

    name: str
    ended_on: date


@dataclass(frozen=True)
class NamePeriod:
    """A name and the days it was in use (`start` None: since the organisation's beginning; `end` None: still)."""

    name: str
    start: date | None
    end: date | None

    def holds(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class NameHistory:
    """An organisation's names over time: `current` in use now, `former` the earlier ones (any order)."""

    current: str
    former: tuple[FormerName, ...] = ()

    @classmethod
    def of(cls, current: str, former: Iterable[FormerName] = ()) -> NameHistory:
        return cls(current, tuple(sorted(former, key=lambda f: f.ended_on)))

    def periods(self) -> list[NamePeriod]:
        """Each name with its days, oldest first."""
        found: list[NamePeriod] = []
        start: date | None = None
        for former in sorted(self.former, key=lambda f: f.ended_on):
            found.append(NamePeriod(former.name, start, former.ended_on))
            start = former.ended_on + timedelta(days=1)
        found.append(NamePeriod(self.current, start, None))
        return found

    @property
    def current_since(self) -> date | None:
        """The day the name in use now took effect (None: never renamed)."""
        return self.periods()[-1].start

    def name_on(self, day: date) -> str:
        return next(p.name for p in self.periods() if p.holds(day))

    def names_between(self, first: date, last: date) -> list[str]:
        """The names in use between two days, oldest first (a name used twice, twice)."""
        return [p.name for p in self.periods()
                if (p.end is None or p.end >= first) and (p.start is None or p.start <= last)]

    def year_name(self, year: int) -> str:
        """The name a year's volume prints: the name on its last day (a later rename is not that year's)."""
        return self.name_on(date(year, 12, 31))

    def year_label(self, year: int) -> str:
        """The name of a year's volume, told once with a rename inside the year:
        "第一党小组（后更名为语文党小组）"."""
        return self.renamed_between(date(year, 1, 1), date(year, 12, 31)) or self.year_name(year)

    def renamed_between(self, first: date, last: date) -> str:
        """"第一党小组（后更名为语文党小组）" when the name changed between two days; "" when it did not."""
        names = self.names_between(first, last)
        return f"{names[0]}（后更名为{'、'.join(names[1:])}）" if len(names) > 1 else ""

    def ever_named(self, text: str) -> bool:
        return any(same_name(p.name, text) for p in self.periods())


@dataclass(frozen=True)
class Match:
    """Which organisation a name written for a day means: `org_id`, or None with `problem` (empty when
    no organisation ever had the name: the caller says so, with its typo suggestion)."""

    org_id: int | None
    problem: str = ""


def match_on(histories: Mapping[int, NameHistory], text: str, day: date | None) -> Match:
    """The organisation among `histories` (one parent's 党小组, or the 党支部) that `text` names on `day` (None: today's
    names, as a roster's row is). The name in use on the day wins; a name the group took only later is
    the group too (a ledger re-typed after the rename), unless another group had that name on the day. An
    earlier name written for a day after the rename is refused, naming the name of the day."""
    on_day = [org_id for org_id, h in histories.items()
              if same_name(h.current if day is None else h.name_on(day), text)]
    if len(on_day) == 1:
        return Match(on_day[0])
    if on_day:
        return Match(None, f"有{len(on_day)}个党组织当时都名为“{text}”，请先在“组织与党员”中改名区分")
    earlier: list[tuple[int, NamePeriod]] = []
    later: list[int] = []
    for org_id, history in histories.items():
        for period in history.periods():
            if not same_name(period.name, text):
                continue
            if day is None or (period.end is not None and period.end < day):
                earlier.append((org_id, period))
            else:
                later.append(org_id)
    if len(set(later)) == 1:
        return Match(later[0])
    if earlier:
        org_id, period = max(earlier, key=lambda found: found[1].end or date.max)
        history = histories[org_id]
        now = history.current if day is None else history.name_on(day)
        assert period.end is not None
        since = period.end + timedelta(days=1)
        when = "现在" if day is None else f"{day:%Y-%m-%d}时"
        return Match(None, f"“{text}”自{since:%Y-%m-%d}起已更名为“{now}”，{when}应写“{now}”")
    return Match(None)


def keeps_old_name(history: NameHistory, since: date, founded_on: date | None) -> bool:
    """Is the name in use kept as an earlier name by a rename from `since`? Not when it was never in use
    before that day: a rename from the 成立日期 or before corrects the name the organisation has had all
    along, and a second rename from the day the name in use took effect corrects that rename."""
    began = history.current_since or founded_on
    return began is None or since > began


def rename_problem(history: NameHistory, new_name: str, since: date, today: date,
                   siblings: Iterable[NameHistory] = ()) -> str:
    """Why a rename to `new_name` from `since` may not be recorded ("" if it may): not later than today,
    after the name in use now took effect, and no other organisation under the same parent bearing the
    name on any day from then on."""
    if since > today:
        return f"更名日期 {since:%Y-%m-%d} 晚于今天，请在更名生效后再改"
    began = history.current_since
    if began is not None and since < began:
        return (f"现名称“{history.current}”自{began:%Y-%m-%d}起使用，更名日期不能早于这一天"
                "（更早的名称已有记录）")
    for sibling in siblings:
        for period in sibling.periods():
            if same_name(period.name, new_name) and (period.end is None or period.end >= since):
                return f"同一上级下已有名为“{period.name}”的组织"
    return ""
