"""集中培训学时 in the 发展党员台账 reads units as the 学习培训登记表 does (1 学时 = 1 课时 = 45 分钟): a header
"集中培训学时（课时）" or "培训课时" is the column (before, "集中培训学时（课时）" refused the file as a step not
known, naming 集中培训日期); "集中培训学时（小时）" and "培训时长（h）" are clock hours and refuse the file saying how
to convert (before, "集中培训学时（小时）" was read one for one: 24 hours stored as 24 学时); a cell "24小时" is
refused on its row the same way (before: "不是数字")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from branchdesk.domain.idcard import make_id_number
from branchdesk.io.development_xlsx import parse_row, read_ledger
from branchdesk.io.xlsx_reader import ImportFileError
from tests.xlsx_factory import make_workbook

TODAY = date(2026, 12, 5)
ID = make_id_number("350424", date(1998, 10, 2), 87, False)
HOW = "3 小时 = 4 学时（1 学时 = 45 分钟），请按学时填写"


def _ledger(path: Path, head: str, hours: object = "24") -> Path:
    return make_workbook(path, ["姓名", "公民身份号码", "所在党支部", "申请入党日期", "集中培训日期", head],
                         [["陈晓燕", ID, "第一党支部", "2024.3.6", "2026.10.16-2026.10.18", hours]])


@pytest.mark.parametrize("head", ["集中培训学时（课时）", "集中培训学时(节)", "培训课时", "集中培训课时", "培训学时（课时）"])
def test_training_hours_headed_in_class_hours_are_read(tmp_path: Path, head: str) -> None:
    [row] = read_ledger(_ledger(tmp_path / "台账.xlsx", head), TODAY)
    assert not row.errors and row.details[11]["hours"] == 24, (row.errors, row.details)


@pytest.mark.parametrize("head", ["集中培训学时（小时）", "集中培训学时(h)", "培训学时/小时", "培训时长（h）", "培训时长(小时)", "培训小时数"])
def test_training_hours_headed_in_clock_hours_refuse_the_file(tmp_path: Path, head: str) -> None:
    with pytest.raises(ImportFileError) as refused:
        read_ledger(_ledger(tmp_path / "台账.xlsx", head), TODAY)
    text = str(refused.value)
    assert "F 列" in text and HOW in text and "，并把表头改为“" in text, text
    assert "台账模板中的名称：集中培训日期" not in text and "没有写入任何数据" in text, text


@pytest.mark.parametrize(("cell", "said"), [("24小时", "24 小时 = 32 学时（1 学时 = 45 分钟"), ("3h", HOW),
                                            ("1080分钟", "1080 分钟 = 24 学时")])
def test_a_training_hours_cell_in_clock_hours_is_refused(cell: str, said: str) -> None:
    record = {"姓名": "陈晓燕", "公民身份号码": ID, "所在党支部": "第一党支部", "申请入党日期": "2024.3.6",
              "集中培训学时": cell}
    (error,) = parse_row(3, record, {}, TODAY).errors
    assert error.field == "集中培训学时" and said in error.message and "不是数字" not in error.message, error
