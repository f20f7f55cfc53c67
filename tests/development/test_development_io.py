"""Round trip of the 发展党员工作台账: an unchanged export re-imports as no change at all."""

from __future__ import annotations

from pathlib import Path


def test_reimporting_an_unchanged_export_changes_nothing(tmp_path: Path, demo_file) -> None:  # type: ignore[no-untyped-def]
    """A ledger has fewer columns than a record: re-importing it must not erase 民族, 学历, 职务, 电话
    typed in the window, nor turn the export's outcome text into a new 备注."""
    import shutil
    from datetime import date

    from branchdesk.services import session
    from branchdesk.services.development.excel import export_development, import_development
    from branchdesk.services.development.store import load_cases

    shutil.copyfile(demo_file(date(2026, 11, 20)), tmp_path / "演示.sqlite")
    db = session.open(tmp_path / "演示.sqlite")
    try:
        with db.session() as s:
            before = {c.id: c for c in load_cases(s)}
        assert any(c.education for c in before.values())
        path = tmp_path / "台账.xlsx"
        export_development(db, path, masked=False)
        report = import_development(db, path, today=date(2026, 11, 20))
        assert report.ok and (report.created, report.updated) == (0, 0), report.to_text()[:500]
        with db.session() as s:
            after = {c.id: c for c in load_cases(s)}
        assert {k: (c.education, c.ethnicity, c.position, c.phone, c.note) for k, c in after.items()} == \
            {k: (c.education, c.ethnicity, c.position, c.phone, c.note) for k, c in before.items()}
    finally:
        db.close()


def test_a_branch_named_with_full_width_brackets_imports_and_round_trips(tmp_path: Path, db) -> None:  # type: ignore[no-untyped-def]
    """T9-19: a branch stored as "第二党支部（初中部）" is found whether the file writes （…） or (…) — the
    one name comparison of every import (domain.text.name_key) — and the app's own export re-imports as
    no change. A name not known is named in the message as the user wrote it."""
    from datetime import date as D

    from branchdesk.domain.idcard import make_id_number
    from branchdesk.domain.vocabulary import OrgKind
    from branchdesk.services.development import records as dev
    from branchdesk.services.development.excel import export_development, import_development
    from branchdesk.services.roster.organisation import create_org
    from tests.xlsx_factory import make_workbook

    committee = create_org(db, "中共大同市第二中学校委员会", OrgKind.COMMITTEE)
    create_org(db, "第二党支部（初中部）", OrgKind.BRANCH, committee.id)
    headers = ["姓名", "公民身份号码", "所在党支部", "申请入党日期", "谈话日期"]
    id_a = make_id_number("140202", D(1998, 5, 6), 11, False)
    id_b = make_id_number("140202", D(1999, 6, 7), 12, True)
    rows = [["张三", id_a, "第二党支部（初中部）", "2026-03-01", "2026-03-20"],
            ["李四", id_b, "第二党支部(初中部)", "2026-04-01", "2026-04-15"]]
    report = import_development(db, make_workbook(tmp_path / "发展.xlsx", headers, rows), today=D(2026, 11, 20))
    assert report.ok and report.created == 2, report.to_text()
    assert {c.branch for c in dev.list_cases(db)} == {"第二党支部（初中部）"}
    out = tmp_path / "导出.xlsx"
    export_development(db, out, masked=False)
    again = import_development(db, out, today=D(2026, 11, 20))
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 2), again.to_text()
    wrong = [["王五", make_id_number("140202", D(2000, 1, 2), 13, False), "第三党支部（高中部）", "2026-03-01", None]]
    bad = import_development(db, make_workbook(tmp_path / "错.xlsx", headers, wrong), today=D(2026, 11, 20))
    assert not bad.ok and any("没有名为“第三党支部（高中部）”的党支部" in p.message for p in bad.problems), bad.to_text()
