"""三会一课、主题党日、组织生活会与民主评议 for the year-end report (issue 7 item 3), built on the public
functions of the meetings area: `meetings_calendar.calendars` judges held against required per period
(with the branch's annotations), `meetings.list_meetings` gives the sittings by month and their
attendance, `meetings.get_meeting` the 民主评议 grades. Nothing here re-implements a calendar rule."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.domain.annual_report import (
    GRADE_ORDER,
    UNGRADED,
    GapRow,
    KindRow,
    LifeReviewRow,
    MeetingsSection,
    StudyRow,
)

GAP_STATES = ("未完成", "已说明", "进行中")


def meetings_section(db: Database, *, year: int, generated_on: date, branch: str | None,
                     branches: list[str]) -> MeetingsSection:
    try:
        from branchdesk.domain.meetings import MeetingKind
        from branchdesk.domain.meetings_rules import OUT_OF_SCOPE, RULES
        from branchdesk.services.meetings import get_meeting
        from branchdesk.services.meetings_calendar import calendars
        from branchdesk.services.meetings_counted import counted_sittings
    except ImportError:
        return MeetingsSection(missing="“三会一课”功能尚未完成，本部分暂无数据。")

    rule_kinds = [str(rule.kind) for rule in RULES]
    granularity = {str(rule.kind): rule.granularity for rule in RULES}
    section = MeetingsSection(kinds=rule_kinds)
    section.by_month = {kind: [0] * 12 for kind in rule_kinds}
    # Judged as of the generation day: a report made in January sees December as over.
    calendar_list = calendars(db, year=year, as_of=generated_on, branch=branch)
    months: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 12)
    attendance: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for s in counted_sittings(db, year, branch=branch):  # finalised, with content, by 所属期间 (issue 13)
        counted = [k for k in s.kinds if k in section.by_month and s.counted_in(granularity[k]).year == year]
        if not counted:
            continue  # 谈心谈话 alone is not a sitting of 三会一课; a sitting for another year is not this year's
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
            section.rows.append(KindRow(
                cal.branch, kind, held_months, held, sum(c.rule.minimum for c in cells), len(cells),
                sum(c.ok for c in cells), sum(c.state == "已说明" for c in cells),
                sum(c.state == "未完成" for c in cells), expected, present))
        for c in cal.cells:
            if c.state in GAP_STATES and not c.ok:
                section.gaps.append(GapRow(cal.branch, str(c.rule.kind), c.period.chinese, c.target, c.held,
                                           c.rule.minimum, c.state, c.exemption or "", c.rule.id))
    section.records_from = _records_from(db, year, branch)
    grades = _review_grades(db, year, branch, get_meeting, MeetingKind.REVIEW.value)
    names = [c.branch for c in calendar_list] or branches
    talks = _talks(db, names, year, generated_on)
    for name in names:
        required, done = talks.get(name, (0, 0))
        row = LifeReviewRow(name, yearly.get((name, MeetingKind.LIFE.value), 0),
                            yearly.get((name, MeetingKind.REVIEW.value), 0), grades.get(name, {}), required, done)
        row.grades = {g: row.grades.get(g, 0) for g in GRADE_ORDER}
        section.life_review.append(row)
    section.grade_totals = {g: sum(r.grades[g] for r in section.life_review) for g in GRADE_ORDER}
    section.study = _study(db, year, branch, generated_on, names)
    return section


def _study(db: Database, year: int, branch: str | None, as_of: date, names: list[str]) -> list[StudyRow]:
    """党员学习学时 per branch (MTG-STUDY-HOURS), from the meetings area's own summary."""
    try:
        from branchdesk.domain.study_hours import hours_text
        from branchdesk.services.study_hours import study_summary
    except ImportError:
        return []
    rows = {name: StudyRow(name, 0, 0, 0.0) for name in names}
    for member in study_summary(db, year, branch, as_of=as_of):
        row = rows.setdefault(member.branch, StudyRow(member.branch, 0, 0, 0.0))
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
    return [r for r in rows.values() if r.members]


