"""What a first roster sets up besides the members (issue 13): the school's name from the title row
("大同市第二中学校党委党员花名册" → 大同市第二中学校) and the 党委 or 党总支 the branches hang under (of the kind
and name the title gives), and the branch committees from the 党内职务 column. Each step says in the
import report what it did."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import CommitteePost, Member, Organisation
from branchdesk.db.queries import get_setting, set_setting, top_organisation
from branchdesk.domain.org_outline import committee_name
from branchdesk.domain.roster.school import TitleOrg, org_from_title
from branchdesk.domain.roster.succession import SINGLE_POSTS
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.io.roster_xlsx import RosterRow
from branchdesk.io.xlsx_reader import row_label
from branchdesk.services.import_report import ImportReport

SCHOOL_SETTING = "school_name"


def title_org(titles: list[str]) -> TitleOrg:
    """The first title row that names the school (and maybe its organisation)."""
    return next((found for found in (org_from_title(t) for t in titles) if found.school), TitleOrg(""))


def set_up_school(session: Session, titles: list[str], first_import: bool, report: ImportReport) -> None:
    """Take the school's name from the title row when none is set; on the first import, create the
    school's top organisation (when there is none yet) so the branches and covers name it: the kind
    and full name the title gives ("…总支部委员会" is a 党总支), a 党委 when the title names no kind.
    A title naming a 党支部 (支部委员会) is a school with one branch: nothing is set above it."""
    school = get_setting(session, SCHOOL_SETTING).strip()
    found = title_org(titles)
    if not school and found.school:
        set_setting(session, SCHOOL_SETTING, found.school)
        report.notes.append(f"学校名称取自表格标题：“{found.school}”（可在“设置 → 学校信息”中修改）")
        school = found.school
    elif not school and any(t.strip() for t in titles):  # said, not passed over (trial L, TL-12)
        title = next(t.strip() for t in titles if t.strip())
        report.notes.append(f"表格标题“{title}”中没有识别出学校名称：报表封面的学校名称请在“设置 → 学校信息”中填写")
    if not (first_import and school and top_organisation(session) is None):
        return
    if found.branch and not found.kind:  # "XX中学第二党支部": nothing above the branch is named (T9-11)
        report.notes.append(f"表格标题只写了学校和“{found.branch}”，没有写上级党组织，未建立党委或党总支")
        return
    if found.kind == OrgKind.BRANCH.value:
        report.notes.append(f"表格标题表明本校只设党支部（“{found.name}”），未建立党委或党总支")
        return
    kind = found.kind or OrgKind.COMMITTEE.value
    name = found.name or committee_name(school, kind)
    session.add(Organisation(name=name, kind=kind, parent_id=None, note=""))
    session.flush()
    report.notes.append(f"新建{kind}“{name}”，各党支部设在其下")


def record_posts(session: Session, rows: list[RosterRow], members: dict[str, Member], report: ImportReport) -> None:
    """党内职务 → a committee post of the member's branch, its term start unknown (the roster names the
    post, not when it began; it can be completed in “组织与党员”). A post already recorded is kept; a
    different one is named in a warning, never changed silently. A post counts as recorded whatever its
    term: one appointed with a term, or ended by 卸任 or at a 换届, is not added again from an older file,
    nor a post one person holds that someone else holds now (TY-2: a re-import brought back the old
    committee beside the new one)."""
    today = date.today()
    current: dict[int, set[str]] = {}  # member -> posts held now (or from a day ahead)
    ever: dict[int, dict[str, date | None]] = {}  # member -> post -> its latest end (None: open)
    holder: dict[tuple[int, str], int] = {}  # (branch, single post) -> the member holding it now
    for org_id, member_id, post, end in session.execute(select(
            CommitteePost.org_id, CommitteePost.member_id, CommitteePost.post, CommitteePost.term_end).where(
            CommitteePost.deleted_at.is_(None))).all():
        ends = ever.setdefault(member_id, {})
        if end is None or (post in ends and ends[post] is None):
            ends[post] = None  # open: held "至今"
        else:
            ends[post] = max(end, ends.get(post) or end)
        if end is None or end >= today:
            current.setdefault(member_id, set()).add(post)
            if post in SINGLE_POSTS:
                holder[(org_id, post)] = member_id
    added = 0
    for row in rows:
        if not row.post:
            continue
        member = members.get(row.data.id_number)
        if member is None:
            continue
        held = current.get(member.id, set())
        if row.post in held:
            continue
        said = f"{row_label(row.row)} {member.name}：文件中党内职务为“{row.post}”，"
        ended = ever.get(member.id, {}).get(row.post)
        if ended is not None:
            report.warnings.append(f"{said}系统中该任职已于 {ended:%Y-%m-%d} 结束（卸任或换届），未作修改")
            continue
        if held:
            report.warnings.append(f"{said}系统中为“{'、'.join(sorted(held))}”，未作修改；如有换届请在“组织与党员”中调整任期")
            continue
        other = holder.get((member.branch_id, row.post))
        if other is not None and other != member.id:
            report.warnings.append(f"{said}系统中{row.post}为{_name_of(session, other)}，未作修改；如有换届请在“组织与党员”中登记")
            continue
        session.add(CommitteePost(org_id=member.branch_id, member_id=member.id, post=row.post, term_start=None,
                                  term_end=None))
        current.setdefault(member.id, set()).add(row.post)
        if row.post in SINGLE_POSTS:
            holder[(member.branch_id, row.post)] = member.id
        added += 1
    if added:
        report.notes.append(f"按“党内职务”登记支部委员会职务 {added} 项（任期开始日期未填，可在“组织与党员”中补填）")


def _name_of(session: Session, member_id: int) -> str:
    """A post holder's name, looked up only for the rare warning that names one: reading every
    member's name up front cost a 10,000-row import 10 ms (issue 18)."""
    with session.no_autoflush:  # the posts added so far are flushed with the rest, not mid-loop
        return session.scalar(select(Member.name).where(Member.id == member_id)) or ""
