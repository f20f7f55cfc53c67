"""`branchdesk import dues`, `import dues-base`, `export dues` and `template dues` end to end on real
files, through the same entry point a user types (python -m branchdesk)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl

from branchdesk.domain.idcard import make_id_number
from tests.dues.dues_sheets import long_ledger, wide_ledger

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "branchdesk", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, check=False, timeout=300)


def test_dues_commands_end_to_end(tmp_path: Path) -> None:
    db = tmp_path / "党费 数据" / "demo.sqlite"
    done = run("demo", "--db", str(db), "--as-of", "2026-11-20")
    assert done.returncode == 0 and "党费：" in done.stdout, done.stdout + done.stderr

    out = tmp_path / "导出" / "党费.xlsx"
    done = run("export", "dues", "--year", "2026", "--db", str(db), "--out", str(out))
    assert done.returncode == 0 and "公示表未列缴费基数" in done.stdout, done.stdout + done.stderr
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames[0] == "汇总" and workbook.sheetnames[-1] == "党费收缴公示"
    assert "缴费基数（元）" not in [c.value for c in workbook["党费收缴公示"][3]]
    done = run("export", "dues", "--year", "2026", "--db", str(db), "--out", str(tmp_path / "全.xlsx"), "--unmasked")
    assert done.returncode == 0 and "含缴费基数" in done.stdout

    done = run("import", "dues", str(out), "--db", str(db), "--dry-run")
    assert done.returncode == 0 and "将新增 0 条" in done.stdout, done.stdout + done.stderr  # nothing doubled

    done = run("check", "--year", "2026", "--as-of", "2026-11-20", "--json", "--db", str(db))
    rules = {f["rule"] for f in json.loads(done.stdout) if f["area"] == "党费"}
    assert {"DUES-LAPSE", "DUES-RATE", "DUES-BASE-CHANGE"} <= rules

    template = tmp_path / "模板.xlsx"
    assert run("template", "dues", "--out", str(template)).returncode == 0
    assert run("template", "dues-base", "--out", str(tmp_path / "基数模板.xlsx")).returncode == 0


def test_import_a_schools_own_ledger_and_base_list(tmp_path: Path) -> None:
    db = tmp_path / "school.sqlite"
    roster = tmp_path / "花名册.xlsx"
    sheet_rows = [("王喆", make_id_number("110105", date(1980, 1, 1), 1, True), "高一年级党支部", "正式党员", "2005-07-01"),
                  ("李堃", make_id_number("110105", date(1985, 2, 2), 2, False), "高一年级党支部", "正式党员", "2010-07-01")]
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "公民身份号码", "所在党支部", "人员类别", "入党日期"])
    for row in sheet_rows:
        wb.active.append(list(row))
    wb.save(roster)
    assert run("import", "roster", str(roster), "--db", str(db)).returncode == 0

    bases = long_ledger(tmp_path / "基数.xlsx", ("姓名", "缴纳类别", "缴费基数", "起始月份"),
                        [("王喆", "在职", 4800, "2025-01"), ("李堃", "在职", 6200, "2025-01")], titles=("党员缴费基数表",))
    done = run("import", "dues-base", str(bases), "--db", str(db))
    assert done.returncode == 0 and "已新增 2 条" in done.stdout, done.stdout + done.stderr

    ledger = wide_ledger(tmp_path / "登记表.xlsx", [("王喆", "高一年级党支部", 4800, "1%", 48, *([48] * 12), 576),
                                                  ("李堃", None, 6200, "1.5%", 93, *([80] * 12), 960)],
                         title="党费收缴登记表")
    done = run("import", "dues", str(ledger), "--db", str(db))
    assert done.returncode == 1 and "无法确定年度" in done.stdout
    done = run("import", "dues", str(ledger), "--db", str(db), "--year", "2025")
    assert done.returncode == 0 and "已新增 24 条" in done.stdout, done.stdout + done.stderr
    assert "李堃2025年1月应交 93.00 元，实交 80.00 元" in done.stdout  # imported and flagged
