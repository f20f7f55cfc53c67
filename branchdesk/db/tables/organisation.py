"""The tables of db/models/organisation.py (see db/tables/__init__.py for why the schema is kept as Core tables)."""

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from branchdesk.db.tables.common import gid_column, metadata, stamps

organisations = Table(  # Organisation
    "organisations", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("kind", String(10), nullable=False),  # vocabulary.OrgKind
    Column("parent_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT"), index=True),
    Column("sort_order", Integer, nullable=False, default=0),
    Column("note", Text, nullable=False, default=""),
    # 成立日期 / 撤销日期 of a branch: the regulation calendar runs only while it exists (domain.md §2)
    Column("founded_on", Date),
    Column("dissolved_on", Date),
    *stamps(),
    gid_column(),
    UniqueConstraint("parent_id", "name", name="uq_organisations_parent_name"),
)

org_names = Table(  # OrgName
    "org_names", metadata,
    Column("id", Integer, primary_key=True),
    Column("org_id", Integer, ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", String(100), nullable=False),
    Column("ended_on", Date, nullable=False),  # the last day of this name: the rename took effect the day after
    gid_column(),
)

committee_posts = Table(  # CommitteePost
    "committee_posts", metadata,
    Column("id", Integer, primary_key=True),
    Column("org_id", Integer, ForeignKey("organisations.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="RESTRICT"), nullable=False, index=True),
    Column("post", String(20), nullable=False),
    Column("term_start", Date),  # None: in office since before records start
    Column("term_end", Date),
    *stamps(),
    gid_column(),
)

settings = Table(  # Setting
    "settings", metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False, default=""),
    gid_column("key"),
)
