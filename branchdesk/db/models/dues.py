"""党费 (domain.md §5): the bracket tables as rows with an effective date, each member's base history,
payments with the months each covers, and what a branch handed up (上缴) to the committee.

Months are stored as the number yyyymm (202503): readable in SQL and in 修改记录, and ordered.
Amounts are Numeric with two decimals (元, to the 分). Every table gets its 修改记录 automatically
(db/history.py); records with `deleted_at` go to the recycle bin instead of being deleted."""

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from branchdesk.db.base import Base, TimestampMixin


class DuesBracket(TimestampMixin, Base):
    """One bracket of a rate table (DUES-RATE). A revision of the rules is a new set of rows with a
    later `effective_from`; rows are never edited to change history."""

    __tablename__ = "dues_brackets"
    __exchange_scope__ = "*"  # the committee's rate revisions, sent to every branch (数据包, domain/exchange/scope.py)

    id: Mapped[int] = mapped_column(primary_key=True)
    table_kind: Mapped[str] = mapped_column(String(20))  # domain.dues.rates.TableKind
    effective_from: Mapped[date] = mapped_column(Date)
    upper: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # inclusive; NULL = no upper bound
    rate: Mapped[Decimal | None] = mapped_column(Numeric(7, 5))  # 0.00500 for 0.5%
    fixed: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))  # a fixed monthly amount (0.20)
    source: Mapped[str] = mapped_column(String(200), default="")


class DuesBase(TimestampMixin, Base):
    """A member's 缴纳类别 and 缴费基数 from a month on (DUES-BASE-CHANGE): history is kept by adding
    a record, the one in force for a month being the latest applying from it or before."""

    __tablename__ = "dues_bases"
    __table_args__ = (Index("ix_dues_bases_member_month", "member_id", "applies_from"),)
    # one member's live base from one month is one record (save_base refuses a second): two PCs that
    # both entered it — the branch a member left and the one he joined, each "from January" — hold the
    # same record, and different content is a conflict for the 党委, never settled by the order the
    # packages came in (services/exchange/same_record.py; trial D, TD-9)
    __exchange_same_record_by__ = ("member_id", "applies_from", "deleted_at")

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"))
    category: Mapped[str] = mapped_column(String(20))  # domain.dues.rates.DuesCategory
    applies_from: Mapped[int] = mapped_column(Integer)  # yyyymm
    base: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    post_pay: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # 岗位工资
    scale_pay: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # 薪级工资
    merit_pay: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # 绩效工资
    allowance: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # 津贴补贴
    basis: Mapped[str] = mapped_column(String(20), default="")  # 自愿多交 / 减免: the table compared with
    own_amount: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))  # 自愿多交 / 减免: the monthly amount
    note: Mapped[str] = mapped_column(Text, default="")
    approved_by: Mapped[str] = mapped_column(String(100), default="")  # 减免: the approving organisation
    approved_on: Mapped[date | None] = mapped_column(Date)
    confirmed_on: Mapped[date | None] = mapped_column(Date)  # 核定日期
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class DuesPayment(TimestampMixin, Base):
    """Dues one member paid at one time (one receipt), for one or more months."""

    __tablename__ = "dues_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"), index=True)
    paid_on: Mapped[date | None] = mapped_column(Date, index=True)  # NULL: the source did not say
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    method: Mapped[str] = mapped_column(String(10), default="")  # domain.dues.payments.PayMethod
    collector: Mapped[str] = mapped_column(String(40), default="")  # 收款人
    receipt_no: Mapped[str] = mapped_column(String(60), default="")  # 收据编号
    note: Mapped[str] = mapped_column(Text, default="")
    noted_late: Mapped[bool] = mapped_column(Boolean, default=False)  # marked 补交 in an undated ledger
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class DuesPaymentMonth(Base):
    """A payment's share for one month. Written with its payment and never edited on its own; a
    payment in the recycle bin takes its months with it (queries join the payment)."""

    __tablename__ = "dues_payment_months"
    __table_args__ = (Index("ix_dues_payment_months_member_month", "member_id", "month"),
                      Index("ix_dues_payment_months_month", "month"))

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("dues_payments.id", ondelete="RESTRICT"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="RESTRICT"))
    month: Mapped[int] = mapped_column(Integer)  # yyyymm
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))


class DuesHandUp(TimestampMixin, Base):
    """What a branch handed up (上缴) to the Party committee, for which months."""

    __tablename__ = "dues_hand_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    handed_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    first_month: Mapped[int] = mapped_column(Integer)  # yyyymm
    last_month: Mapped[int] = mapped_column(Integer)
    handled_by: Mapped[str] = mapped_column(String(40), default="")  # 经手人
    receipt_no: Mapped[str] = mapped_column(String(60), default="")  # 上缴凭证编号
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
