"""The roster's rows read a column at a time (issue 18) give the members reading them one by one gave:
the same fields and the same problems in the same order, for clean columns and awkward cells alike."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest

from branchdesk.domain.dates import DateParseError, MonthOnlyDate, parse_date
from branchdesk.domain.idcard import birth_date_as_written, make_id_number
from branchdesk.domain.roster.records import MemberInput, month_only_problem
from branchdesk.domain.validation import FieldError
from branchdesk.io import roster_xlsx
from branchdesk.io.xlsx_reader import cell_text

_TEXTS = ("姓名", "性别", "民族", "学历", "所在党支部", "党小组", "人员类别", "工作岗位", "联系电话", "备注")


def _reference(record: dict[str, object], month_column: bool) -> MemberInput:
    """row_to_input as it was before the rows were read by column (one record at a time)."""
    errors: list[FieldError] = []

    def day(name: str) -> date | None:
        value = record.get(name)
        if value.__class__ is date or value is None:
            return value
        try:
            return parse_date(value)
        except MonthOnlyDate as exc:  # since trial 10 (T10-4): why the day is needed, not "无法识别"
            errors.append(FieldError(name, month_only_problem(name, exc.text)))
            return None
        except DateParseError as exc:
            errors.append(FieldError(name, str(exc)))
            return None

    value = record.get("公民身份号码")
    if isinstance(value, int | float) and not isinstance(value, bool):
        errors.append(FieldError("公民身份号码", "单元格存成了数字（Excel 只保留15位有效数字，号码可能已被改动），"
                                 "请把该列设为“文本”格式后重新填写"))
        id_number = ""
    else:
        id_number = cell_text(value)
    texts = [v if isinstance(v, str) else "" if v is None else cell_text(v) for v in map(record.get, _TEXTS)]
    born = record.get("出生日期")
    birth: date | None
    if born.__class__ is date and not month_column:
        birth = born
    else:
        try:
            birth = birth_date_as_written(born, id_number, month_column=month_column)
        except DateParseError as exc:
            errors.append(FieldError("出生日期", str(exc)))
            birth = None
    name, sex, ethnicity, education, branch, group, category, position, phone, note = texts
    data = MemberInput(name=name, id_number=id_number, sex=sex, ethnicity=ethnicity, birth_date=birth,
                       education=education, branch=branch, group=group, category=category,
                       join_date=day("入党日期"), full_date=day("转正日期"), position=position, phone=phone,
                       note=note, moved_on=day("支部调整日期"))
    data.extra_errors = errors
    return data


def _records(count: int, awkward: bool, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    records = []
    for n in range(count):
        born = date(1950 + n % 50, n % 12 + 1, 1 + n % 28)
        number = make_id_number("140210", born, n, male=n % 2 == 0)
        record: dict[str, object] = {"姓名": "王伟", "公民身份号码": number,
                                     "出生日期": born.replace(day=1) if n % 5 == 0 else born, "性别": "男", "民族": "汉族",
                                     "学历": "大学本科", "所在党支部": "第一党支部", "党小组": "第1党小组",
                                     "人员类别": "正式党员", "入党日期": date(2000, 7, 1), "转正日期": None,
                                     "工作岗位": "教师", "联系电话": "13900000000", "备注": "", "支部调整日期": None}
        for _change in range(rng.choice([0, 1, 2, 3]) if awkward else 0):
            key = rng.choice(list(record))
            record[key] = rng.choice([None, "", 12.0, 3, 1.5, True, " 文字 ", "2001-02-03", "2001年2月", "1972.03",
                                      "不是日期", datetime(2001, 2, 3), date(1972, 3, 1), 140210197203145678,
                                      f"{born:%Y}-{born:%m}", born.replace(day=1), "a\x0bb"])
            if rng.random() < 0.2:
                del record[rng.choice(list(record))]
        records.append(record)
    return records


@pytest.mark.parametrize("month_column", [False, True])
@pytest.mark.parametrize("awkward", [False, True])
def test_read_by_column_as_row_by_row(awkward: bool, month_column: bool) -> None:
    records = _records(3_000, awkward, seed=18 + awkward + 2 * month_column)
    by_column = roster_xlsx.records_to_inputs(records, month_column=month_column)
    assert by_column == [_reference(record, month_column) for record in records]
    if awkward:
        assert sum(bool(data.extra_errors) for data in by_column) > 100
        assert any(len(data.extra_errors) > 1 for data in by_column)
    assert [roster_xlsx.row_to_input(record, month_column=month_column) for record in records[:50]] == by_column[:50]
    assert roster_xlsx.records_to_inputs([]) == []


def test_each_member_has_a_list_of_problems_of_its_own() -> None:
    members = roster_xlsx.records_to_inputs(_records(3, False, seed=1))
    members[0].extra_errors.append(FieldError("学历", "x"))
    assert members[1].extra_errors == [] and members[2].extra_errors == []
