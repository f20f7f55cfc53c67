"""The tables of db/models/dues.py (see db/tables/__init__.py for why the schema is kept as Core tables)."""

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, Numeric, String, Table, Text

from branchdesk.db.tables.common import gid_column, metadata, stamps

dues_brackets = Table(  # DuesBracket
    "dues_brackets", metadata,
    Column("id", Integer, primary_key=True),
    Column("table_kind", String(20), nullable=False),  # domain.dues.rates.TableKind
    Column("effective_from", Date, nullable=False),
    Column("upper", Numeric(12, 2)),  # inclusive; NULL = no upper bound
    Column("rate", Numeric(7, 5)),  # 0.00500 for 0.5%
    Column("fixed", Numeric(8, 2)),  # a fixed monthly amount (0.20)
    Column("source", String(200), nullable=False, default=""),
    *stamps(),
    gid_column(),
)

dues_bases = Table(  # DuesBase
    "dues_bases", metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="RESTRICT"), nullable=False),
    Column("category", String(20), nullable=False),  # domain.dues.rates.DuesCategory
    Column("applies_from", Integer, nullable=False),  # yyyymm
    Column("base", Numeric(12, 2)),
    Column("post_pay", Numeric(12, 2)),  # 岗位工资
    Column("scale_pay", Numeric(12, 2)),  # 薪级工资
    Column("merit_pay", Numeric(12, 2)),  # 绩效工资
    Column("allowance", Numeric(12, 2)),  # 津贴补贴
    Column("basis", String(20), nullable=False, default=""),  # 自愿多交 / 减免: the table compared with
    Column("own_amount", Numeric(10, 2)),  # 自愿多交 / 减免: the monthly amount
    Column("note", Text, nullable=False, default=""),
    Column("approved_by", String(100), nullable=False, default=""),  # 减免: the approving organisation
    Column("approved_on", Date),
    Column("confirmed_on", Date),  # 核定日期
    Column("version", Integer, nullable=False, default=1),
    *stamps(),
    gid_column(),
    Index("ix_dues_bases_member_month", "member_id", "applies_from"),
)

dues_payments = Table(  # DuesPayment
    "dues_payments", metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("paid_on", Date, index=True),  # NULL: the source did not say
    Column("amount", Numeric(10, 2), nullable=False),
    Column("method", String(10), nullable=False, default=""),  # domain.dues.payments.PayMethod
    Column("collector", String(40), nullable=False, default=""),  # 收款人
    Column("receipt_no", String(60), nullable=False, default=""),  # 收据编号
    Column("note", Text, nullable=False, default=""),
    Column("noted_late", Boolean, nullable=False, default=False),  # marked 补交 in an undated ledger
    Column("version", Integer, nullable=False, default=1),
    *stamps(),
    gid_column(),
)

dues_payment_months = Table(  # DuesPaymentMonth
    "dues_payment_months", metadata,
    Column("id", Integer, primary_key=True),
    Column("payment_id", Integer, ForeignKey("dues_payments.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="RESTRICT"), nullable=False),
    Column("month", Integer, nullable=False),  # yyyymm
    Column("amount", Numeric(10, 2), nullable=False),
    gid_column(),
    Index("ix_dues_payment_months_member_month", "member_id", "month"),
    Index("ix_dues_payment_months_month", "month"),
)

dues_hand_ups = Table(  # DuesHandUp
    "dues_hand_ups", metadata,
    Column("id", Integer, primary_key=True),
    Column("branch_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("handed_on", Date, nullable=False),
    Column("amount", Numeric(12, 2), nullable=False),
    Column("first_month", Integer, nullable=False),  # yyyymm
    Column("last_month", Integer, nullable=False),
    Column("handled_by", String(40), nullable=False, default=""),  # 经手人
    Column("receipt_no", String(60), nullable=False, default=""),  # 上缴凭证编号
    Column("note", Text, nullable=False, default=""),
    Column("version", Integer, nullable=False, default=1),
    *stamps(),
    gid_column(),
)
