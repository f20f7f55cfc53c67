"""`branchdesk demo` for the rectification area: a ledger of 巡察 feedback modelled on seed 000 (three
categories, 16 problems, 40 measures, closed off month by month), part closed, part overdue, some
falling due within the next two weeks, so the figures, the monthly review and the home page all show
something real."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.engine import Database
from branchdesk.db.models import (
    CommitteePost,
    Member,
    Organisation,
    RectEvidence,
    RectHistory,
    RectLedger,
    RectMeasure,
    RectProblem,
    RectProgress,
)
from branchdesk.db.queries import top_organisation
from branchdesk.domain.rectification.status import MeasureStatus

CATEGORIES: dict[str, list[tuple[str, list[str]]]] = {
    "贯彻落实党的教育方针和上级决策部署方面": [
        ("党组织领导的校长负责制配套制度不够健全，议事规则执行不严格",
         ["修订党委会、校长办公会议事规则", "建立“三重一大”事项清单并严格执行", "每学期开展一次执行情况自查"]),
        ("意识形态工作责任制落实不到位，阵地管理存在薄弱环节",
         ["健全微信公众号“三审三校”制度", "开展课堂、讲座、论坛阵地专项排查", "每季度专题研判意识形态工作"]),
        ("“双减”政策落实不够到位，作业管理不够规范",
         ["规范“双定”作业管理，建立作业公示制度", "强化作业批改检查反馈"]),
        ("思政一体化建设推进不够有力", ["制定大思政一体化建设方案", "组织思政课集体备课", "按月分主题开展德育活动"]),
        ("落实体育“每天2小时综合体育活动”要求不够严格", ["编排跑操、大课间、体育活动课时间表", "建立体育活动落实情况周检查"]),
    ],
    "落实全面从严治党责任方面": [
        ("食堂管理存在漏洞，菜品价格公示不及时",
         ["安装价格电子屏并每日公示", "组织膳食监督委员会每月检查", "开通“智慧食堂”收集师生诉求"]),
        ("校服征订程序不规范", ["校服实行自主自愿购买并公开征订流程", "开展家长满意度调查"]),
        ("纪检监督“一事项一监督”机制未建立", ["制定“一事项一监督”实施办法", "对重点领域开展年度内审"]),
        ("廉政风险点排查不全面", ["全面梳理岗位廉政风险点", "组织党员干部赴廉政教育基地学习"]),
        ("违反中央八项规定精神问题警示教育不经常", ["每学期召开警示教育大会", "建立节假日廉洁提醒制度"]),
        ("财务报销审核不严格", ["修订财务报销管理办法", "开展财务票据专项检查", "财务人员参加业务培训"]),
    ],
    "基层党组织建设方面": [
        ("部分党支部“三会一课”记录不规范", ["统一“三会一课”记录格式", "每季度检查各支部会议记录", "开展支部书记培训"]),
        ("发展党员工作程序不够严谨", ["对照发展党员工作细则逐项自查档案", "建立发展党员全程纪实台账"]),
        ("党支部换届不及时", ["完成到期党支部按期换届", "建立换届提醒制度", "选优配强支部书记"]),
        ("党员先锋模范作用发挥不充分", ["开展党员示范“1+1”行动", "设立党员先锋岗", "评选优秀共产党员示范岗"]),
        ("党费收缴管理不够规范", ["核定党员党费基数并公示", "建立党费按月收缴台账"]),
    ],
}
EVIDENCE = ("党委会会议纪要", "制度文件", "工作方案", "检查记录表", "培训签到表及照片", "自查报告", "公示截图")


def build_rectification_demo(db: Database, rng: random.Random, today: date) -> str:
    received = date(today.year - 1, 12, 15) if today.month < 7 else date(today.year, 3, 20)
    with db.session() as session:
        committee = top_organisation(session)
        names = list(session.scalars(select(Member.name).order_by(Member.id)))
        leaders = list(session.scalars(
            select(Member.name).join(CommitteePost, CommitteePost.member_id == Member.id)
            .where(CommitteePost.post.in_(("书记", "副书记"))).order_by(Member.id)))
        if committee is None:
            committee = session.scalars(select(Organisation).order_by(Organisation.id)).first()
        people = names[::7] or ["王伟", "李娜", "张强"]
        leaders = leaders[:4] or people[:3]
        ledger = RectLedger(title=f"{received.year}年校内巡察反馈问题整改台账", source="巡察反馈",
                            org_id=committee.id if committee else None, received_date=received,
                            deadline=today + timedelta(days=75), note="巡察组反馈问题 16 个，细化整改措施 40 项，每月党委会审核销号。")
        session.add(ledger)
        session.flush()
        span = (today - received).days
        counts = {s: 0 for s in MeasureStatus}
        number = 0
        for category, problems in CATEGORIES.items():
            for description, measures in problems:
                number += 1
                problem = RectProblem(ledger_id=ledger.id, number=str(number), category=category,
                                      description=description, source="巡察反馈", sort_order=number)
                session.add(problem)
                session.flush()
                for order, text in enumerate(measures, start=1):
                    offset = rng.randint(30, span + 90)
                    deadline = received + timedelta(days=offset)
                    measure = RectMeasure(ledger_id=ledger.id, problem_id=problem.id, text=text,
                                          leader=rng.choice(leaders), person=rng.choice(people), deadline=deadline,
                                          deadline_note="", verifier="", sort_order=order,
                                          status=MeasureStatus.NOT_STARTED.value)
                    _progress(measure, deadline, today, rng)
                    session.add(measure)
                    session.flush()
                    _details(session, measure, received, today, rng)
                    counts[MeasureStatus(measure.status)] += 1
    closed, done = counts[MeasureStatus.CLOSED], counts[MeasureStatus.DONE]
    return (f"整改台账：1 份（16 个问题、40 项措施），已销号 {closed} 项、已完成待销号 {done} 项、"
            f"整改中 {counts[MeasureStatus.IN_PROGRESS]} 项、未开始 {counts[MeasureStatus.NOT_STARTED]} 项。")


def _progress(measure: RectMeasure, deadline: date, today: date, rng: random.Random) -> None:
    """Decide where the measure stands: most past deadlines are closed off, a few are overdue."""
    if deadline < today - timedelta(days=20):
        roll = rng.random()
        if roll < 0.72:
            measure.status = MeasureStatus.CLOSED.value
        elif roll < 0.85:
            measure.status = MeasureStatus.DONE.value
        else:
            measure.status = MeasureStatus.IN_PROGRESS.value  # overdue
    elif deadline < today:
        measure.status = rng.choice((MeasureStatus.DONE, MeasureStatus.IN_PROGRESS)).value
    else:
        measure.status = rng.choice((MeasureStatus.IN_PROGRESS, MeasureStatus.IN_PROGRESS, MeasureStatus.NOT_STARTED)).value
    if measure.status in (MeasureStatus.DONE, MeasureStatus.CLOSED):
        late = rng.random() < 0.15
        measure.completion_date = min(deadline + timedelta(days=rng.randint(1, 15)) if late
                                      else deadline - timedelta(days=rng.randint(0, 20)), today)
    if measure.status == MeasureStatus.CLOSED:
        # closed off at the monthly committee meeting after completion (about the 25th)
        completed = measure.completion_date or deadline
        closing = completed.replace(day=25) if completed.day <= 25 else completed + timedelta(days=10)
        measure.closed_date = min(closing, today)
        measure.verifier = "党委纪检委员"


def _details(session: Session, measure: RectMeasure, received: date, today: date, rng: random.Random) -> None:
    start = received + timedelta(days=rng.randint(5, 25))
    session.add(RectHistory(measure_id=measure.id, action="新建", to_status=MeasureStatus.NOT_STARTED.value,
                            on_date=received))
    if measure.status == MeasureStatus.NOT_STARTED:
        return
    session.add(RectProgress(measure_id=measure.id, note_date=min(start, today), text="已制定工作计划，明确责任分工"))
    if measure.status in (MeasureStatus.DONE, MeasureStatus.CLOSED) and measure.completion_date:
        session.add(RectProgress(measure_id=measure.id, note_date=measure.completion_date, text="整改完成，形成书面材料"))
        session.add(RectHistory(measure_id=measure.id, action="状态变更", from_status=MeasureStatus.IN_PROGRESS.value,
                                to_status=MeasureStatus.DONE.value, on_date=measure.completion_date))
    if measure.status == MeasureStatus.CLOSED:
        for name in rng.sample(EVIDENCE, rng.randint(1, 2)):
            session.add(RectEvidence(measure_id=measure.id, name=name, filename="", size=0))
        session.add(RectHistory(measure_id=measure.id, action="销号", from_status=MeasureStatus.DONE.value,
                                to_status=MeasureStatus.CLOSED.value, on_date=measure.closed_date,
                                detail=f"销号审核人：{measure.verifier}"))
