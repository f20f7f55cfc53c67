"""`branchdesk demo` for 发展党员: people at every stage in each teaching branch, with the people and
documents each step names, plus a few things a secretary must see (a late talk, an introducer who
was only a 预备党员, a probation ending within 30 days, an extension, a cancellation). The roster's
demo 预备党员 get their development history too, so each of them is one person with one record.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import DevDocument, DevRecord, DevReview, DevStep, Member, Organisation
from branchdesk.domain.dates import add_months, add_years
from branchdesk.domain.development.rules import DEFAULT_RULEBOOK
from branchdesk.domain.development.steps import ARCHIVE_DOCUMENTS, STEP_BY_NUMBER, Outcome
from branchdesk.domain.idcard import make_id_number
from branchdesk.domain.vocabulary import MemberCategory, OrgKind
from branchdesk.domain.workdays import DEFAULT_CALENDAR
from branchdesk.services.development.records import StepInput, write_step
from branchdesk.services.development.roster_sync import sync_roster
from branchdesk.services.development.store import load_roster_index, member_ids_by_name

NAMES = ("周晓明", "吴思远", "郑雨桐", "冯嘉怡", "蒋子轩", "韩梦瑶", "曹俊杰", "许诗涵", "彭一帆", "袁可馨",
         "卢浩然", "汪静怡", "田博文", "任雨欣", "姜皓宇", "范晓彤", "方子墨", "石雅琪", "姚振宇", "谭欣悦",
         "廖俊熙", "邹若曦", "熊嘉豪", "金语嫣", "陆泽宇", "郝佳琪", "孔令辉", "白雪莹", "崔明轩", "康乐怡")
POSITIONS = ("语文教师", "数学教师", "英语教师", "物理教师", "化学教师", "班主任", "历史教师", "体育教师")
# offset of each step from the application (days), the order a branch usually keeps
_OFFSETS = {1: 0, 2: 20, 3: 183, 4: 190, 5: 186, 7: 563, 9: 568, 10: 593, 11: 603, 12: 623, 13: 633,
            14: 643, 15: 653}
_AFTER_15 = {16: 20, 17: 40, 18: 43, 19: 45, 20: 55, 22: 355, 23: 370, 24: 400, 25: 420}
SCENARIOS = ("applicant", "activist", "activist_ready", "candidate", "probation_ending", "full", "late_talk",
             "bad_introducer", "extended", "cancelled", "stopped")


def _history(applied: date, today: date, *, upto: int = 25, extension: int = 0) -> dict[int, date]:
    dates = {step: applied + timedelta(days=days) for step, days in _OFFSETS.items()}
    admitted = dates[15]
    dates.update({step: admitted + timedelta(days=days + (30 * extension if step >= 22 else 0))
                  for step, days in _AFTER_15.items()})
    # 细则2026: 上级党委同意 before the listing; 细则2014: 备案 after it
    listed = dates[7]
    dates[8] = listed - timedelta(days=12) if DEFAULT_RULEBOOK.in_force(listed).key != "细则2014" else listed + timedelta(days=5)
    return {s: d for s, d in dates.items() if s <= upto and d <= today}


def _publicity_before(end: date) -> tuple[date, date]:
    """A 公示 of five official working days ending on (or before) `end`, as a branch would post it."""
    while DEFAULT_CALENDAR.is_workday(end) is False:
        end -= timedelta(days=1)
    start, count = end, 0
    while True:
        count += DEFAULT_CALENDAR.is_workday(start) is not False
        if count >= 5:
            return start, end
        start -= timedelta(days=1)


class _Builder:
    def __init__(self, session: Session, rng: random.Random, today: date) -> None:
        self.session, self.rng, self.today = session, rng, today
        self.names = member_ids_by_name(session)

    def full_members(self, branch_id: int) -> list[Member]:
        return list(self.session.scalars(select(Member).where(
            Member.branch_id == branch_id, Member.category == MemberCategory.FULL.value).order_by(Member.full_date, Member.id)))

    def record(self, branch: Organisation, name: str, birth: date, sequence: int, **fields: object) -> DevRecord:
        male = self.rng.random() < 0.4
        record = DevRecord(name=name, sex="男" if male else "女", ethnicity="汉族", birth_date=birth,
                           id_number=make_id_number("140202", birth, 400 + sequence, male), branch_id=branch.id,
                           education="大学本科", position=self.rng.choice(POSITIONS), phone="", note="",
                           outcome=Outcome.IN_PROGRESS.value)
        for key, value in fields.items():
            setattr(record, key, value)
        self.session.add(record)
        self.session.flush()
        return record

    def fill(self, record: DevRecord, dates: dict[int, date], full: list[Member], *,
             introducers: list[str] | None = None, talk_late: int = 0) -> None:
        picks = [m.name for m in full]
        if talk_late and 2 in dates:
            dates[2] = dates[1] + timedelta(days=talk_late)
        for step, day in sorted(dates.items()):
            data = StepInput(step, day)
            if step == 2:
                data.people = picks[:1]
            elif step == 5:
                data.people = picks[1:3]
            elif step == 9:
                data.people = introducers or picks[2:4]
            elif step == 16:
                data.people = ["党委组织委员"]
            elif step == 7 and DEFAULT_RULEBOOK.in_force(day).key != "细则2014":
                data.start_on, data.end_on = _publicity_before(day - timedelta(days=2))
            elif step == 13 and DEFAULT_RULEBOOK.in_force(dates.get(14, self.today)).key == "细则2014":
                data.start_on, data.end_on = day + timedelta(days=1), day + timedelta(days=7)
            elif step == 11:
                data.start_on, data.end_on, data.hours = day - timedelta(days=2), day, 24
            elif step in (15, 23):  # 应到 = the branch's 正式党员 on the day (预备党员 have no vote)
                expected = sum(1 for m in full if m.full_date is not None and m.full_date <= day
                               and (m.left_date is None or m.left_date > day))
                present = max(expected - 2, expected // 2 + 1)
                data.voters_expected, data.voters_present, data.votes_for = expected, present, present
            data.documents = [(title, day) for title in STEP_BY_NUMBER[step].documents]
            if step == 25:
                data.documents += [(title, day) for title in ARCHIVE_DOCUMENTS]
            write_step(self.session, record, data, self.names)
        for step, start, end in ((6, 3, 7), (21, 15, 23)):
            if start not in dates:
                continue
            day = add_months(dates[start], 5)
            while day <= min(dates.get(end, self.today), self.today):
                self.session.add(DevReview(record_id=record.id, step=step, on=day, note="支部考察，表现良好"))
                self.session.add(DevDocument(record_id=record.id, step=step, title=STEP_BY_NUMBER[step].documents[0],
                                             received_on=day, filename="", size=0))
                day = add_months(day, 5)
        self.session.flush()


def build_development_demo(db: Database, rng: random.Random, today: date) -> str:
    with db.session() as session:
        builder = _Builder(session, rng, today)
        branches = [b for b in session.scalars(select(Organisation).where(
            Organisation.kind == OrgKind.BRANCH.value).order_by(Organisation.sort_order, Organisation.id))
            if not b.name.startswith("退休")]
        count = 0
        # the roster's demo 预备党员: their history up to the admission meeting (their 入党日期)
        for member in session.scalars(select(Member).where(Member.category == MemberCategory.PROBATIONARY.value)):
            assert member.join_date is not None  # every demo member has one
            applied = member.join_date - timedelta(days=_OFFSETS[15])
            record = DevRecord(name=member.name, sex=member.sex, ethnicity=member.ethnicity, id_number=member.id_number,
                               birth_date=member.birth_date, education=member.education, branch_id=member.branch_id,
                               position=member.position, phone=member.phone, note="", member_id=member.id,
                               outcome=Outcome.IN_PROGRESS.value)
            session.add(record)
            session.flush()
            builder.fill(record, _history(applied, today), builder.full_members(member.branch_id))
            sync_roster(session, record)
            count += 1
        names = list(NAMES)
        rng.shuffle(names)
        for index, scenario in enumerate(SCENARIOS * 2):
            branch = branches[index % len(branches)]
            full = builder.full_members(branch.id)
            birth = today - timedelta(days=rng.randint(23, 35) * 365)
            record = builder.record(branch, names[index % len(names)], birth, index)
            _scenario(builder, record, scenario, full, today)
            sync_roster(session, record)
            count += 1
        _votes_from_roster(session)
    return f"发展党员：{count} 人的发展记录（各阶段均有，含逾期和即将到期的事项）。"


def _votes_from_roster(session: Session) -> None:
    """应到 of every demo vote = the branch's 正式党员 on the day, counted once the whole roster (with
    the people the demo made 正式党员) is in place (VOTE-WHO: 预备党员 have no vote)."""
    session.flush()
    roster = load_roster_index(session)  # as the checker counts them: a vote from the 转正 approval (T9-13)
    for step, branch_id in session.execute(select(DevStep, DevRecord.branch_id)
                                           .join(DevRecord, DevRecord.id == DevStep.record_id)
                                           .where(DevStep.voters_expected.is_not(None))).all():
        day = step.on
        if day is None:
            continue
        expected = len(roster.full_members(branch_id, day) or ())
        present = max(expected - 2, expected // 2 + 1)
        step.voters_expected, step.voters_present, step.votes_for = expected, present, present


def _scenario(builder: _Builder, record: DevRecord, scenario: str, full: list[Member], today: date) -> None:
    rng = builder.rng
    if scenario == "applicant":
        builder.fill(record, _history(today - timedelta(days=rng.randint(10, 25)), today, upto=1), full)
    elif scenario == "late_talk":  # talk 45 days after the application: DEV-TALK-1M
        builder.fill(record, _history(today - timedelta(days=150), today, upto=3), full, talk_late=45)
    elif scenario == "activist":
        builder.fill(record, _history(today - timedelta(days=183 + 150), today, upto=6), full)
    elif scenario == "activist_ready":
        builder.fill(record, _history(today - timedelta(days=183 + 380), today, upto=6), full)
    elif scenario == "candidate":
        builder.fill(record, _history(today - timedelta(days=_OFFSETS[11] + 10), today, upto=11), full)
    elif scenario == "bad_introducer":  # one introducer was still a 预备党员 on the day
        probationary = builder.session.scalars(select(Member.name).where(
            Member.category == MemberCategory.PROBATIONARY.value, Member.branch_id == record.branch_id)).first()
        dates = _history(today - timedelta(days=_OFFSETS[10] + 5), today, upto=10)
        builder.fill(record, dates, full, introducers=[full[0].name, probationary or "未登记的人"])
    elif scenario == "probation_ending":  # probation ends within 30 days: the 转正 meeting is due
        admitted = add_years(today, -1) + timedelta(days=rng.randint(5, 25))
        builder.fill(record, _history(admitted - timedelta(days=_OFFSETS[15]), today, upto=22), full)
    elif scenario == "full":
        admitted = add_years(today, -1) - timedelta(days=rng.randint(60, 200))
        builder.fill(record, _history(admitted - timedelta(days=_OFFSETS[15]), today), full)
    elif scenario == "extended":
        admitted = add_years(today, -1) - timedelta(days=60)
        builder.fill(record, _history(admitted - timedelta(days=_OFFSETS[15]), today, upto=21, extension=6), full)
        record.extension_months, record.extension_on = 6, add_years(admitted, 1)
        record.extension_reason = "群众反映其工作作风方面存在不足，需进一步考察"
    elif scenario == "cancelled":
        admitted = add_years(today, -1) - timedelta(days=90)
        builder.fill(record, _history(admitted - timedelta(days=_OFFSETS[15]), today, upto=21), full)
        record.outcome, record.outcome_on = Outcome.CANCELLED.value, add_years(admitted, 1) + timedelta(days=10)
        record.outcome_reason = "预备期间不履行党员义务，经支部大会讨论决定取消预备党员资格"
    elif scenario == "stopped":
        builder.fill(record, _history(today - timedelta(days=300), today, upto=3), full)
        record.outcome, record.outcome_on = Outcome.STOPPED.value, today - timedelta(days=40)
        record.outcome_reason = "本人调离本校，材料转至新单位党组织"
