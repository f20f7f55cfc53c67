"""三会一课、主题党日、组织生活会与民主评议 for the year-end report (issue 7 item 3), built on the loaders
of the meetings area (services/meetings/store.py) on the report's one Session: `load_calendars` judges
held against required per period (with the branch's annotations), `load_counted_sittings` gives the
sittings by month and their attendance, `load_talk_coverages` 谈心谈话 (every branch in one read, each
by its own committee); the 民主评议 grades are read here as plain columns; 党员学习学时 from the
study-hours area's `load_summary`. Nothing here re-implements a calendar rule."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.queries import org_ids_named
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.annual_report.meetings_section import (
    GRADE_ORDER,
    UNGRADED,
    GapRow,
    KindRow,
    LifeReviewRow,
    MeetingsSection,
    MemberHoursRow,
    StudyRow,
)
from branchdesk.domain.meetings.happened import has_happened
from branchdesk.domain.meetings.periods import Granularity, counted_period
from branchdesk.domain.meetings.records import MeetingKind, has_content
from branchdesk.domain.meetings.rules import (
    NOT_APPLICABLE,
    OUT_OF_SCOPE,
    RULES,
    PeriodCount,
    held_late_until,
    period_over,
)
from branchdesk.domain.study_hours.records import SPAN_UNKNOWN, hours_text
from branchdesk.services.annual_report.registers import sitting_register
from branchdesk.services.meetings.counted import load_counted_sittings
from branchdesk.services.meetings.store import as_date, load_calendars, load_talk_coverages
from branchdesk.services.records_start import FROM_MEETINGS, Branch, branch_span, load_branches, start_in
from branchdesk.services.study_hours.store import load_summary

GAP_STATES = ("未完成", "已说明", "进行中")
# plain columns, read on the tables (db/table_reads.py, issue 18)
_MEETINGS = tables.meetings.c
_KINDS = tables.meeting_kinds.c
_ORGS = tables.organisations.c
_REVIEWS = tables.meeting_review_results.c


def meetings_section(session: Session, *, year: int, generated_on: date, branch: str | None,
                     branches: list[str], unreported: Collection[str] = (),
                     reported_until: Mapping[str, date] | None = None) -> MeetingsSection:
    """`unreported`: the branches that never sent a 上报 (services/exchange/kept.py): nothing of theirs is
    here, their records are said not to have come — not "尚无会议记录" (TD-2). `reported_until`: branch -> the
    day its newest 上报 was written (kept.last_reports), before the cut-off: a 定稿 sitting it carried dated
    after that day had not happened when it was written — received, never counted on its strength, and said
    so (vol3 item 3; domain/meetings/happened.py)."""
    reported = reported_until or {}
    rule_kinds = [str(rule.kind) for rule in RULES]
    granularity = {str(rule.kind): rule.granularity for rule in RULES}
    section = MeetingsSection(kinds=rule_kinds)
    section.by_month = {kind: [0] * 12 for kind in rule_kinds}
    # The branches in scope, read once for the calendars, 学时 and the dates the records run from
    # (the meetings and study-hours areas each read the same rows; issue 18)
    branch_orgs = load_branches(session, branch, year=year)  # a branch an older version deleted too (T9-4)
    # Judged as of the generation day: a report made in January sees December as over.
    calendar_list = load_calendars(session, branch_orgs, year, generated_on,
                                   held_until={o.id: reported[o.name] for o in branch_orgs if o.name in reported})
    months: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 12)
    attendance: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    # finalised, with content, held by the cut-off, by 所属期间 (issue 13)
    sittings = [s for s in load_counted_sittings(session, year, generated_on, branch=branch)
                if s.branch not in reported or has_happened(s.date, reported[s.branch])]
    # 定稿 sittings dated after the cut-off: not held yet, not counted — and said so (happened.py)
    section.later, section.later_cut_off = sum(len(c.later) for c in calendar_list), generated_on
    for cal in calendar_list:  # and in the month of each: its cell says a sitting was left out there
        if cal.reported_later:  # dated after the branch's newest 上报 was written: not counted either (item 3)
            section.reported_later[cal.branch] = (len(cal.reported_later), reported[cal.branch])
        for later in [*cal.later, *cal.reported_later]:
            for kind in rule_kinds:
                if kind in later.kinds and (period := later.counted_in(granularity[kind])).year == year:
                    month = later.date.month if later.date.year == year else period.end.month
                    section.later_months.setdefault((cal.branch, kind), [0] * 12)[month - 1] += 1
    counted_kinds: dict[int, list[str]] = {}
    for s in sittings:
        counted = [k for k in rule_kinds if k in s.kinds and s.counted_in(granularity[k]).year == year]
        if not counted:
            continue  # 谈心谈话 alone is not a sitting of 三会一课; a sitting for another year is not this year's
        counted_kinds[s.id] = counted
        section.sittings += 1
        section.late += bool(s.period and s.period_late)
        if s.expected is not None and s.present is not None:
            section.expected += s.expected
            section.present += s.present
        for kind in counted:
            month = s.month_in(year, granularity[kind])
            months[(s.branch, kind)][month - 1] += 1
            section.by_month[kind][month - 1] += 1
            if s.expected is not None and s.present is not None:
                attendance[(s.branch, kind)][0] += s.expected
                attendance[(s.branch, kind)][1] += s.present
    yearly: dict[tuple[str, str], int] = {}
    for cal in calendar_list:
        for kind in rule_kinds:
            cells = [c for c in cal.cells if str(c.rule.kind) == kind and c.state not in OUT_OF_SCOPE]
            held_months = months[(cal.branch, kind)]
            held = sum(held_months)
            if granularity[kind].value == "year":
                yearly[(cal.branch, kind)] = max((c.held for c in cells), default=held)
            expected, present = attendance[(cal.branch, kind)]
            waiting = [until for c in cells if (until := _awaited(c, generated_on))]
            # sittings in months the rule did not apply to, where it applied to others (支委会 before the
            # committee was formed): not among the pair's sittings (MTG-MONTHLY-COMMITTEE; vol3 item 5)
            unrequired = sum(c.held for c in cal.cells if str(c.rule.kind) == kind and c.state == NOT_APPLICABLE) \
                if cells else 0
            # 已开/应开 counts the periods due — over by the volume's day (TR-5), or in progress and met already
            # (its sitting is held: "4/4期", as counted by hand, rev5); the one in progress and not met yet apart,
            # and so last year's 组织生活会/民主评议 still in time until 03-31 (待召开, as the check's "可在…前召开", rev5)
            started = [c for c in cells if c.period.start <= generated_on]
            due = [c for c in started if c.ok or (period_over(c.period, generated_on) and not _awaited(c, generated_on))]
            running = [c for c in started if not period_over(c.period, generated_on) and not c.ok]
            section.rows.append(KindRow(
                cal.branch, kind, held_months, held, sum(c.rule.minimum for c in cells), len(due),
                sum(c.ok for c in due), sum(c.state == "已说明" for c in cells),
                sum(c.state == "未完成" for c in cells) - len(waiting), expected, present,
                len(waiting), max(waiting, default=None), unrequired, len(running), sum(c.held for c in running),
                "、".join(dict.fromkeys(_short(c.period.chinese, year) for c in running))))
        for c in cal.cells:
            if c.state in GAP_STATES and not c.ok:
                until = _awaited(c, generated_on)
                state = f"待召开（截止 {until:%Y-%m-%d}）" if until else c.state
                section.gaps.append(GapRow(cal.branch, str(c.rule.kind), c.period.chinese, c.target, c.held,
                                           c.rule.minimum, state, c.explanation or "", c.rule.id))
    order = {name: i for i, name in enumerate([c.branch for c in calendar_list] or branches)}
    section.register = sorted(sitting_register(session, sittings, counted_kinds),
                              key=lambda r: (order.get(r.branch, len(order)), r.branch, r.day))
    section.records_from = _records_from(session, year, branch_orgs, unreported)
    start = start_in(session)  # the months each branch's records cover: none before they start (issue 13)
    section.year, section.spans = year, {org.name: branch_span(start, org) for org in branch_orgs}
    section.records_started = start.day is not None  # no 启用日期, no meeting: no month is covered
    grades, ungraded = _review_grades(session, year, branch, generated_on, reported)
    names = [c.branch for c in calendar_list] or branches
    talks = _talks(session, names, year, generated_on)
    for name in names:
        required, done, logged = talks.get(name, (0, 0, True))
        row = LifeReviewRow(name, yearly.get((name, MeetingKind.LIFE.value), 0),
                            yearly.get((name, MeetingKind.REVIEW.value), 0), grades.get(name, {}), required, done,
                            logged, ungraded.get(name, []))
        row.grades = {g: row.grades.get(g, 0) for g in GRADE_ORDER}
        section.life_review.append(row)
    section.grade_totals = {g: sum(r.grades[g] for r in section.life_review) for g in GRADE_ORDER}
    section.study, section.member_hours = _study(session, year, branch_orgs, generated_on, names,
                                                 {o.id: reported[o.name] for o in branch_orgs if o.name in reported})
    return section


def _short(words: str, year: int) -> str:
    """"2026年12月" → "12月", "2026年第四季度" → "第四季度", "2026年" → "本年度" (the volume names its year)."""
    return words.removeprefix(f"{year}年") or "本年度"


def _awaited(cell: PeriodCount, day: date) -> date | None:
    """The deadline of a period over and not met that a sitting held by then still fulfils — last year's
    组织生活会/民主评议 until 03-31 (domain.md §2; the check's "可在 … 前召开") — while `day` is within it: the
    volume says 待召开, not 未按规定召开 (TY-13). None otherwise."""
    if cell.state != "未完成" or cell.ok:
        return None
    until = held_late_until(cell.rule, cell.period)
    return until if cell.period.end < day <= until else None


def _study(session: Session, year: int, branches: list[Branch], as_of: date, names: list[str],
           held_until: Mapping[int, date]) -> tuple[list[StudyRow], list[MemberHoursRow]]:
    """党员学习学时 per branch (MTG-STUDY-HOURS), from the meetings area's own summary, and per member — a sitting
    dated after its branch's newest 上报 left out as the calendar leaves it (`held_until`, review rev1 F1)."""
    rows = {name: StudyRow(name, 0, 0, 0.0) for name in names}
    members: list[MemberHoursRow] = []
    for member in load_summary(session, branches, year, as_of, held_until=held_until):
        status = member.status if member.judged else f"{member.status}（{member.left}）"
        if member.unknown and member.span_note:  # no 启用日期 and study before the first meeting (TK-9)
            status = f"{member.status}（{SPAN_UNKNOWN}）"
        members.append(MemberHoursRow(member.branch, member.name, member.category, float(member.required),
                                      float(member.total), status))
        row = rows.setdefault(member.branch, StudyRow(member.branch, 0, 0, 0.0))
        if not member.judged:  # left the roster (转出、离世、出党): listed, not judged nor counted (TV-10)
            row.departed_names.append(f"{member.name}（{member.left}）")
            continue
        row.members += 1
        row.met += member.met
        row.unknown += member.unknown
        row.hours += float(member.total)
        row.untimed.update(s.id for s in member.untimed)
        row.estimated.update(s.id for s in member.estimated)
        if member.short:
            row.short_names.append(f"{member.name}（{hours_text(member.total)}/{hours_text(member.required)}）")
        elif member.unknown:
            row.unknown_names.append(f"{member.name}（已知{hours_text(member.total)}/{hours_text(member.required)}）")
    order = {name: i for i, name in enumerate(names)}
    members.sort(key=lambda m: order.get(m.branch, len(order)))  # stable: the summary's member order within
    return [r for r in rows.values() if r.members or r.departed_names], members


def _records_from(session: Session, year: int, branches: list[Branch], unreported: Collection[str] = ()) -> list[str]:
    """"初一年级党支部：2025年9月1日起（成立日期）" for every branch (of `branches`, live, in their order)
    whose calendar starts within the year, and the database's start when it is in the year (the volume
    says from when records run). With no 启用日期 each branch starts with its own first meeting
    (services/records_start.py): a branch that starts later than the others, or has no meeting yet,
    is named, and the line for the others says "其余"."""
    start = start_in(session)
    own_lines: list[str] = []  # branches that start on a day of their own, or not at all
    away = 0  # branches that never sent their 上报: left out of the line
    other_lines: list[str] = []  # 成立日期 / 撤销日期 within the year
    for org in branches:
        own = start.day_for(org.id)
        founded = org.founded_on
        if own is None:
            if org.name in unreported:  # never sent: no start to give, named in the 上报情况 line (TD-2; review 13-4, F5)
                away += 1
            elif start.day is not None:  # others have records, this branch none
                own_lines.append(f"{org.name}：尚无会议记录，各月不在台账记录期间")
        elif founded is not None and (founded > own or (founded == own and start.source == FROM_MEETINGS)):
            if founded.year == year:  # its records start with the branch itself
                other_lines.append(f"{org.name}：{founded.year}年{founded.month}月{founded.day}日起（成立日期）")
        elif own != start.day and own.year == year:
            own_lines.append(f"{org.name}：{own.year}年{own.month}月{own.day}日起（{start.source}）")
        if org.dissolved_on is not None and org.dissolved_on.year == year:
            other_lines.append(f"{org.name}：至{org.dissolved_on.year}年{org.dissolved_on.month}月"
                               f"{org.dissolved_on.day}日（撤销日期）")
    found = own_lines
    if start.day is not None and start.day.year == year and len(own_lines) + away < len(branches):
        # one branch's volume (or a school of one branch) names no "全部党支部" (TV-11)
        which = ("其余党支部：" if own_lines else "已上报的党支部：" if away else "全部党支部：" if len(branches) > 1
                 else "")
        line = f"{which}{start.day.year}年{start.day.month}月{start.day.day}日起（{start.source}）"
        found = [*own_lines, line] if own_lines else [line]
    if len(branches) == 1:  # a branch's own volume: its lines need not name it
        return [line.removeprefix(f"{branches[0].name}：") for line in found + other_lines]
    return found + other_lines


def _talks(session: Session, names: list[str], year: int, as_of: date) -> dict[str, tuple[int, int | None, bool]]:
    """branch name -> (coverage items required, covered) for 谈心谈话 (MTG-YEARLY-TALKS), from
    the meetings area's own coverage (roster at the year's end, or on `as_of` during the year). Covered
    is None when a talk does not say who took part and the others leave items uncovered: the check's
    "是否全覆盖无法核对" (talks.coverage_text), never 0 (T10-14, T9-29). Logged is False when no talk of the
    year is recorded at all: 未登记, not "已覆盖 0 项、覆盖率 0%" (TR-4)."""
    ids = dict(read_rows(session, select(_ORGS.name, _ORGS.id).where(
        _ORGS.name.in_(names), _ORGS.deleted_at.is_(None))))
    day = min(date(year, 12, 31), as_of)
    # every branch in one read, each with its own committee, as the meetings page counts one branch
    coverages = load_talk_coverages(session, list(ids.values()), year, day, own_committees=True)
    found: dict[str, tuple[int, int | None, bool]] = {}
    for name, branch_id in ids.items():
        coverage = coverages[branch_id]
        required = sum(coverage.required.values())
        unknown = coverage.unnamed and coverage.missing_count
        found[name] = (required, None if unknown else required - coverage.missing_count,
                       not (coverage.people and coverage.nothing_logged))
    return found


def _review_grades(session: Session, year: int, branch: str | None, as_of: date,
                   until: Mapping[str, date]) -> tuple[dict[str, dict[str, int]], dict[str, list[date]]]:
    """民主评议 grades given for the year: its own reviews, and a January review held for it — and the
    days of those with no grade recorded, per branch. Counted sittings only (finalised, with content:
    MeetingRecord.counts; held by `as_of`, domain/meetings/happened.py), each placed by its 所属期间; read
    as plain columns (the grades and what places the sitting, not whole records)."""
    review_kind = MeetingKind.REVIEW.value
    meeting = _MEETINGS
    query = (select(meeting.id, meeting.branch_id, meeting.meeting_date, meeting.period, meeting.finalised_at,
                    meeting.topic, meeting.content)
             .join_from(tables.meetings, tables.meeting_kinds, _KINDS.meeting_id == meeting.id)
             .where(_KINDS.kind == review_kind, meeting.deleted_at.is_(None),
                    meeting.meeting_date >= date(year, 1, 1), meeting.meeting_date <= date(year + 1, 12, 31)))
    if branch is not None:
        query = query.where(meeting.branch_id.in_(org_ids_named(session, branch)))
    names = dict(read_rows(session, select(_ORGS.id, _ORGS.name)))
    counted: dict[int, str] = {}  # meeting id -> branch name, in the order of the ids
    days: dict[int, date] = {}
    for mid, branch_id, day, period, finalised_at, topic, content in read_rows(session, query.order_by(meeting.id)):
        if finalised_at is None or not has_content(topic, content) or not has_happened(as_of=as_of, day=as_date(day)):
            continue
        name = names.get(branch_id, "")
        if name in until and not has_happened(as_date(day), until[name]):
            continue  # dated after the branch's newest 上报 was written (meetings_section)
        if counted_period(as_date(day), period, Granularity.YEAR).year == year:
            counted[mid] = name
            days[mid] = as_date(day)
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    ungraded: dict[str, list[date]] = defaultdict(list)
    grades: dict[int, list[str]] = defaultdict(list)
    if counted:
        for mid, grade in read_rows(session, select(_REVIEWS.meeting_id, _REVIEWS.grade)
                                    .where(_REVIEWS.meeting_id.in_(list(counted)))
                                    .order_by(_REVIEWS.id)):
            grades[mid].append(grade)
    for mid, name in counted.items():
        for grade in grades[mid]:
            found[name][grade or UNGRADED] += 1
        if not grades[mid]:  # held, no grade recorded (a ledger row carries none): not known, not 0 (TV-4)
            ungraded[name].append(days[mid])
    return {b: dict(g) for b, g in found.items()}, {b: sorted(d) for b, d in ungraded.items()}
