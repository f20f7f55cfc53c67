"""The roster hand-over (issue 4, domain.md §8 "development feeds the roster"): one person, one record.

When the 支部大会 admits a person (step 15) they appear in the roster as 预备党员 with 入党日期 = that
meeting's date (党籍 starts that day, 细则 第十九条); when 转正 is approved (step 24) they become 正式党员
with 转正日期 = the end of probation (党龄 counts from then, 第三十三条); 取消预备党员资格 marks the roster
row as 出党 with the reason. These membership facts always come from the development record, never typed.

A person's particulars (姓名, 民族, 学历, 所在党支部, 工作岗位, 联系电话 …) fill a new roster row from the
record. Once the person is on the roster they are kept there (the roster is the member's record; a
支部调整 is dated there): a blank on the record keeps the roster's value, a blank on the roster is filled
from the record, and a value that differs keeps the roster's — and says so — unless the user has just
changed it on the record in the window (a changed 所在党支部 is then a 支部调整 dated today). The 发展党员 ledger has no 民族/学历/工作岗位/联系电话 column; its
first import once erased all four for every rostered person it linked (trial V, TV-9).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import DevRecord, DevStep, Member, MemberMove, Organisation
from branchdesk.domain.development.records import probation_end
from branchdesk.domain.development.steps import Outcome
from branchdesk.domain.vocabulary import MemberCategory, MemberStatus, MoveKind, OrgKind
from branchdesk.services.errors import RuleViolation


def _step_day(session: Session, record_id: int, step: int) -> Any:
    return session.scalar(select(DevStep.on).where(DevStep.record_id == record_id, DevStep.step == step))


# the particulars a roster row shares with the development record (attribute, column of the roster)
PARTICULARS = (("name", "姓名"), ("sex", "性别"), ("ethnicity", "民族"), ("id_number", "公民身份号码"),
               ("birth_date", "出生日期"), ("education", "学历"), ("branch_id", "所在党支部"), ("position", "工作岗位"),
               ("phone", "联系电话"))
_PRIVATE = frozenset({"id_number", "phone"})  # personal information: never written into a note (domain.md §8)


def _groups(session: Session, branch_id: int | None) -> list[Organisation]:
    """The branch's live 党小组 (not deleted, not dissolved). A new member is put in the one there is —
    编入党支部和党小组 (细则 第二十八条, step 19) leaves no choice, and a member in no group is left off its
    党小组会 sign-in sheets (支部条例 第十三条; trial K, TK-6); with several the user chooses."""
    if branch_id is None:
        return []
    return list(session.scalars(select(Organisation).where(
        Organisation.parent_id == branch_id, Organisation.kind == OrgKind.GROUP.value,
        Organisation.deleted_at.is_(None), Organisation.dissolved_on.is_(None)).order_by(Organisation.id)))


def _shown(session: Session, attr: str, value: Any) -> str:
    if attr == "branch_id":
        branch = session.get(Organisation, value)
        return branch.name if branch is not None else ""
    return f"{value:%Y-%m-%d}" if attr == "birth_date" else str(value)


def _move(session: Session, member: Member, branch_id: int) -> str:
    """所在党支部 changed on the record in the window: a 支部调整 as the roster's own form records one
    given no date (services/roster/records.apply_input) — dated today, leaving the old branch's 党小组 —
    so earlier sign-in sheets keep the member in the old branch (it once moved the row, history and all).
    Returns the sentence that tells the user (the window's 保存 shows it: never a silent 支部调整)."""
    today = date.today()
    target = session.get(Organisation, branch_id)
    session.add(MemberMove(member_id=member.id, kind=MoveKind.BRANCH_CHANGE.value, move_date=today,
                           counterpart=target.name if target is not None else "", reason="",
                           from_branch_id=member.branch_id, to_branch_id=branch_id))
    left = _shown(session, "branch_id", member.branch_id)
    member.branch_id, member.group_id = branch_id, None
    return (f"党员名册中已登记支部调整：{today:%Y-%m-%d} 由{left}调整到{_shown(session, 'branch_id', branch_id)}"
            "（不再属于原党小组）；调整日期不是今天的，请在党员名册中改正")


def _particulars(session: Session, record: DevRecord, member: Member, *, new: bool, edited: Collection[str]) -> str:
    """Bring the roster row's particulars in from `record` (module docstring); `edited`: the attributes
    the user has just changed on the record (the window's 保存), which the roster follows. Returns what
    to tell the user about a row already on the roster ("" if nothing)."""
    filled: list[str] = []
    differ: list[str] = []
    moved = ""
    for attr, label in PARTICULARS:
        value, stored = getattr(record, attr), getattr(member, attr)
        if attr == "branch_id" and not new and attr in edited and value is not None and value != stored:
            moved = _move(session, member, value)
        elif new or attr in edited:
            setattr(member, attr, value)
        elif value in (None, "") or value == stored:
            continue
        elif stored in (None, ""):
            setattr(member, attr, value)
            filled.append(label)
        elif attr in _PRIVATE:
            differ.append(label)
        else:
            differ.append(f"{label}（发展党员记录为“{_shown(session, attr, value)}”，"
                          f"党员名册为“{_shown(session, attr, stored)}”）")
    parts = [moved] if moved else []
    if differ:
        parts.append(f"发展党员记录与党员名册不同：{'、'.join(differ)}，已保留党员名册的记录；"
                     "请核对后改正有误的一处（调整党支部请在党员名册中登记支部调整及其日期）")
    if filled:
        parts.append(f"党员名册中空缺的{'、'.join(filled)}已按发展党员记录补填")
    return "；".join(parts)


PENDING_APPROVAL = "支部大会已讨论接收，待上级党委审批后编入党员名册"


def awaiting_approval(session: Session, record: DevRecord) -> bool:
    """Admitted by the 支部大会 (step 15) and awaiting the 上级党委's approval (step 17): not yet on the
    roster (issue 16, item 2) — no 审批 nor 转正 (step 24) recorded, no roster row linked or with the
    same ID number. A fact of the record's steps, not of a note's wording (NOTE10 "From the review")."""
    return (record.member_id is None and _step_day(session, record.id, 15) is not None
            and _step_day(session, record.id, 17) is None and _step_day(session, record.id, 24) is None
            and session.scalars(select(Member.id).where(Member.id_number == record.id_number)).first() is None)


def sync_roster(session: Session, record: DevRecord, *, edited: Collection[str] = ()) -> str:
    """Bring the roster row of `record` in line with its steps; return a note of what changed ("" if
    nothing). Raises RuleViolation when the admission date is cleared after the person was rostered.
    `edited`: the particulars (PARTICULARS' attributes) the user has just changed on the record.

    A person joins the roster when the 上级党委 approves the admission (step 17), with 入党日期 = the
    支部大会's date: before approval they are a 发展对象 awaiting 审批, not a 预备党员 (issue 16, item 2).
    The same holds for a record typed in the window and one read from an imported ledger."""
    if awaiting_approval(session, record):
        return f"{record.name}：{PENDING_APPROVAL}"
    admitted = _step_day(session, record.id, 15)
    approved = _step_day(session, record.id, 24)
    if admitted is None:
        if record.member_id is not None:
            raise RuleViolation(
                f"“{record.name}”已按支部大会接收编入党员名册，不能清除“支部大会讨论接收”的日期；"
                "如接收有误，请在党员名册中处理该党员")
        return ""
    member = session.get(Member, record.member_id) if record.member_id else None
    linked_before = member  # None: this call links (or creates) the roster row
    note = ""
    created = False
    if member is None:
        member = session.scalars(select(Member).where(Member.id_number == record.id_number)).first()
        if member is None:
            branch = session.get(Organisation, record.branch_id)
            groups = _groups(session, record.branch_id)
            group = groups[0] if len(groups) == 1 else None  # the branch's one 党小组 (TK-6)
            where = f"{branch.name}{group.name if group else ''}，" if branch is not None else ""
            member = Member(status=MemberStatus.ACTIVE.value, group_id=group.id if group else None, note="",
                            category=MemberCategory.PROBATIONARY.value)
            session.add(member)
            created = True
            category = "正式党员" if approved is not None and record.outcome != Outcome.CANCELLED.value else "预备党员"
            note = f"{record.name}：已编入党员名册（{where}{category}，入党日期 {admitted:%Y-%m-%d}）"
            if len(groups) > 1:  # which one is the branch's to say: asked, never guessed
                note += f"，本支部有 {len(groups)} 个党小组，请在第19步“编入党支部和党小组”中选择党小组"
        else:
            note = f"{record.name}：已与党员名册中的同一人（公民身份号码相同）关联"
            if member.deleted_at is not None:  # issue 21: never linked to a member left in the recycle bin
                member.deleted_at = None
                note += "，该党员已从回收站恢复"
            if member.join_date is not None and member.join_date != admitted:
                note += f"，入党日期由 {member.join_date:%Y-%m-%d} 改为支部大会接收之日 {admitted:%Y-%m-%d}"
    particulars = _particulars(session, record, member, new=created, edited=edited)
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
    if particulars:
        note = f"{note}；{particulars}" if note else f"{record.name}：{particulars}"
    return note
