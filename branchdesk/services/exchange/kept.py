"""Which 党支部 this PC keeps. A branch's own PC (a branch site of the 数据包 exchange) holds that
branch's records only: of any other branch it has the organisation tree and, at most, a member who
moved there (with the 支部调整) — nothing from which that branch's meetings, figures or rules could
be known (checked there, a branch of nine would read as one member, 不足 3 人: ORG-MIN-MEMBERS,
domain.md §1, and as holding no meetings at all). So what is checked and reported there (the check,
首页, the year-end volume and its findings) is that branch alone (README, 数据包: "The branch keeps
only its own records"; domain/exchange/scope.py).

Kept apart from the rest of the exchange so that the check and the volume need not load its
cryptography, nor map its book-keeping tables (db/models/exchange.py): one row is read by name
(services/site_tree.py, which also keeps the organisation tree read-only there)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.engine import Database
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.exchange.vocabulary import Direction, PackageStatus, SiteRole, read_part_note
from branchdesk.services.errors import RuleViolation
from branchdesk.services.reported import last_reports as last_reports  # read below the areas (review rev1 F8)
from branchdesk.services.site_tree import kept_gid

# exchange_site and exchange_peers (db/models/exchange.py): the columns read here, without mapping the models
_SITE = sa.table("exchange_site", sa.column("id", sa.Integer), sa.column("role", sa.String))
_PEERS = sa.table("exchange_peers", sa.column("site_id", sa.String), sa.column("role", sa.String),
                  sa.column("branch_gid", sa.String), sa.column("joined_at", sa.DateTime),
                  sa.column("retired_at", sa.DateTime), sa.column("received_seq", sa.Integer))
# exchange_packages (the package log, services/exchange/log.py): created_at is the sender's writing time
_LOG = sa.table("exchange_packages", sa.column("peer_site_id", sa.String), sa.column("seq", sa.Integer),
                sa.column("direction", sa.String),
                sa.column("status", sa.String), sa.column("created_at", sa.String), sa.column("note", sa.String),
                sa.column("processed_at", sa.DateTime))


def kept_branch(session: Session) -> str | None:
    """The name of the 党支部 this PC keeps when it is that branch's site; None on the committee's
    PC or one that takes no part in the exchange (it keeps every branch it has)."""
    gid = kept_gid(session)
    if gid is None:
        return None
    orgs = tables.organisations.c  # read on the tables: the year-end report runs no ORM query (issue 18)
    return next((name for (name,) in read_rows(session, select(orgs.name).where(orgs.gid == gid))), None)


def site_branch(db: Database) -> str | None:
    """`kept_branch` of a database (the window's choosers offer that branch alone)."""
    with db.reading(), db.session() as session:
        return kept_branch(session)


def site_scope(session: Session, branch: str | None, what: str) -> str | None:
    """The branch a check or a volume covers: on a branch's own PC that branch alone, whatever was
    asked (`branch` None: all); asked there for another branch, it says that nothing of it can be
    known there. `what` names the action ("检查", "生成年度报表")."""
    kept = kept_branch(session)
    if kept is None or branch is None or branch == kept:
        return kept or branch
    raise RuleViolation(f"本机是“{kept}”的支部电脑，只保存本支部的记录，无法{what}“{branch}”；"
                        f"请在党委的电脑上{what}其他党支部。")


def _committee_site(session: Session) -> bool:
    site = next(iter(read_rows(session, select(_SITE.c.role).where(_SITE.c.id == 1))), None)
    return site is not None and site.role == SiteRole.COMMITTEE.value


def incomplete_reports(session: Session) -> list[str]:
    """The 党支部 one of whose 上报 came in parts (package_size.py) and is merged here only in part (`package
    status`: 还差第…个): its site has joined — it is not among unreported_branches — but its records are not
    all here (review 13-4, F2). The peer's received_seq stops before the first part still missing
    (packages.import_package); a 上报's last part is told by the log's note of any part merged. A later 上报
    carries again all that was not confirmed and, once merged, clears it. A site retired since (the branch
    changed PC, `add-site --replace`) sends nothing more: its 上报 merged in part is still told, until a 上报
    of another of the branch's sites is merged whole — every 上报 carries all the branch keeps (vol3, item 6).
    Empty off the committee's PC."""
    if not _committee_site(session):
        return []
    orgs = tables.organisations.c
    query = (select(orgs.name, _PEERS.c.site_id, _PEERS.c.joined_at, _PEERS.c.retired_at, _PEERS.c.received_seq,
                    _LOG.c.seq, _LOG.c.note)
             .join_from(_LOG, _PEERS, _PEERS.c.site_id == _LOG.c.peer_site_id)
             .join(tables.organisations, orgs.gid == _PEERS.c.branch_gid)
             .where(_PEERS.c.role == SiteRole.BRANCH.value, orgs.deleted_at.is_(None),
                    _LOG.c.direction == Direction.IN.value, _LOG.c.status == PackageStatus.MERGED.value)
             .order_by(orgs.sort_order, orgs.id))
    sent: dict[str, dict[str, str]] = {}  # branch -> its sites with a 上报 merged -> the day each joined
    short: dict[str, dict[str, bool]] = {}  # branch -> site -> retired, for the sites with a 上报 merged in part
    for name, site, joined, retired, received, seq, note in read_rows(session, query):
        sent.setdefault(name, {})[site] = str(joined or "")
        place = read_part_note(note or "")
        if place is not None and seq - place[0] + place[1] > (received or 0):
            short.setdefault(name, {})[site] = retired is not None  # the 上报's last part is after what is received whole
    found: list[str] = []
    for name, sites in short.items():
        newest = max(sent[name][site] for site in sites)
        # a site joined after the one whose 上报 is merged in part, with its own 上报 all here
        whole = [site for site, joined in sent[name].items() if site not in sites and joined > newest]
        if any(not retired for retired in sites.values()) or not whole:
            found.append(name)
    return found


def unreported_branches(session: Session) -> list[str]:
    """The 党支部 set up as sites of the committee's exchange that have never sent a 上报 (`package status`:
    等待对方首次上报), by their names as they are now: the committee's PC holds nothing of theirs but the
    tree and the roster, so their meetings, 学时, 党费 and 发展党员 cannot be known there (trial D, TD-2). A
    branch whose site was added again after an earlier one of its sites sent is not among them: what it
    sent is here.
    The one answer to "has this branch reported" the year-end volume is given. Empty on a branch's own
    PC, on one that takes no part in the exchange, and once every branch has sent."""
    if not _committee_site(session):
        return []
    orgs = tables.organisations.c
    # a site added again (支部换了电脑: the old one retired) has sent before: its records are here (review 13-4)
    earlier = _PEERS.alias("earlier")
    sent = sa.exists().where(earlier.c.branch_gid == orgs.gid, earlier.c.joined_at.is_not(None))
    query = (select(orgs.name).join_from(_PEERS, tables.organisations, orgs.gid == _PEERS.c.branch_gid)
             .where(_PEERS.c.role == SiteRole.BRANCH.value, _PEERS.c.joined_at.is_(None),
                    _PEERS.c.retired_at.is_(None), orgs.deleted_at.is_(None), ~sent)
             .order_by(orgs.sort_order, orgs.id))
    return [name for (name,) in read_rows(session, query)]
