"""党费 (domain.md §5): the bracket tables as rows with an effective date, each member's base history,
payments with the months each covers, and what a branch handed up (上缴) to the committee.

Months are stored as the number yyyymm (202503): readable in SQL and in 修改记录, and ordered.
Amounts are Numeric with two decimals (元, to the 分). Every table gets its 修改记录 automatically
(db/history.py); records with `deleted_at` go to the recycle bin instead of being deleted."""

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Mapped

from branchdesk.db.base import Base, TimestampMixin
from branchdesk.db.tables import dues_bases, dues_brackets, dues_hand_ups, dues_payment_months, dues_payments


class DuesBracket(TimestampMixin, Base):
    """One bracket of a rate table (DUES-RATE). A revision of the rules is a new set of rows with a
    later `effective_from`; rows are never edited to change history."""

    __tablename__ = "dues_brackets"
    __table__ = dues_brackets
    gid: Mapped[str]
    __exchange_scope__ = "*"  # the committee's rate revisions, sent to every branch (数据包, domain/exchange/scope.py)

    id: Mapped[int]
    table_kind: Mapped[str]  # domain.dues.rates.TableKind
    effective_from: Mapped[date]
    upper: Mapped[Decimal | None]  # inclusive; NULL = no upper bound
    rate: Mapped[Decimal | None]  # 0.00500 for 0.5%
    fixed: Mapped[Decimal | None]  # a fixed monthly amount (0.20)
    source: Mapped[str]


class DuesBase(TimestampMixin, Base):
    """A member's 缴纳类别 and 缴费基数 from a month on (DUES-BASE-CHANGE): history is kept by adding
    a record, the one in force for a month being the latest applying from it or before."""

    __tablename__ = "dues_bases"
    __table__ = dues_bases
    gid: Mapped[str]
    # one member's live base from one month is one record (save_base refuses a second): two PCs that
    # both entered it — the branch a member left and the one he joined, each "from January" — hold the
    # same record, and different content is a conflict for the 党委, never settled by the order the
    # packages came in (services/exchange/same_record.py; trial D, TD-9)
    __exchange_same_record_by__ = ("member_id", "applies_from", "deleted_at")

    id: Mapped[int]
    member_id: Mapped[int]
    category: Mapped[str]  # domain.dues.rates.DuesCategory
    applies_from: Mapped[int]  # yyyymm
    base: Mapped[Decimal | None]
    post_pay: Mapped[Decimal | None]  # 岗位工资
    scale_pay: Mapped[Decimal | None]  # 薪级工资
    merit_pay: Mapped[Decimal | None]  # 绩效工资
    allowance: Mapped[Decimal | None]  # 津贴补贴
    basis: Mapped[str]  # 自愿多交 / 减免: the table compared with
    own_amount: Mapped[Decimal | None]  # 自愿多交 / 减免: the monthly amount
    note: Mapped[str]
    approved_by: Mapped[str]  # 减免: the approving organisation
    approved_on: Mapped[date | None]
    confirmed_on: Mapped[date | None]  # 核定日期
    version: Mapped[int]

    __mapper_args__ = {"version_id_col": dues_bases.c.version}


class DuesPayment(TimestampMixin, Base):
    """Dues one member paid at one time (one receipt), for one or more months."""

    __tablename__ = "dues_payments"
    __table__ = dues_payments
    gid: Mapped[str]

    id: Mapped[int]
    member_id: Mapped[int]
    paid_on: Mapped[date | None]  # NULL: the source did not say
    amount: Mapped[Decimal]
    method: Mapped[str]  # domain.dues.payments.PayMethod
    collector: Mapped[str]  # 收款人
    receipt_no: Mapped[str]  # 收据编号
    note: Mapped[str]
    noted_late: Mapped[bool]  # marked 补交 in an undated ledger
    version: Mapped[int]

    __mapper_args__ = {"version_id_col": dues_payments.c.version}


class DuesPaymentMonth(Base):
    """A payment's share for one month. Written with its payment and never edited on its own; a
    payment in the recycle bin takes its months with it (queries join the payment)."""

    __tablename__ = "dues_payment_months"
    __table__ = dues_payment_months
    gid: Mapped[str]

    id: Mapped[int]
    payment_id: Mapped[int]
    member_id: Mapped[int]
    month: Mapped[int]  # yyyymm
    amount: Mapped[Decimal]


class DuesHandUp(TimestampMixin, Base):
    """What a branch handed up (上缴) to the Party committee, for which months."""

    __tablename__ = "dues_hand_ups"
    __table__ = dues_hand_ups
    gid: Mapped[str]

    id: Mapped[int]
    branch_id: Mapped[int]
    handed_on: Mapped[date]
    amount: Mapped[Decimal]
    first_month: Mapped[int]  # yyyymm
    last_month: Mapped[int]
    handled_by: Mapped[str]  # 经手人
    receipt_no: Mapped[str]  # 上缴凭证编号
    note: Mapped[str]
    version: Mapped[int]

    __mapper_args__ = {"version_id_col": dues_hand_ups.c.version}
