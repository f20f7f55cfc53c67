"""Month words a teacher writes in a ledger's 日期 column: "元月" is January of the Gregorian year ("元月5日"),
a day written after its month without 日 ("三月十五") is that day; "正月", "腊月", "冬月" (and a 初/廿 day)
are lunar dates, whose Gregorian day changes every year — refused with a plain message asking for the
公历日期, never converted or guessed. Before, the one date parser refused "元月5日" and "三月十五" as
unreadable."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from branchdesk.domain.dates import DateParseError, LunarDate, NoYearDate, parse_date
from branchdesk.services.meetings.excel import import_meetings
from branchdesk.services.meetings.records import list_meetings
from tests.meetings.helpers import BRANCH, make_branch


def test_yuanyue_is_january_and_a_day_may_go_without_ri() -> None:
    assert parse_date("元月5日", year=2026) == date(2026, 1, 5)
    assert parse_date("2026年元月5日") == date(2026, 1, 5)
    assert parse_date("二〇二六年元月十五日") == date(2026, 1, 15)
    assert parse_date("三月十五", year=2026) == date(2026, 3, 15)
    assert parse_date("2026年三月十五") == date(2026, 3, 15)
    assert parse_date("十二月二十五", year=2026) == date(2026, 12, 25)
    with pytest.raises(NoYearDate, match="“元月5日”没有写年份"):  # quoted as she wrote it
        parse_date("元月5日")
    with pytest.raises(DateParseError, match="“三月”"):  # a month alone is still no day
        parse_date("三月", year=2026)


@pytest.mark.parametrize("written", ["正月初五", "腊月二十三", "冬月十五", "2026年正月十五", "农历三月初三", "三月初五",
                                     "腊月廿三"])
def test_a_lunar_date_is_refused_asking_for_the_gregorian_one(written: str) -> None:
    with pytest.raises(LunarDate) as refused:
        parse_date(written, year=2026)
    assert str(refused.value).startswith(f"“{written}”是农历日期，请写公历日期")


def test_her_ledger_with_month_words(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make_branch(db)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "2026年"
    sheet.append(["宁远县第三中学第二党支部2026年三会一课记录"])
    sheet.merge_cells("A1:H1")
    sheet.append(["序号", "时间", "会议类别", "会议主题", "应到", "参会人数", "主要内容", "所在党支部"])
    for index, day in enumerate(("元月5日", "三月十五", "2026年元月20日"), start=1):
        sheet.append([index, day, "支部委员会", f"支委会{index}", 3, 3, "研究党建工作。", BRANCH])
    path = tmp_path / "2026年三会一课记录.xlsx"
    workbook.save(path)
    report = import_meetings(db, path)
    assert report.ok and report.created == 3, report.to_text()
    assert sorted(m.date for m in list_meetings(db)) == [date(2026, 1, 5), date(2026, 1, 20), date(2026, 3, 15)]

    sheet.append([4, "腊月二十三", "支部委员会", "支委会4", 3, 3, "研究党建工作。", BRANCH])
    workbook.save(path)
    refused = import_meetings(db, path, dry_run=True)
    assert not refused.ok
    assert any("“腊月二十三”是农历日期，请写公历日期" in p.message for p in refused.problems), refused.to_text()
