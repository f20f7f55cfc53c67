"""基本情况 of the year-end report (issue 7 item 2): the roster as it stood at the report's day, its
composition, the year's admissions, 转正 and departures, and members as a share of the staff count
(seed 000: "在职党员209名，占到全校教师的三分之一"). Built on the roster's loader (services/roster/store.py); no other area needed."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.annual_report.sections import (
    NOT_COVERED,
    BasicSection,
    BranchMembers,
    Count,
    RosterRow,
    share,
)
from branchdesk.domain.dates import age_on
from branchdesk.domain.idcard import mask_id_number
from branchdesk.domain.roster.membership import (
    arrived_after,
    branch_on,
    branch_periods,
    category_on,
    group_on,
)
from branchdesk.domain.roster.records import MemberRecord
from branchdesk.domain.text import same_name
from branchdesk.domain.vocabulary import EDUCATION_LEVELS, MemberCategory, MemberStatus
from branchdesk.services.annual_report.group_names import names_of_the_day, renamed_branches, told_once
from branchdesk.services.annual_report.registers import committees
from branchdesk.services.development.figures import membership_year
from branchdesk.services.roster.store import load_members
from branchdesk.services.shared_reads import branch_moves, full_approvals, setting

STAFF_SETTING = "staff_count"
_ORGS = tables.organisations.c
AGE_BANDS = ((0, 30, "30岁及以下"), (31, 40, "31—40岁"), (41, 50, "41—50岁"), (51, 60, "51—60岁"),
             (61, 200, "61岁及以上"))


def on_roster(member: MemberRecord, day: date) -> bool:
    """On the roster that day: joined by then and not yet left (same rule as members.members_on)."""
    if member.join_date is not None and member.join_date > day:
        return False
    if member.status != MemberStatus.ACTIVE.value and member.left_date is None:
        return False
    return member.left_date is None or member.left_date > day


def age_band(birth: date | None, day: date) -> str:
    if birth is None:
        return "未填写"
    age = age_on(birth, day)
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


def _branches_on(session: Session, members: list[MemberRecord], day: date) -> list[MemberRecord]:
    """The members with the branch they were in on `day` by their dated 支部调整 (domain/roster/membership:
    the one rule every roster "on a day" follows). A member then in another branch than today's: the
    党小组 of that time is not recorded, so it is shown as not known ("—"), never the new branch's; one
    moved between 党小组 of her branch since (a dated 党小组调整, TY-5) is shown in the group of the day."""
    moves = branch_moves(session)
    if not moves:
        return members
    names = dict(read_rows(session, select(_ORGS.id, _ORGS.name)))  # a branch deleted since keeps its name
    found = []
    for m in members:
        if arrived_after(moves.get(m.id, ()), day):
            continue  # transferred in later: not on the roster that day (TY-4)
        then = branch_on(branch_periods(m.branch_id, moves.get(m.id, ())), day) if m.id in moves else m.branch_id
        if then is None or then == m.branch_id or then not in names:
            group = group_on(m.group_id, moves.get(m.id, ()), day)  # a dated 党小组调整 since (TY-5)
            found.append(m if group == m.group_id or then != m.branch_id else
                         replace(m, group_id=group, group=names.get(group, "") if group is not None else ""))
        else:
            found.append(replace(m, branch_id=then, branch=names[then], group_id=None, group=NOT_COVERED))
    return found


def staff_count(session: Session) -> int | None:
    text = setting(session, STAFF_SETTING).strip()
    try:
        value = int(text)
    except ValueError:
        return None
    return value if value > 0 else None


def _ordered(counter: Counter[str], order: tuple[str, ...] = ()) -> list[Count]:
    known = [Count(label, counter[label]) for label in order if counter.get(label)]
    rest = sorted((label for label in counter if label not in order), key=lambda x: (-counter[x], x))
    return known + [Count(label or "未填写", counter[label]) for label in rest]


def basic_section(session: Session, *, year: int, as_of: date, branch: str | None, branches: list[str],
                  masked: bool) -> BasicSection:
    """Figures of the roster on `as_of` (31 December of the year, or today within it)."""
    last = date(year, 12, 31)
    # each member in the branch they belonged to on the day (dated 支部调整: earlier records keep the old
    # branch), not the roster's branch of today (trial 9, T9-14)
    stood = _branches_on(session, load_members(session, include_left=True), as_of)
    stood, renamed = names_of_the_day(session, stood, as_of)  # a 党小组 by its name of the day (TY-5)
    everyone = [m for m in stood if branch is None or same_name(m.branch, branch)]
    order = {name: i for i, name in enumerate(branches)}
    current = sorted((m for m in everyone if on_roster(m, as_of)), key=lambda m: order.get(m.branch, len(order)))
    section = BasicSection(as_of=as_of, total=len(current))
    section.renamed_groups = told_once(current, renamed)
    section.renamed_branches = renamed_branches(session, branches, as_of)  # within the year, up to its day
    per_branch: dict[str, BranchMembers] = {name: BranchMembers(name, 0, 0, 0, 0, 0, 0, 0, 0) for name in branches}
    year_of = membership_year(session, year, as_of=min(last, as_of), branch=branch)  # the one place (issue 13)
    for m in everyone:
        per_branch.setdefault(m.branch, BranchMembers(m.branch, 0, 0, 0, 0, 0, 0, 0, 0))
    for name, row in per_branch.items():
        row.new = year_of.count("admitted", name)
        row.made_full = year_of.count("made_full", name)
        row.left = year_of.count("left", name)
        row.moved_in, row.moved_out = year_of.count("moved_in", name), year_of.count("moved_out", name)
    section.on_time = len(year_of.on_time)
    section.pending = [f"{p.name}（{p.branch}）" for p in year_of.pending]
    categories: Counter[str] = Counter()
    sexes: Counter[str] = Counter()
    ages: Counter[str] = Counter()
    education: Counter[str] = Counter()
    ethnicity: Counter[str] = Counter()
    approved = full_approvals(session)
    for m in current:
        # 预备党员 until the end of probation, and until the 转正's approval where the ledger holds it (T9-13)
        category = category_on(m.category, m.full_date, approved.get(m.id), as_of)
        row = per_branch[m.branch]
        row.total += 1
        row.full += category == MemberCategory.FULL.value
        row.probationary += category == MemberCategory.PROBATIONARY.value
        row.male += m.sex == "男"
        row.female += m.sex == "女"
        categories[category] += 1
        sexes[m.sex or "未填写"] += 1
        ages[age_band(m.birth_date, as_of)] += 1
        education[m.education or "未填写"] += 1
        ethnicity[m.ethnicity or "未填写"] += 1
        section.roster.append(RosterRow(
            m.name, m.sex, m.ethnicity, mask_id_number(m.id_number) if masked else m.id_number, m.birth_date,
            m.education, m.branch, m.group, category, m.join_date, m.full_date if category == "正式党员" else None,
            m.position, "" if masked else m.phone))
    section.branches = [per_branch[name] for name in per_branch if name in branches or per_branch[name].total]
    section.by_category = _ordered(categories, (MemberCategory.FULL.value, MemberCategory.PROBATIONARY.value))
    section.by_sex = _ordered(sexes, ("男", "女"))
    section.by_age = _ordered(ages, tuple(label for _, _, label in AGE_BANDS))
    section.by_education = _ordered(education, EDUCATION_LEVELS)
    section.by_ethnicity = _ordered(ethnicity, ("汉族",))
    section.new_members = sum(r.new for r in section.branches)
    section.made_full = sum(r.made_full for r in section.branches)
    section.left = sum(r.left for r in section.branches)
    section.moved_in = sum(r.moved_in for r in section.branches)
    section.moved_out = sum(r.moved_out for r in section.branches)
    if branch is None:  # the staff count is the school's; a single branch is not compared with it
        section.staff_count = staff_count(session)
        if section.staff_count:
            section.staff_share = share(section.total, section.staff_count)
    section.committees = committees(session, [b.branch for b in section.branches],
                                    {b.branch: b.total for b in section.branches},
                                    {b.branch: b.full for b in section.branches}, as_of)
    return section
