"""Demo step for 党员学习学时 (MTG-STUDY-HOURS): the year's 学习培训记录 outside the branches' sittings,
as a school keeps them — most members finished an online 专题班 (12–24 学时), committee members also
went to a 党校 course, a few members recorded nothing — and one 党小组会 whose times the recorder left
blank, so the ledger and `branchdesk check` show members who meet the 32 学时, members who do not,
and a sitting that counted 0 学时 (未填起止时间)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from branchdesk.db.engine import Database
from branchdesk.db.models import CommitteePost, Meeting, MeetingKindLink, Member, MemberMove, StudyRecord
from branchdesk.domain.meetings.records import MeetingKind
from branchdesk.domain.study_hours.records import StudyForm, months_on_roster
from branchdesk.domain.vocabulary import MoveKind

ONLINE = (
    ("学习贯彻党的二十届四中全会精神网络专题班", "全国党员教育培训网络平台"),
    ("党纪学习教育专题网络培训", "省教育系统党员干部网络学院"),
    ("习近平新时代中国特色社会主义思想专题网络培训", "中国教育干部网络学院"),
    ("教育强国建设纲要（2024—2035年）专题学习", "学习强国学习平台"),
)
PARTY_SCHOOL = ("中小学校党组织书记示范培训班", "市委党校")
ROUND = ("全市教育系统党员集中轮训", "市委教育工委")
NONE_SHARE = 0.12  # members who recorded no study outside the branch (the check finds most of them)


def _day(rng: random.Random, year: int, today: date) -> date:
    last = min(today, date(year, 12, 31))
    span = (last - date(year, 1, 1)).days
    return date(year, 1, 1) + timedelta(days=rng.randint(0, max(span, 0)))


def build_study_hours_demo(db: Database, rng: random.Random, today: date) -> str:
    year = today.year
    records: list[StudyRecord] = []
    with db.session() as session:
        # a member who came by 组织关系转入 this year has registered no study outside the branch yet (her
        # 学时 are her branch's sittings since her day); she takes no draw, so the demo's others stay as they were
        arrived = set(session.scalars(select(MemberMove.member_id).where(
            MemberMove.kind == MoveKind.TRANSFER_IN.value, MemberMove.move_date >= date(year, 1, 1))))
        on_roster = [m for m in session.scalars(select(Member).where(Member.deleted_at.is_(None)).order_by(Member.id))
                     if months_on_roster(year, m.join_date, m.left_date) and (m.join_date is None or m.join_date <= today)]
        members = [m for m in on_roster if m.id not in arrived]
        committee = set(session.scalars(select(CommitteePost.member_id).where(CommitteePost.deleted_at.is_(None))))
        for member in members:
            if rng.random() < NONE_SHARE:
                continue
            title, organiser = rng.choice(ONLINE)
            records.append(StudyRecord(member_id=member.id, study_date=_day(rng, year, today),
                                       hours=Decimal(rng.choice((12, 14, 16, 18, 20, 24))), form=StudyForm.ONLINE.value,
                                       title=title, organiser=organiser, note=""))
            if member.id in committee and rng.random() < 0.5:
                records.append(StudyRecord(member_id=member.id, study_date=_day(rng, year, today), hours=Decimal(24),
                                           form=StudyForm.PARTY_SCHOOL.value, title=PARTY_SCHOOL[0],
                                           organiser=PARTY_SCHOOL[1], note="脱产培训 3 天"))
            elif rng.random() < 0.15:
                records.append(StudyRecord(member_id=member.id, study_date=_day(rng, year, today), hours=Decimal("6.5"),
                                           form=StudyForm.ROUND.value, title=ROUND[0], organiser=ROUND[1], note=""))
        session.add_all(records)
        untimed = session.scalars(
            select(Meeting).join(MeetingKindLink, MeetingKindLink.meeting_id == Meeting.id)
            .where(MeetingKindLink.kind == MeetingKind.GROUP.value, Meeting.deleted_at.is_(None),
                   Meeting.meeting_date >= date(year, 1, 1), Meeting.meeting_date <= today)
            .order_by(Meeting.meeting_date.desc(), Meeting.id)
        ).first()
        if untimed is not None:  # the recorder left the times blank: the rule counts 0 and says so
            untimed.start_time = untimed.end_time = ""
        without = len(on_roster) - len({r.member_id for r in records})
    return (f"学习学时：{len(records)} 条学习培训记录（网络培训、党校培训、集中轮训），{without} 名党员未登记"
            f"支部以外的学习，1 次党小组会未填起止时间。")
