"""Benchmark (MTG-STUDY-HOURS): every member's 学时 for a year and the check, over the database of
bench_meetings (20 branches × 20 members, ten years of meetings with full sign-in sheets), plus one
学习培训记录 per member and year.

    python benchmarks/bench_study_hours.py

Times `study_summary` for all branches for one year, the CHECKERS entry for each of the ten years,
and the Excel ledger of one year (target: a year's summary well under 1 s).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_meetings import FIRST_YEAR, YEARS, build  # noqa: E402
from branchdesk.db.models import Member, StudyRecord  # noqa: E402
from branchdesk.services import session as db_session  # noqa: E402
from branchdesk.services.study_hours.checks import study_hours_findings  # noqa: E402
from branchdesk.services.study_hours.excel import export_study_hours  # noqa: E402
from branchdesk.services.study_hours.records import study_summary


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = db_session.open(Path(folder) / "bench.sqlite")
        meetings = build(db)
        with db.session() as session:
            ids = list(session.scalars(select(Member.id)))
            session.execute(insert(StudyRecord), [
                {"member_id": mid, "study_date": date(year, 6, 1), "hours": Decimal(16), "form": "网络培训",
                 "title": "网络专题班", "organiser": "", "note": ""}
                for mid in ids for year in range(FIRST_YEAR, FIRST_YEAR + YEARS)])
        last = FIRST_YEAR + YEARS - 1
        start = time.perf_counter()
        rows = study_summary(db, last, as_of=date(last + 1, 1, 15))
        one_year = time.perf_counter() - start
        start = time.perf_counter()
        findings = sum(len(study_hours_findings(db, year=y, as_of=date(last + 1, 1, 15)))
                       for y in range(FIRST_YEAR, last + 1))
        ten_years = time.perf_counter() - start
        start = time.perf_counter()
        export_study_hours(db, Path(folder) / "ledger.xlsx", year=last)
        export = time.perf_counter() - start
        db.close()
    print(f"{meetings} meetings, {len(ids)} members: study_summary {last} ({len(rows)} rows) {one_year:.3f} s; "
          f"check for {YEARS} years ({findings} findings) {ten_years:.3f} s; Excel ledger {export:.3f} s")


if __name__ == "__main__":
    main()
