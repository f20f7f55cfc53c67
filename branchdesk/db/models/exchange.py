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

from sqlalchemy.orm import Mapped

from branchdesk.db.base import Base
from branchdesk.db.tables import (
    exchange_conflicts,
    exchange_packages,
    exchange_peers,
    exchange_site,
    exchange_units,
)


class ExchangeSite(Base):
    __tablename__ = "exchange_site"
    __table__ = exchange_site
    __history__ = False  # written without lines in 修改记录; `verify` does not compare it (db/record_check.py)

    id: Mapped[int]  # always 1
    site_id: Mapped[str]
    name: Mapped[str]
    role: Mapped[str]  # domain.exchange.SiteRole
    branch_gid: Mapped[str | None]  # the 党支部 a branch site keeps
    # Private keys (Ed25519 signing, X25519 decryption), raw 32 bytes each. They are as safe as the
    # database: encrypted with it under SQLCipher, plain in a plain file (the window says so).
    sign_key: Mapped[bytes]
    box_key: Mapped[bytes]
    clock: Mapped[int]  # hybrid logical clock, milliseconds
    lseq: Mapped[int]  # local change sequence
    scanned_upto: Mapped[int]  # change_log id read so far
    created_at: Mapped[datetime]


class ExchangePeer(Base):
    __tablename__ = "exchange_peers"
    __table__ = exchange_peers
    __history__ = False  # written without lines in 修改记录; `verify` does not compare it (db/record_check.py)

    site_id: Mapped[str]
    name: Mapped[str]
    role: Mapped[str]
    branch_gid: Mapped[str | None]
    sign_public: Mapped[bytes | None]  # a branch's: known from its first package
    box_public: Mapped[bytes | None]
    join_token: Mapped[bytes | None]  # proves a first package came from the set-up file
    sent_seq: Mapped[int]
    acked_seq: Mapped[int]  # ours that the peer confirmed
    received_seq: Mapped[int]  # theirs merged here
    created_at: Mapped[datetime]
    joined_at: Mapped[datetime | None]
    retired_at: Mapped[datetime | None]


class ExchangeUnit(Base):
    __tablename__ = "exchange_units"
    __table__ = exchange_units
    __history__ = False  # written without lines in 修改记录; `verify` does not compare it (db/record_check.py)

    record_gid: Mapped[str]
    table_name: Mapped[str]
    vv: Mapped[str]  # version vector, JSON {site_id: counter}
    lseq: Mapped[int]
    from_site: Mapped[str | None]  # None: changed here
    owner: Mapped[str | None]  # domain.exchange.scope: branch gid or a mark
    left_owner: Mapped[str | None]  # the branch it last moved away from
    left_lseq: Mapped[int | None]
    deleted: Mapped[bool]  # deleted for good (not the recycle bin)
    alias_of: Mapped[str | None]  # merged into that record (same natural key)


class ExchangePackage(Base):
    __tablename__ = "exchange_packages"
    __table__ = exchange_packages
    __history__ = False  # written without lines in 修改记录; `verify` does not compare it (db/record_check.py)

    id: Mapped[int]
    peer_site_id: Mapped[str]
    direction: Mapped[str]  # out / in
    kind: Mapped[str]  # package / setup
    seq: Mapped[int]
    base: Mapped[int]
    ack: Mapped[int]
    created_at: Mapped[str]  # as the sender wrote it
    processed_at: Mapped[datetime]
    file_name: Mapped[str]
    digest: Mapped[str]
    units: Mapped[int]
    counts: Mapped[str]  # JSON {table: n}
    conflicts: Mapped[int]
    # sent: our local sequence when it was written; received: the sender's clock in it
    watermark: Mapped[int | None]
    status: Mapped[str]  # domain.exchange.PackageStatus
    note: Mapped[str]
    history_from: Mapped[int | None]
    history_to: Mapped[int | None]
    confirmed_at: Mapped[datetime | None]
    os_user: Mapped[str]


class ExchangeConflict(Base):
    __tablename__ = "exchange_conflicts"
    __table__ = exchange_conflicts
    __history__ = False  # written without lines in 修改记录; `verify` does not compare it (db/record_check.py)

    id: Mapped[int]
    record_gid: Mapped[str]
    table_name: Mapped[str]
    peer_site_id: Mapped[str]
    package_seq: Mapped[int]
    kind: Mapped[str]  # edit / delete / duplicate
    label: Mapped[str]
    local_vv: Mapped[str]
    remote_vv: Mapped[str]
    remote_unit: Mapped[str]  # the other side's version, as it came in the package
    remote_by: Mapped[str]
    remote_at: Mapped[str]
    detected_at: Mapped[datetime]
    status: Mapped[str]
    resolution: Mapped[str | None]
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str]
