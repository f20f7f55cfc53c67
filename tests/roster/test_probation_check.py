"""The 预备期 of a 预备党员 who is only on the roster (a user's report: 钱多多 imported as 预备党员 with
入党日期 2025-11-20 and no 转正, and `branchdesk check` said nothing): a 提醒 as the end nears, a 问题
once it has passed; a person whose 发展党员 record or 转入 is judged elsewhere is not judged twice. And
a 正式党员 whose 转正日期 the rules cannot explain (入党 2020.7.1, 转正 2021.1.1) is listed as 信息."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.domain.finding_text import RULE_ID, Category, action_label, home_items
from branchdesk.domain.findings import Finding, Severity
from branchdesk.domain.idcard import make_id_number
from branchdesk.services.checks import run_checks
from branchdesk.services.roster.excel import import_roster
from tests.xlsx_factory import make_workbook

HEADERS = ["序号", "姓名", "性别", "民族", "公民身份号码", "所在党支部", "人员类别", "入党日期", "转正日期"]
RULE = "ROSTER-PROBATION-END"


def _roster(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [[n, name, "", "汉族", make_id_number("110101", date(1980 + n, 1, 1), n, male=n % 2 == 1),
             "第一党支部", category, join, full]
            for n, (name, category, join, full) in enumerate([
                ("张一", "正式党员", "2005-07-01", "2006-07-01"), ("李二", "正式党员", "2006-07-01", "2007-07-01"),
                ("王三", "正式党员", "2007-07-01", "2008-07-01"), ("钱多多", "预备党员", "2025-11-20", None),
                ("周新", "预备党员", "2026-09-01", None), ("孙五", "正式党员", "2020-07-01", "2021-01-01")], start=1)]
    assert import_roster(db, make_workbook(tmp_path / "花名册.xlsx", HEADERS, rows)).ok


def _probation(db, day: date) -> list[Finding]:  # type: ignore[no-untyped-def]
    return [f for f in run_checks(db, year=day.year, as_of=day) if f.rule == RULE]


def test_a_probation_past_its_end_without_full_membership_is_a_problem(db, tmp_path: Path) -> None:
    _roster(db, tmp_path)
    found = _probation(db, date(2026, 12, 4))
    assert [(f.person, f.severity, f.branch, f.due) for f in found] == [
        ("钱多多", Severity.ERROR, "第一党支部", "2026-11-20")]
    assert "预备期已于 2026-11-20 期满" in found[0].message and "入党日期 2025-11-20" in found[0].message
    [item] = home_items(found, date(2026, 12, 4))  # 首页: a 问题 in plain words that opens the roster
    assert item.category == Category.PROBLEM and item.line.startswith("钱多多：预备期已于 2026-11-20 期满")
    assert not RULE_ID.search(item.line) and "细则" not in item.line and action_label(item.finding) == "打开组织与党员"


def test_a_probation_nearing_its_end_is_a_reminder(db, tmp_path: Path) -> None:
    _roster(db, tmp_path)
    assert [(f.person, f.severity) for f in _probation(db, date(2026, 11, 1))] == [("钱多多", Severity.WARNING)]
    assert _probation(db, date(2026, 10, 1)) == []


def test_a_member_with_a_development_record_is_judged_by_that_record_only(demo_db) -> None:  # type: ignore[no-untyped-def]
    from branchdesk.services.development.checks import check_development

    day = date(2027, 6, 1)  # the demo's probations (one extended) have all ended
    judged = {f.person for f in check_development(demo_db, year=day.year, as_of=day)}
    assert judged and not judged & {f.person for f in _probation(demo_db, day)}


def test_a_probation_of_six_months_is_listed_for_checking_not_as_a_problem(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _roster(db, tmp_path)
    day = date(2026, 12, 4)
    found = [f for f in run_checks(db, year=day.year, as_of=day) if f.rule == "ROSTER-PROBATION-LENGTH"]
    assert [(f.person, f.severity, f.branch) for f in found] == [("孙五", Severity.INFO, "第一党支部")]
    assert "转正日期 2021-01-01 早于入党日期 2020-07-01 满一年之日 2021-07-01" in found[0].message
    assert found[0].source == "细则2014 第三十二条" and "预备期为一年" in found[0].quote
    assert home_items(found, day) == []  # history to check in `branchdesk check`, not a 首页 item
