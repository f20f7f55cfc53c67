"""The roster workbook: import it all or nothing, with a row-by-row report (issue: foundation), and
export it (or its empty template) in the same shape, so an export imports back unchanged.

The ID number identifies a member, so a re-import updates instead of duplicating. The first import
sets up the branches and 党小组 it names (under the school's 党委, named from the title row); once
branches exist, a new one needs a confirmation and a near-miss of an existing name is an error with
the suggestion (services.roster_orgs). Words are read through the controlled lists (roster_words),
and the 党内职务 column gives the branch committees (roster_setup).
The worker function is Qt-free: it takes a progress callback and a cancel flag, so the window can run
it on a thread pool and the CLI can run it directly.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from branchdesk.db.bulk_load import indexes_built_after
from branchdesk.db.engine import Database
from branchdesk.db.models import Member, Organisation
from branchdesk.db.queries import top_organisation
from branchdesk.domain.idcard import mask_id_number
from branchdesk.domain.progress import Cancelled, IsCancelled, Progress
from branchdesk.domain.roster.records import (
    MONTH_ONLY_FOLD,
    MemberInput,
    month_only_short,
    month_only_summary,
    month_only_text,
    probation_length_warning,
    validate_members,
)
from branchdesk.domain.synonyms import WordLog
from branchdesk.domain.text import NameMap, name_key, same_name
from branchdesk.domain.validation import FieldError
from branchdesk.domain.vocabulary import MemberStatus, OrgKind
from branchdesk.io.roster_xlsx import RosterRow, read_roster_sheet, write_roster, write_template
from branchdesk.io.xlsx_reader import ImportFileError, row_label, rows_label
from branchdesk.services.absent_columns import absent_fields, kept_note, with_stored
from branchdesk.services.collector import collector_paused
from branchdesk.services.import_report import ImportReport, PreviewRow, RowProblem
from branchdesk.services.one_branch import only_branch_fills
from branchdesk.services.roster.development_facts import decided_by_development, keep_decided
from branchdesk.services.roster.organisation import get_school_name
from branchdesk.services.roster.orgs import CONFIRM_HINT, OrgPlan, plan_orgs
from branchdesk.services.roster.records import apply_input, list_members, member_values
from branchdesk.services.roster.setup import record_posts, set_up_school, title_org
from branchdesk.services.roster.words import map_roster_words

_COMPARED = ("name", "sex", "ethnicity", "birth_date", "education", "category", "join_date", "full_date",
             "position", "phone", "note")
_LABELS = ("姓名", "性别", "民族", "出生日期", "学历", "人员类别", "入党日期", "转正日期", "工作岗位", "联系电话", "备注",
           "所在党支部", "党小组")



def _validate_rows(rows: list[RosterRow], report: ImportReport) -> list[tuple[RosterRow, MemberInput]]:
    seen: dict[str, int] = {}
    valid: list[tuple[RosterRow, MemberInput]] = []
    found: list[tuple[RosterRow, list[FieldError]]] = []
    for row, (data, errors) in zip(rows, validate_members([row.data for row in rows], date.today()), strict=True):
        if data.id_number and (not errors or not any(e.field == "公民身份号码" for e in errors)):
            if data.id_number in seen:
                errors.append(FieldError("公民身份号码", f"与{row_label(seen[data.id_number])}重复（同一人只能出现一次）"))
            else:
                seen[data.id_number] = row.row
        found.append((row, errors))
        if not errors and (odd := probation_length_warning(data)):
            report.warnings.append(f"{row_label(row.row)} {data.name}：{odd}")
        valid.append((row, data))
    _month_only_once(found, report)
    for row, errors in found:
        for error in errors:
            report.problems.append(RowProblem(row.row, error.field, row.columns.get(error.field, ""), error.message))
    return valid


def _month_only_once(found: list[tuple[RosterRow, list[FieldError]]], report: ImportReport) -> None:
    """Dates written to the month only in MONTH_ONLY_FOLD rows or more of one field (trial R TR-8: 入党时间
    "2019.09" on 30 rows): why the day is needed is said once for the file, naming the rows, and each row says
    only what it holds. No day is invented: the rows are still refused (domain.md §4)."""
    rows: dict[str, list[int]] = {}
    for row, errors in found:
        for error in errors:
            if month_only_text(error.message) is not None:
                rows.setdefault(error.field, []).append(row.row)
    for field_name, numbers in rows.items():
        if len(numbers) < MONTH_ONLY_FOLD:
            continue
        report.problems.append(RowProblem(0, "", "", month_only_summary(field_name, rows_label(numbers),
                                                                               len(numbers))))
        for _row, errors in found:
            for index, error in enumerate(errors):
                if error.field == field_name and (text := month_only_text(error.message)) is not None:
                    errors[index] = FieldError(field_name, month_only_short(field_name, text))


def import_roster(
    db: Database,
    path: Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    create_orgs: bool = False,
) -> ImportReport:
    """`create_orgs`: the user confirmed the new branches / 党小组 the file names (not needed on the
    first import into a database without branches)."""
    with collector_paused():  # thousands of rows: services/collector.py
        return _import_roster(db, path, dry_run=dry_run, progress=progress, cancelled=cancelled,
                              create_orgs=create_orgs)


def _import_roster(db: Database, path: Path, *, dry_run: bool, progress: Progress | None,
                   cancelled: IsCancelled | None, create_orgs: bool) -> ImportReport:
    report = ImportReport(kind="党员花名册", dry_run=dry_run)
    try:
        # one branch, or a first roster whose title names its branch: a roster without 所在党支部 is its own (TL-6)
        with only_branch_fills(db, from_title=lambda titles: title_org(titles).branch):
            rows, titles, read_notes = read_roster_sheet(Path(path), progress=progress, cancelled=cancelled)
    except ImportFileError as exc:
        report.problems.append(RowProblem(0, "", "", str(exc)))
        return report
    report.rows_read = len(rows)
    report.notes += read_notes
    if not rows:
        report.problems.append(RowProblem(0, "", "", "表头下面没有任何党员数据"))
        return report
    if any("*" in row.data.id_number for row in rows):
        report.problems.append(RowProblem(0, "", "", (
            "这个文件里的公民身份号码是遮蔽过的（如 110105********002X），无法用来识别党员。"
            "请用“branchdesk export roster --unmasked”或在窗口中勾选“显示完整身份证号和电话”后导出的文件导入")))
    words = WordLog()
    map_roster_words(rows, words)
    report.take_words(words)
    validated = _validate_rows(rows, report)
    try:
        _check_and_write(db, rows, titles, validated, report, dry_run=dry_run, progress=progress,
                         cancelled=cancelled, create_orgs=create_orgs)
    finally:
        if dry_run or not report.ok:  # a written import shows its counts, not each row (issue 18)
            _preview(report, validated)
    return report


def _check_and_write(db: Database, rows: list[RosterRow], titles: list[str],
                     validated: list[tuple[RosterRow, MemberInput]], report: ImportReport, *, dry_run: bool,
                     progress: Progress | None, cancelled: IsCancelled | None, create_orgs: bool) -> None:
    with db.session() as session:
        plan = plan_orgs(session, validated)
        _judge_plan(plan, create_orgs, report)
        if not report.ok:
            return
        if cancelled and cancelled():
            raise Cancelled("已取消导入，没有写入任何数据")
        set_up_school(session, titles, plan.first_import, report)
        _write(session, validated, report, progress, cancelled)
        record_posts(session, rows, _holders(session, rows), report)
        if dry_run:
            session.rollback()


def _preview(report: ImportReport, validated: list[tuple[RosterRow, MemberInput]]) -> None:
    """Each row as the check before an import shows it, with its problems; so does an import stopped
    by a problem (import_dialog shows it again). One that wrote shows its counts instead: 10,000
    masked ID numbers made for nobody were a fiftieth of the import (issue 18)."""
    report.preview_headers = ("姓名", "公民身份号码", "所在党支部", "党小组", "人员类别")
    report.preview = [
        PreviewRow(row.row, (data.name, mask_id_number(data.id_number), data.branch, data.group, data.category))
        for row, data in validated
    ]


def _judge_plan(plan: OrgPlan, confirmed: bool, report: ImportReport) -> None:
    """Typo-like names are errors; new organisations, once some exist, wait for a confirmation."""
    for row, column, letter, message in plan.errors:
        report.problems.append(RowProblem(row, column, letter, message))
        report.row_status[row] = "有错误"
    report.warnings += plan.warnings
    report.notes += plan.notes
    if plan.needs_confirmation:
        report.needs_confirmation = plan.describe()
        if not confirmed:
            report.problems.append(RowProblem(0, "", "", f"{plan.describe()}。{CONFIRM_HINT}"))


def _holders(session: Session, rows: list[RosterRow]) -> dict[str, Any]:
    """The members the 党内职务 column names a post for (id, name, branch), by ID number: members are
    written in bulk, so they are looked up once written, and only those with a post."""
    wanted = [row.data.id_number for row in rows if row.post]
    found: dict[str, Any] = {}
    for start in range(0, len(wanted), _CHUNK):
        for holder in session.execute(select(Member.id, Member.id_number, Member.name, Member.branch_id)
                                      .where(Member.id_number.in_(wanted[start:start + _CHUNK]))):
            found[holder.id_number] = holder
    return found


_CHUNK = 2000  # members inserted (or loaded for an update) per statement; progress and 取消 between


def _write(session: Session, validated: list[tuple[RosterRow, MemberInput]], report: ImportReport,
           progress: Progress | None, cancelled: IsCancelled | None) -> None:
    """Create missing branches and groups, then insert or update members, in as few statements as
    possible (issue 18): the members already in the database are read in one query and compared;
    new members are inserted in bulk statements, each row getting its history row in bulk
    (db/history_bulk.record_bulk_insert); only members whose fields changed are loaded as objects and
    updated, so each changed field is in 修改记录 as a form's save puts it."""
    parent = top_organisation(session)
    live = session.execute(select(Organisation.id, Organisation.name, Organisation.kind, Organisation.parent_id)
                           .where(Organisation.deleted_at.is_(None))).all()
    # names compared by name_key: the file's "第二党支部(退休)" is the stored "第二党支部（退休）"
    branches = NameMap((o.name, (o.id, o.name)) for o in live if o.kind == OrgKind.BRANCH.value)
    groups = {(o.parent_id, name_key(o.name)): o.id for o in live if o.kind == OrgKind.GROUP.value}
    # each spelling of a branch, and each (branch, group) pair, as the file writes it, in file order:
    # thousands of rows name a few organisations, each looked up once
    pairs = list(dict.fromkeys((data.branch, data.group) for _row, data in validated))
    new_branches = NameMap[str]()  # first the branches, as first written (one per name_key)
    for name in dict.fromkeys(branch for branch, _group in pairs):
        if name not in branches and name not in new_branches:
            new_branches[name] = name
    parent_id = parent.id if parent else None
    for name, new_id in _insert_orgs(session, OrgKind.BRANCH, [(name, parent_id) for name in new_branches]):
        branches[name] = (new_id, name)
        report.notes.append(f"新建党支部“{name}”")
    branch_names = {branch_id: name for branch_id, name in branches.values()}
    new_groups: dict[tuple[int, str], tuple[str, int]] = {}  # (branch id, name_key) -> (group as written, branch id)
    for branch, group in pairs:
        branch_id = branches[branch][0]
        if group and (branch_id, name_key(group)) not in groups:
            new_groups.setdefault((branch_id, name_key(group)), (group, branch_id))
    for (name, owner), (_name, new_id) in zip(
            new_groups.values(), _insert_orgs(session, OrgKind.GROUP, list(new_groups.values())), strict=True):
        groups[(owner, name_key(name))] = new_id
        report.notes.append(f"在“{branch_names[owner]}”下新建党小组“{name}”")
    ids: dict[tuple[str, str], tuple[int, int | None]] = {}  # (branch, group) as written -> their ids
    for branch, group in pairs:
        branch_id = branches[branch][0]
        ids[(branch, group)] = (branch_id, groups[(branch_id, name_key(group))] if group else None)
    existing = {row.id_number: row for row in session.execute(_EXISTING)}
    decided = decided_by_development(session)
    absent, keep_group = _absent_columns(validated)
    new_rows: list[dict[str, object]] = []
    changed: dict[int, tuple[MemberInput, int, int | None]] = {}  # member id -> what the file says
    active = MemberStatus.ACTIVE.value
    kept_for = 0  # members on the roster whose fields in absent columns were kept
    for row, data in validated:
        branch_id, group_id = ids[(data.branch, data.group)]
        found = existing.get(data.id_number)
        if found is None:
            values = member_values(data, branch_id, group_id)
            values["status"] = active
            new_rows.append(values)
            report.created += 1
            report.row_status[row.row] = "新增"
            continue
        if absent or keep_group:
            data, group_id = _with_stored(found, data, branch_id, group_id, absent, keep_group)
            kept_for += 1
        if found.id in decided:  # 入党日期, 转正: the 发展党员 record's (domain.md §8)
            data, said = keep_decided(found, data, decided[found.id])
            if said:
                report.notes.append(f"{row_label(row.row)} {data.name}：{said}")
        if _compare(found, row.row, data, branch_id, group_id, report):
            changed[found.id] = (data, branch_id, group_id)
    if kept_for:
        report.notes.append(kept_note([*absent.values(), *(["党小组"] if keep_group else [])], kept_for, "名在册党员")
                            + ("（调整到其他党支部的，原党小组不再保留）" if keep_group else ""))
    total, done = len(new_rows) + len(changed), 0

    def step(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, total)
        if cancelled and cancelled():
            raise Cancelled("已取消导入，没有写入任何数据")

    changed_ids = list(changed)
    for start in range(0, len(changed_ids), _CHUNK):
        keys = changed_ids[start:start + _CHUNK]
        for member in session.scalars(select(Member).where(Member.id.in_(keys))):
            data, branch_id, group_id = changed[member.id]
            apply_input(member, data, branch_id, group_id)
            member.deleted_at = None  # a member in the recycle bin the file lists is on the roster again
        session.flush()
        step(len(keys))
    with indexes_built_after(session, Member.__tablename__, len(new_rows)):  # a first import: db/bulk_load.py
        for start in range(0, len(new_rows), _CHUNK):
            rows = new_rows[start:start + _CHUNK]
            session.execute(insert(Member), rows)
            step(len(rows))


