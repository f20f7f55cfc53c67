"""A branch for the dues tests (the meetings tests' 高一年级党支部: seven full members since 2005 and
two 预备党员 admitted on 2026-01-10, plus a retiree in 退休教师党支部), with the dues book starting in
January 2025 and bases for everyone but 周四."""

from __future__ import annotations

from datetime import date

from branchdesk.domain.dues.bases import BaseInput
from branchdesk.domain.dues.months import Month
from branchdesk.domain.dues.settings import DuesSettings
from branchdesk.services.dues.records import save_base, save_settings
from tests.meetings.helpers import BRANCH, OTHER, Branch, make_branch

__all__ = ["BRANCH", "OTHER", "Branch", "BASES", "make_dues_branch"]

START = Month(2025, 1)
BASES = {"王书记": "6200", "李组织": "4800", "张宣传": "3000", "赵一": "3000.01", "钱二": "10500", "孙三": "5000",
         "吴预备": "2800", "郑预备": "3600"}


def make_dues_branch(db) -> Branch:  # type: ignore[no-untyped-def]
    branch = make_branch(db)
    save_settings(db, DuesSettings(start=START))
    for name, amount in BASES.items():
        save_base(db, BaseInput(branch.members[name], "在职", START, amount), today=date(2025, 1, 5))
    return branch
