"""`branchdesk demo`: a realistic school for a newcomer to explore (and for benchmarks and tests).

The roster's step builds the school (services/roster/demo.py); then each area's step in DEMO_STEPS
fills its own records, `f(db, rng, today) -> str` (a summary line, or "" for none), from the same
random sequence, so the demo is the same on every run.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from sqlalchemy import func, select

from branchdesk.db.engine import Database
from branchdesk.db.models import Member
from branchdesk.services.development.demo import build_development_demo
from branchdesk.services.dues.demo import build_dues_demo
from branchdesk.services.meetings.demo import build_meetings_demo
from branchdesk.services.mentoring.demo import build_mentoring_demo
from branchdesk.services.rectification.demo import build_rectification_demo
from branchdesk.services.roster.demo import build_roster_demo
from branchdesk.services.study_hours.demo import build_study_hours_demo

DemoStep = Callable[[Database, random.Random, date], str]

DEMO_STEPS: list[DemoStep] = [
    build_meetings_demo,
    build_mentoring_demo,
    build_rectification_demo,
    build_development_demo,
    build_study_hours_demo,
    build_dues_demo,
]


class DemoRefused(Exception):
    pass


def build_demo(db: Database, today: date | None = None, *, seed: int = 2026, members_per_branch: int = 20) -> str:
    """Fill an empty database with the demo school; refuse a database that already has members."""
    today = today or date.today()
    rng = random.Random(seed)
    with db.session() as session:
        if session.scalar(select(func.count()).select_from(Member)):
            raise DemoRefused("这个数据库里已有党员数据，演示数据只能生成到空数据库中。请用 --db 指定一个新文件。")
    lines = [build_roster_demo(db, rng, today, members_per_branch=members_per_branch)]
    for step in DEMO_STEPS:
        summary = step(db, rng, today)
        if summary:
            lines.append(summary)
    return "\n".join(lines)
