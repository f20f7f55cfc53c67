"""A member whose fields are clean already is validated without cleaning them again (issue 18: an
import's rows were cleaned by the reader). The result — the member as stored and every message —
must be what cleaning them again gives, for clean and awkward values alike."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest

from branchdesk.domain.idcard import make_id_number, parse_id_number
from branchdesk.domain.roster import records
from branchdesk.domain.roster.records import MemberInput, validate_member

SPELLINGS = {
    "name": ["王伟", "王　芳", "王  芳", "阿依古丽•买买提", "Mary Smith", "", "王\u200b芳", " 李娜 "],
    "sex": ["男", "女", "", "男 ", "ｍ"],
    "ethnicity": ["汉族", "汉", "回", "", "汉族\u200b"],
    "education": ["大学本科", "", "大学\u3000本科"],
    "branch": ["第一党支部", "第一党支部\u200b", "第二党支部（退休）", "第二  党支部", ""],
    "group": ["第1党小组", "", " 第2党小组"],
    "category": ["正式党员", "预备党员", "正式党员 ", "", "正式"],
    "position": ["教师", "数学教师（兼班主任）", "调入\r\n本校", ""],
    "phone": ["13900000000", "139 1234 5678", "１３９００００００００", "", "010-12345678"],
    "note": ["", "备注  两格", "a\x0bb", "长" * 2100],
}


def _inputs(count: int) -> list[MemberInput]:
    rng = random.Random(18)
    inputs = []
    for n in range(count):
        born = date(1960 + n % 30, n % 12 + 1, n % 28 + 1)
        number = make_id_number("140210", born, n, male=n % 2 == 0)
        ids = [number, number.translate(str.maketrans("0123456789", "０１２３４５６７８９")), number[:-1] + "0",
               number[:17], f" {number}", number + "\n", ""]
        clean = n % 2 == 0  # half the members as an import's reader gives them: every field clean
        inputs.append(MemberInput(
            id_number=number if clean else rng.choice(ids), birth_date=rng.choice([None, born, date(1999, 1, 1)]),
            join_date=rng.choice([date(2005, 7, 1), None, date(1970, 1, 1)]),
            full_date=rng.choice([None, date(2006, 7, 1)]),
            **{field: values[0] if clean else rng.choice(values) for field, values in SPELLINGS.items()}))
    return inputs


def test_the_fast_path_gives_what_cleaning_again_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    today = date(2026, 12, 4)
    inputs = _inputs(3_000)
    assert sum(records._clean_already(data) for data in inputs) > 100  # the fast path is taken
    fast = [validate_member(replace(data), today) for data in inputs]
    monkeypatch.setattr(records, "_clean_already", lambda _data: False)
    slow = [validate_member(replace(data), today) for data in inputs]
    assert fast == slow
    assert sum(not errors for _data, errors in fast) > 20  # valid members are among them, not only errors


def test_an_id_number_as_the_reader_gives_it_is_read_as_it_is() -> None:
    number = make_id_number("140210", date(1970, 3, 14), 7, male=True)
    assert parse_id_number(number).number == number
    assert parse_id_number(number + "\n").number == number  # a line break is still cleaned away