def _records_from(db: Database, year: int, branch: str | None) -> list[str]:
    """"初一年级党支部：2025年9月1日起（成立日期）" for every branch whose calendar starts within the
    year, and the database's start when it is in the year (the volume says from when records run)."""
    from branchdesk.db.models import Organisation
    from branchdesk.domain.vocabulary import OrgKind
    from branchdesk.services.records_start import start_in

    with db.reading(), db.session() as session:
        start = start_in(session)
        found = []
        if start.day is not None and start.day.year == year:
            found.append(f"全部党支部：{start.day.year}年{start.day.month}月{start.day.day}日起（{start.source}）")
        query = select(Organisation).where(Organisation.kind == OrgKind.BRANCH.value, Organisation.deleted_at.is_(None))
        if branch is not None:
            query = query.where(Organisation.name == branch)
        for org in session.scalars(query.order_by(Organisation.sort_order, Organisation.id)):
            if org.founded_on is not None and org.founded_on.year == year and (start.day is None
                                                                               or org.founded_on > start.day):
                found.append(f"{org.name}：{org.founded_on.year}年{org.founded_on.month}月{org.founded_on.day}日起（成立日期）")
            if org.dissolved_on is not None and org.dissolved_on.year == year:
                found.append(f"{org.name}：至{org.dissolved_on.year}年{org.dissolved_on.month}月{org.dissolved_on.day}日（撤销日期）")
    return found


def _talks(db: Database, names: list[str], year: int, as_of: date) -> dict[str, tuple[int, int]]:
    """branch name -> (pairs that must talk, pairs that did) for 谈心谈话 (MTG-YEARLY-TALKS), from
    the meetings area's own coverage (roster at the year's end, or on `as_of` during the year)."""
    from branchdesk.db.models import Organisation
    from branchdesk.services.meetings_calendar import talk_coverage_for

    with db.reading(), db.session() as session:
        ids = dict(session.execute(select(Organisation.name, Organisation.id).where(
            Organisation.name.in_(names), Organisation.deleted_at.is_(None))).all())
    found: dict[str, tuple[int, int]] = {}
    for name, branch_id in ids.items():
        coverage = talk_coverage_for(db, branch_id, year, as_of=as_of)
        required = sum(coverage.required.values())
        found[name] = (required, required - coverage.missing_count)
    return found


def _review_grades(db: Database, year: int, branch: str | None, get_meeting,  # type: ignore[no-untyped-def]
                   review_kind: str) -> dict[str, dict[str, int]]:
    """民主评议 grades given for the year: its own reviews, and a January review held for it. The ids
    come from one small query; each record (a handful per branch) is read by the meetings service."""
    from branchdesk.db.models import Meeting, MeetingKindLink, Organisation
    from branchdesk.domain.meetings_periods import Granularity, counted_period

    query = (select(Meeting.id).join(MeetingKindLink, MeetingKindLink.meeting_id == Meeting.id)
             .join(Organisation, Organisation.id == Meeting.branch_id)
             .where(MeetingKindLink.kind == review_kind, Meeting.deleted_at.is_(None),
                    Meeting.meeting_date >= date(year, 1, 1), Meeting.meeting_date <= date(year + 1, 12, 31)))
    if branch is not None:
        query = query.where(Organisation.name == branch)
    with db.session() as session:
        ids = list(session.scalars(query.order_by(Meeting.id)))
        try:  # the meetings area's batch reader: one query per table for all of them
            from branchdesk.services.meetings_load import load_records

            records = load_records(session, ids)
        except ImportError:
            records = None
    if records is None:
        records = [get_meeting(db, meeting_id) for meeting_id in ids]
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for record in records:
        if not record.counts or counted_period(record.date, record.period, Granularity.YEAR).year != year:
            continue
        for result in record.review_results:
            found[record.branch][result.grade or UNGRADED] += 1
    return {b: dict(g) for b, g in found.items()}
