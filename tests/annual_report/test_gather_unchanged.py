"""The year-end report's figures do not change when the way they are gathered does (issue 18: the
report reads each table once, in bulk). Each case below is the report of the demo school or of the
real-shaped year (tests/shared/real_year.py), gathered for a fixed day and fingerprinted part by
part (report_digest.py); the expected fingerprints were taken from the report as it was gathered
before the bulk readers, whose figures the other tests of this folder and tests/shared/test_real_year.py
check against hand counts.

A deliberate change to a figure changes a fingerprint: check the new figures against those tests,
then print the new fingerprints with `python -m tests.annual_report.test_gather_unchanged` and
paste them below."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from branchdesk.db.engine import Database
from branchdesk.services.annual_report.records import gather_report, scope_names
from tests.annual_report.report_digest import digests
from tests.conftest import DEMO_TODAY

# case -> part -> fingerprint (taken before the bulk readers)
# the real year's head and meetings since: no 支委会 required of 高二 (before its September 转正) and 高三,
# under 7 正式党员 (支部条例 第二十条) — 支部委员会 36/16 (tests/shared/test_real_year.py)
# the real year's summaries since trial 9 (T9-25): branches founded in September cover part of the year, so
# the 年度工作总结 says its judgement is "台账记录期间内" (test_year_before_records.py)
# the real year's one-branch head since T9-15: its branch has no 党小组, so 党小组会 reads "0/不适用" in the 汇总, as
# the chapters print it (it read "0/0")
# the demo's development since T9-13: 3 votes of June 2026 到会/赞成 16, not 17 — 吴思远 and 蒋子轩, whose 转正 was
# approved in July, have no vote at their own 转正 meeting nor at 邵菁霭's 接收 (VOTE-WHO); nothing else changed
# every case's dues since the 党费 ledger follows dated 支部调整: the chapter carries its 合计 line (DuesSection.school,
# each member counted once); with that field left out every dues fingerprint is the one before, and the line equals
# the sum of the branch lines (no member of these data sets moved between branches); nothing else changed
# the demo's year before and the real year at mid-year, meetings, since the 党员学时明细 gives each member's category at
# the volume's day (membership.category_on), as the 党员名册 does: 6 demo members admitted in 2025 (蒋子轩, 王育菁, 吴思远,
# 曾卿蕊, 万琳荔, 江丽月) and 孙丽, 陈刚 at 2025-06-30 read 预备党员 there, as in 党员名册 (they read today's 正式党员);
# nothing else changed
# every case's head and summaries since TV-6: the 汇总 reads 各项会议未按规定召开（期） and 各项会议平均出勤率 (labels
# only), the 年度工作总结 says 各项会议党员平均出勤率 (其中三会一课 …) and splits 尚有N期未按规定召开 by chapter; no
# figure changed (checked part by part against the report gathered by the code before)
# every case's basic since TV-11: each branch line and the section carry 支部调整 调入/调出 (moved_in, moved_out), 0
# in all these data sets (with those fields left out every basic fingerprint is the one before); the one-branch
# cases' head since: the volume is named under its 党委 (中共大同市第二中学校委员会高二年级党支部), and the real year's
# one-branch meetings: its 记录起始 reads "2025年1月1日起（最早的会议记录）", not "全部党支部：…"; nothing else changed
EXPECTED: dict[str, dict[str, str]] = {'demo, whole school': {'head': 'd24790fa9d8fbebc',
                        'basic': '170872b6bbdb65d8',
                        'meetings': '74bddde867828543',
                        'development': 'c2693b40b81f0882',
                        'mentoring': 'e379ecc218b3df2d',
                        'rectification': 'cd8a3fa5e8112939',
                        'dues': '7de4b67e4dd40cba',
                        'summaries': 'a8f062b35f5aea53'},
 'demo, one branch unmasked': {'head': '2831dac497daf57a',
                               'basic': '3adb4741d9493995',
                               'meetings': '97a3abf6e33cf21b',
                               'development': '83cd15d90053e0cd',
                               'mentoring': '1dbd1a99d94119c6',
                               'rectification': '465b4183921af0c8',
                               'dues': '1aa88e0d95c4dccf',
                               'summaries': '8625c1a4f952d5b2'},
 'demo, the year before': {'head': 'be99d59ae3e71fac',
                           'basic': 'b59a75bf534ac305',
                           'meetings': '8e7372e7cea124e0',
                           'development': 'debb4b8f317d298f',
                           'mentoring': 'ccbb4a3e8e6aa6a0',
                           'rectification': '465b4183921af0c8',
                           'dues': '3e18e93ad3f814ba',
                           'summaries': '377d6d2d567ed2fe'},
 'real year, after its end': {'head': '6974313964b9cb45',
                              'basic': 'b5c135ab05755abc',
                              'meetings': '56c291fd0b22f345',
                              'development': 'b1ad79a9f4f6486f',
                              'mentoring': 'bb03a6c7772ae2fe',
                              'rectification': '4ef9b5aaf06b17e9',
                              'dues': '7b7d71c2e4cef42a',
                              'summaries': '621d04be076e65df'},
 'real year, at mid-year': {'head': 'c899885c62833d41',
                            'basic': '6e1cb9a61fe7f1e1',
                            'meetings': '6d55cf949e057715',
                            'development': 'ae9f796de02296e4',
                            'mentoring': 'bb03a6c7772ae2fe',
                            'rectification': '257707e1735fe1db',
                            'dues': '5be3b07f7f005386',
                            'summaries': '16cff01762ea1d30'},
 'real year, one branch': {'head': '22ab569b0ffa77cf',
                           'basic': '6886d74ecf39ede5',
                           'meetings': '259561649accd16b',
                           'development': 'fa7ff7aff35530b5',
                           'mentoring': '200bd3d54ab86a17',
                           'rectification': '465b4183921af0c8',
                           'dues': '22a358129e7d2d55',
                           'summaries': '226856144097ec2e'}}

# case -> (data set, year, branch (index into the branches, or None), masked, generation day)
CASES: dict[str, tuple[str, int, int | None, bool, date]] = {
    "demo, whole school": ("demo", 2026, None, True, DEMO_TODAY),
    "demo, one branch unmasked": ("demo", 2026, 1, False, DEMO_TODAY),
    "demo, the year before": ("demo", 2025, None, True, DEMO_TODAY),
    "real year, after its end": ("real", 2025, None, True, date(2026, 1, 20)),
    "real year, at mid-year": ("real", 2025, None, True, date(2025, 6, 30)),
    "real year, one branch": ("real", 2025, 1, True, date(2026, 1, 20)),
}


def build_real_year(folder: Path) -> Path:
    """The five imports of the real-shaped year on a new database, as a school runs them."""
    from tests.shared import real_year as ry
    from tests.shared.test_real_year import LEDGER, _found_grade_one, _run

    files = ry.write_year(folder / "台账")
    db = folder / "真实 年度.sqlite"
    for kind, path, extra in (("roster", files.roster, []), ("development", files.development, []),
                              ("meetings", files.meetings, []), ("mentoring", files.mentoring, []),
                              ("rectification", files.rectification, ["--ledger", LEDGER])):
        if kind == "development":
            _found_grade_one(db)
        code, text = _run(["import", kind, str(path), "--db", str(db), *extra])
        assert code == 0, text
    return db


def fingerprints(db: Database, case: str) -> dict[str, str]:
    _data, year, branch, masked, day = CASES[case]
    name = None if branch is None else scope_names(db)[1][branch]
    return digests(gather_report(db, year, branch=name, masked=masked, generated_on=day))


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory, demo_file) -> Iterator[dict[str, Database]]:  # type: ignore[no-untyped-def]
    from branchdesk.services import session

    folder = tmp_path_factory.mktemp("不变")
    demo = folder / "演示 数据库.sqlite"
    shutil.copyfile(demo_file(DEMO_TODAY), demo)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRANCHDESK_HOME", str(folder / "home"))  # the imports' backups go here
        real = build_real_year(folder)
    opened = {"demo": session.open(demo, daily_backup=False), "real": session.open(real, daily_backup=False)}
    yield opened
    for database in opened.values():
        database.close()


@pytest.mark.parametrize("case", list(CASES))
def test_the_report_gathers_the_same_figures(databases, case: str) -> None:  # type: ignore[no-untyped-def]
    found = fingerprints(databases[CASES[case][0]], case)
    changed = [part for part, digest in EXPECTED[case].items() if found[part] != digest]
    assert not changed, f"{case}: the figures of {', '.join(changed)} changed"
    assert found == EXPECTED[case]


if __name__ == "__main__":  # print the fingerprints of the code as it is (to paste above)
    import os
    import pprint
    import tempfile

    from branchdesk.services import session
    from branchdesk.services.demo import build_demo

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BRANCHDESK_HOME"] = str(Path(tmp) / "home")
        demo_path = Path(tmp) / "demo.sqlite"
        built = session.open(demo_path)
        build_demo(built, today=DEMO_TODAY)
        built.close()
        opened = {"demo": session.open(demo_path, daily_backup=False),
                  "real": session.open(build_real_year(Path(tmp)), daily_backup=False)}
        pprint.pprint({case: fingerprints(opened[CASES[case][0]], case) for case in CASES}, sort_dicts=False,
                      width=120)
        for database in opened.values():
            database.close()
