"""A 学习培训登记表 as a school keeps one (a title row, then the columns), for the import tests."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HEAD = ["所在党支部", "姓名", "学习日期", "学时", "学习形式", "学习内容", "主办单位", "备注"]


def study_book(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2026年党员学习培训登记表"])
    sheet.append(HEAD)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path
