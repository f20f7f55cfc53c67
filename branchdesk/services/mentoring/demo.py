"""Demo step for 结对帮扶 (registered in services.demo.DEMO_STEPS): in each teaching branch, 青蓝工程
pairs of the past and of the current school year, members paired with students in difficulty and with
a class, a year of activity, outcomes and evaluations — and, on purpose, one pair gone quiet for
80 days and one whose planned end passed without an evaluation, so the home page has reminders."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import cycle
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import (
    Member,
    MentoringActivity,
    MentoringEvaluation,
    MentoringOutcome,
    MentoringPair,
    Organisation,
)
from branchdesk.domain.mentoring.records import KIND_CLASS, KIND_STUDENT, KIND_TEACHER, MenteeType, PairStatus
from branchdesk.domain.vocabulary import MemberCategory, MemberStatus, OrgKind

YOUNG_TEACHERS = ("林晓雯", "周子涵", "陈思远", "黄雨桐", "吴浩然", "郑可欣", "刘一鸣", "许诺", "何嘉怡", "罗俊杰")
STUDENTS = (("张小雨", "贫困生"), ("李梓轩", "留守儿童"), ("王思琪", "特殊生"), ("赵一航", "学困生"),
            ("孙雅婷", "贫困生"), ("钱浩宇", "留守儿童"), ("冯欣然", "特殊生"), ("韩宇轩", "贫困生"))
GRADES = {"高一": "高一", "高二": "高二", "高三": "高三", "初中": "初二"}
TEACHER_WORK = (("听课", "业务"), ("评课", "业务"), ("磨课", "业务"), ("谈心", "思想"), ("师德教育", "德育"),
                ("示范课", "业务"))
STUDENT_WORK = (("谈心", "思想"), ("学业辅导", "业务"), ("家访", "德育"), ("心理辅导", "思想"), ("资助慰问", "德育"))
CLASS_WORK = (("谈心", "思想"), ("家访", "德育"), ("学业辅导", "业务"))


def _school_year_start(today: date) -> date:
    return date(today.year if today.month >= 9 else today.year - 1, 9, 1)


def _log(session: Session, rng: random.Random, pair: MentoringPair, until: date, work: Any) -> int:
    day, count = pair.start_date + timedelta(days=rng.randint(3, 10)), 0
    while day <= until:
        kind, dimension = rng.choice(work)
        session.add(MentoringActivity(pair_id=pair.id, activity_date=day, kind=kind, dimension=dimension,
                                      hours=rng.choice((1.0, 1.0, 1.5, 2.0)), note=f"{kind}：围绕{dimension}开展帮扶"))
        count += 1
        day += timedelta(days=rng.randint(14, 35))
    return count


def build_mentoring_demo(db: Database, rng: random.Random, today: date) -> str:
    this_year = _school_year_start(today)
    last_year = date(this_year.year - 1, 9, 1)
    pairs = activities = 0
    with db.session() as session:
        branches = [b for b in session.scalars(select(Organisation).where(
            Organisation.kind == OrgKind.BRANCH.value, Organisation.deleted_at.is_(None)).order_by(Organisation.id))
            if not b.name.startswith(("退休", "行政"))]
        teachers, students = cycle(YOUNG_TEACHERS), cycle(STUDENTS)  # any number of branches
        for index, branch in enumerate(branches):
            members = list(session.scalars(select(Member).where(
                Member.branch_id == branch.id, Member.status == MemberStatus.ACTIVE.value,
                Member.category == MemberCategory.FULL.value).order_by(Member.id)))
            probationary = session.scalars(select(Member).where(
                Member.branch_id == branch.id, Member.category == MemberCategory.PROBATIONARY.value)).first()
            grade = next((v for k, v in GRADES.items() if branch.name.startswith(k)), "高一")
            plans = [
                (KIND_TEACHER, last_year, date(this_year.year, 7, 15), next(teachers), "青年教师", "", TEACHER_WORK),
                (KIND_TEACHER, this_year, date(this_year.year + 1, 7, 15),
                 probationary.name if probationary and index % 2 else next(teachers), "青年教师", "", TEACHER_WORK),
                (KIND_STUDENT, this_year, date(this_year.year + 1, 7, 15), *next(students),
                 f"{grade}（{index + 2}）班", STUDENT_WORK),
                (KIND_STUDENT, last_year, date(this_year.year + 1, 7, 15), *next(students),
                 f"{grade}（{index + 5}）班", STUDENT_WORK),
                (KIND_CLASS, this_year, date(this_year.year + 1, 7, 15), f"{grade}（{index + 1}）班", "班级", "",
                 CLASS_WORK),
            ]
            for number, (kind, start, end, mentee, category, klass, work) in enumerate(plans):
                mentor = members[5 + number % max(1, len(members) - 5)] if len(members) > 5 else members[0]
                mentee_type = (MenteeType.TEACHER if kind == KIND_TEACHER
                               else MenteeType.STUDENT if kind == KIND_STUDENT else MenteeType.CLASS)
                pair = MentoringPair(
                    kind=kind, branch_id=branch.id, mentor_id=mentor.id, mentee_type=mentee_type.value,
                    mentee_name=mentee, mentee_class=klass, mentee_category=category,
                    mentee_member_id=probationary.id if probationary and mentee == probationary.name else None,
                    start_date=start, planned_end=end,
                    goals="一年站稳讲台，三年出成果，五年成骨干" if kind == KIND_TEACHER else "思想上关心、学业上辅导、生活上帮助",
                    content="每月听课评课不少于两次，指导教学设计和班级管理" if kind == KIND_TEACHER
                    else "每学期谈心、家访、学业辅导", results="", dimensions="思想、德育、业务",
                    agreement_date=start, status=PairStatus.ACTIVE.value, closed_on=None, stop_reason="", note="")
                session.add(pair)
                session.flush()
                pairs += 1
                until = today
                if end < today:  # last year's pair: finished at its planned end, evaluated (but one)
                    until = end
                    pair.status, pair.closed_on = PairStatus.FINISHED.value, end
                    if index != 1:
                        session.add(MentoringEvaluation(pair_id=pair.id, year=end.year, grade=rng.choice(
                            ("优秀", "良好", "合格")), comment="帮扶计划落实，徒弟教学基本功明显提高", evaluated_on=end))
                    session.add(MentoringOutcome(pair_id=pair.id, outcome_date=end - timedelta(days=40), kind="获奖",
                                                 description="区青年教师优质课评比二等奖"))
                if index == 2 and number == 3:  # gone quiet: the last activity 80 days ago
                    until = today - timedelta(days=80)
                if index == 3 and number == 3:
                    pair.status, pair.closed_on, pair.stop_reason = PairStatus.STOPPED.value, this_year, "学生转学"
                    until = this_year
                activities += _log(session, rng, pair, until, work)
                if kind == KIND_STUDENT and until == today and number == 3:
                    session.add(MentoringOutcome(pair_id=pair.id, outcome_date=today - timedelta(days=30),
                                                 kind="学业进步", description="期中考试总分提高40分"))
    return f"结对帮扶：{pairs} 对结对，{activities} 条帮扶活动记录。"
