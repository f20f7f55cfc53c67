"""Which branches and 党小组 a roster import would create, and whether it may (issue 13).

- The first import into a database with no branches sets them up from the file, as before. Two names
  in the file one or two characters apart ("高一年纪党支部" in one row, "高一年级党支部" in eight) are
  named in a warning.
- Once branches exist, a name that does not exist yet and is one or two characters from an existing
  one is an error with the suggestion ("是否为“高一年级党支部”？"); a genuinely new branch or 党小组 is
  said plainly and needs a confirmation (`--create-orgs` on the command line, a tick in the window).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import Member, Organisation
from branchdesk.db.queries import top_organisation
from branchdesk.domain.roster.org_names import Match, NameHistory, match_on
from branchdesk.domain.roster.records import MemberInput
from branchdesk.domain.similar_names import likely_typo, suggestion
from branchdesk.domain.text import NameMap, name_key, same_name
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.io.roster_xlsx import RosterRow
from branchdesk.io.xlsx_reader import rows_label
from branchdesk.services.roster.org_names import group_histories, load_histories
from branchdesk.services.site_tree import kept_gid, tree_refusal

CONFIRM_HINT = "确认要新建，请在导入窗口中勾选“新建这些党组织”，或在命令行加 --create-orgs 重新导入"


@dataclass
class OrgPlan:
    first_import: bool  # no branch existed before: the file sets them up
    new_branches: list[str] = field(default_factory=list)
    new_groups: list[tuple[str, str]] = field(default_factory=list)  # (branch, group)
    errors: list[tuple[int, str, str, str]] = field(default_factory=list)  # (row, column, letter, message)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # rows read under a 党支部's earlier name

    @property
    def needs_confirmation(self) -> bool:
        return not self.first_import and bool(self.new_branches or self.new_groups)

    def describe(self) -> str:
        parts = []
        if self.new_branches:
            parts.append("将新建党支部：" + "、".join(f"“{b}”" for b in self.new_branches))
        if self.new_groups:
            parts.append("将新建党小组：" + "、".join(f"“{b}”下的“{g}”" for b, g in self.new_groups))
        return "；".join(parts)


def plan_orgs(session: Session, validated: list[tuple[RosterRow, MemberInput]]) -> OrgPlan:
    """Names are compared by `name_key` (domain.text): "第二党支部(退休)" in the file is the branch
    "第二党支部（退休）" entered in the window."""
    live = list(session.scalars(select(Organisation).where(Organisation.deleted_at.is_(None))))
    branches = NameMap((o.name, o) for o in live if o.kind == OrgKind.BRANCH.value)
    by_id = {o.id: o for o in branches.values()}
    groups: NameMap[NameMap[bool]] = NameMap()
    for o in live:
        if o.kind == OrgKind.GROUP.value and o.parent_id in by_id:
            groups.setdefault(by_id[o.parent_id].name, NameMap())[o.name] = True
    plan = OrgPlan(first_import=not branches)
    _names_passed_on(session, validated, branches, plan)  # before the earlier names are read as names now
    former = _former_branch_names(session, validated, branches, plan)
    # Each spelling of a branch, and each (branch, 党小组) pair, is judged once, in the order the file
    # first writes it (issue 18: thousands of rows name a few); a spelling judged a near-miss is an
    # error on every row that writes it, and only then are the rows gone through.
    spellings = [data.branch for _row, data in validated]
    blank = {name for name in set(spellings) if not name.strip()}  # a blank one is a row error
    written = Counter(spellings)  # each spelling once, in file order
    for name in blank:
        del written[name]
    spelled = NameMap[str]()
    for name in written:
        spelled.setdefault(name, name)
    counts: Counter[str] = Counter()
    for name, count in written.items():
        counts[spelled[name]] += count
    new_branches = NameMap[bool]()
    new_groups: set[tuple[str, str]] = set()
    branch_error: dict[str, str] = {}  # the spellings judged a near-miss
    for name in written:
        if name in branches or name in new_branches or name in former:
            continue
        if not plan.first_import:
            near = suggestion(name, branches)
            if near:
                branch_error[name] = (f"没有名为“{name}”的党支部，是否为“{near}”？"
                                      "（确是新的党支部，请先在“组织与党员”中建立）")
                continue
        plan.new_branches.append(name)
        new_branches[name] = True
    if branch_error:
        for row, data in validated:
            if message := branch_error.get(data.branch):
                plan.errors.append((row.row, "所在党支部", row.columns.get("所在党支部", ""), message))
    if plan.first_import:
        plan.warnings += _near_in_file(counts, "党支部")
    group_error: dict[tuple[str, str], str] = {}
    histories = group_histories(session)
    for branch, group in dict.fromkeys(zip(spellings, [data.group for _row, data in validated], strict=True)):
        if not group or branch in blank or (branch not in branches and branch not in new_branches):
            continue
        known = groups.get(branch) or NameMap[bool]()
        key = (name_key(branch), name_key(group))
        if group in known or key in new_groups:
            continue
        if branch in branches:  # an earlier name of one of its 党小组: a roster's row is today's (TY-5)
            renamed = match_on(histories.get(branches[branch].id, {}), group, None)
            if renamed.problem:
                group_error[(branch, group)] = renamed.problem
                continue
        near = suggestion(group, list(known))
        if near:
            group_error[(branch, group)] = f"“{branch}”下没有名为“{group}”的党小组，是否为“{near}”？"
            continue
        plan.new_groups.append((branches.stored(branch) or new_branches.stored(branch) or branch, group))
        new_groups.add(key)
    if group_error:
        for row, data in validated:
            if message := group_error.get((data.branch, data.group)):
                plan.errors.append((row.row, "党小组", row.columns.get("党小组", ""), message))
    if plan.first_import:
        plan.new_groups = [g for g in plan.new_groups if g[0] in new_branches]
    _refuse_on_a_branch_pc(session, plan, validated, branches)
    return plan


def _former_branch_names(session: Session, validated: list[tuple[RosterRow, MemberInput]],
                         branches: NameMap[Organisation], plan: OrgPlan) -> set[str]:
    """A 党支部 renamed since (TY-5, table org_names): a 花名册 kept from before the rename names it by its
    earlier name. A row is a member as on some day of the file's making, which the file does not give; the
    earliest such day is the member's own — the 支部调整日期 the row gives, else the 入党日期 — so an earlier
    name is that 党支部's when it was in use on that day (or later): the row is read into the 党支部 and its
    所在党支部 written as the name in use now, the report saying which rows. A member whose day is after the
    rename cannot be on a roster made under the old name: the row is refused, naming the name of the day
    (as a ledger's row written after a rename is). A row with neither day reads the name as the 党支部 that
    had it. A name some 党支部 bears now is always that 党支部 (it never reaches here). Returns the earlier
    names met, so that none of them is planned as a new 党支部."""
    if not branches:  # a first import: no name of the file can be an earlier one
        return set()
    # each spelling asked once (issue 18: 10,000 rows write a few dozen; a NameMap lookup is a call)
    unknown = {name for name in {data.branch for _row, data in validated} if name.strip() and name not in branches}
    if not unknown:
        return set()
    histories = load_histories(session, [org.id for org in branches.values()])
    former = {name for name in unknown if any(h.ever_named(name) for h in histories.values())}
    read: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row, data in validated:
        if data.branch not in former:
            continue
        day = data.moved_on or data.join_date
        found = match_on(histories, data.branch, day) if day is not None else _ever_named(histories, data.branch)
        if found.org_id is None:
            what = "支部调整日期" if data.moved_on else "入党日期"
            problem = f"{what}{day:%Y-%m-%d}在更名之后：{found.problem}" if day is not None else found.problem
            plan.errors.append((row.row, "所在党支部", row.columns.get("所在党支部", ""), problem))
            continue
        now = histories[found.org_id].current
        read[(data.branch, now)].append(row.row)
        data.branch = now
    for (earlier, now), rows in read.items():
        plan.notes.append(f"{rows_label(rows)}的所在党支部“{earlier}”是“{now}”更名前的名称，已按“{now}”导入")
    return former


def _names_passed_on(session: Session, validated: list[tuple[RosterRow, MemberInput]],
                     branches: NameMap[Organisation], plan: OrgPlan) -> None:
    """A name some 党支部 bears now that another 党支部 bore before (renamed, its old name later given to
    another: rename_problem allows it once the first stopped using it). The row is that of the 党支部 bearing
    the name now, as before — the file does not say when it was made — but a member whose day (支部调整日期,
    else 入党日期, as `_former_branch_names` reads it) falls while the other had the name may be on a 花名册
    kept from then, and meant the other: the report says which rows, whose name it was, and what to write,
    rather than putting them in the 党支部 of the name now without a word (review13-1 R1-2); the row's warning
    names the 党支部 it was read as by its earlier name too ("现在名为“高一年级党支部”的党支部（2026-10-01以前名为
    “退休教师党支部”）"), so the preview says which one and why. A row without a day is told likewise. A member on
    record in that 党支部 already is not told of: the file is then its 花名册 of now. A member on record in the
    党支部 that had the name is never moved to the other by the name alone: the row is refused, naming both and
    what to write — unless its 支部调整日期 falls on or after the day the other took the name (a real move)."""
    if not branches:  # a first import: no name of the file is borne now
        return
    written = {name for name in {data.branch for _row, data in validated} if name.strip() and name in branches}
    if not written:
        return
    histories = load_histories(session, [org.id for org in branches.values()])
    if not any(history.former for history in histories.values()):
        return
    numbers = [data.id_number for _row, data in validated if data.branch in written and data.id_number]
    on_record: dict[str, int] = {number: branch_id for number, branch_id in session.execute(
        select(Member.id_number, Member.branch_id).where(Member.id_number.in_(numbers), Member.deleted_at.is_(None)))
    } if numbers else {}
    told: dict[tuple[str, int, date], list[int]] = defaultdict(list)
    for row, data in validated:
        if data.branch not in written:
            continue
        bearer = branches[data.branch].id
        held = on_record.get(data.id_number)
        if held == bearer:  # on record there already: the file is the branch's own now
            continue
        since = histories[bearer].current_since
        day = data.moved_on or data.join_date
        for org_id, history in histories.items():
            then = next((p for p in history.periods() if same_name(p.name, data.branch) and p.end is not None
                         and (p.holds(day) if day is not None and held != org_id else True)), None)
            if org_id == bearer or then is None or then.end is None:
                continue
            if held == org_id and not (data.moved_on is not None and since is not None and data.moved_on >= since):
                # a member of the 党支部 that had the name: never moved to the one bearing it now by the name alone
                plan.errors.append((row.row, "所在党支部", row.columns.get("所在党支部", ""), (
                    f"{data.name}在系统中属“{history.current}”；“{data.branch}”{then.end:%Y-%m-%d}以前是“{history.current}”"
                    f"的名称，{_bearer_since(histories[bearer], since)}。如这是那时的花名册，请改写为“{history.current}”；"
                    f"如{data.name}确已调到现在的“{data.branch}”，请在“支部调整日期”一列填写调整日期后重新导入")))
            elif held != org_id:
                told[(data.branch, org_id, then.end)].append(row.row)
    for (name, org_id, ended), rows in told.items():
        other = histories[org_id].current
        bearer_history = histories[branches[name].id]
        earlier = _earlier_name(bearer_history)
        which = (f"现在名为“{name}”的党支部（{bearer_history.current_since:%Y-%m-%d}以前名为“{earlier}”）"
                 if earlier and bearer_history.current_since else f"现在名为“{name}”的党支部")
        text = (f"{rows_label(rows)}的所在党支部“{name}”：这一名称{ended:%Y-%m-%d}以前是现“{other}”的名称，这些党员入党"
                f"（或支部调整）时正在使用；已按{which}导入，如这是那时的花名册，请改写为“{other}”后重新导入")
        plan.warnings.append(text)


def _earlier_name(history: NameHistory) -> str:
    """The name a 党支部 bore just before its name now ("" when it was never renamed)."""
    periods = history.periods()
    return periods[-2].name if len(periods) > 1 else ""


def _bearer_since(history: NameHistory, since: date | None) -> str:
    """"2026-10-01起是原“退休教师党支部”的名称": whose the name is now, and from when."""
    earlier = _earlier_name(history)
    if since is None or not earlier:
        return "现在是另一个党支部的名称"
    return f"{since:%Y-%m-%d}起是原“{earlier}”的名称"


def _ever_named(histories: dict[int, NameHistory], text: str) -> Match:
    """The one 党支部 that ever had the name, for a row that gives no day to read it on."""
    found = [org_id for org_id, history in histories.items() if history.ever_named(text)]
    if len(found) == 1:
        return Match(found[0])
    return Match(None, f"有{len(found)}个党支部先后名为“{text}”，请填写入党日期，或改写为现在的名称")


def _refuse_on_a_branch_pc(session: Session, plan: OrgPlan, validated: list[tuple[RosterRow, MemberInput]],
                           branches: NameMap[Organisation]) -> None:
    """On a branch's own PC the tree above its 党小组 is the committee's (services/site_tree.py,
    trial 9, T9-17): a new 党支部, or a new 党小组 of another branch, is an error on each row that
    names it, confirmed or not — made there, it would never reach the committee."""
    if not (plan.new_branches or plan.new_groups) or kept_gid(session) is None:
        return  # the committee's PC, or one outside the exchange: asked once, not per organisation
    top = top_organisation(session)
    refusals: dict[tuple[str, str], str] = {}
    for name in plan.new_branches:
        if reason := tree_refusal(session, top, "add"):
            refusals[(name_key(name), "")] = reason.replace("新建组织", f"新建党支部“{name}”", 1)
    for branch, group in plan.new_groups:
        org = branches.get(branch)
        if org is not None and (reason := tree_refusal(session, org, "add")):
            refusals[(name_key(branch), name_key(group))] = reason.replace("新建组织", f"新建党小组“{group}”", 1)
    if not refusals:
        return
    for row, data in validated:
        branch_refusal = refusals.get((name_key(data.branch), ""))
        group_refusal = refusals.get((name_key(data.branch), name_key(data.group))) if data.group else None
        if branch_refusal or group_refusal:
            column = "所在党支部" if branch_refusal else "党小组"
            plan.errors.append((row.row, column, row.columns.get(column, ""), branch_refusal or group_refusal or ""))
    plan.new_branches = [b for b in plan.new_branches if (name_key(b), "") not in refusals]
    plan.new_groups = [(b, g) for b, g in plan.new_groups if (name_key(b), name_key(g)) not in refusals]


def _near_in_file(counts: Counter[str], what: str) -> list[str]:
    """Names in one file that look like a slip of the pen for one another (the rarer one is named)."""
    warnings = []
    names = sorted(counts, key=lambda n: (-counts[n], n))
    for i, rare in enumerate(names):
        for common in names[:i]:
            if counts[common] >= counts[rare] and likely_typo(rare, common):
                warnings.append(f"{what}“{rare}”（{counts[rare]} 行）与“{common}”（{counts[common]} 行）只差一两个字，"
                                "请确认不是笔误")
                break
    return warnings
