"""T10-9: the volume's 发展党员 paragraph certifies only what was checked. 预备党员 the roster admitted in
the year without a 发展党员 record were never checked against the 细则 (domain.md §4, steps 15–17;
细则 第十九–二十一条): the paragraph says so instead of "逐人检查，各环节程序完整、时限符合规定"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from branchdesk.domain.idcard import make_id_number
from branchdesk.services.annual_report.records import gather_report
from branchdesk.services.roster.excel import import_roster
from tests.roster.test_probation_check import HEADERS
from tests.xlsx_factory import make_workbook

DAY = date(2026, 12, 4)


def _roster(db, tmp_path: Path, people: list[tuple[str, str, str, str | None]]) -> None:  # type: ignore[no-untyped-def]
    rows = [[n, name, "", "汉族", make_id_number("110101", date(1980 + n, 1, 1), n, male=n % 2 == 1),
             "第三党支部", category, join, full] for n, (name, category, join, full) in enumerate(people, start=1)]
    assert import_roster(db, make_workbook(tmp_path / "花名册.xlsx", HEADERS, rows), create_orgs=True).ok


FULL = [("张一", "正式党员", "2005-07-01", "2006-07-01"), ("李二", "正式党员", "2006-07-01", "2007-07-01"),
        ("王三", "正式党员", "2007-07-01", "2008-07-01")]


def test_admissions_without_development_records_are_not_certified(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _roster(db, tmp_path, [*FULL, ("郭晓燕", "预备党员", "2026-03-12", None), ("张晓梅", "预备党员", "2026-05-10", None)])
    data = gather_report(db, 2026, generated_on=DAY)
    assert not data.development.ledger and data.development.flow_value("接收预备党员") == 2
    text = data.summaries["development"]
    assert "接收预备党员2名" in text
    assert "各环节程序完整" not in text and "时限符合规定" not in text and "逐人检查" not in text
    assert "接收的2名预备党员在本软件中没有发展党员过程记录，程序和时限无法核对" in text


def test_a_full_member_of_the_year_without_records_is_named_as_unchecked(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _roster(db, tmp_path, [*FULL, ("孙五", "正式党员", "2025-06-01", "2026-06-01")])
    text = gather_report(db, 2026, generated_on=DAY).summaries["development"]
    assert "预备党员转正1名" in text and "各环节程序完整" not in text
    assert "转正的1名党员在本软件中没有发展党员过程记录，程序和时限无法核对" in text
