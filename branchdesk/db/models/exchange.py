"""数据包 (issue 20): the exchange's own book-keeping. None of these are records: they have no gid,
never travel in a package, and are written with Core statements (services/exchange) so they add
no lines to 修改记录 — the changes they describe are recorded there already.

- `exchange_site`: this installation (one row): its site id, role (committee or branch), the branch
  it keeps, its key pair, its clock and how far it has read the change history.
- `exchange_peers`: the sites this one exchanges packages with, their public keys, and the
  sequence numbers sent, confirmed and received.
- `exchange_units`: one row per record (a root record with the rows that live and die with it):
  its version vector, the local sequence number of its last change and where that change came from.
- `exchange_packages`: every package written or read, with counts, confirmation and refusals.
- `exchange_conflicts`: records changed on both sides, kept for a person to decide.
"""

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from branchdesk.db.base import Base


class ExchangeSite(Base):
    __tablename__ = "exchange_site"
    __global_id__ = False
    __history__ = False  # written without lines in 修改记录; `verify` does not compare it (db/record_check.py)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # always 1
    site_id: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(10))  # domain.exchange.SiteRole
    branch_gid: Mapped[str | None] = mapped_column(String(32))  # the 党支部 a branch site keeps
    # Private keys (Ed25519 signing, X25519 decryption), raw 32 bytes each. They are as safe as the
    # database: encrypted with it under SQLCipher, plain in a plain file (the window says so).
    sign_key: Mapped[bytes] = mapped_column(LargeBinary)
    box_key: Mapped[bytes] = mapped_column(LargeBinary)
    clock: Mapped[int] = mapped_column(BigInteger, default=0)  # hybrid logical clock, milliseconds
    lseq: Mapped[int] = mapped_column(BigInteger, default=0)  # local change sequence
    scanned_upto: Mapped[int] = mapped_column(Integer, default=0)  # change_log id read so far
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ExchangePeer(Base):
    __tablename__ = "exchange_peers"
    __global_id__ = False
    __history__ = False  # written without lines in 修改记录; `verify` does not compare it (db/record_check.py)

    site_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(10))
    branch_gid: Mapped[str | None] = mapped_column(String(32), index=True)
    sign_public: Mapped[bytes | None] = mapped_column(LargeBinary)  # a branch's: known from its first package
    box_public: Mapped[bytes | None] = mapped_column(LargeBinary)
    join_token: Mapped[bytes | None] = mapped_column(LargeBinary)  # proves a first package came from the set-up file
    sent_seq: Mapped[int] = mapped_column(Integer, default=0)
    acked_seq: Mapped[int] = mapped_column(Integer, default=0)  # ours that the peer confirmed
    received_seq: Mapped[int] = mapped_column(Integer, default=0)  # theirs merged here
    created_at: Mapped[datetime] = mapped_column(DateTime)
    joined_at: Mapped[datetime | None] = mapped_column(DateTime)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)


class ExchangeUnit(Base):
    __tablename__ = "exchange_units"
    __global_id__ = False
    __history__ = False  # written without lines in 修改记录; `verify` does not compare it (db/record_check.py)

    record_gid: Mapped[str] = mapped_column(String(32), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(64))
    vv: Mapped[str] = mapped_column(Text, default="{}")  # version vector, JSON {site_id: counter}
    lseq: Mapped[int] = mapped_column(BigInteger, index=True)
    from_site: Mapped[str | None] = mapped_column(String(32))  # None: changed here
    owner: Mapped[str | None] = mapped_column(String(32))  # domain.exchange.scope: branch gid or a mark
    left_owner: Mapped[str | None] = mapped_column(String(32))  # the branch it last moved away from
    left_lseq: Mapped[int | None] = mapped_column(BigInteger)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)  # deleted for good (not the recycle bin)
    alias_of: Mapped[str | None] = mapped_column(String(32))  # merged into that record (same natural key)


class ExchangePackage(Base):
    __tablename__ = "exchange_packages"
    __global_id__ = False
    __history__ = False  # written without lines in 修改记录; `verify` does not compare it (db/record_check.py)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    peer_site_id: Mapped[str] = mapped_column(String(32), index=True)
    direction: Mapped[str] = mapped_column(String(3))  # out / in
    kind: Mapped[str] = mapped_column(String(10))  # package / setup
    seq: Mapped[int] = mapped_column(Integer)
    base: Mapped[int] = mapped_column(Integer, default=0)
    ack: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[str] = mapped_column(String(32))  # as the sender wrote it
    processed_at: Mapped[datetime] = mapped_column(DateTime)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    digest: Mapped[str] = mapped_column(String(64), default="")
    units: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[str] = mapped_column(Text, default="{}")  # JSON {table: n}
    conflicts: Mapped[int] = mapped_column(Integer, default=0)
    # sent: our local sequence when it was written; received: the sender's clock in it
    watermark: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10))  # domain.exchange.PackageStatus
    note: Mapped[str] = mapped_column(Text, default="")
    history_from: Mapped[int | None] = mapped_column(Integer)
    history_to: Mapped[int | None] = mapped_column(Integer)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    os_user: Mapped[str] = mapped_column(String(100), default="")


class ExchangeConflict(Base):
    __tablename__ = "exchange_conflicts"
    __global_id__ = False
    __history__ = False  # written without lines in 修改记录; `verify` does not compare it (db/record_check.py)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_gid: Mapped[str] = mapped_column(String(32), index=True)
    table_name: Mapped[str] = mapped_column(String(64))
    peer_site_id: Mapped[str] = mapped_column(String(32))
    package_seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # edit / delete / duplicate
    label: Mapped[str] = mapped_column(String(200), default="")
    local_vv: Mapped[str] = mapped_column(Text, default="{}")
    remote_vv: Mapped[str] = mapped_column(Text, default="{}")
    remote_unit: Mapped[str] = mapped_column(Text)  # the other side's version, as it came in the package
    remote_by: Mapped[str] = mapped_column(String(100), default="")
    remote_at: Mapped[str] = mapped_column(String(32), default="")
    detected_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(10), default="open")
    resolution: Mapped[str | None] = mapped_column(String(20))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str] = mapped_column(String(100), default="")
