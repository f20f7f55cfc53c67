"""The volume says one figure per fact (trial V): where two places count different things — all the
meetings or only 三会一课, every sitting once — the words say which, so that a figure in a box and the
paragraph under it never contradict each other (TV-6); the 预备党员 of the 发展党员 chapter are those of
the 基本情况 (TV-5)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from branchdesk.domain.idcard import make_id_number
from tests.annual_report import school_files as sf
from tests.development.test_development_import import HEADERS as LEDGER_HEADERS
from tests.xlsx_factory import make_workbook

TODAY = date(2026, 12, 4)
COMMITTEE = "中共大同市第三中学委员会"
ONE, TWO = "第一党支部（初中部）", "第二党支部"


def _meeting_rows() -> list[list[object]]:
    rows: list[list[object]] = []

    def add(day: str, kinds: str, branch: str, expected: int, present: int) -> None:
        rows.append([len(rows) + 1, day, kinds, branch, f"{kinds}{day}", "主持人", "记录人", expected, present,
                     "学习讨论", None])

    # one sitting that is both a 支部党员大会 and a 党课, 7 of 9 present: counted once in any average
    add("2026-01-10", "支部党员大会、党课", ONE, 9, 7)
    for month in range(1, 12):
        add(f"2026-{month:02d}-05", "支部委员会", ONE, 3, 3)
        if month != 2:  # February's 主题党日 not held
            add(f"2026-{month:02d}-20", "主题党日", ONE, 9, 9)
        add(f"2026-{month:02d}-21", "主题党日", TWO, 9, 8)
    return rows


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("volume words")
    db = folder / "党委.sqlite"
    # 第一党支部's last member is a 预备党员 the roster holds without a 发展党员 record; 周洋 is admitted
    # through the 发展党员 ledger (which puts him on the roster)
    roster, names = sf.roster(folder / "花名册.xlsx", f"{COMMITTEE}党员花名册", {ONE: 9, TWO: 9},
                              probationary={sf.name(8): "2026-01-15"})
    sf.run(["import", "roster", str(roster), "--db", str(db)])
    introducers = "、".join(names[ONE][:2])
    development = make_workbook(folder / "发展党员台账.xlsx", LEDGER_HEADERS, [[
        1, "周洋", "男", None, make_id_number("140202", date(1998, 3, 4), 21, True), ONE, "2024-03-01",
        "2024-03-20", "2024-09-01", introducers, "2025-09-05", introducers, "2025-10-08", "2025-10-10至2025-10-12",
        "2026-03-10", "2026-04-01", "2026-04-10", None, None, None]])
    sf.run(["import", "development", str(development), "--db", str(db)])
    ledger = make_workbook(folder / "三会一课.xlsx", sf.MEETING_HEADERS, _meeting_rows())
    sf.run(["import", "meetings", str(ledger), "--db", str(db)])
    return db


def _boxes(data) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    from branchdesk.domain.annual_report.chapters import chapters

    return {c.key: dict(c.figures) for c in chapters(data)}


@pytest.mark.parametrize("branch", [None, ONE])
def test_missed_periods_read_the_same_in_the_overview_the_chapters_and_the_paragraph(school, branch) -> None:  # type: ignore[no-untyped-def]
    data = sf.gather(school, branch=branch)
    overview = {label: value for label, value, _kind in data.key_figures()}
    boxes = _boxes(data)
    total = overview["各项会议未按规定召开（期）"]
    three, theme = int(boxes["three"]["未按规定召开（期）"]), int(boxes["theme"]["未按规定召开（期）"])
    life = int(boxes["life"]["未按规定召开（期）"]) if "life" in boxes and boxes["life"] else 0
    assert three and theme and total == three + theme + life
    parts = f"三会一课{three}期、主题党日{theme}期" + (f"、组织生活会与民主评议{life}期" if life else "")
    assert f"尚有{total}期未按规定召开（{parts}）" in data.summaries["meetings"]


@pytest.mark.parametrize("branch", [None, ONE])
def test_average_attendance_says_what_it_averages(school, branch) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.domain.annual_report.records import rate_text

    data = sf.gather(school, branch=branch)
    overview = {label: value for label, value, _kind in data.key_figures()}
    boxes = _boxes(data)
    every = rate_text(overview["各项会议平均出勤率"])
    three = boxes["three"]["平均出勤率"]
    # 三会一课: the two sittings of 第一党支部, each once (the 大会 that was also a 党课 is not counted twice)
    assert three == rate_text((7 + 11 * 3) / (9 + 11 * 3))
    expected = 9 + 33 + 10 * 9 + (11 * 9 if branch is None else 0)
    present = 7 + 33 + 10 * 9 + (11 * 8 if branch is None else 0)
    assert every == rate_text(present / expected) != three
    assert f"各项会议党员平均出勤率{every}（其中三会一课{three}）" in data.summaries["meetings"]


@pytest.mark.parametrize("branch", [None, ONE])
def test_the_development_chapter_counts_the_probationers_of_the_roster(school, branch) -> None:  # type: ignore[no-untyped-def]
    data = sf.gather(school, branch=branch)
    overview = {label: value for label, value, _kind in data.key_figures()}
    assert overview["其中预备党员"] == 2
    assert "预备党员2名" in data.summaries["basic"]
    assert _boxes(data)["organisation"]["其中预备党员"] == "2名"
    # one figure (the roster's, as 基本情况), and what the ledger's own count covers in words
    assert _boxes(data)["development"]["目前预备党员"] == "2名（其中1名有发展党员档案）"
    assert _boxes(data)["development"]["接收预备党员"] == "2名"


def test_the_development_chapter_says_which_count_when_the_ledger_holds_more(school) -> None:  # type: ignore[no-untyped-def]
    import copy

    from branchdesk.domain.annual_report.sections import Count

    data = copy.deepcopy(sf.gather(school))
    data.development.pipeline = [Count(c.label, 3 if c.label == "预备党员" else c.value) for c in data.development.pipeline]
    assert _boxes(data)["development"]["目前预备党员"] == "2名（按党员名册；发展党员档案中为3名）"
    data.development.pipeline = [Count(c.label, 0) for c in data.development.pipeline]
    assert _boxes(data)["development"]["目前预备党员"] == "2名（均无发展党员档案）"
    data.development.pipeline = [Count(c.label, 3 if c.label == "预备党员" else 0) for c in data.development.pipeline]
    data.basic.total, data.basic.by_category = 0, []
    assert _boxes(data)["development"]["目前预备党员"] == "3名（按发展党员档案，尚未录入党员名册）"
