"""The organisation tree and branch committee posts (domain.md §1)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.engine import Database
from branchdesk.db.queries import get_setting, live_orgs, set_setting
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.roster.org_deletion import OrgRecords, deletion_refusal
from branchdesk.domain.roster.org_names import keeps_old_name, rename_problem
from branchdesk.domain.text import length_problem, same_name, tidy_name
from branchdesk.domain.vocabulary import ALLOWED_CHILDREN, MemberStatus, OrgKind
from branchdesk.services.errors import NotFound, RuleViolation
from branchdesk.services.roster.org_names import load_histories

# the posts live in services/roster/posts.py (TY-2); named here too, where callers have always found them
from branchdesk.services.roster.posts import PostRecord as PostRecord
from branchdesk.services.roster.posts import assign_post as assign_post
from branchdesk.services.roster.posts import list_posts as list_posts
from branchdesk.services.shared_reads import setting
from branchdesk.services.site_tree import tree_refusal

if TYPE_CHECKING:
    from branchdesk.db.models import (
        Organisation,
    )


@dataclass
class OrgNode:
    """An organisation in the tree the window shows, with its member count and children."""

    id: int
    name: str
    kind: str
    parent_id: int | None
    member_count: int = 0  # members in this node and below
    children: list[OrgNode] = field(default_factory=list)
    former_names: str = ""  # "第一党小组（至2026-08-31）": its earlier names and their last days (TY-5)

    def walk(self) -> Iterator[OrgNode]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class OrgRef:
    """An organisation by id, name, kind and parent: what lists and reports need of it."""

    id: int
    name: str
    kind: str
    parent_id: int | None


def get_tree(db: Database) -> list[OrgNode]:
    """The whole tree with active-member counts, roots first, children by sort order then name."""
    from branchdesk.db.models import Member
    with db.reading(), db.session() as session:
        orgs = live_orgs(session)
        counts: dict[int, int] = {}
        rows = session.execute(
            select(Member.branch_id, Member.group_id, func.count())
            .where(Member.status == MemberStatus.ACTIVE.value, Member.deleted_at.is_(None))
            .group_by(Member.branch_id, Member.group_id)
        )
        for branch_id, group_id, count in rows:
            counts[branch_id] = counts.get(branch_id, 0) + count
            if group_id is not None:
                counts[group_id] = counts.get(group_id, 0) + count
        histories = load_histories(session)
    nodes = {o.id: OrgNode(o.id, o.name, o.kind, o.parent_id) for o in orgs}
    for org_id, history in histories.items():
        if history.former and org_id in nodes:
            nodes[org_id].former_names = "、".join(f"{f.name}（至{f.ended_on:%Y-%m-%d}）" for f in history.former)
    order = {o.id: (o.sort_order, o.name) for o in orgs}
    roots: list[OrgNode] = []
    for node in sorted(nodes.values(), key=lambda n: order[n.id]):
        parent = nodes.get(node.parent_id) if node.parent_id is not None else None
        (parent.children if parent else roots).append(node)

    def total(node: OrgNode) -> int:
        below = [total(child) for child in node.children]
        own_level = node.kind in (OrgKind.BRANCH.value, OrgKind.GROUP.value)
        node.member_count = counts.get(node.id, 0) if own_level else sum(below)
        return node.member_count

    for root in roots:
        total(root)
    return roots


def list_orgs(db: Database, kind: OrgKind | None = None) -> list[OrgRef]:
    with db.session() as session:
        return load_orgs(session, kind)


def load_orgs(session: Session, kind: OrgKind | None = None) -> list[OrgRef]:
    """The organisations (of one kind, if given) in their order, on the caller's Session."""
    o = tables.organisations.c  # plain columns, a Core read (db/table_reads.py, issue 18)
    rows = read_rows(session, select(o.id, o.name, o.kind, o.parent_id).where(o.deleted_at.is_(None))
                     .order_by(o.sort_order, o.id))
    return [OrgRef(*row) for row in rows if kind is None or row.kind == kind.value]


def _org_name(name: str) -> str:
    """An organisation's name as stored and shown: as typed ("第二党支部（退休）"), without invisible
    characters (issue 21); it is compared by `name_key`, so a look-alike spelling is the same name."""
    name = tidy_name(name)
    if not name:
        raise RuleViolation("名称不能为空")
    if message := length_problem(name, "org"):
        raise RuleViolation(f"名称{message}")
    return name


