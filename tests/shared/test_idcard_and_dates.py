from datetime import date

import pytest

from branchdesk.domain.dates import DateParseError, add_months, add_years, parse_date
from branchdesk.domain.idcard import (
    IdNumberError,
    check_digit,
    make_id_number,
    mask_id_number,
    parse_id_number,
)

VALID = "11010519491231002X"  # the GB 11643 standard's own example


def test_standard_example_is_valid_female() -> None:
    info = parse_id_number(VALID)
    assert info.birth_date == date(1949, 12, 31)
    assert info.sex == "女"


@pytest.mark.parametrize("raw", ["11010519491231002x", " 11010519491231002X ", "１１０１０５１９４９１２３１００２Ｘ"])
def test_lower_case_x_blanks_and_full_width_are_normalised(raw: str) -> None:
    assert parse_id_number(raw).number == VALID


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("110105194912310021", "校验位错误：最后一位应为 X"),
        ("110105491231002", "15位"),
        ("11010519491331002X", "不是有效日期"),
        ("1101051949123100", "应为18位"),
        ("110105********002X", "遮蔽"),
        ("11010530001231002X", "不合理"),
    ],
)
def test_bad_numbers_say_what_is_wrong(raw: str, fragment: str) -> None:
    with pytest.raises(IdNumberError, match=fragment):
        parse_id_number(raw)


def test_synthetic_numbers_are_valid_and_encode_sex() -> None:
    number = make_id_number("140202", date(1980, 2, 29), 17, male=True)
    info = parse_id_number(number)
    assert info.birth_date == date(1980, 2, 29) and info.sex == "男"
    assert check_digit(number[:17]) == number[17]


def test_masking_keeps_first_six_and_last_four() -> None:
    assert mask_id_number(VALID) == "110105********002X"
    assert mask_id_number("") == ""


@pytest.mark.parametrize(
    "text", ["2019-07-01", "2019/7/1", "2019.07.01", "2019年7月1日", "20190701", "2019-7-1", "２０１９－０７－０１"]
)
def test_accepted_date_spellings(text: str) -> None:
    assert parse_date(text) == date(2019, 7, 1)


def test_excel_number_date_and_blank() -> None:
    assert parse_date(20190701) == date(2019, 7, 1)
    assert parse_date(None) is None
    assert parse_date("  ") is None


@pytest.mark.parametrize("text", ["2019-02-30", "七月一日", "2019/13/1", "19-07-01"])
def test_bad_dates_raise_chinese_message(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_date(text)


def test_calendar_arithmetic_edges() -> None:
    assert add_years(date(2020, 2, 29), 1) == date(2021, 2, 28)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_born_on_29_february_turns_a_year_older_on_1_march_of_a_common_year() -> None:
    """The age and the day someone turns 18 never contradict each other (issue 16, item 10)."""
    from datetime import date

    from branchdesk.domain.dates import age_on, nth_birthday

    birth = date(2008, 2, 29)
    assert nth_birthday(birth, 18) == date(2026, 3, 1)
    assert [age_on(birth, d) for d in (date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2))] == [17, 18, 18]
    assert nth_birthday(date(2004, 2, 29), 20) == date(2024, 2, 29)  # a leap year keeps the day
    assert age_on(date(2000, 5, 5), date(2018, 5, 4)) == 17 and age_on(date(2000, 5, 5), date(2018, 5, 5)) == 18
