"""The 年度工作总结 a user wrote, kept with its year and scope (db/models/annual_summary.py): the 报表 page
shows it again instead of a fresh draft and saves it as it is typed, and the volume made again — by the
window or by `branchdesk report annual` — prints it (trial TY-9: a secretary's paragraphs, sent to the
党委 in January, were gone after a restart and a June re-run printed the machine's draft instead).

A paragraph equal to the draft is not kept: that area's text follows the data again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from branchdesk.db import tables
from branchdesk.db.engine import Database
from branchdesk.db.queries import find_branch
from branchdesk.db.table_reads import read_rows
from branchdesk.domain.annual_report.records import AREA_KEYS, AREA_TITLES
from branchdesk.services.errors import RuleViolation
from branchdesk.services.exchange.kept import site_scope

if TYPE_CHECKING:
    from branchdesk.db.models import AnnualSummaryText


@dataclass(frozen=True)
class KeptText:
    """One area's paragraph as the user left it, and when."""

    text: str
    saved_at: datetime | None


_SCHOOL = 0  # `_org_id` of the whole school's volume (its rows hold org_id NULL)
_TEXTS = tables.annual_summary_texts.c


def _org_id(session: Session, branch: str | None) -> int | None:
    """The scope's organisation: the 党支部 of a branch's volume, _SCHOOL for the whole school's (on a
    branch's own PC always its branch: services/exchange/kept.site_scope); None when no such 党支部 is
    on the roster (a deleted one's volume has nothing kept)."""
    branch = site_scope(session, branch.strip() if branch and branch.strip() else None, "生成年度报表")
    if branch is None:
        return _SCHOOL
    org = find_branch(session, branch)
    return None if org is None else org.id


def _live(session: Session, year: int, org_id: int | None) -> list[AnnualSummaryText]:
    from branchdesk.db.models import AnnualSummaryText
    if org_id is None:
        return []
    scope = AnnualSummaryText.org_id.is_(None) if org_id == _SCHOOL else AnnualSummaryText.org_id == org_id
    return list(session.scalars(select(AnnualSummaryText).where(
        AnnualSummaryText.year == year, scope, AnnualSummaryText.deleted_at.is_(None)).order_by(AnnualSummaryText.id)))


def _live_texts(session: Session, year: int, org_id: int | None) -> Sequence[Row[str, str, datetime, datetime]]:
    """`_live`'s rows as plain columns, read on the table (db/table_reads.py, issue 18): the report
    reads nothing else through the mapped classes, and this one select made SQLAlchemy set up the
    mappings of every class in db/models (about 1 % of `report annual --format xlsx`)."""
    if org_id is None:
        return []
    scope = _TEXTS.org_id.is_(None) if org_id == _SCHOOL else _TEXTS.org_id == org_id
    return read_rows(session, select(_TEXTS.area, _TEXTS.text, _TEXTS.updated_at, _TEXTS.created_at).where(
        _TEXTS.year == year, scope, _TEXTS.deleted_at.is_(None)).order_by(_TEXTS.id))


def kept_in(session: Session, year: int, branch: str | None) -> dict[str, KeptText]:
    """Area key -> the kept paragraph of that year's volume for `branch` (None: the whole school)."""
    kept: dict[str, KeptText] = {}
    for area, text, updated_at, created_at in _live_texts(session, year, _org_id(session, branch)):
        if area in AREA_KEYS:
            kept[area] = KeptText(text, updated_at or created_at)
    return kept


def kept_texts(db: Database, year: int, branch: str | None) -> dict[str, KeptText]:
    with db.reading(), db.session() as session:
        return kept_in(session, year, branch)


def keep_texts(db: Database, year: int, branch: str | None, texts: dict[str, str],
               drafts: dict[str, str]) -> list[str]:
    """Keep each area's text that differs from its draft (replacing what was kept), forget the kept
    text of an area whose text is the draft again or blank; returns the areas kept now. Saves
    nothing when nothing changed (the window saves as the user types)."""
    from branchdesk.db.models import AnnualSummaryText
    kept_now: list[str] = []
    with db.session() as session:
        org_id = _org_id(session, branch)
        if org_id is None:
            raise RuleViolation(f"没有名为“{branch}”的党支部，年度工作总结没有保存")
        live: dict[str, list[AnnualSummaryText]] = {}
        for row in _live(session, year, org_id):
            live.setdefault(row.area, []).append(row)
        now = datetime.now()
        for area in AREA_KEYS:
            if area not in texts:
                continue
            text = texts[area].strip()
            rows = live.get(area, [])
            if not text or text == drafts.get(area, "").strip():
                for row in rows:
                    row.deleted_at = now
                continue
            kept_now.append(area)
            if rows:  # the kept paragraph is edited in place: one 修改记录 line per save, not a row deleted and one added
                for row in rows[:-1]:
                    row.deleted_at = now
                if rows[-1].text != text:
                    rows[-1].text = text
                continue
            session.add(AnnualSummaryText(year=year, org_id=None if org_id == _SCHOOL else org_id, area=area,
                                          text=text))
    return kept_now


def forget_texts(db: Database, year: int, branch: str | None) -> int:
    """Let every area's text follow the data again (按当前数据重新起草); the kept versions stay in
    修改记录. Returns how many paragraphs were kept."""
    with db.session() as session:
        rows = _live(session, year, _org_id(session, branch))
        now = datetime.now()
        for row in rows:
            row.deleted_at = now
        return len(rows)


def kept_words(kept: dict[str, KeptText]) -> str:
    """"基本情况、三会一课" — the areas whose kept text a volume prints, in the report's order."""
    return "、".join(AREA_TITLES[area] for area in AREA_KEYS if area in kept)
