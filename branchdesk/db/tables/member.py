"""The tables of db/models/member.py (see db/tables/__init__.py for why the schema is kept as Core tables)."""

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text

from branchdesk.db.tables.common import gid_column, metadata, stamps

members = Table(  # Member
    "members", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(40), nullable=False, index=True),
    Column("sex", String(2), nullable=False, default=""),
    Column("ethnicity", String(20), nullable=False, default=""),
    Column("id_number", String(18), nullable=False, unique=True),
    Column("birth_date", Date),
    Column("education", String(20), nullable=False, default=""),
    Column("branch_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("group_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT"), index=True),
    Column("category", String(10), nullable=False),  # vocabulary.MemberCategory
    Column("join_date", Date),
    Column("full_date", Date),
    Column("position", String(100), nullable=False, default=""),
    Column("phone", String(30), nullable=False, default=""),
    Column("note", Text, nullable=False, default=""),
    Column("status", String(10), nullable=False, default="在册", index=True),  # vocabulary.MemberStatus
    Column("left_date", Date),
    Column("version", Integer, nullable=False, default=1),
    *stamps(),
    gid_column(),
)

member_moves = Table(  # MemberMove
    "member_moves", metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("kind", String(10), nullable=False),  # vocabulary.MoveKind
    Column("move_date", Date, nullable=False),
    Column("counterpart", String(200), nullable=False, default=""),  # where from / where to
    Column("reason", Text, nullable=False, default=""),
    # 支部调整 (a move between branches of this school, dated): the branch left and the branch joined;
    # a roster "on a day" reads these (issue 16). NULL for moves in or out of the school.
    Column("from_branch_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT")),
    Column("to_branch_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT")),
    # 组织关系转接: the category on the day (a 预备党员 transferred in may have 转正 postponed, 细则2014 第三十六条)
    Column("category", String(10), nullable=False, default="", server_default=""),
    *stamps(),
    gid_column(),
)

member_discipline = Table(  # MemberDiscipline
    "member_discipline", metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("kind", String(20), nullable=False),  # vocabulary.DisciplineKind
    Column("decided_on", Date, nullable=False),
    Column("ends_on", Date),  # 恢复党员权利 / 影响期满
    Column("reason", Text, nullable=False, default=""),
    *stamps(),
    gid_column(),
)

member_not_expected = Table(  # MemberNotExpected
    "member_not_expected", metadata,
    Column("id", Integer, primary_key=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date),
    Column("reason", String(20), nullable=False),  # domain.roster.not_expected.NotExpectedReason
    Column("detail", Text, nullable=False, default=""),
    Column("approved_on", Date, nullable=False),
    Column("approved_by", String(100), nullable=False),
    *stamps(),
    gid_column(),
)
