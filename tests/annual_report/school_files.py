"""Small real-shaped workbooks for the volume's tests (trial 9): a roster with a title row and its
branches, and a 三会一课 ledger, imported with the command line as a secretary runs it."""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

from branchdesk.cli.main import main
from branchdesk.domain.idcard import check_digit
from tests.xlsx_factory import make_workbook

ROSTER_HEADERS = ["序号", "姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "所在党支部", "党小组", "人员类别",
                  "入党日期", "转正日期", "工作岗位", "联系电话", "备注", "党内职务"]
MEETING_HEADERS = ["序号", "日期", "会议类型", "所在党支部", "主题", "主持人", "记录人", "应到人数", "实到人数", "主要内容",
                   "所属期间"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("建国", "海燕", "丽华", "志强", "晓明", "秀英", "红梅", "俊杰", "文静", "国庆")
POSTS = ("书记", "组织委员", "宣传委员")


def run(argv: list[str]) -> str:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(argv)
    assert code == 0, buffer.getvalue()
    return buffer.getvalue()


def id_number(n: int) -> str:
    first17 = f"140202{date(1965 + n % 20, 1 + n % 12, 1 + n % 28):%Y%m%d}{n % 100:02d}{n % 10}"
    return first17 + check_digit(first17)


def name(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[n // len(SURNAMES) % len(GIVEN)]


def roster(path: Path, title: str, branches: dict[str, int],
           probationary: dict[str, str] | None = None) -> tuple[Path, dict[str, list[str]]]:
    """`branches`: name -> members (正式党员, the first three holding the committee's posts), except the
    `probationary` ones (member name -> 入党日期), 预备党员 admitted that day."""
    rows, names, n = [], {}, 0
    for branch, size in branches.items():
        names[branch] = []
        for k in range(size):
            person = name(n)
            names[branch].append(person)
            joined = (probationary or {}).get(person)
            rows.append([n + 1, person, "男" if n % 2 else "女", "汉族", id_number(n), None, "大学本科", branch, None,
                         "预备党员" if joined else "正式党员", joined or "2005-07-01", None if joined else "2006-07-01",
                         "教师", None, None, POSTS[k] if k < 3 else None])
            n += 1
    return make_workbook(path, ROSTER_HEADERS, rows, [title]), names


def meetings(path: Path, rows: list[tuple[str, str, str, str, int, str]]) -> Path:
    """rows: (date, kinds, branch, topic, present (of as many expected), 所属期间)."""
    return make_workbook(path, MEETING_HEADERS, [
        [i + 1, day, kinds, branch, topic, "主持人", "记录人", present, present, f"{topic}：学习讨论", period]
        for i, (day, kinds, branch, topic, present, period) in enumerate(rows)])


def gather(path: Path, year: int = 2026, branch: str | None = None, *, masked: bool = False,
           on: date = date(2026, 12, 4)):  # type: ignore[no-untyped-def]
    """The year's report of the database at `path` (whole school, or `branch`), as gathered on `on`."""
    from branchdesk.services import session
    from branchdesk.services.annual_report.records import gather_report

    database = session.open(path, daily_backup=False)
    try:
        return gather_report(database, year, branch=branch, masked=masked, generated_on=on)
    finally:
        database.close()
