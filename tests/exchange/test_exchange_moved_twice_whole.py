"""A member moved twice, 第一党支部 → 第二党支部 → 第三党支部, each branch on its own PC (known hole 2):
every kind of record that follows its member (domain/exchange/scope.py: 党费 payments and their
months, 缴费基数, study records, 党纪处分, 支部调整) that each branch entered while he was its member
reaches the 党委 whole, owned by the branch he is in now, and no branch's later 上报 duplicates or
deletes any of them. (结对 and 发展 records are placed by their own 党支部 column: they stay with the
branch that entered them, and are checked to stay so.)"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from branchdesk.db.models import (
    DuesBase,
    DuesPayment,
    DuesPaymentMonth,
    MemberDiscipline,
    MemberMove,
    StudyRecord,
)
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.payments import PaymentInput
from branchdesk.services.dues import records as dues
from branchdesk.services.exchange.state import load_units
from branchdesk.services.roster import membership
from tests.exchange.exchange_helpers import branch_gid, join_branch, make_committee, member, org_id, send

KINDS = (DuesPayment, DuesPaymentMonth, DuesBase, StudyRecord, MemberDiscipline, MemberMove)


def _enter(db, months: range, title: str, base_from: int) -> None:  # type: ignore[no-untyped-def]
    """What a branch records of 第一党员1 while he is its member: months paid, a 缴费基数, a study
    record, (in the first branch) a 党纪处分."""
    who = member(db, "第一党员1").id
    dues.record_payments(db, [PaymentInput(member_id=who, months=[Month(2025, m)], amount="42.00",
                                           paid_on=date(2025, m, 10)) for m in months], today=date(2025, months[-1], 20))
    with db.session() as s:
        s.add(DuesBase(member_id=who, category="在职", applies_from=base_from, base=Decimal(4200)))
        s.add(StudyRecord(member_id=who, study_date=date(2025, months[-1], 5), hours=Decimal(4), form="网络培训",
                          title=title))
        if base_from == 202501:
            s.add(MemberDiscipline(member_id=who, kind="警告", decided_on=date(2025, 2, 1), reason="迟到"))


def _held(db) -> dict[str, tuple[int, ...]]:  # type: ignore[no-untyped-def]
    """For each kind, the 第一党员1 records held (by gid), and who owns each (exchange state)."""
    who = member(db, "第一党员1").id
    found: dict[str, tuple[int, ...]] = {}
    with db.session() as s:
        for model in KINDS:
            query = select(model.gid).where(model.member_id == who)
            if hasattr(model, "deleted_at"):
                query = query.where(model.deleted_at.is_(None))
            gids = list(s.scalars(query))
            found[model.__tablename__] = tuple(sorted(Counter(gids).values()))
    return found


def _owners(db, gids: list[str]) -> set[str | None]:  # type: ignore[no-untyped-def]
    with db.engine.connect() as connection:
        return {unit.owner for unit in load_units(connection, gids).values()}


def test_a_member_moved_twice_arrives_whole_and_each_later_report_leaves_his_records_as_they_are(  # type: ignore[no-untyped-def]
        tmp_path: Path) -> None:
    committee = make_committee(tmp_path / "党委.sqlite", {"第一党支部": 3, "第二党支部": 2, "第三党支部": 2})
    sites = {name: join_branch(committee, name, tmp_path) for name in ("第一党支部", "第二党支部", "第三党支部")}
    a, b, c = sites.values()
    try:
        for db in sites.values():
            assert send(db, committee, tmp_path).ok
        who = member(committee, "第一党员1").id
        _enter(a, range(1, 6), "春季学习", 202501)
        assert send(a, committee, tmp_path).ok
        membership.move_branch(committee, who, org_id(committee, "第二党支部"), date(2025, 6, 1))
        for name, db in sites.items():
            assert send(committee, db, tmp_path, to=name).ok
        _enter(b, range(6, 9), "暑期学习", 202506)
        assert send(b, committee, tmp_path).ok
        membership.move_branch(committee, who, org_id(committee, "第三党支部"), date(2025, 9, 1))
        for name, db in sites.items():
            assert send(committee, db, tmp_path, to=name).ok
        _enter(c, range(9, 13), "秋季学习", 202509)
        up = send(c, committee, tmp_path)
        assert up.ok, up.message

        whole = {"dues_payments": (1,) * 12, "dues_payment_months": (1,) * 12, "dues_bases": (1, 1, 1),
                 "study_records": (1, 1, 1), "member_discipline": (1,), "member_moves": (1, 1)}
        assert _held(committee) == whole
        with committee.session() as s:
            assert s.scalar(select(func.sum(DuesPaymentMonth.amount)).where(DuesPaymentMonth.member_id == who)) == Decimal(
                "504.00")
            gids = [g for model in KINDS[:5] for g in s.scalars(select(model.gid).where(model.member_id == who))]
        assert _owners(committee, gids) == {branch_gid(committee, "第三党支部")}
        assert send(committee, c, tmp_path, to="第三党支部").ok  # and the branch he is in has them all
        assert _held(c) == whole

        # each branch's later 上报 (after more 下发) leaves them as they are
        for _round in range(2):
            for name, db in sites.items():
                later = send(db, committee, tmp_path)
                assert later.ok, (name, later.message)
                assert _held(committee) == whole, name
                assert send(committee, db, tmp_path, to=name).ok
        assert _held(c) == whole
        # the branches he left correct what they entered of him, after both moves
        with a.session() as s:
            s.scalars(select(StudyRecord).where(StudyRecord.title == "春季学习")).one().hours = Decimal(6)
        with b.session() as s:
            s.scalars(select(DuesPayment).where(DuesPayment.paid_on == date(2025, 7, 10))).one().note = "补记：现金"
        for name, db in (("第一党支部", a), ("第二党支部", b)):
            corrected = send(db, committee, tmp_path)
            assert corrected.ok, (name, corrected.message)
        assert _held(committee) == whole
        with committee.session() as s:
            assert s.scalars(select(StudyRecord.hours).where(StudyRecord.title == "春季学习")).one() == Decimal(6)
            assert s.scalars(select(DuesPayment.note).where(DuesPayment.paid_on == date(2025, 7, 10))).one() == "补记：现金"
        assert send(committee, c, tmp_path, to="第三党支部").ok
        assert _held(c) == whole
        assert _owners(committee, gids) == {branch_gid(committee, "第三党支部")}
        with committee.session() as s:
            assert s.scalar(select(func.sum(DuesPaymentMonth.amount)).where(DuesPaymentMonth.member_id == who)) == Decimal(
                "504.00")
    finally:
        for db in sites.values():
            db.close()
        committee.close()


def test_what_a_branch_entered_before_it_heard_of_the_second_move_arrives_whole(tmp_path: Path) -> None:
    """第二党支部 records his summer payments while the 党委 has already moved him on to 第三党支部: its
    上报 comes after the move, and the 下发 that tells it of the move comes after that."""
    committee = make_committee(tmp_path / "党委.sqlite", {"第一党支部": 3, "第二党支部": 2, "第三党支部": 2})
    sites = {name: join_branch(committee, name, tmp_path) for name in ("第一党支部", "第二党支部", "第三党支部")}
    a, b, c = sites.values()
    try:
        for db in sites.values():
            assert send(db, committee, tmp_path).ok
        who = member(committee, "第一党员1").id
        _enter(a, range(1, 6), "春季学习", 202501)
        assert send(a, committee, tmp_path).ok
        membership.move_branch(committee, who, org_id(committee, "第二党支部"), date(2025, 6, 1))
        for name, db in sites.items():
            assert send(committee, db, tmp_path, to=name).ok
        membership.move_branch(committee, who, org_id(committee, "第三党支部"), date(2025, 9, 1))
        _enter(b, range(6, 9), "暑期学习", 202506)  # not yet told of the second move
        up = send(b, committee, tmp_path)
        assert up.ok, up.message
        for name, db in sites.items():
            assert send(committee, db, tmp_path, to=name).ok
        _enter(c, range(9, 13), "秋季学习", 202509)
        assert send(c, committee, tmp_path).ok
        whole = {"dues_payments": (1,) * 12, "dues_payment_months": (1,) * 12, "dues_bases": (1, 1, 1),
                 "study_records": (1, 1, 1), "member_discipline": (1,), "member_moves": (1, 1)}
        assert _held(committee) == whole
        for name, db in sites.items():
            assert send(db, committee, tmp_path).ok, name
            assert send(committee, db, tmp_path, to=name).ok
        assert _held(committee) == whole
        assert _held(c) == whole
        assert _held(a)["dues_payment_months"] == (1,) * 5  # the branches left keep what they entered
        assert _held(b)["dues_payment_months"] == (1,) * 8  # (with the five that followed him to it)
        with committee.session() as s:
            gids = [g for model in KINDS[:5] for g in s.scalars(select(model.gid).where(model.member_id == who))]
            assert s.scalar(select(func.sum(DuesPaymentMonth.amount)).where(DuesPaymentMonth.member_id == who)) == Decimal(
                "504.00")
        assert _owners(committee, gids) == {branch_gid(committee, "第三党支部")}
    finally:
        for db in sites.values():
            db.close()
        committee.close()
