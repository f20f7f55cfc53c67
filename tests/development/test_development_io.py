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
