"""A member whose fields are clean already is validated without cleaning them again (issue 18: an
import's rows were cleaned by the reader). The result — the member as stored and every message —
must be what cleaning them again gives, for clean and awkward values alike."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from branchdesk.domain import idcard
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


def _old_parse_id_number(raw: str, today: date) -> tuple[str, date, str]:
    """parse_id_number as it was before the fast path for clean numbers (the reference)."""
    number = idcard.normalise(raw)
    if "*" in number:
        raise idcard.IdNumberError("公民身份号码已被遮蔽（含 *），请使用未遮蔽的完整号码")
    if len(number) == 15 and number.isascii() and number.isdigit():
        raise idcard.IdNumberError("这是15位旧身份证号码，请填写18位公民身份号码")
    if not idcard._SHAPE.match(number):
        raise idcard.IdNumberError(f"公民身份号码应为18位（前17位数字，最后一位为数字或X），现为“{raw.strip()}”")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise idcard.IdNumberError(f"公民身份号码中的出生日期 {number[6:14]} 不是有效日期") from None
    if birth > today or birth.year < 1900:
        raise idcard.IdNumberError(f"公民身份号码中的出生日期 {birth.isoformat()} 不合理")
    expected = idcard.check_digit(number[:17])
    if number[17] != expected:
        raise idcard.IdNumberError(f"公民身份号码校验位错误：最后一位应为 {expected}，请核对号码")
    return number, birth, "男" if int(number[16]) % 2 == 1 else "女"


def _outcome(parse: Callable[[], object]) -> object:
    try:
        found = parse()
    except idcard.IdNumberError as exc:
        return ("error", str(exc))
    return (found.number, found.birth_date, found.sex) if isinstance(found, idcard.IdInfo) else found


def test_id_numbers_are_read_as_the_reference_reads_them() -> None:
    today = date(2026, 12, 4)
    rng = random.Random(7)
    numbers = []
    for n in range(2_000):
        number = make_id_number("140210", date(1900 + n % 130, n % 12 + 1, n % 28 + 1), n, male=n % 3 == 0)
        numbers += [number, number[:17] + rng.choice("0123456789X"), number.lower(), f" {number} ", number + "\n",
                    number.translate(str.maketrans("0123456789", "０１２３４５６７８９")), number[:6] + "********" + number[14:],
                    number[:15], number[:6] + "19991399" + number[14:], number[:6] + "20991201" + number[14:],
                    number.replace("1", "\u0661"), number[:9] + "\u200b" + number[9:], "", "X" * 18,
                    make_id_number("140210", date(1899, n % 12 + 1, n % 28 + 1), n, male=True)]
    for raw in numbers:
        assert _outcome(lambda raw=raw: parse_id_number(raw, today)) == \
            _outcome(lambda raw=raw: _old_parse_id_number(raw, today)), ascii(raw)
    # read a column at a time (an import's): what parse_id_number gives for a number in its clean spelling
    for raw, facts in zip(numbers, idcard.clean_id_facts(numbers, today), strict=True):
        outcome = _outcome(lambda raw=raw: parse_id_number(raw, today))
        if isinstance(outcome, tuple) and outcome[0] == raw:
            assert facts == outcome[1:], ascii(raw)
        else:
            assert facts is None, ascii(raw)


def test_a_batch_is_validated_as_each_member_alone() -> None:
    """validate_members (an import's rows, checked a column at a time) gives, row for row, what
    validate_member gives: the same member as stored and the same messages in the same order. Each
    varied row is a plain one with one thing changed, so each check of the batch is needed."""
    today = date(2026, 12, 4)
    rng = random.Random(21)
    inputs = _inputs(2_000)
    for n in range(6_000):
        born = date(1950 + n % 50, n % 12 + 1, n % 28 + 1)
        number = make_id_number("140210", born, n, male=n % 3 == 0)
        plain = MemberInput(name="王伟", id_number=number, sex="", ethnicity="汉族", birth_date=None,
                            education="大学本科", branch="第一党支部", group="", category="正式党员",
                            join_date=date(2010, 6, 1), full_date=date(2011, 6, 1), phone="13900000000")
        changes = [
            {}, {}, {"name": "X" * 41}, {"name": "王1"}, {"name": ""}, {"name": "Mary Smith"}, {"name": "王 伟"},
            {"id_number": number[:-1] + ("0" if number[-1] != "0" else "1")}, {"id_number": ""},
            {"id_number": make_id_number("140210", date(2026, 12, 5), n, male=True)}, {"id_number": number.lower()},
            {"sex": "男"}, {"sex": "女"}, {"sex": "男性"}, {"ethnicity": ""}, {"ethnicity": "回"}, {"ethnicity": "火星族"},
            {"birth_date": born}, {"birth_date": born.replace(day=born.day % 28 + 1)},
            {"branch": " "}, {"branch": ""}, {"branch": "第二党支部（退休）"}, {"group": "第1党小组"}, {"group": "党小组" * 21},
            {"category": "预备党员", "full_date": None}, {"category": "预备党员"}, {"category": ""}, {"category": "正式"},
            {"join_date": None}, {"join_date": born.replace(year=born.year + 17)},
            {"join_date": born.replace(year=born.year + 18)}, {"join_date": born.replace(year=born.year + 19)},
            {"join_date": date(2027, 1, 1), "full_date": None}, {"join_date": today, "full_date": None},
            {"full_date": None}, {"full_date": date(2010, 6, 1)}, {"full_date": date(2027, 1, 2)},
            {"phone": ""}, {"phone": "010-12345678"}, {"phone": "12345"}, {"phone": "1390000000"},
            {"education": "本科" * 11}, {"note": "长" * 2001}, {"note": "a\x0bb"}, {"group": " 第2党小组"}, {"position": "岗" * 101},
            {"extra_errors": [records.FieldError("入党日期", "无法识别")]}]
        inputs.append(replace(plain, **rng.choice(changes)))
    expected = [validate_member(replace(data, extra_errors=list(data.extra_errors)), today) for data in inputs]
    assert records.validate_members(inputs, today) == expected
    plain_rows = sum(not errors for _data, errors in expected)
    assert plain_rows > 1_000 and len(inputs) - plain_rows > 2_000  # both ways are taken
    assert records.validate_members([], today) == []


@pytest.mark.parametrize("change", [
    {"name": "王　芳"}, {"name": "王\u200b芳"}, {"sex": "男 "}, {"ethnicity": "汉族\u200b"}, {"education": "大学\u3000本科"},
    {"category": "正式党员 "}, {"branch": "第一党支部\u200b"}, {"branch": "第二  党支部"}, {"group": " 第2党小组"},
    {"position": "调入\r\n本校"}, {"note": "a\x0bb"}, {"phone": "139 1234 5678"}, {"phone": "１３９００００００００"},
    {"phone": "13900000000\n"}])
def test_one_row_to_clean_in_a_clean_batch(change: dict[str, str]) -> None:
    """The batch's clean check is asked of every column at once: one row to clean among clean ones
    is still cleaned as validate_member cleans it."""
    today = date(2026, 12, 4)
    batch = [MemberInput(name="王伟", id_number=make_id_number("140210", date(1970, 1, n + 1), n, male=True),
                         ethnicity="汉族", education="大学本科", branch="第一党支部", group="第1党小组", category="正式党员",
                         join_date=date(2000, 7, 1), position="教师", phone="13900000000", note="无")
             for n in range(20)]
    batch[7] = replace(batch[7], **change)
    assert records.validate_members(batch, today) == [validate_member(data, today) for data in batch]
    assert records.validate_members(batch, today)[7] != (batch[7], [])