_FROM_ID = frozenset({"sex", "birth_date"})  # filled from the ID number when blank


def _absent_columns(validated: list[tuple[RosterRow, MemberInput]]) -> tuple[dict[str, str], bool]:
    """The member fields (of _COMPARED, attribute → column) whose column the file does not have, and
    whether it has no 党小组 column: such a column says nothing about the members already on the roster
    (services/absent_columns.py) — an absent column once erased every listed member's phone number
    and 党小组."""
    if not validated:
        return {}, False
    columns = validated[0][0].columns  # one header for the whole table (io.roster_xlsx)
    return absent_fields(dict(zip(_COMPARED, _LABELS, strict=False)), columns), "党小组" not in columns


def _with_stored(found: Any, data: MemberInput, branch_id: int, group_id: int | None, absent: dict[str, str],
                 keep_group: bool) -> tuple[MemberInput, int | None]:
    """`data` with the stored values of the fields whose column the file lacks (_absent_columns), but
    性别 and 出生日期 stored blank stay as the ID number gave them (validate_member); the stored 党小组
    too when there is no such column and the member stays in the same branch (a 党小组 belongs to its
    branch: one who moves leaves it)."""
    data = with_stored(data, found, {attr: label for attr, label in absent.items()
                                     if getattr(found, attr) not in (None, "") or attr not in _FROM_ID})
    if keep_group and found.branch_id == branch_id:
        group_id = found.group_id
    return data, group_id


