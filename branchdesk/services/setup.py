"""First start (首次使用): the school's name and its 党委/党总支, its branches and 党小组, the 启用日期,
in one transaction; the branches read from a roster file; and the separate demo database that can be
looked at before any real data is entered. Every step can be skipped and done again from 设置."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from branchdesk import paths
from branchdesk.db.engine import Database
from branchdesk.db.models import Member, Organisation
from branchdesk.db.queries import get_setting, set_setting, top_organisation
from branchdesk.domain.org_outline import BranchLine, committee_name
from branchdesk.domain.text import NameMap, name_key
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.services.errors import ValidationFailed

DONE = "first_start_done"  # "1" once the setup was finished or skipped
RECORDS_START = "records_start"  # 启用日期, ISO date (the key the records-start service reads)
DEMO = "demo_database"  # "1" in the demo file: the window says so in its title
DEMO_FILENAME = "演示数据（不是本校数据）.sqlite"


@dataclass
class SetupInput:
    school: str = ""
    committee_kind: str = OrgKind.COMMITTEE.value  # 党委 or 党总支
    committee: str = ""  # full name; empty: 中共{school}委员会
    branches: list[BranchLine] = field(default_factory=list)
    records_start: date | None = None


@dataclass
class SetupResult:
    created: list[str]  # what was made, in words ("党支部“初一年级党支部”")
    school: str


def needs_first_start(db: Database) -> bool:
    """A database nobody has set up: not finished or skipped before, no organisation, no member."""
    with db.session() as session:
        if get_setting(session, DONE) == "1" or get_setting(session, DEMO) == "1":
            return False
        orgs = session.scalar(select(func.count()).select_from(Organisation).where(Organisation.deleted_at.is_(None)))
        members = session.scalar(select(func.count()).select_from(Member))
        return not orgs and not members


def mark_done(db: Database) -> None:
    with db.session() as session:
        set_setting(session, DONE, "1")


def current_setup(db: Database) -> SetupInput:
    """What is there now, to start the setup again from 设置 with today's answers filled in."""
    with db.session() as session:
        top = top_organisation(session)
        orgs = list(session.scalars(select(Organisation).where(Organisation.deleted_at.is_(None))
                                    .order_by(Organisation.sort_order, Organisation.id)))
        start = get_setting(session, RECORDS_START).strip()
        school = get_setting(session, "school_name")
    branches = [BranchLine(o.name, [g.name for g in orgs if g.parent_id == o.id and g.kind == OrgKind.GROUP.value])
                for o in orgs if o.kind == OrgKind.BRANCH.value]
    try:
        records_start = date.fromisoformat(start) if start else None
    except ValueError:
        records_start = None
    return SetupInput(school=school, committee_kind=top.kind if top else OrgKind.COMMITTEE.value,
                      committee=top.name if top else "", branches=branches, records_start=records_start)


def apply_setup(db: Database, data: SetupInput) -> SetupResult:
    """Store what the setup gathered: what exists is kept, what is missing is created (never renamed
    or removed — that is done in 组织与党员)."""
    school = " ".join(data.school.split())
    errors: list[FieldError] = []
    if len(school) > 60:
        errors.append(FieldError("学校名称", "请控制在 60 字以内"))
    if data.committee_kind not in (OrgKind.COMMITTEE.value, OrgKind.GENERAL_BRANCH.value):
        errors.append(FieldError("上级党组织", "请选择党委或党总支"))
    if data.records_start is not None and data.records_start > date.today():
        errors.append(FieldError("启用日期", f"{data.records_start:%Y-%m-%d} 晚于今天"))
    if errors:
        raise ValidationFailed(errors)
    created: list[str] = []
    with db.session() as session:
        if school:
            set_setting(session, "school_name", school)
        top = top_organisation(session)
        name = data.committee.strip() or committee_name(school, data.committee_kind)
        if top is None and (name or data.branches):
            top = Organisation(name=name or "本校党组织", kind=data.committee_kind, parent_id=None, note="")
            session.add(top)
            session.flush()
            created.append(f"{data.committee_kind}“{top.name}”")
        live = list(session.scalars(select(Organisation).where(Organisation.deleted_at.is_(None))))
        branches = NameMap((o.name, o) for o in live if o.kind == OrgKind.BRANCH.value)  # by name_key
        for order, line in enumerate(data.branches):
            branch = branches.get(line.name)
            if branch is None:
                branch = Organisation(name=line.name, kind=OrgKind.BRANCH.value, parent_id=top.id if top else None,
                                      sort_order=order, note="")
                session.add(branch)
                session.flush()
                branches[line.name] = branch
                created.append(f"党支部“{line.name}”")
            have = {name_key(o.name) for o in live if o.parent_id == branch.id and o.kind == OrgKind.GROUP.value}
            for g_order, group in enumerate(line.groups):
                if name_key(group) not in have:
                    session.add(Organisation(name=group, kind=OrgKind.GROUP.value, parent_id=branch.id,
                                             sort_order=g_order, note=""))
                    have.add(name_key(group))
                    created.append(f"党小组“{group}”（{line.name}）")
        if data.records_start is not None:
            set_setting(session, RECORDS_START, data.records_start.isoformat())
        set_setting(session, DONE, "1")
    return SetupResult(created, school)


def branches_in_roster(path: Path, progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> list[BranchLine]:
    """The branches and 党小组 a roster file names (所在党支部, 党小组 columns), in file order."""
    from branchdesk.io.roster_xlsx import read_roster

    found: dict[str, BranchLine] = {}
    for row in read_roster(Path(path), progress, cancelled):
        branch = row.data.branch.strip()
        if not branch:
            continue
        line = found.setdefault(branch, BranchLine(branch))
        group = row.data.group.strip()
        if group and group not in line.groups:
            line.groups.append(group)
    return list(found.values())


# --- the demo -------------------------------------------------------------------------------------
def demo_path() -> Path:
    return paths.data_folder() / DEMO_FILENAME


def is_demo(db: Database) -> bool:
    with db.session() as session:
        return get_setting(session, DEMO) == "1"


def prepare_demo(today: date | None = None) -> Path:
    """The demo school in its own file beside the real database (made once, then reused); the real
    database is never touched."""
    from branchdesk.services import session as sessions
    from branchdesk.services.demo import build_demo

    path = demo_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    demo = sessions.open(path)
    try:
        with demo.session() as session:
            filled = bool(session.scalar(select(func.count()).select_from(Member)))
        if not filled:
            build_demo(demo, today=today or date.today())
        with demo.session() as session:
            set_setting(session, DEMO, "1")
    finally:
        demo.close()
    return path
