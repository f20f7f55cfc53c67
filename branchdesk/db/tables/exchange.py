"""The tables of db/models/exchange.py (see db/tables/__init__.py for why the schema is kept as Core tables)."""

from sqlalchemy import BigInteger, Boolean, Column, DateTime, Integer, LargeBinary, String, Table, Text

from branchdesk.db.tables.common import metadata

exchange_site = Table(  # ExchangeSite
    "exchange_site", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # always 1
    Column("site_id", String(32), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("role", String(10), nullable=False),  # domain.exchange.SiteRole
    Column("branch_gid", String(32)),  # the 党支部 a branch site keeps
    # Private keys (Ed25519 signing, X25519 decryption), raw 32 bytes each. They are as safe as the
    # database: encrypted with it under SQLCipher, plain in a plain file (the window says so).
    Column("sign_key", LargeBinary, nullable=False),
    Column("box_key", LargeBinary, nullable=False),
    Column("clock", BigInteger, nullable=False, default=0),  # hybrid logical clock, milliseconds
    Column("lseq", BigInteger, nullable=False, default=0),  # local change sequence
    Column("scanned_upto", Integer, nullable=False, default=0),  # change_log id read so far
    Column("created_at", DateTime, nullable=False),
)

exchange_peers = Table(  # ExchangePeer
    "exchange_peers", metadata,
    Column("site_id", String(32), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("role", String(10), nullable=False),
    Column("branch_gid", String(32), index=True),
    Column("sign_public", LargeBinary),  # a branch's: known from its first package
    Column("box_public", LargeBinary),
    Column("join_token", LargeBinary),  # proves a first package came from the set-up file
    Column("sent_seq", Integer, nullable=False, default=0),
    Column("acked_seq", Integer, nullable=False, default=0),  # ours that the peer confirmed
    Column("received_seq", Integer, nullable=False, default=0),  # theirs merged here
    Column("created_at", DateTime, nullable=False),
    Column("joined_at", DateTime),
    Column("retired_at", DateTime),
)

exchange_units = Table(  # ExchangeUnit
    "exchange_units", metadata,
    Column("record_gid", String(32), primary_key=True),
    Column("table_name", String(64), nullable=False),
    Column("vv", Text, nullable=False, default="{}"),  # version vector, JSON {site_id: counter}
    Column("lseq", BigInteger, nullable=False, index=True),
    Column("from_site", String(32)),  # None: changed here
    Column("owner", String(32)),  # domain.exchange.scope: branch gid or a mark
    Column("left_owner", String(32)),  # the branch it last moved away from
    Column("left_lseq", BigInteger),
    Column("deleted", Boolean, nullable=False, default=False),  # deleted for good (not the recycle bin)
    Column("alias_of", String(32)),  # merged into that record (same natural key)
)

exchange_packages = Table(  # ExchangePackage
    "exchange_packages", metadata,
    Column("id", Integer, primary_key=True),
    Column("peer_site_id", String(32), nullable=False, index=True),
    Column("direction", String(3), nullable=False),  # out / in
    Column("kind", String(10), nullable=False),  # package / setup
    Column("seq", Integer, nullable=False),
    Column("base", Integer, nullable=False, default=0),
    Column("ack", Integer, nullable=False, default=0),
    Column("created_at", String(32), nullable=False),  # as the sender wrote it
    Column("processed_at", DateTime, nullable=False),
    Column("file_name", String(255), nullable=False, default=""),
    Column("digest", String(64), nullable=False, default=""),
    Column("units", Integer, nullable=False, default=0),
    Column("counts", Text, nullable=False, default="{}"),  # JSON {table: n}
    Column("conflicts", Integer, nullable=False, default=0),
    # sent: our local sequence when it was written; received: the sender's clock in it
    Column("watermark", BigInteger),
    Column("status", String(10), nullable=False),  # domain.exchange.PackageStatus
    Column("note", Text, nullable=False, default=""),
    Column("history_from", Integer),
    Column("history_to", Integer),
    Column("confirmed_at", DateTime),
    Column("os_user", String(100), nullable=False, default=""),
)

exchange_conflicts = Table(  # ExchangeConflict
    "exchange_conflicts", metadata,
    Column("id", Integer, primary_key=True),
    Column("record_gid", String(32), nullable=False, index=True),
    Column("table_name", String(64), nullable=False),
    Column("peer_site_id", String(32), nullable=False),
    Column("package_seq", Integer, nullable=False),
    Column("kind", String(10), nullable=False),  # edit / delete / duplicate
    Column("label", String(200), nullable=False, default=""),
    Column("local_vv", Text, nullable=False, default="{}"),
    Column("remote_vv", Text, nullable=False, default="{}"),
    Column("remote_unit", Text, nullable=False),  # the other side's version, as it came in the package
    Column("remote_by", String(100), nullable=False, default=""),
    Column("remote_at", String(32), nullable=False, default=""),
    Column("detected_at", DateTime, nullable=False),
    Column("status", String(10), nullable=False, default="open"),
    Column("resolution", String(20)),
    Column("resolved_at", DateTime),
    Column("resolved_by", String(100), nullable=False, default=""),
)
