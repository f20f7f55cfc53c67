"""Demo step for 三会一课 (issue 3): twelve months of meetings for every demo branch, as a secretary
would have recorded them — a committee meeting early each month, a 主题党日 on a fixed day (the
quarter's 支部党员大会 held on it, one sitting counting for both), group meetings, a 党课 each quarter,
the 组织生活会 and 民主评议 in January for the past year, 谈心谈话 — with a few gaps for the calendar
to find (one annotated with a reason), an annual plan, and older records 定稿."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import (
    CommitteePost,
    Meeting,
    MeetingAttendance,
    MeetingExemption,
    MeetingKindLink,
    MeetingPlan,
    MeetingReviewResult,
    Member,
    MemberMove,
    Organisation,
)
from branchdesk.domain.dates import add_months
from branchdesk.domain.meetings.records import AttendanceStatus, MeetingKind, ReviewGrade
from branchdesk.domain.vocabulary import MemberCategory, MoveKind, OrgKind

K = MeetingKind
THEMES = ("新春走访慰问困难党员和退休教师", "学雷锋志愿服务进社区", "学习全国两会精神", "清明祭英烈主题教育",
          "劳动教育实践：校园责任区清整", "师德师风专题学习与承诺", "过政治生日，重温入党誓词", "暑期党员家访与学生安全教育",
          "教师节座谈：优秀党员教师经验分享", "家国情怀主题教育进课堂", "学习贯彻全会精神专题研讨", "党员年度述职和组织生活会准备")
COMMITTEE_TOPICS = ("研究本月党建工作安排", "讨论入党积极分子培养考察情况", "研究主题党日活动方案", "研究教师培训与师德考核",
                    "研究党员示范岗设置", "研究青蓝工程结对安排", "研究整改台账推进情况", "研究学生帮扶工作")
GROUP_TOPICS = ("学习《中国共产党支部工作条例（试行）》", "交流党员示范课准备情况", "讨论年级学生管理中的难点",
                "学习《中小学教师职业道德规范》", "交流结对帮扶学生情况", "学习党章第一章 党员")
LECTURES = ("坚定理想信念，做新时代“四有”好老师", "党章学习专题党课", "以党建引领课堂教学改革", "严守党的纪律，涵养师德师风")
LEAVE_REASONS = ("外出培训", "带学生参加比赛", "病假", "家中有事", "监考")
PLACES = ("学校党员活动室", "行政楼三楼会议室", "年级组办公室")


def _day(month_start: date, day: int) -> date:
    """The given day of the month, moved back to a Friday if it falls on a weekend."""
    result = month_start.replace(day=min(day, 28))
    while result.weekday() >= 5:
        result -= timedelta(days=1)
    return result


def build_meetings_demo(db: Database, rng: random.Random, today: date) -> str:
    first_month = add_months(today.replace(day=1), -11)
    months = [add_months(first_month, i) for i in range(12)]
    count = 0
    with db.session() as session:
        branches = list(session.scalars(select(Organisation).where(Organisation.kind == OrgKind.BRANCH.value)
                                        .order_by(Organisation.sort_order, Organisation.id)))
        for order, branch in enumerate(branches):
            count += _branch(session, rng, today, branch, months, order)
    return f"三会一课：{len(branches)} 个党支部近一年的 {count} 次会议记录（含几处缺漏供规定次数检查发现）。"


def _branch(session: Session, rng: random.Random, today: date, branch: Organisation, months: list[date], order: int) -> int:
    groups = list(session.scalars(select(Organisation).where(Organisation.parent_id == branch.id,
                                                             Organisation.kind == OrgKind.GROUP.value)))
    members = list(session.scalars(select(Member).where(Member.branch_id == branch.id)))
    # a member who came by 组织关系转入 is on the sheets from that day (TY-4), never on an earlier one
    arrived = {member_id: day for member_id, day in session.execute(select(MemberMove.member_id, MemberMove.move_date).where(
        MemberMove.member_id.in_([m.id for m in members]), MemberMove.kind == MoveKind.TRANSFER_IN.value))}
    posts = list(session.scalars(select(CommitteePost).where(CommitteePost.org_id == branch.id)))
    by_id = {m.id: m for m in members}
    committee = [by_id[p.member_id] for p in posts if p.member_id in by_id]
    secretary = committee[0].name if committee else (members[0].name if members else "")
    recorder = committee[2].name if len(committee) > 2 else secretary
    retired = branch.name.startswith("退休")
    place = "退休教师活动中心" if retired else PLACES[order % len(PLACES)]
    # A few gaps, different in each branch, for the calendar to find (months counted back from today).
    skip_committee = {months[-4]} if order == 1 else set()
    skip_theme = {months[-3]} if order == 5 else set()
    annotated = [m for m in months if m.month == 7][:1] if order == 3 else []
    skip_lecture_quarter = ((months[-5].month - 1) // 3) if order == 4 else None
    meetings: list[tuple[Meeting, tuple[str, ...], list[Member]]] = []

    def add(day: date, kinds: tuple[str, ...], topic: str, attendees: list[Member], **extra: Any) -> Meeting:
        start = "15:30" if not retired else "09:00"
        meeting = Meeting(branch_id=branch.id, meeting_date=day, start_time=start,
                          end_time="17:00" if not retired else "10:30", place=extra.pop("place", place), topic=topic,
                          host=extra.pop("host", secretary), recorder=extra.pop("recorder", recorder),
                          content=extra.pop("content", f"会议围绕“{topic}”进行。{secretary}传达了上级党委有关要求，"
                                            "与会党员结合教育教学工作逐一发言，交流了体会和下一步打算。"),
                          resolutions=extra.pop("resolutions", ""), absentee_text="", **extra)
        if day < today - timedelta(days=30):
            meeting.finalised_at = datetime.combine(day + timedelta(days=3), datetime.min.time())
        meetings.append((meeting, kinds, attendees))
        return meeting

    def roster(day: date, group: Organisation | None = None) -> list[Member]:
        return [m for m in members if m.join_date is not None and m.join_date <= day and arrived.get(m.id, day) <= day
                and (m.left_date is None or m.left_date > day) and (group is None or m.group_id == group.id)]

    for index, month in enumerate(months):
        if month > today:
            break
        quarter_end = month.month % 3 == 0
        theme_day = _day(month, 15)
        if committee and month not in skip_committee and _day(month, 5) <= today:
            add(_day(month, 5), (K.COMMITTEE,), COMMITTEE_TOPICS[index % len(COMMITTEE_TOPICS)],
                [m for m in committee if m in roster(_day(month, 5))], place="行政楼三楼会议室")
        if month not in skip_theme and month not in annotated and theme_day <= today:
            kinds: tuple[str, ...] = (K.CONGRESS, K.THEME_DAY) if quarter_end else (K.THEME_DAY,)
            vote = quarter_end and month.month == 6 and not retired
            add(theme_day, kinds, THEMES[month.month - 1], roster(theme_day), has_vote=vote,
                resolutions="全体有表决权的党员逐一表决，同意接收一名预备党员转为正式党员。" if vote else "")
        for g_index, group in enumerate(groups):
            day = _day(month, 20 + g_index)
            if day <= today:
                meeting = add(day, (K.GROUP,), GROUP_TOPICS[(index + g_index) % len(GROUP_TOPICS)],
                              roster(day, group), host=next((m.name for m in roster(day, group)), secretary))
                meeting.group_id = group.id
        quarter = (month.month - 1) // 3
        if month.month % 3 == 2 and quarter != skip_lecture_quarter and _day(month, 25) <= today:
            lecturer = secretary if quarter in (1, 3) else (committee[1].name if len(committee) > 1 else secretary)
            add(_day(month, 25), (K.LECTURE,), LECTURES[quarter], roster(_day(month, 25)), lecturer=lecturer)
        if month.month == 1:
            day = _day(month, 10)
            add(day, (K.LIFE, K.REVIEW), f"{month.year - 1}年度组织生活会暨民主评议党员", roster(day),
                period=str(month.year - 1),
                resolutions="对照检查查摆问题 5 条，列入整改台账，明确责任人和完成时限。")
    for a, b in [(committee[i], committee[j]) for i in range(len(committee)) for j in range(i + 1, len(committee))] + \
            [(committee[0], m) for m in members if committee and m not in committee][: len(members) // 2]:
        day = min(today, months[0] + timedelta(days=rng.randint(20, 320)))
        add(day, (K.TALK,), f"{a.name}与{b.name}谈心谈话", [a, b], host=a.name, recorder=a.name,
            place="党员活动室", content="交流思想、工作和生活情况，听取对支部工作的意见建议。")
    session.add_all(m for m, _, _ in meetings)
    session.flush()
    _details(session, rng, meetings, retired, set(arrived))
    _plan_and_exemptions(session, branch, today, annotated)
    return len(meetings)


def _details(session: Session, rng: random.Random, meetings: Any, retired: bool, arrived: set[int]) -> None:
    """Each sitting's kinds, sign-in sheet and 评议 results. A member who came by 转入 (`arrived`) is present
    at each sitting since, without a roll of the demo's random sequence, so every other sheet stays as it was."""
    kinds_rows, sheet_rows, review_rows = [], [], []
    for meeting, kinds, attendees in meetings:
        kinds_rows += [{"meeting_id": meeting.id, "kind": str(k)} for k in kinds]
        for position, member in enumerate(attendees):
            full = member.category == MemberCategory.FULL.value and (member.full_date is None
                                                                     or member.full_date <= meeting.meeting_date)
            roll = rng.random() if len(attendees) > 2 and member.id not in arrived else 0.0
            status, reason = AttendanceStatus.PRESENT.value, ""
            if roll > (0.80 if retired else 0.92):
                status, reason = AttendanceStatus.LEAVE.value, rng.choice(LEAVE_REASONS)
            elif roll > (0.77 if retired else 0.90):
                status = AttendanceStatus.ABSENT.value
            sheet_rows.append({"meeting_id": meeting.id, "member_id": member.id, "name": member.name,
                               "category": MemberCategory.FULL.value if full else MemberCategory.PROBATIONARY.value,
                               "status": status, "reason": reason, "position": position})
            if MeetingKind.REVIEW in kinds:
                grade = "" if not full else (ReviewGrade.EXCELLENT.value if position % 4 == 1 else ReviewGrade.PASS.value)
                review_rows.append({"meeting_id": meeting.id, "member_id": member.id, "name": member.name,
                                    "category": sheet_rows[-1]["category"], "grade": grade})
    session.execute(insert(MeetingKindLink), kinds_rows)
    if sheet_rows:
        session.execute(insert(MeetingAttendance), sheet_rows)
    if review_rows:
        session.execute(insert(MeetingReviewResult), review_rows)


def _plan_and_exemptions(session: Session, branch: Organisation, today: date, annotated: list[date]) -> None:
    for month in range(1, 13):
        session.add(MeetingPlan(branch_id=branch.id, year=today.year, month=month, kind=MeetingKind.THEME_DAY.value,
                                topic=THEMES[month - 1], note=""))
        if month % 3 == 2:
            session.add(MeetingPlan(branch_id=branch.id, year=today.year, month=month, kind=MeetingKind.LECTURE.value,
                                    topic=LECTURES[(month - 1) // 3], note=""))
    for day in annotated:
        session.add(MeetingExemption(branch_id=branch.id, kind=MeetingKind.THEME_DAY.value, period=f"{day:%Y-%m}",
                                     reason="暑假期间党员分散，主题党日已于8月开学前与支部党员大会合并开展。"))
