"""Look-alike and invisible characters, lengths (issue 21 items 5, 6, 9): the one cleaning every
import and every form uses (domain.text), checked on the spellings the attack used."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from branchdesk.domain.idcard import normalise, parse_id_number
from branchdesk.domain.roster.records import MemberInput, validate_member
from branchdesk.domain.text import (
    _FORMAT_RANGES,
    MAX_LENGTH,
    clean_cell,
    clean_digits,
    clean_person_name,
    clean_text,
    elide,
    xml_safe,
)

VALID_ID = "11010519491231002X"
ARABIC_INDIC = VALID_ID[:17].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) + "x"
FULL_WIDTH = VALID_ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
MATH_BOLD = "".join(chr(0x1D7CE + int(c)) if c.isdigit() else c for c in VALID_ID)  # 𝟏𝟏𝟎…


@pytest.mark.parametrize("spelling", [ARABIC_INDIC, FULL_WIDTH, MATH_BOLD, f" {VALID_ID[:6]} {VALID_ID[6:]}\u200b",
                                      "\ufeff" + VALID_ID.lower()])
def test_every_spelling_of_one_id_number_is_the_same_number(spelling: str) -> None:
    assert normalise(spelling) == VALID_ID
    assert parse_id_number(spelling).number == VALID_ID


def test_digits_of_another_script_never_pass_as_digits_unnormalised() -> None:
    # "\d" accepted ٣ before: the shape check is ASCII-only, after normalising
    assert clean_digits("١٣٨٠٠٠٠٠٠٠٠") == "13800000000"


@pytest.mark.parametrize("raw, clean", [
    ("第一党支部\u200b", "第一党支部"), ("\u2060第一\u00ad党支部", "第一党支部"), ("第一党支部\u202e", "第一党支部"),
    ("第一　党支部", "第一 党支部"), ("ＡＢ中学党支部", "AB中学党支部"), ("  第一\t\n党支部 ", "第一 党支部"),
])
def test_names_lose_invisible_characters_and_compatibility_forms(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@pytest.mark.parametrize("raw, clean", [
    ("王  芳", "王芳"), ("王　芳", "王芳"), ("王\u200b芳", "王芳"), ("阿依古丽•买买提", "阿依古丽·买买提"),
    ("John  Smith", "John Smith"),
])
def test_person_names_are_one_spelling(raw: str, clean: str) -> None:
    assert clean_person_name(raw) == clean


def test_free_text_keeps_its_punctuation_and_lines_but_not_control_characters() -> None:
    text = "教师\x0b班主任，①负责德育；\r\n②兼任团委\x07\x1f\ud800\ufeff"
    assert clean_cell(text) == "教师\n班主任，①负责德育；\n②兼任团委"


def test_xml_safe_removes_only_what_xml_cannot_hold() -> None:
    assert xml_safe("教师\x0b班主任\x00\x1f") == "教师\n班主任"
    assert xml_safe("第一\u200b党支部\t①") == "第一\u200b党支部\t①"  # legal: exported as stored


def test_format_character_list_covers_this_python() -> None:
    actual = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert actual <= _expand(_FORMAT_RANGES)


def _expand(ranges: str) -> set[str]:
    out: set[str] = set()
    i = 0
    while i < len(ranges):
        if i + 2 < len(ranges) and ranges[i + 1] == "-":
            out.update(map(chr, range(ord(ranges[i]), ord(ranges[i + 2]) + 1)))
            i += 3
        else:
            out.add(ranges[i])
            i += 1
    return out


def test_member_validation_uses_the_same_cleaning_and_limits_lengths() -> None:
    data, errors = validate_member(MemberInput(
        name="王　芳", id_number=ARABIC_INDIC, branch="第一党支部\u200b", category="正式党员",
        join_date=parse_id_number(VALID_ID).birth_date.replace(year=1975), position="教师\x0b班主任",
        phone="１３８００００００００"))
    assert not errors, errors
    assert (data.name, data.id_number, data.branch, data.position, data.phone) == (
        "王芳", VALID_ID, "第一党支部", "教师\n班主任", "13800000000")
    _, errors = validate_member(MemberInput(name="王芳", id_number=VALID_ID, branch="长" * 300, category="正式党员",
                                            note="备" * (MAX_LENGTH["note"] + 1)))
    messages = {e.field: e.message for e in errors}
    assert "不能超过 60 个字（现为 300 个字）" in messages["所在党支部"]
    assert "不能超过 2000 个字" in messages["备注"]


def test_elide_marks_what_was_left_out() -> None:
    assert elide("长" * 10, 5) == "长长长长…"
    assert elide("短", 5) == "短"