def _insert_orgs(session: Session, kind: OrgKind, wanted: list[tuple[str, int | None]]) -> list[tuple[str, int]]:
    """Create the organisations `wanted` ((name, parent id), in file order) in one bulk statement, their
    history with them (db/history_bulk.record_bulk_insert); give (name, new id) for each: two hundred
    branches and 党小组 of a district's roster, added one ORM object at a time, cost a tenth of the
    import (issue 18). Names are unique under a parent (uq_organisations_parent_name), so each is
    found again by kind, parent and name."""
    if not wanted:
        return []
    rows = [{"name": name, "kind": kind.value, "parent_id": parent, "note": ""} for name, parent in wanted]
    session.execute(insert(Organisation), rows)
    names = [name for name, _parent in wanted]
    found = {(o.name, o.parent_id): o.id for o in session.execute(
        select(Organisation.id, Organisation.name, Organisation.parent_id).where(
            Organisation.kind == kind.value, Organisation.deleted_at.is_(None), Organisation.name.in_(names)))}
    return [(name, found[(name, parent)]) for name, parent in wanted]


# what an import compares with the file, for every member the database holds (in the recycle bin too)
_EXISTING = select(Member.id, Member.id_number, *[getattr(Member, f) for f in _COMPARED], Member.branch_id,
                   Member.group_id, Member.deleted_at)


