"""结对帮扶 for the year-end report (issue 7 item 5), built on the mentoring area's year figures and
its list of pairs. Students are shown as 张同学 unless the report is unmasked (domain.md §8)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from branchdesk.domain.annual_report.mentoring_section import MentoringBranchRow, MentoringSection, PairRow
from branchdesk.domain.mentoring.privacy import student_label
from branchdesk.services.annual_report.outcomes import outcome_lines
from branchdesk.services.annual_report.registers import activity_lines
from branchdesk.services.mentoring.figures import load_year_figures
from branchdesk.services.mentoring.store import PairFilter, load_pairs


def _mentee(name: str, mentee_type: str, masked: bool) -> str:
    """Students' data kept to the minimum (domain.md §8): a student is shown as 张同学 unless unmasked;
    a label such as 学生01 is not a name and stays as written."""
    return student_label(name, masked) if mentee_type == "学生" else name


def mentoring_section(session: Session, *, year: int, branch: str | None, masked: bool) -> MentoringSection:
    figures = load_year_figures(session, year, branch=branch)
    section = MentoringSection(kinds=list(figures.kinds))
    section.rows = [MentoringBranchRow(r.branch, {k: r.pairs_by_kind.get(k, 0) for k in figures.kinds}, r.pairs,
                                       r.new_pairs, r.activities, r.hours, r.outcomes, r.evaluated, r.excellent)
                    for r in figures.rows]
    pairs = [p for p in load_pairs(session, PairFilter(year=year)) if branch is None or p.branch == branch]
    lines = activity_lines(session, [p.id for p in pairs], year)
    outcomes = outcome_lines(session, [p.id for p in pairs], year)  # the 成效 entered, listed (not only counted)
    for p in pairs:
        section.pairs.append(PairRow(p.kind, p.branch, p.mentor, _mentee(p.mentee_name, p.mentee_type, masked),
                                     p.mentee_category, p.start_date, p.closed_on or p.planned_end, p.status,
                                     p.activity_count, p.hours, p.outcome_count, p.results, lines.get(p.id, []),
                                     outcomes.get(p.id, [])))
    return section