def create_org(db: Database, name: str, kind: OrgKind, parent_id: int | None = None) -> OrgRef:
    from branchdesk.db.models import Organisation
    kind = OrgKind(kind)  # its text as well (a window's combo hands a StrEnum back as str, TY-3)
    name = _org_name(name)
    with db.session() as session:
        parent = session.get(Organisation, parent_id) if parent_id is not None else None
        if parent_id is not None and (parent is None or parent.deleted_at is not None):
            raise NotFound("上级组织不存在")
        if refusal := tree_refusal(session, parent, "add"):
            raise RuleViolation(refusal)
        parent_kind = OrgKind(parent.kind) if parent else None
        if kind not in ALLOWED_CHILDREN[parent_kind]:
            where = f"“{parent.name}”（{parent.kind}）之下" if parent else "最上层"
            raise RuleViolation(f"{where}不能设立{kind.value}")
        duplicate = _sibling_named(session, parent_id, name)
        if duplicate is not None:
            raise RuleViolation(f"同一上级下已有名为“{duplicate.name}”的组织")
        org = Organisation(name=name, kind=kind.value, parent_id=parent_id, note="")
        session.add(org)
        session.flush()
        return OrgRef(org.id, org.name, org.kind, org.parent_id)


def _sibling_named(session: Session, parent_id: int | None, name: str) -> Organisation | None:
    """A live organisation under the same parent whose name is `name` by `name_key`."""
    from branchdesk.db.models import Organisation
    siblings = session.scalars(select(Organisation).where(
        Organisation.parent_id.is_(parent_id) if parent_id is None else Organisation.parent_id == parent_id,
        Organisation.deleted_at.is_(None)))
    return next((o for o in siblings if same_name(o.name, name)), None)


def rename_org(db: Database, org_id: int, name: str, since: date | None = None, *, today: date | None = None,
               correction: bool = False) -> None:
    """Rename an organisation from a day (自何日起; None: today). The name in use until the day before is
    kept with its last day (`org_names`), so what was written under it stays its (TY-5;
    domain/roster/org_names.py) — unless it was never in use before that day (`keeps_old_name`: a rename
    from the 成立日期, or a second one the same day, corrects the name). `correction`: the name in use was
    written wrong — the new one replaces it for every day it was used (修改记录 keeps the old spelling)."""
    from branchdesk.db.models import Organisation, OrgName
    name = _org_name(name)
    today = today or date.today()
    since = since or today
    with db.session() as session:
        org = session.get(Organisation, org_id)
        if org is None:
            raise NotFound("组织不存在")
        if refusal := tree_refusal(session, org, "rename"):
            raise RuleViolation(refusal)
        duplicate = _sibling_named(session, org.parent_id, name)
        if duplicate is not None and duplicate.id != org.id:
            raise RuleViolation(f"同一上级下已有名为“{duplicate.name}”的组织")
        if same_name(org.name, name):  # the same name spelt otherwise ("（）" for "()"): no earlier name
            org.name = name
            return
        siblings = session.scalars(select(Organisation.id).where(
            Organisation.parent_id.is_(None) if org.parent_id is None else Organisation.parent_id == org.parent_id,
            Organisation.deleted_at.is_(None), Organisation.id != org.id)).all()
        histories = load_histories(session, [org.id, *siblings])
        history = histories.pop(org.id)
        # a correction: the name from the day the name in use took effect
        since = (history.current_since or date.min) if correction else since
        if refusal := rename_problem(history, name, since, today, histories.values()):
            raise RuleViolation(refusal)
        if not correction and keeps_old_name(history, since, org.founded_on):
            session.add(OrgName(org_id=org.id, name=org.name, ended_on=since - timedelta(days=1)))
        org.name = name


def delete_org(db: Database, org_id: int) -> None:
    """Move an organisation to the recycle bin; one with sub-organisations, members or (a 党支部) any
    history is refused, saying why and what to do instead (`org_deletion_refusal`)."""
    from branchdesk.db.models import Organisation
    with db.session() as session:
        org = session.get(Organisation, org_id)
        if org is None or org.deleted_at is not None:
            raise NotFound("组织不存在")
        refusal = _refusal(session, org)
        if refusal:
            raise RuleViolation(refusal)
        org.deleted_at = datetime.now()