def _compare(found: Any, row_number: int, data: MemberInput, branch_id: int, group_id: int | None,
             report: ImportReport) -> bool:
    """Count and describe a member already in the database; True when the file changes them."""
    before = tuple(getattr(found, f) for f in _COMPARED) + (found.branch_id, found.group_id)
    after = tuple(getattr(data, f) for f in _COMPARED) + (branch_id, group_id)
    in_bin = found.deleted_at is not None
    if before == after and not in_bin:
        report.unchanged += 1
        report.row_status[row_number] = "无变化"
        return False
    changed = "、".join(label for label, a, b in zip(_LABELS, before, after, strict=True) if a != b)
    branch_moved = found.branch_id is not None and found.branch_id != branch_id
    group_moved = (found.branch_id == branch_id and found.group_id is not None
                   and found.group_id != group_id)  # TY-5: dated like a 支部调整 (records.apply_input)
    moved = (data.moved_on or date.today()) if branch_moved or group_moved else None
    report.updated += 1
    report.row_status[row_number] = "更新"
    what = f"更新{changed}"
    if moved is not None:  # a dated 支部调整 / 党小组调整: earlier sheets keep the member where she was
        what += (f"（按 {moved:%Y-%m-%d} 记录{'支部调整' if branch_moved else '党小组调整'}"
                 + ("" if data.moved_on else "，即导入当天；实际调整日期不同的，请在“支部调整日期”一列填写后重新导入") + "）")
    if in_bin:  # issue 21: a member the file lists is on the roster again, and the report says so
        report.restored += 1
        report.row_status[row_number] = "恢复"
        what = "从回收站恢复" + (f"，并更新{changed}" if changed else "")
    if len(report.notes) < 500:
        report.notes.append(f"{row_label(row_number)} {data.name}：{what}")
    return True


def export_roster(db: Database, path: Path, *, masked: bool = True, branch: str | None = None) -> int:
    """Write the active members (of one branch, if named); ID numbers masked unless asked otherwise."""
    members = list_members(db)
    if branch:
        members = [m for m in members if same_name(m.branch, branch)]
    return write_roster(Path(path), members, masked=masked, school=get_school_name(db))


def export_roster_template(path: Path) -> None:
    write_template(Path(path))
