"""A rectification import that names a ledger which does not exist yet creates it (issue 13), and the
问题来源 of the file are read through the list of sources ("巡察" → 巡察反馈)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from branchdesk.db.models import Organisation, RectLedger
from branchdesk.db.queries import find_branch, get_setting, top_organisation
from branchdesk.domain.similar_names import suggestion_text
from branchdesk.domain.synonyms import PROBLEM_SOURCE, WordLog, unknown_message
from branchdesk.domain.vocabulary import OrgKind
from branchdesk.io.rectification_xlsx import RectRow
from branchdesk.services.import_report import ImportReport, RowProblem

SOURCES_SETTING = "rectification.sources"  # the same setting services.rectification keeps


def read_sources(session: Session) -> list[str]:
    """The sources a ledger may name: the standard ones, the user's own, and those already used."""
    custom = [s for s in get_setting(session, SOURCES_SETTING).split("\n") if s.strip()]
    used = list(session.scalars(select(RectLedger.source).where(RectLedger.deleted_at.is_(None)).distinct()))
    return list(dict.fromkeys(s for s in (*PROBLEM_SOURCE.entries, *custom, *used) if s))


def map_sources(rows: list[RectRow], columns: dict[str, str], words: WordLog, sources: list[str],
                report: ImportReport) -> None:
    """Each row's 问题来源 as the list's entry; an unknown one is an error at its first row."""
    unknown: dict[str, list[int]] = {}
    for row in rows:
        if not row.source:
            continue
        entry = words.read(PROBLEM_SOURCE, row.source, row.row, extra=sources)
        if entry:
            row.source = entry
        else:
            unknown.setdefault(row.source, []).append(row.row)
    for word, numbers in unknown.items():
        more = f"（共 {len(numbers)} 行）" if len(numbers) > 1 else ""
        report.problems.append(RowProblem(numbers[0], "问题来源", columns.get("问题来源", ""),
                                          unknown_message(PROBLEM_SOURCE, word, sources) + more))


@dataclass(frozen=True)
class NewLedger:
    """A ledger an import will create once its rows are checked (its title, 问题来源 and organisation)."""

    title: str
    source: str
    org: Organisation | None


def plan_new_ledger(session: Session, title: str, source: str | None, branch: str | None, rows: list[RectRow],
                    words: WordLog, sources: list[str], report: ImportReport, *,
                    window: bool = False) -> NewLedger | None:
    """The ledger `title` as it would be created; None (with the reason in the report) when it cannot be.
    Nothing is written: the ledger is created (`create_ledger`) only once the file's rows passed, so a
    refused import — or a dry run — leaves no empty ledger behind (re-trial 12, N-1: the next import
    went into it silently, under the first 问题来源). `window`: the source is chosen in the import
    window's 问题来源 field, not given by --source (TL-15: the window said "请用 --source 指定", a
    command-line flag, and had no field for it)."""
    chosen = ""
    field = "问题来源" if window else "--source"
    if source and source.strip():
        chosen = words.read(PROBLEM_SOURCE, source, 0, extra=sources) or ""
        if not chosen:
            report.problems.append(RowProblem(0, "", "", f"{field}：" + unknown_message(PROBLEM_SOURCE, source, sources)))
    else:
        chosen = next((row.source for row in rows if row.source), "")
        if not chosen:
            how = "请在“问题来源”中选择后重新导入" if window else "请用 --source 指定"
            report.problems.append(RowProblem(0, "", "", (
                f"要新建整改台账“{title}”，需要知道问题来源：文件中没有“问题来源”一列（或都为空），"
                f"{how}，如 {PROBLEM_SOURCE.accepted(sources)}")))
    org: Organisation | None
    if branch and branch.strip():
        org = find_branch(session, branch)
        if org is None:
            names = [o.name for o in session.scalars(select(Organisation).where(
                Organisation.kind == OrgKind.BRANCH.value, Organisation.deleted_at.is_(None)))]
            report.problems.append(RowProblem(0, "", "", f"--branch：没有名为“{branch.strip()}”的党支部"
                                                         f"{suggestion_text(branch.strip(), names)}"))
    else:
        branches = list(session.scalars(select(Organisation).where(
            Organisation.kind == OrgKind.BRANCH.value, Organisation.deleted_at.is_(None)).limit(2)))
        if len(branches) == 1:  # as every other import (services/one_branch.py): not the 党委/党总支 above it (TR-2)
            org = branches[0]
            report.notes.append(f"本校只有一个党支部，整改台账的所属组织按“{org.name}”建立"
                                "（如属党委、党总支，可在整改台账页面“编辑台账”中改所属组织）")
        else:
            org = top_organisation(session)
    if not report.ok:
        return None
    return NewLedger(title, chosen, org)


def create_ledger(session: Session, plan: NewLedger, report: ImportReport) -> RectLedger:
    """Create the ledger `plan` describes (its rows checked), said first in the report."""
    ledger = RectLedger(title=plan.title, source=plan.source, org_id=plan.org.id if plan.org else None,
                        received_date=None, deadline=None, note="")
    session.add(ledger)
    session.flush()
    where = f"，所属组织：{plan.org.name}" if plan.org else ""
    report.notes.insert(0, f"新建整改台账“{plan.title}”（问题来源：{plan.source}{where}）")
    return ledger
