"""Benchmark (run by hand): a ledger of 2,000 measures opens and recomputes its figures in under 0.5 s.

    python benchmarks/bench_rectification.py

Builds a throw-away database with one ledger: 3 categories, 500 problems, 2,000 measures, two dated
progress notes each, evidence on the closed ones; then times `open_ledger` (measures + figures per
ledger, category and person, as the window does) and a figures-only recompute.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from branchdesk.db.models import RectEvidence, RectLedger, RectMeasure, RectProblem, RectProgress
from branchdesk.services import session as db_session
from branchdesk.services.rectification.figures import figures_for, open_ledger

MEASURES = 2_000
LIMIT_S = 0.5


def build(db, rng: random.Random, today: date) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        ledger = RectLedger(title="基准测试整改台账", source="巡察反馈", received_date=date(2025, 1, 10), note="")
        s.add(ledger)
        s.flush()
        for p in range(MEASURES // 4):
            problem = RectProblem(ledger_id=ledger.id, number=str(p + 1), category=f"第{p % 3 + 1}类问题",
                                  description=f"问题描述{p + 1}：" + "存在不足" * 5, source="巡察反馈", sort_order=p)
            s.add(problem)
            s.flush()
            for k in range(4):
                deadline = date(2025, 2, 1) + timedelta(days=rng.randint(0, 600))
                status = rng.choice(("未开始", "整改中", "已完成", "已销号"))
                done = status in ("已完成", "已销号")
                m = RectMeasure(ledger_id=ledger.id, problem_id=problem.id, text=f"整改措施{p + 1}-{k + 1}",
                                leader="张书记", person=f"责任人{rng.randint(1, 40)}", deadline=deadline,
                                deadline_note="", status=status, sort_order=k, verifier="纪检委员" if status == "已销号" else "",
                                completion_date=deadline - timedelta(days=3) if done else None,
                                closed_date=deadline + timedelta(days=10) if status == "已销号" else None)
                s.add(m)
                s.flush()
                s.add_all([RectProgress(measure_id=m.id, note_date=deadline - timedelta(days=30), text="已部署"),
                           RectProgress(measure_id=m.id, note_date=deadline - timedelta(days=5), text="推进中")])
                if status == "已销号":
                    s.add(RectEvidence(measure_id=m.id, name="整改报告", filename="", size=0))
        return ledger.id


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = db_session.open(Path(folder) / "bench.sqlite")
        try:
            ledger_id = build(db, random.Random(7), date(2026, 6, 1))
            open_ledger(db, ledger_id)  # warm-up (imports, statement cache)
            runs, cpu = [], []
            for _ in range(7):
                start, start_cpu = time.perf_counter(), time.process_time()
                view = open_ledger(db, ledger_id, on=date(2026, 6, 1))
                runs.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            start = time.perf_counter()
            figures_for(view.ledger, view.measures, date(2026, 6, 1))
            recompute = time.perf_counter() - start
        finally:
            db.close()
    median = statistics.median(runs)
    verdict = "OK" if median < LIMIT_S else "TOO SLOW"
    print(f"{len(view.measures)} measures: open + figures median {median * 1000:.0f} ms "
          f"(best {min(runs) * 1000:.0f}, worst {max(runs) * 1000:.0f}; CPU median {statistics.median(cpu) * 1000:.0f} ms); "
          f"figures only {recompute * 1000:.1f} ms (limit {LIMIT_S * 1000:.0f} ms) {verdict}")
    print(f"完成率 {view.figures.overall.completion_rate:.1%}, 销号率 {view.figures.overall.closing_rate:.1%}, "
          f"{len(view.figures.by_category)} categories, {len(view.figures.by_person)} people")


if __name__ == "__main__":
    main()