def org_deletion_refusal(db: Database, org_id: int) -> str:
    """Why the organisation may not be deleted ("" if it may): the window says it before asking."""
    from branchdesk.db.models import Organisation
    with db.session() as session:
        org = session.get(Organisation, org_id)
        if org is None or org.deleted_at is not None:
            raise NotFound("组织不存在")
        return _refusal(session, org)


def org_change_refusals(db: Database, org_id: int | None) -> dict[str, str]:
    """Why the organisation tree may not be changed here at `org_id`, by action ("" where it may):
    add (a child of it; `org_id` None: at the top), rename, delete, dates. On a branch's own PC the
    tree is the committee's, bar the branch's own 党小组 (services/exchange/kept.tree_refusal); the
    window greys out what is refused and says why."""
    from branchdesk.db.models import Organisation
    with db.session() as session:
        org = session.get(Organisation, org_id) if org_id is not None else None
        if org_id is not None and (org is None or org.deleted_at is not None):
            raise NotFound("组织不存在")
        return {action: tree_refusal(session, org, action) for action in ("add", "rename", "delete", "dates")}


def _refusal(session: Session, org: Organisation) -> str:
    """Count what refers to `org` (live records) for domain/roster/org_deletion (trial 9, T9-4): a
    deleted 党支部 drops out of every year-end figure, so its history keeps it (撤销日期 instead).
    First of all, on a branch's own PC, the tree above its 党小组 is the committee's (T9-17)."""
    from branchdesk.db.models import (
        DevRecord,
        DuesHandUp,
        Meeting,
        Member,
        MemberMove,
        MentoringPair,
        Organisation,
        RectLedger,
    )
    if refusal := tree_refusal(session, org, "delete"):
        return refusal
    def count(model: Any, *where: Any) -> int:
        return session.scalar(select(func.count()).select_from(model).where(*where)) or 0

    in_it = (Member.branch_id == org.id) | (Member.group_id == org.id)
    on_roster = (Member.status == MemberStatus.ACTIVE.value) & Member.deleted_at.is_(None)
    records = OrgRecords(
        children=count(Organisation, Organisation.parent_id == org.id, Organisation.deleted_at.is_(None)),
        members_now=count(Member, in_it, on_roster),
        members_before=count(Member, in_it, Member.status != MemberStatus.ACTIVE.value, Member.deleted_at.is_(None)),
        members_binned=count(Member, in_it, Member.deleted_at.is_not(None)))
    if org.kind != OrgKind.GROUP.value:  # a 党小组's sittings are its 党支部's: they stay with the branch
        records = replace(
            records,
            meetings=count(Meeting, Meeting.branch_id == org.id, Meeting.deleted_at.is_(None)),
            moves=count(MemberMove, (MemberMove.from_branch_id == org.id) | (MemberMove.to_branch_id == org.id),
                        MemberMove.deleted_at.is_(None)),
            development=count(DevRecord, DevRecord.branch_id == org.id, DevRecord.deleted_at.is_(None)),
            mentoring=count(MentoringPair, MentoringPair.branch_id == org.id, MentoringPair.deleted_at.is_(None)),
            dues=count(DuesHandUp, DuesHandUp.branch_id == org.id, DuesHandUp.deleted_at.is_(None)),
            rectification=count(RectLedger, RectLedger.org_id == org.id, RectLedger.deleted_at.is_(None)))
    return deletion_refusal(org.name, OrgKind(org.kind), records)


def get_school_name(db: Database) -> str:
    with db.session() as session:
        return load_school_name(session)


def load_school_name(session: Session) -> str:
    return setting(session, "school_name")  # in a report's snapshot, from its one reading of the settings


@dataclass(frozen=True)
class SchoolInfo:
    """The school's facts the reports use (staff count: members as a share of staff, seed 000)."""

    name: str
    staff_count: int | None


def get_school_info(db: Database) -> SchoolInfo:
    with db.session() as session:
        name = get_setting(session, "school_name")
        staff = get_setting(session, "staff_count")
    return SchoolInfo(name=name, staff_count=int(staff) if staff.strip().isdigit() else None)


def save_school_info(db: Database, info: SchoolInfo) -> None:
    if info.staff_count is not None and info.staff_count < 0:
        raise RuleViolation("教职工人数不能为负数")
    with db.session() as session:
        set_setting(session, "school_name", info.name.strip())
        set_setting(session, "staff_count", "" if info.staff_count is None else str(info.staff_count))
