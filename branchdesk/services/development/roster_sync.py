"""The roster hand-over (issue 4, domain.md §8 "development feeds the roster"): one person, one record.

When the 支部大会 admits a person (step 15) they appear in the roster as 预备党员 with 入党日期 = that
meeting's date (党籍 starts that day, 细则 第十九条); when 转正 is approved (step 24) they become 正式党员
with 转正日期 = the end of probation (党龄 counts from then, 第三十三条); 取消预备党员资格 marks the roster
row as 出党 with the reason. The roster row is always filled from the development record, never typed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import DevRecord, DevStep, Member, MemberMove, Organisation
from branchdesk.domain.development.records import probation_end
from branchdesk.domain.development.steps import Outcome
from branchdesk.domain.vocabulary import MemberCategory, MemberStatus, MoveKind
from branchdesk.services.errors import RuleViolation


def _step_day(session: Session, record_id: int, step: int) -> Any:
    return session.scalar(select(DevStep.on).where(DevStep.record_id == record_id, DevStep.step == step))


PENDING_APPROVAL = "支部大会已讨论接收，待上级党委审批后编入党员名册"


def sync_roster(session: Session, record: DevRecord) -> str:
    """Bring the roster row of `record` in line with its steps; return a note of what changed ("" if
    nothing). Raises RuleViolation when the admission date is cleared after the person was rostered.

    A person joins the roster when the 上级党委 approves the admission (step 17), with 入党日期 = the
    支部大会's date: before approval they are a 发展对象 awaiting 审批, not a 预备党员 (issue 16, item 2).
    The same holds for a record typed in the window and one read from an imported ledger."""
    admitted = _step_day(session, record.id, 15)
    approved = _step_day(session, record.id, 24)
    if (admitted is not None and record.member_id is None and _step_day(session, record.id, 17) is None
            and approved is None
            and session.scalars(select(Member.id).where(Member.id_number == record.id_number)).first() is None):
        return f"{record.name}：{PENDING_APPROVAL}"
    if admitted is None:
        if record.member_id is not None:
            raise RuleViolation(
                f"“{record.name}”已按支部大会接收编入党员名册，不能清除“支部大会讨论接收”的日期；"
                "如接收有误，请在党员名册中处理该党员")
        return ""
    member = session.get(Member, record.member_id) if record.member_id else None
    linked_before = member  # None: this call links (or creates) the roster row
    note = ""
    if member is None:
        member = session.scalars(select(Member).where(Member.id_number == record.id_number)).first()
        if member is None:
            branch = session.get(Organisation, record.branch_id)
            where = f"{branch.name}，" if branch is not None else ""
            member = Member(status=MemberStatus.ACTIVE.value, group_id=None, note="",
                            category=MemberCategory.PROBATIONARY.value)
            session.add(member)
            category = "正式党员" if approved is not None and record.outcome != Outcome.CANCELLED.value else "预备党员"
            note = f"{record.name}：已编入党员名册（{where}{category}，入党日期 {admitted:%Y-%m-%d}）"
        else:
            note = f"{record.name}：已与党员名册中的同一人（公民身份号码相同）关联"
            if member.deleted_at is not None:  # issue 21: never linked to a member left in the recycle bin
                member.deleted_at = None
                note += "，该党员已从回收站恢复"
            if member.join_date is not None and member.join_date != admitted:
                note += f"，入党日期由 {member.join_date:%Y-%m-%d} 改为支部大会接收之日 {admitted:%Y-%m-%d}"
    member.name = record.name
    member.sex = record.sex
    member.ethnicity = record.ethnicity
    member.id_number = record.id_number
    member.birth_date = record.birth_date
    member.education = record.education
    member.branch_id = record.branch_id
    member.position = record.position
    member.phone = record.phone
    member.join_date = admitted
    if approved is not None and record.outcome != Outcome.CANCELLED.value:
        if member.category != MemberCategory.FULL.value and not note:
            note = f"{record.name}：已转为正式党员（转正日期 {probation_end(admitted, record.extension_months):%Y-%m-%d}）"
        member.category = MemberCategory.FULL.value
        member.full_date = probation_end(admitted, record.extension_months)
        record.outcome = Outcome.FULL.value
        record.outcome_on = approved
    elif (member.category == MemberCategory.FULL.value and member.full_date is not None
          and record.outcome != Outcome.FULL.value):
        # the roster knew this person as 正式党员 before this record did: an incomplete ledger must not undo it
        if linked_before is None:
            note += (f"；党员名册中已是正式党员（转正日期 {member.full_date:%Y-%m-%d}），发展记录缺少“上级党委审批转正”，"
                     "名册保持不变，请补记")
    else:
        member.category = MemberCategory.PROBATIONARY.value
        member.full_date = None
        if record.outcome == Outcome.FULL.value:
            record.outcome = Outcome.IN_PROGRESS.value
            record.outcome_on = None
    if record.outcome == Outcome.CANCELLED.value and member.status == MemberStatus.ACTIVE.value:
        member.status = MemberStatus.EXPELLED.value
        member.left_date = record.outcome_on
        session.flush()
        session.add(MemberMove(member_id=member.id, kind=MoveKind.EXPELLED.value, move_date=record.outcome_on,
                               counterpart="", reason=f"取消预备党员资格：{record.outcome_reason}"))
        note = f"{record.name}：已取消预备党员资格，党员名册中标为“出党”"
    session.flush()
    record.member_id = member.id
    return note
