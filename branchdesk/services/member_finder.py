"""Finding the member a row of an import names (the 党费 and 学习学时 imports): by name within the
branch the row (or the sheet's title) names, read once for the whole file.

- A branch's sheet may list a member who has since moved to another branch (支部调整, dated): the
  branch kept its records of the months before the move, so the member is found there too
  (`moved_out`); the import says so (`move_text`).
- A name not found — a branch, or a person in the branch or in the school — is answered with the
  known one it is most likely a typo of ("，是否为“高一年级党支部”？", domain/similar_names.py).
- A branch renamed from a day (TY-5) is found by its name on the row's day too, as the 三会一课 import
  finds it (domain/roster/org_names.match_on); its old name for a day after the rename is refused naming
  the new one.
- A name two members share is refused, never guessed: the row cannot tell them apart — also when
  one of them is on the branch's roster now and the other left it by a 支部调整 (the sheet's months
  before the move were the other's).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import Member, Organisation
from branchdesk.domain.roster.membership import BranchMove, branch_on, branch_periods
from branchdesk.domain.roster.org_names import match_on
from branchdesk.domain.similar_names import suggestion_text
from branchdesk.domain.text import NameMap, name_key
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.roster.org_names import load_histories
from branchdesk.services.shared_reads import load_branch_moves


class MemberFinder:
    """Name → member ids per branch, with the members each branch lost to a 支部调整. `enter_in` names
    where a member the file cannot tell apart from a namesake is entered by hand ("党费页面")."""

    def __init__(self, session: Session, *, enter_in: str) -> None:
        self.enter_in = enter_in
        self.branches = NameMap((name, i) for i, name in session.execute(  # found by name_key
            select(Organisation.id, Organisation.name).where(Organisation.kind == OrgKind.BRANCH.value,
                                                             Organisation.deleted_at.is_(None))))
        self.histories = load_histories(session, self.branches.values())  # a branch's earlier names (TY-5)
        # every branch's name, also one an older version deleted: a move from it is still told by name
        self.branch_names: dict[int, str] = {i: name for i, name in session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.kind == OrgKind.BRANCH.value))}
        self.by_name: dict[tuple[int, str], list[int]] = defaultdict(list)
        self.anywhere: dict[str, list[int]] = defaultdict(list)
        self.names: dict[int, str] = {}
        self.current: dict[int, int] = {}  # the branch the roster has the member in now
        for mid, name, branch_id in session.execute(
                select(Member.id, Member.name, Member.branch_id).where(Member.deleted_at.is_(None))):
            self.by_name[(branch_id, name.strip())].append(mid)
            self.anywhere[name.strip()].append(mid)
            self.names[mid] = name
            self.current[mid] = branch_id
        # 支部调整 on record (dated), read as every area reads them (services/shared_reads.py)
        self.moves: dict[int, list[BranchMove]] = {
            mid: sorted(moves, key=lambda m: m.on) for mid, moves in load_branch_moves(session).items()
            if mid in self.names}
        self.moved_out: dict[tuple[int, str], list[int]] = defaultdict(list)
        for mid, moves in self.moves.items():
            for move in moves:
                if move.from_branch is None:
                    continue
                key = (move.from_branch, self.names[mid].strip())
                if mid not in self.moved_out[key]:
                    self.moved_out[key].append(mid)

    def branch_on(self, member_id: int, day: date) -> int:
        """The branch the member was in on `day` (domain/roster/membership.py, as the sign-in sheets and
        学时 place a member), else the roster's."""
        found = branch_on(branch_periods(self.current[member_id], self.moves.get(member_id, ())), day)
        return found if found is not None else self.current[member_id]

    def move_text(self, member_id: int) -> str:
        """"2026-09-01 由第二党支部调整到第一党支部" ("2026-09-01 调整到第一党支部" when the move does not
        name the branch left); several moves joined by "，"."""
        def text(move: BranchMove) -> str:
            left = self.branch_names.get(move.from_branch) if move.from_branch is not None else None
            return (f"{move.on:%Y-%m-%d} {f'由{left}' if left else ''}调整到"
                    f"{self.branch_names.get(move.to_branch, '其他党支部')}")
        return "，".join(text(m) for m in self.moves.get(member_id, []) if not m.arrival)  # (a 转入 is no 调整)

    def moved_from(self, branch: str, member_id: int, day: date | None = None) -> bool:
        """The sheet's branch lists a member who has since moved to another (支部调整)."""
        return bool(branch) and self.branch_id(branch, day)[0] != self.current[member_id] and member_id in self.moves

    def branch_id(self, branch: str, day: date | None = None) -> tuple[int | None, str]:
        """The branch `branch` names on `day` (None: today's names) — its name now, or the name it had that
        day — or None with why not."""
        branch_id = self.branches.get(branch)
        if branch_id is not None:
            return branch_id, ""
        found = match_on(self.histories, branch, day)
        if found.org_id is not None:
            return found.org_id, ""
        return None, found.problem or (f"没有名为“{branch}”的党支部{suggestion_text(branch, self.branches)}"
                                       "，请与系统中的党支部名称一致")

    def branch_in(self, *texts: str) -> str:
        """A branch named by a sheet: its own name, or its title ("高一年级党支部2025年度党费…")."""
        for text in texts:
            if text in self.branches:
                return text
        for text in texts:
            found = [b for b in self.branches if b and name_key(b) in name_key(text)]
            if len(found) == 1:
                return found[0]
        return ""

    def find(self, branch: str, name: str, day: date | None = None) -> tuple[int | None, FieldError | None]:
        """The member `name` of `branch` (or of the school, when the row names no branch); `day`, the row's
        date, finds a renamed branch by its name of the day (`branch_id`)."""
        if not name:
            return None, FieldError("姓名", "请填写党员姓名")
        if branch:
            branch_id, problem = self.branch_id(branch, day)
            if branch_id is None:
                return None, FieldError("所在党支部", problem)
            # on the roster now and lost to a move alike: a namesake of either is a second candidate
            ids = list(dict.fromkeys([*self.by_name.get((branch_id, name), []),
                                      *self.moved_out.get((branch_id, name), [])]))
            if not ids:
                known = [n for (b, n) in [*self.by_name, *self.moved_out] if b == branch_id]
                return None, FieldError("姓名", f"{branch}的花名册中没有“{name}”{suggestion_text(name, known)}"
                                                "，请核对姓名或所在党支部")
            if len(ids) > 1:
                return None, FieldError("姓名", f"{branch}有 {len(ids)} 名党员都叫“{name}”，无法确定是哪一位；"
                                                f"请删去这一行，在{self.enter_in}为该党员逐条登记")
            return ids[0], None
        ids = self.anywhere.get(name, [])
        if not ids:
            return None, FieldError("姓名", f"花名册中没有“{name}”{suggestion_text(name, self.anywhere)}，请核对姓名")
        if len(ids) > 1:
            return None, FieldError("所在党支部", f"有 {len(ids)} 名党员叫“{name}”，请填写所在党支部")
        return ids[0], None
